/* kernels_library.c: the neighbourhood counts the algorithm library needs
 * (docs/gir-extensions.md).
 *
 * SELF_LOOPS:        r[out][v] = stored arcs v -> v (out-CSR).
 * NEIGHBOR_COUNT:    r[out][v] = |N(v)|, N(v) = (in- and out-neighbours as a
 *                    set) without v itself.
 * NEIGHBORHOOD_ARCS: r[out][v] = distinct arcs (u, w), u != w, with u and w
 *                    both in N(v): the numerator of LDBC's local clustering
 *                    coefficient; on an undirected graph 2 x triangles(v).
 *
 * Each thread owns two stamp arrays of n entries (never cleared between
 * nodes: stamp[u] == v marks u in N(v); seen[w] holds a per-(v, u) tag), so there are no atomics and
 * the counts are exact whatever the thread count.
 */
#include <stdlib.h>

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

/* Mark N(v) with stamp; append each neighbour once to list (may be NULL). */
static int64_t mark_neighbours(const grog_graph_arrays *a, int64_t v, int64_t *stamp, int64_t tag, uint32_t *list)
{
    int64_t k = 0;
    const int64_t *offs[2] = {a->in_offsets, a->out_offsets};
    const uint32_t *idx[2] = {a->in_sources, a->out_targets};
    for (int side = 0; side < 2; side++)
        for (int64_t e = offs[side][v]; e < offs[side][v + 1]; e++) {
            uint32_t u = idx[side][e];
            if (u == (uint32_t)v || stamp[u] == tag)
                continue;
            stamp[u] = tag;
            if (list) list[k] = u;
            k++;
        }
    return k;
}

/* Scratch of one thread: two stamp arrays of n and a neighbour list of n. */
typedef struct scratch {
    int64_t *stamp, *seen;
    uint32_t *list;
} scratch;

static int scratch_open(scratch *s, int64_t n)
{
    size_t cells = (size_t)(n > 0 ? n : 1);
    s->stamp = malloc(cells * sizeof(int64_t));
    s->seen = malloc(cells * sizeof(int64_t));
    s->list = malloc(cells * sizeof(uint32_t));
    if (!s->stamp || !s->seen || !s->list)
        return GROG_FAULT_NOMEM;
    for (int64_t i = 0; i < n; i++) s->stamp[i] = s->seen[i] = -1;
    return GROG_FAULT_NONE;
}

static void scratch_close(scratch *s)
{
    free(s->stamp);
    free(s->seen);
    free(s->list);
}

/* arcs: 0 for NEIGHBOR_COUNT, 1 for NEIGHBORHOOD_ARCS. */
static int neighbourhood(const grog_graph *g, int64_t *out, int threads, int arcs)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
    int fault = GROG_FAULT_NONE;
#pragma omp parallel num_threads(threads) if (n > GROG_BLOCK)
    {
        scratch s;
        int64_t pair = 0; /* one tag per (v, u): seen[w] == pair means u -> w was counted */
        int mine = scratch_open(&s, n);
        if (mine) {
#pragma omp atomic write
            fault = mine;
        }
#pragma omp barrier
        if (!fault) {
#pragma omp for schedule(dynamic, 64)
            for (int64_t v = 0; v < n; v++) {
                int64_t d = mark_neighbours(a, v, s.stamp, v, arcs ? s.list : NULL);
                if (!arcs) {
                    out[v] = d;
                    continue;
                }
                int64_t count = 0;
                for (int64_t i = 0; i < d; i++) {
                    uint32_t u = s.list[i];
                    pair++;
                    for (int64_t e = a->out_offsets[u]; e < a->out_offsets[u + 1]; e++) {
                        uint32_t w = a->out_targets[e];
                        if (w == u || w == (uint32_t)v || s.stamp[w] != v || s.seen[w] == pair)
                            continue;
                        s.seen[w] = pair;  /* a duplicate arc u -> w counts once */
                        count++;
                    }
                }
                out[v] = count;
            }
        }
        scratch_close(&s);
    }
    return fault;
}

int grog_neighbor_count(const grog_graph *g, int64_t *out, int threads)
{
    return neighbourhood(g, out, threads, 0);
}

int grog_neighborhood_arcs(const grog_graph *g, int64_t *out, int threads)
{
    return neighbourhood(g, out, threads, 1);
}
