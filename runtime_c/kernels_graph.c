/* kernels_graph.c: DEGREE and TRIANGLES.
 *
 * DEGREE: stored arcs of v in dir (or their weight sum); "all" = in + out.
 * TRIANGLES: the graph taken as undirected and simple.  Each node's
 * neighbour set (in and out arcs merged, duplicates and self-loops dropped,
 * sorted) goes into a temporary CSR; then t[v] = (sum over u in N(v) of
 * |N(v) & N(u)|) / 2 by merge intersection, one node per iteration, so no
 * atomics are needed.
 */
#include <stdlib.h>

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

static int cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

/* Copy v's in and out neighbours into row, sort, drop duplicates and v; returns the length. */
static int64_t simple_row(const grog_graph_arrays *a, int64_t v, uint32_t *row)
{
    int64_t k = 0;
    for (int64_t e = a->in_offsets[v]; e < a->in_offsets[v + 1]; e++) row[k++] = a->in_sources[e];
    for (int64_t e = a->out_offsets[v]; e < a->out_offsets[v + 1]; e++) row[k++] = a->out_targets[e];
    int sorted = 1;
    for (int64_t i = 1; i < k && sorted; i++) sorted = row[i - 1] <= row[i];
    if (!sorted)
        qsort(row, (size_t)k, sizeof *row, cmp_u32);
    int64_t len = 0;
    for (int64_t i = 0; i < k; i++)
        if (row[i] != (uint32_t)v && (len == 0 || row[len - 1] != row[i]))
            row[len++] = row[i];
    return len;
}

static int64_t intersect(const uint32_t *p, int64_t np, const uint32_t *q, int64_t nq)
{
    int64_t i = 0, j = 0, c = 0;
    while (i < np && j < nq) {
        if (p[i] < q[j]) i++;
        else if (p[i] > q[j]) j++;
        else { c++; i++; j++; }
    }
    return c;
}

int grog_triangles(const grog_graph *g, int64_t *out, int threads)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
    int64_t *start = malloc(sizeof(int64_t) * (size_t)(n + 1));
    int64_t *len = malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    size_t cap = sizeof(uint32_t) * (size_t)(2 * a->m + 1);
    uint32_t *adj = grog_alloc(cap);
    if (!start || !len || !adj) {
        free(start);
        free(len);
        grog_free(adj, cap);
        return GROG_FAULT_NOMEM;
    }
    start[0] = 0;
    for (int64_t v = 0; v < n; v++)
        start[v + 1] = start[v] + (a->in_offsets[v + 1] - a->in_offsets[v]) +
                       (a->out_offsets[v + 1] - a->out_offsets[v]);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++)
        len[v] = simple_row(a, v, adj + start[v]);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 64) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) {
        const uint32_t *nv = adj + start[v];
        int64_t t = 0;
        for (int64_t i = 0; i < len[v]; i++) {
            uint32_t u = nv[i];
            t += intersect(nv, len[v], adj + start[u], len[u]);
        }
        out[v] = t / 2;
    }
    free(start);
    free(len);
    grog_free(adj, cap);
    return GROG_FAULT_NONE;
}
