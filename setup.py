# The C runtime is compiled by cffi in out-of-line API mode when the package is
# installed; see grogc/binding/build_runtime.py.  Everything else is pyproject.toml.
from setuptools import setup

setup(cffi_modules=["grogc/binding/build_runtime.py:ffibuilder"])
