/* frontier_union.c: PROPAGATE with f(x) = x over dir "all" and no mask, to
 * its fixpoint by union-find.  Along undirected edges the fixpoint gives
 * every node the best initial value of its weakly connected component, so
 * the components are found first (Afforest's linking, Sutton et al.: a
 * lock-free union with min-hooking, so a tree's root is its smallest id) and
 * then each component's best value goes to all its nodes.  The partition
 * and every component's best value are the same for any schedule, so the
 * result does not depend on the thread count.
 *
 * On a graph that stores each edge both ways (undirected) Afforest's
 * sampling applies: link every node's first two neighbours, find the
 * largest component from a sample, then skip that component's nodes (an
 * edge out of it is seen from its other end).
 */
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

#define SAMPLE_ROUNDS 2
#define SAMPLES 1024

static void link(uint32_t u, uint32_t v, uint32_t *comp)
{
    uint32_t p1 = __atomic_load_n(&comp[u], __ATOMIC_RELAXED), p2 = __atomic_load_n(&comp[v], __ATOMIC_RELAXED);
    while (p1 != p2) {
        uint32_t high = p1 > p2 ? p1 : p2, low = p1 + p2 - high;
        uint32_t ph = __atomic_load_n(&comp[high], __ATOMIC_RELAXED);
        if (ph == low)
            break;
        if (ph == high && __atomic_compare_exchange_n(&comp[high], &ph, low, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
            break;
        p1 = __atomic_load_n(&comp[__atomic_load_n(&comp[high], __ATOMIC_RELAXED)], __ATOMIC_RELAXED);
        p2 = __atomic_load_n(&comp[low], __ATOMIC_RELAXED);
    }
}

static void compress(uint32_t *comp, int64_t n, int threads)
{
#pragma omp parallel for num_threads(threads) schedule(dynamic, 16384) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++)
        while (comp[v] != comp[comp[v]])
            comp[v] = comp[comp[v]];
}

/* The most frequent component among a fixed sample of nodes (a fixed
 * pseudo-random sequence, so the same for every run). */
static uint32_t largest_sampled(const uint32_t *comp, int64_t n)
{
    uint32_t ids[SAMPLES];
    uint64_t s = 0x9E3779B97F4A7C15ull;
    for (int k = 0; k < SAMPLES; k++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        ids[k] = comp[s % (uint64_t)n];
    }
    uint32_t best = ids[0];
    int best_count = 0;
    for (int k = 0; k < SAMPLES; k++) {  /* 1024^2 / 2 compares: nothing beside m */
        int count = 0;
        for (int j = 0; j < SAMPLES; j++)
            count += ids[j] == ids[k];
        if (count > best_count || (count == best_count && ids[k] < best)) {
            best = ids[k];
            best_count = count;
        }
    }
    return best;
}

static void link_all(const grog_prop *p, uint32_t *comp)
{
    const grog_graph_arrays *a = &p->c->g->a;
    int same = a->in_offsets == a->out_offsets && a->in_sources == a->out_targets;
    int64_t n = p->n, start = 0;
    uint32_t skip = UINT32_MAX;
    if (same) {
        for (int r = 0; r < SAMPLE_ROUNDS; r++) {
#pragma omp parallel for num_threads(p->c->threads) schedule(dynamic, 16384) if (n > GROG_BLOCK)
            for (int64_t u = 0; u < n; u++) {
                int64_t e = a->out_offsets[u] + r;
                if (e < a->out_offsets[u + 1])
                    link((uint32_t)u, a->out_targets[e], comp);
            }
            compress(comp, n, p->c->threads);
        }
        skip = largest_sampled(comp, n);
        start = SAMPLE_ROUNDS;
    }
    /* the rest of each node's arcs (all of them when in != out) */
#pragma omp parallel for num_threads(p->c->threads) schedule(dynamic, 1024) if (n > GROG_BLOCK)
    for (int64_t u = 0; u < n; u++) {
        if (comp[u] == skip || grog_stop_requested(p->c->ctl))  /* a cancel: the run is discarded */
            continue;
        for (int64_t e = a->out_offsets[u] + start; e < a->out_offsets[u + 1]; e++)
            link((uint32_t)u, a->out_targets[e], comp);
    }
    compress(comp, n, p->c->threads);
}

/* best[root] over each component, then every node takes its root's. */
#define DEFINE_SPREAD(T)                                                                         \
static int spread_##T(const grog_prop *p, const uint32_t *comp)                                  \
{                                                                                                \
    T *x = p->x;                                                                                 \
    T *best = malloc(sizeof(T) * (size_t)p->n);                                                  \
    if (!best)                                                                                   \
        return GROG_FAULT_NOMEM;                                                                 \
    memcpy(best, x, sizeof(T) * (size_t)p->n);                                                   \
    for (int64_t v = 0; v < p->n; v++) {                                                         \
        uint32_t r = comp[v];                                                                    \
        if (p->is_max ? x[v] > best[r] : x[v] < best[r])                                         \
            best[r] = x[v];                                                                      \
    }                                                                                            \
    _Pragma("omp parallel for num_threads(p->c->threads) schedule(static) if (p->n > GROG_BLOCK)") \
    for (int64_t v = 0; v < p->n; v++)                                                           \
        x[v] = best[comp[v]];                                                                    \
    free(best);                                                                                  \
    return GROG_FAULT_NONE;                                                                      \
}

DEFINE_SPREAD(f64)
DEFINE_SPREAD(i64)
DEFINE_SPREAD(u8)

int grog_union_fixpoint(grog_prop *p)
{
    uint32_t *comp = malloc(sizeof(uint32_t) * (size_t)p->n);
    if (!comp)
        return GROG_FAULT_NOMEM;
#pragma omp parallel for num_threads(p->c->threads) schedule(static) if (p->n > GROG_BLOCK)
    for (int64_t v = 0; v < p->n; v++)
        comp[v] = (uint32_t)v;
    link_all(p, comp);
    int fault = p->dtype == GROG_DTYPE_F64 ? spread_f64(p, comp)
                : p->dtype == GROG_DTYPE_I64 ? spread_i64(p, comp) : spread_u8(p, comp);
    grog_frontier_log(p, 0, GROG_ROUND_SWEEP, p->n, p->m_push);
    free(comp);
    return fault;
}
