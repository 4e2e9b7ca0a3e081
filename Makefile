# grogc: `make` builds (editable install, compiles the C runtime), `make test`
# runs every test, `make golden` rewrites the golden files (review the diff!),
# `make bench` runs the benchmarks.
PYTHON ?= python3

.PHONY: all build test golden bench opcodes clean

all: build

build:
	$(PYTHON) -m pip install -e '.[test]'

test:
	$(PYTHON) -m pytest

golden:
	$(PYTHON) tests/golden_stages.py --update
	@git --no-pager diff --stat -- golden || true

bench:
	$(PYTHON) benchmarks/run_all.py $(BENCHFLAGS)

# runtime_c/grog_opcodes.h (opcode enum, flag and rule tables) is generated from the op records.
opcodes:
	$(PYTHON) -m grogc.binding.c_header > runtime_c/grog_opcodes.h

clean:
	rm -rf build *.egg-info grogc/binding/_grog_runtime*.so grogc/binding/_grog_runtime.c
