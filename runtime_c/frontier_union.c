/* frontier_union.c: PROPAGATE with f(x) = x over dir "all" and no mask, to
 * its fixpoint by union-find, when nobody reads the round count.  Along
 * undirected edges the fixpoint gives every node the best initial value of
 * its weakly connected component, so the components are found first (the
 * runtime's one Afforest, grog_union.h) and then each component's best
 * value goes to all its nodes.  The partition and every component's best
 * value are the same for any schedule (values are NaN-free and have no
 * -0.0 here: frontier.c sends those to the dense loop), so the result does
 * not depend on the thread count.
 *
 * The loop reaches that fixpoint only if max_iter allows: a value travels
 * at most size - 1 hops inside a component of size nodes, and one more
 * round sees nothing change, so max_iter >= the largest component's size
 * means the loop ends by its test, exactly at the fixpoint.  (Checking the
 * size rather than n lets the default max_iter of 1,000,000 take this path
 * on a Kronecker graph of 2^20 nodes, whose largest component is smaller.)
 */
#include <stdlib.h>

#include "grog_frontier.h"
#include "grog_union.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

/* Is some component larger than max_iter nodes? */
static int larger_than(const uint32_t *comp, int64_t n, int64_t max_iter, int *fault)
{
    if (max_iter >= n)
        return 0;
    uint32_t *size = calloc((size_t)n, sizeof *size);
    if (!size) {
        *fault = GROG_FAULT_NOMEM;
        return 0;
    }
    int over = 0;
    for (int64_t v = 0; v < n && !over; v++)  /* serial: most nodes hit one root, atomics would contend */
        over = ++size[comp[v]] > max_iter;
    free(size);
    return over;
}

/* Each root takes its component's best value (a compare-and-swap that only
 * ever improves it, so the order does not matter), then every other node
 * takes its root's.  Non-roots are only read in the first loop and roots
 * only read in the second; one parallel region, the loops' barrier between.
 * When no value is better than an earlier node's (ids under min: the usual
 * min-label program), each root, its component's smallest id, already holds
 * the best, and the first loop is skipped: the check is one streaming pass,
 * the loop it saves a gather. */
#define DEFINE_SPREAD(T)                                                                              \
static void spread_##T(const grog_prop *p, const uint32_t *comp)                                      \
{                                                                                                     \
    T *x = p->x;                                                                                      \
    int is_max = p->is_max, later_better = 0;                                                         \
    int64_t n = p->n;                                                                                 \
    _Pragma("omp parallel num_threads(p->c->threads) if (n > GROG_BLOCK)")                            \
    {                                                                                                 \
        _Pragma("omp for schedule(static) reduction(|:later_better)")                                 \
        for (int64_t v = 1; v < n; v++)                                                               \
            later_better |= is_max ? x[v] > x[v - 1] : x[v] < x[v - 1];                               \
        if (later_better) {                                                                           \
            _Pragma("omp for schedule(static)")                                                       \
            for (int64_t v = 0; v < n; v++) {                                                         \
                uint32_t r = comp[v];                                                                 \
                if (r == (uint32_t)v)                                                                 \
                    continue;                                                                         \
                T val = x[v], cur;                                                                    \
                __atomic_load(&x[r], &cur, __ATOMIC_RELAXED);                                         \
                while ((is_max ? val > cur : val < cur) &&                                            \
                       !__atomic_compare_exchange(&x[r], &cur, &val, 0, __ATOMIC_RELAXED,             \
                                                  __ATOMIC_RELAXED))                                  \
                    ;                                                                                 \
            }                                                                                         \
        }                                                                                             \
        _Pragma("omp for schedule(static)")                                                           \
        for (int64_t v = 0; v < n; v++)                                                               \
            if (comp[v] != (uint32_t)v)                                                               \
                x[v] = x[comp[v]];                                                                    \
    }                                                                                                 \
}

DEFINE_SPREAD(f64)
DEFINE_SPREAD(i64)
DEFINE_SPREAD(u8)

int grog_union_fixpoint(grog_prop *p, int *fault)
{
    size_t bytes = sizeof(uint32_t) * (size_t)p->n;
    uint32_t *comp = grog_alloc(bytes);
    *fault = GROG_FAULT_NONE;
    if (!comp) {
        *fault = GROG_FAULT_NOMEM;
        return 1;
    }
    grog_afforest(p->c->g, comp, p->c->threads, p->c->ctl);
    if (grog_stop_requested(p->c->ctl)) {  /* a cancel: the run is discarded */
        grog_free(comp, bytes);
        return 1;
    }
    if (larger_than(comp, p->n, p->max_iter, fault)) {
        grog_free(comp, bytes);
        return 0;  /* the loop may stop short of the fixpoint: run its rounds */
    }
    if (*fault == GROG_FAULT_NONE) {
        if (p->dtype == GROG_DTYPE_F64)
            spread_f64(p, comp);
        else if (p->dtype == GROG_DTYPE_I64)
            spread_i64(p, comp);
        else
            spread_u8(p, comp);
        grog_frontier_log(p, 0, GROG_ROUND_UNION, p->n, p->m_push);
    }
    grog_free(comp, bytes);
    return 1;
}
