/* kernels_wcc.c: weakly connected components by union-find: the runtime's
 * one Afforest (grog_union.h), serving graph.wcc here and PROPAGATE's
 * dir-all f(x) = x fixpoint (frontier_union.c).
 *
 * r[out][v] = the smallest internal id of v's weak component (ids ascend
 * with original ids, so it is also the smallest original id).
 *
 * Afforest (Sutton, Ben-Nun, Barak, IPDPS 2018): a forest over the nodes in
 * comp[], where every pointer goes from a larger id to a smaller one, so the
 * root of a tree is its smallest member.  Linking two trees hooks the larger
 * root under the smaller with a compare-and-swap; threads race only on
 * which hook lands first, never on the final forest, so the labels are the
 * same for any thread count.  Phases:
 *   1. link each node to its first SAMPLE_ROUNDS out-neighbours, compress;
 *   2. guess the giant component from SAMPLE_PICKS nodes (fixed seed);
 *   3. every node outside it links its remaining out-neighbours, and on a
 *      directed graph all its in-neighbours (an arc from the giant
 *      component to u is then seen from u's side); nodes inside it skip
 *      their edges, which is where the time is saved on skewed graphs;
 *   4. compress: comp[v] = root.
 * Arcs of both directions are stored, so out-arcs alone connect everything
 * on an undirected graph.  Scratch (grog_wcc): n x 4 bytes.
 */
#include <stdlib.h>

#include "grog_union.h"

#define SAMPLE_ROUNDS 2
#define SAMPLE_PICKS 1024

static inline uint32_t load(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Join the trees of u and v: hook the larger root under the smaller. */
static void link(uint32_t *comp, uint32_t u, uint32_t v)
{
    uint32_t p1 = load(&comp[u]), p2 = load(&comp[v]);
    while (p1 != p2) {
        uint32_t high = p1 > p2 ? p1 : p2, low = p1 + p2 - high;
        uint32_t p_high = load(&comp[high]);
        if (p_high == low)
            break;  /* already hooked there */
        uint32_t expect = high;
        if (p_high == high &&
            __atomic_compare_exchange_n(&comp[high], &expect, low, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            break;
        p1 = load(&comp[load(&comp[high])]);
        p2 = load(&comp[low]);
    }
}

static void compress(uint32_t *comp, int64_t n, int threads, const grog_control *ctl)
{
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16384) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++)
        while (!grog_stop_requested(ctl) && load(&comp[v]) != load(&comp[load(&comp[v])]))
            __atomic_store_n(&comp[v], load(&comp[load(&comp[v])]), __ATOMIC_RELAXED);
}

static int cmp_u32(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    return (a > b) - (a < b);
}

/* The most frequent root among SAMPLE_PICKS pseudo-random nodes (a fixed
 * xorshift seed: the guess only steers the work, never the result). */
static uint32_t frequent_root(const uint32_t *comp, int64_t n)
{
    uint32_t picks[SAMPLE_PICKS];
    uint64_t x = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < SAMPLE_PICKS; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        picks[i] = comp[x % (uint64_t)n];
    }
    qsort(picks, SAMPLE_PICKS, sizeof *picks, cmp_u32);
    uint32_t best = picks[0];
    int run = 1, best_run = 1;
    for (int i = 1; i < SAMPLE_PICKS; i++) {
        run = picks[i] == picks[i - 1] ? run + 1 : 1;
        if (run > best_run) best_run = run, best = picks[i];
    }
    return best;
}

/* Whether one CSR holds every arc both ways: then out-arcs alone connect
 * everything.  The pull kernels treat in == out the same way (shared
 * arrays); an undirected graph says so in its flag even when its in-arrays
 * are a copy (a g.csr file). */
static int symmetric(const grog_graph_arrays *a)
{
    return !a->directed || (a->in_offsets == a->out_offsets && a->in_sources == a->out_targets);
}

void grog_afforest(const grog_graph *g, uint32_t *comp, int threads, const grog_control *ctl)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
    const int64_t *off = a->out_offsets;
    const uint32_t *dst = a->out_targets;
#pragma omp parallel for num_threads(threads) schedule(static) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) comp[v] = (uint32_t)v;
    if (n == 0)
        return;
    for (int r = 0; r < SAMPLE_ROUNDS; r++) {
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16384) if (n > GROG_BLOCK)
        for (int64_t v = 0; v < n; v++)
            if (off[v] + r < off[v + 1] && !grog_stop_requested(ctl))
                link(comp, (uint32_t)v, dst[off[v] + r]);
        compress(comp, n, threads, ctl);
    }
    uint32_t giant = frequent_root(comp, n);
    int directed = !symmetric(a);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16384) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) {
        if (load(&comp[v]) == giant || grog_stop_requested(ctl))
            continue;
        for (int64_t e = off[v] + SAMPLE_ROUNDS; e < off[v + 1]; e++)
            link(comp, (uint32_t)v, dst[e]);
        if (directed)
            for (int64_t e = a->in_offsets[v]; e < a->in_offsets[v + 1]; e++)
                link(comp, (uint32_t)v, a->in_sources[e]);
    }
    compress(comp, n, threads, ctl);
}

int grog_wcc(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl)
{
    int64_t n = g->a.n;
    size_t bytes = sizeof(uint32_t) * (size_t)(n > 0 ? n : 1);
    uint32_t *comp = grog_alloc(bytes);
    if (!comp)
        return GROG_FAULT_NOMEM;
    grog_afforest(g, comp, threads, ctl);
#pragma omp parallel for num_threads(threads) schedule(static) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) out[v] = comp[v];
    grog_free(comp, bytes);
    return GROG_FAULT_NONE;
}
