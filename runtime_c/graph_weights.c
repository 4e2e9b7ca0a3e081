/* graph_weights.c: facts about a graph's weight arrays (sign, finiteness,
 * range), scanned once per graph and cached on it.  The frontier kernels
 * need them on every run (which loop is exact, which Delta to use), and one
 * scan of m doubles costs about as much as a whole delta-stepping run's
 * relaxations on a Kronecker graph. */
#include <math.h>

#include "grog_internal.h"

static void scan(const double *w, int64_t m, int threads, grog_weight_facts *f)
{
    int inexact = 0, negative = 0;
    double hi = 0.0, lo = INFINITY;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(|:inexact, negative) reduction(max:hi) reduction(min:lo) if (m > GROG_BLOCK)
    for (int64_t e = 0; e < m; e++) {
        double x = w[e];
        inexact |= !(x - x == 0.0) || (x == 0.0 && signbit(x));
        negative |= x < 0.0;
        hi = x > hi ? x : hi;
        lo = x > 0.0 && x < lo ? x : lo;
    }
    f->inexact = inexact;
    f->negative = negative;
    f->max = hi;
    f->min_pos = lo;
}

grog_weight_facts grog_weight_facts_of(const grog_graph *g, const double *w, int64_t m, int threads)
{
    /* The cache holds facts of the graph's immutable arrays, not state a
     * run could change, so a const graph may fill it. */
    grog_graph *gm = (grog_graph *)g;
    grog_weight_facts *slot = w == g->a.out_weights ? &gm->wf[0] : w == g->a.in_weights ? &gm->wf[1] : NULL;
    if (slot && __atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == 2)
        return *slot;
    grog_weight_facts f = {0};
    scan(w, m, threads, &f);
    int32_t idle = 0;  /* one run fills the slot; a concurrent one just uses its own scan */
    if (slot && __atomic_compare_exchange_n(&slot->state, &idle, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
        slot->inexact = f.inexact;
        slot->negative = f.negative;
        slot->max = f.max;
        slot->min_pos = f.min_pos;
        __atomic_store_n(&slot->state, 2, __ATOMIC_RELEASE);
    }
    return f;
}
