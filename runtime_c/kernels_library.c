/* kernels_library.c: SELF_LOOPS, a count the algorithm library needs
 * (docs/gir-extensions.md).
 *
 * SELF_LOOPS: r[out][v] = stored arcs v -> v (out-CSR).
 * (NEIGHBOR_COUNT and NEIGHBORHOOD_ARCS live in kernels_triangles.c: they
 * share its simple undirected view of the graph.)
 */

#include "grog_internal.h"

void grog_self_loops(const grog_graph *g, int64_t *out, int threads)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
#pragma omp parallel for num_threads(threads) schedule(static) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) {
        int64_t loops = 0;
        for (int64_t e = a->out_offsets[v]; e < a->out_offsets[v + 1]; e++)
            loops += a->out_targets[e] == (uint32_t)v;
        out[v] = loops;
    }
}
