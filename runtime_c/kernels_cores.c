/* kernels_cores.c: CORE_NUMBER, k-core numbers by bucket peeling.
 *
 * r[out][v] = the largest k such that v lies in a subgraph where every node
 * has at least k arcs to nodes of it (nx.core_number).  A node's arcs are
 * its stored out-arcs on an undirected graph (every edge is stored both
 * ways, a self-loop once) and its in- plus out-arcs on a directed one, so a
 * two-way link counts twice and a directed self-loop twice, as the GIR
 * formulation (examples/core_number.gir) counts them.  Duplicate arcs count
 * as often as they are stored.
 *
 * Batagelj-Zaversnik, O(n + m): nodes sit in an array sorted by current
 * degree (vert[], with pos[] its inverse and bin[d] the first slot of
 * degree d).  Taking nodes in that order, each node's degree is final when
 * it is reached; each neighbour of higher degree loses one and moves to the
 * front of its bin, one swap.  The degrees live in out[] itself and end as
 * the core numbers.  Sequential (the same for any thread count).
 * Scratch: n x 8 bytes (vert, pos) + (max degree + 1) x 8 (bin).
 */
#include <stdlib.h>

#include "grog_internal.h"

/* Lower u's degree by one, keeping vert[] sorted by degree. */
static inline void lower(int64_t *deg, int64_t *bin, uint32_t *vert, uint32_t *pos, uint32_t u)
{
    int64_t du = deg[u];
    uint32_t pu = pos[u], pw = (uint32_t)bin[du];
    uint32_t w = vert[pw];
    if (u != w) {
        vert[pu] = w, pos[w] = pu;
        vert[pw] = u, pos[u] = pw;
    }
    bin[du]++;
    deg[u] = du - 1;
}

int grog_core_number(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
    int directed = a->directed != 0;
    int64_t *deg = out, max_deg = 0;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(max : max_deg) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) {
        deg[v] = a->out_offsets[v + 1] - a->out_offsets[v];
        if (directed) deg[v] += a->in_offsets[v + 1] - a->in_offsets[v];
        if (deg[v] > max_deg) max_deg = deg[v];
    }
    size_t vbytes = sizeof(uint32_t) * (size_t)(n > 0 ? n : 1);
    size_t bbytes = sizeof(int64_t) * (size_t)(max_deg + 1);
    uint32_t *vert = grog_alloc(vbytes), *pos = grog_alloc(vbytes);
    int64_t *bin = grog_alloc(bbytes);  /* zeroed */
    if (!vert || !pos || !bin) {
        grog_free(vert, vbytes), grog_free(pos, vbytes), grog_free(bin, bbytes);
        return GROG_FAULT_NOMEM;
    }
    /* Counting sort of the nodes by degree; bin[d] becomes d's first slot. */
    for (int64_t v = 0; v < n; v++) bin[deg[v]]++;
    for (int64_t d = 0, start = 0; d <= max_deg; d++) {
        int64_t count = bin[d];
        bin[d] = start;
        start += count;
    }
    for (int64_t v = 0; v < n; v++) {
        pos[v] = (uint32_t)bin[deg[v]]++;
        vert[pos[v]] = (uint32_t)v;
    }
    for (int64_t d = max_deg; d > 0; d--) bin[d] = bin[d - 1];
    bin[0] = 0;
    const int64_t *offs[2] = {a->out_offsets, a->in_offsets};
    const uint32_t *idx[2] = {a->out_targets, a->in_sources};
    for (int64_t i = 0; i < n; i++) {
        if (i % GROG_BLOCK == 0 && grog_stop_requested(ctl))
            break;
        uint32_t v = vert[i];
        int64_t dv = deg[v];
        for (int side = 0; side <= directed; side++)
            for (int64_t e = offs[side][v]; e < offs[side][v + 1]; e++) {
                uint32_t u = idx[side][e];
                if (deg[u] > dv)  /* v itself (a loop) and peeled nodes never are */
                    lower(deg, bin, vert, pos, u);
            }
    }
    grog_free(vert, vbytes), grog_free(pos, vbytes), grog_free(bin, bbytes);
    return GROG_FAULT_NONE;
}
