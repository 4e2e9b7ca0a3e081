/* graph_check.c: the standard checks of a loaded g.csr, one pass per direction.
 *
 * NumPy needs several passes and block temporaries for the same checks
 * (csr_checks.py keeps them as the reference); here every arc is read once,
 * so checking costs little next to reading the file.  Only kinds and
 * positions come back: the messages are formatted in one place, in Python.
 */
#include <math.h>

#include "grog_graph.h"

int32_t grog_csr_check(int64_t n, int64_t m, const int64_t *offsets, const uint32_t *idx,
                       const double *weights, int32_t allow_negative, int64_t *counts, int64_t *where) {
    int64_t v, k;
    *where = 0;
    if (offsets[0] != 0 || offsets[n] != m)
        return GROG_CSR_OFFSETS_ENDS;
    for (v = 0; v < n; v++)
        if (offsets[v] > offsets[v + 1]) {
            *where = v;
            return GROG_CSR_OFFSETS_DECREASE;
        }
    /* Offsets are now monotone within [0, m]: every row slice is in bounds. */
    for (v = 0; v < n; v++) {
        int64_t lo = offsets[v], hi = offsets[v + 1];
        for (k = lo; k < hi; k++) {
            if ((int64_t)idx[k] >= n) {
                *where = k;
                return GROG_CSR_INDEX_RANGE;
            }
            if (k > lo && idx[k] < idx[k - 1]) {
                *where = k;
                return GROG_CSR_ROW_UNSORTED;
            }
            if (counts)
                counts[idx[k]]++;
        }
    }
    if (weights)
        for (k = 0; k < m; k++) {
            if (!isfinite(weights[k])) {
                *where = k;
                return GROG_CSR_WEIGHT_NONFINITE;
            }
            if (!allow_negative && weights[k] < 0) {
                *where = k;
                return GROG_CSR_WEIGHT_NEGATIVE;
            }
        }
    return GROG_CSR_OK;
}
