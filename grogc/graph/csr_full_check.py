"""The full check of a loaded g.csr: the in-CSR is exactly the transpose of
the out-CSR, weights included (an undirected graph's out-CSR is its own
transpose), and num_edges counts the self-loops exactly.  It builds the
transpose, O(m) extra memory and a few times the standard check's time, so
it runs only when asked (`Graph.load(full_check=True)`, `grogc graph info
--full-check`); csr_checks.py holds the standard checks every load runs.
"""

from __future__ import annotations

import numpy as np

from grogc.graph import _native
from grogc.graph.build import count_self_loops, transpose_numpy
from grogc.graph.csr_checks import BLOCK, Bad, same_arrays


def _has_parallel_arcs(offsets: np.ndarray, idx: np.ndarray) -> bool:
    """Whether some row holds the same neighbour twice (rows are sorted)."""
    for start in range(0, len(idx), BLOCK):
        block = idx[start:start + BLOCK + 1]
        same = np.flatnonzero(block[1:] == block[:-1]) + start + 1
        if len(same) and not np.isin(same, offsets).all():  # equal neighbours across a row start are fine
            return True
    return False


def check_transpose(bad: Bad, arrays: dict, n: int, directed: bool, num_edges: int) -> None:
    """The in-CSR is the out-CSR's transpose (for an undirected graph: the
    out-CSR is symmetric), and num_edges counts the self-loops exactly."""
    out = (arrays["out_offsets"], arrays["out_targets"], arrays["out_weights"])
    native = _native.available() and out[1].dtype == np.uint32
    t_off, t_src, t_w = (_native.csr_transpose if native else transpose_numpy)(n, *out)
    have = (arrays["in_offsets"], arrays["in_sources"], arrays["in_weights"]) if directed else out
    what = "the in-CSR is not the transpose of the out-CSR" if directed else "the undirected graph is not symmetric"
    names = ("the file has", "the transpose")
    same_arrays(bad, f"{what}: offsets", have[0], t_off, names)
    same_arrays(bad, f"{what}: sources", have[1], t_src, names)
    if t_w is not None:
        a, b = t_w, have[2]
        if _has_parallel_arcs(t_off, t_src):
            # Parallel arcs may come in any order: compare weights sorted
            # within each (vertex, neighbour) group.
            rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(t_off))
            a, b = a[np.lexsort((a, t_src, rows))], b[np.lexsort((b, t_src, rows))]
        same_arrays(bad, f"{what}: weights", b, a, names)
    if not directed:
        loops = count_self_loops(arrays["out_offsets"], arrays["out_targets"])
        if num_edges != (len(out[1]) + loops) // 2:
            raise bad(f"num_edges is {num_edges}, but m = {len(out[1])} with {loops} self-loops "
                      f"holds {(len(out[1]) + loops) // 2} undirected edges")
