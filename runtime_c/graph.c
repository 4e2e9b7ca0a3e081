/* graph.c: grog_graph_open checks a CSR graph once and keeps pointers to it.
 *
 * After this check every kernel may index offsets[v] for v <= n and the
 * index arrays at [offsets[v], offsets[v+1]) without further tests.
 */
#include <stdlib.h>
#include <string.h>

#include "grog_internal.h"

/* One CSR (name is "out" or "in" for messages). */
static int check_csr(const char *name, int64_t n, int64_t m, const int64_t *off,
                     const uint32_t *idx, const double *w, int weighted, char *err, size_t len)
{
    if (!off)
        return grog_fail(err, len, GROG_EINVALID, "graph: %s_offsets is NULL", name);
    if (m > 0 && !idx)
        return grog_fail(err, len, GROG_EINVALID, "graph: %s indices are NULL but m = %lld", name, (long long)m);
    if (weighted && m > 0 && !w)
        return grog_fail(err, len, GROG_EINVALID, "graph: %s_weights is NULL but the other direction has weights", name);
    if (off[0] != 0)
        return grog_fail(err, len, GROG_EINVALID, "graph: %s_offsets[0] is %lld, must be 0", name, (long long)off[0]);
    for (int64_t v = 0; v < n; v++)
        if (off[v + 1] < off[v])
            return grog_fail(err, len, GROG_EINVALID,
                             "graph: %s_offsets decreases at node %lld (%lld then %lld)", name,
                             (long long)v, (long long)off[v], (long long)off[v + 1]);
    if (off[n] != m)
        return grog_fail(err, len, GROG_EINVALID, "graph: %s_offsets[n] is %lld, but m is %lld", name,
                         (long long)off[n], (long long)m);
    for (int64_t e = 0; e < m; e++)
        if ((int64_t)idx[e] >= n)
            return grog_fail(err, len, GROG_EINVALID, "graph: %s index %lld is node %lld, but n is %lld", name,
                             (long long)e, (long long)idx[e], (long long)n);
    return GROG_OK;
}

grog_graph *grog_graph_open(const grog_graph_arrays *arrays, char *err, size_t err_len)
{
    if (!arrays) {
        grog_fail(err, err_len, GROG_EINVALID, "graph: arrays is NULL");
        return NULL;
    }
    const grog_graph_arrays *a = arrays;
    if (a->n < 0 || a->m < 0 || a->num_edges < 0) {
        grog_fail(err, err_len, GROG_EINVALID, "graph: negative size (n %lld, m %lld, num_edges %lld)",
                  (long long)a->n, (long long)a->m, (long long)a->num_edges);
        return NULL;
    }
    if (a->n > (int64_t)UINT32_MAX) {
        grog_fail(err, err_len, GROG_EINVALID, "graph: n is %lld, but the runtime takes 32-bit node indices",
                  (long long)a->n);
        return NULL;
    }
    int weighted = a->out_weights != NULL || a->in_weights != NULL;
    if (check_csr("out", a->n, a->m, a->out_offsets, a->out_targets, a->out_weights, weighted, err, err_len) ||
        check_csr("in", a->n, a->m, a->in_offsets, a->in_sources, a->in_weights, weighted, err, err_len))
        return NULL;
    grog_graph *g = malloc(sizeof *g);
    if (!g) {
        grog_fail(err, err_len, GROG_ENOMEM, "graph: out of memory");
        return NULL;
    }
    g->a = *a;
    g->max_deg_all = 0;
    memset(g->wf, 0, sizeof g->wf);
    for (int64_t v = 0; v < a->n; v++) {
        int64_t d = (a->out_offsets[v + 1] - a->out_offsets[v]) + (a->in_offsets[v + 1] - a->in_offsets[v]);
        if (d > g->max_deg_all)
            g->max_deg_all = d;
    }
    return g;
}

void grog_graph_close(grog_graph *graph)
{
    free(graph);
}
