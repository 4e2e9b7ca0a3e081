/* kernels_graph.c: DEGREE.
 *
 * DEGREE: stored arcs of v in dir (or their weight sum); "all" = in + out.
 * (TRIANGLES lives in kernels_triangles.c.)
 */

#include "grog_internal.h"

static double arc_sum(const int64_t *off, const double *w, int weighted, int64_t v)
{
    if (!weighted || !w)
        return (double)(off[v + 1] - off[v]);
    double s = 0.0;
    for (int64_t e = off[v]; e < off[v + 1]; e++)
        s += w[e];
    return s;
}

void grog_degree(const grog_graph *g, int dir, int weighted, double *out, int threads)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
#pragma omp parallel for num_threads(threads) schedule(static) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) {
        double d = 0.0;
        if (dir != GROG_DIR_OUT) d += arc_sum(a->in_offsets, a->in_weights, weighted, v);
        if (dir != GROG_DIR_IN) d += arc_sum(a->out_offsets, a->out_weights, weighted, v);
        out[v] = d;
    }
}
