/* frontier_dense.c: PROPAGATE over f64 exactly as its unoptimised ops run,
 * for the inputs where the frontier rounds could differ in a bit: a NaN
 * (min and max propagate it, and a NaN is never equal to itself, so the !=
 * test sees it change every round), a -0.0 (min(0.0, -0.0) keeps whichever
 * operand comes first, so the order of the offers would show) or a weight or
 * constant that could make one (infinite or NaN).  Every round is the dense
 * loop's: f, pull, combine (operands in the source's order), mask, test.
 * It costs rounds x (n + m), like the loop it stands for.
 */
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

typedef double f64;

int grog_propagate_dense(grog_prop *p, int64_t *rounds, int *limited)
{
    grog_ctx *c = p->c;
    const grog_instr *in = &c->prog->code[p->addr];
    int64_t n = p->n;
    f64 *x = p->x;
    f64 *t = grog_alloc((size_t)n * 8), *pl = grog_alloc((size_t)n * 8), *y = grog_alloc((size_t)n * 8);
    if (!t || !pl || !y) {
        grog_free(t, (size_t)n * 8);
        grog_free(pl, (size_t)n * 8);
        grog_free(y, (size_t)n * 8);
        return GROG_FAULT_NOMEM;
    }
    int combine = p->is_max ? GROG_OP_MAX : GROG_OP_MIN;
    int pull_first = (in->attr2 & GROG_PROP_PULL_FIRST) != 0;
    int weight = p->edge == GROG_PROP_F_WEIGHT ? GROG_WEIGHT_ADD : GROG_WEIGHT_NONE;
    grog_span none = {NULL, 0}, cf = {&p->cf, 0};
    int64_t r = 0, more = 1;
    while (more && r < p->max_iter) {
        if (grog_stop_requested(c->ctl))  /* the dispatch loop reports the cancel */
            break;
        grog_progress_round(c->ctl, c->depth, r);
        const f64 *src = x;
        if (p->edge == GROG_PROP_F_CONST) {
            grog_ew(GROG_OP_ADD, GROG_DTYPE_F64, GROG_DTYPE_F64, t, (grog_span){x, 1}, cf, none, n);
            src = t;
        }
        int64_t parts = n > GROG_BLOCK ? 16 * (int64_t)c->threads : 1;
#pragma omp parallel for num_threads(c->threads) schedule(dynamic, 1) if (parts > 1)
        for (int64_t k = 0; k < parts; k++) {
            if (grog_stop_requested(c->ctl))
                continue;
            int64_t lo = n * k / parts, hi = n * (k + 1) / parts;
            grog_pull(c->g, p->agg, in->attr1, weight, 1, GROG_DTYPE_F64, src, pl + lo, lo, hi, NULL);
        }
        grog_span xs = {x, 1}, ps = {pl, 1};
        grog_ew(combine, GROG_DTYPE_F64, GROG_DTYPE_F64, y, pull_first ? ps : xs, pull_first ? xs : ps, none, n);
        more = 0;
        for (int64_t v = 0; v < n; v++) {
            if (p->mask && p->mask[v] == p->pin_value)
                y[v] = x[v];
            int changed = p->strict ? (p->is_max ? y[v] > x[v] : y[v] < x[v]) : y[v] != x[v];
            more |= changed;
        }
        memcpy(x, y, (size_t)n * 8);
        grog_frontier_log(p, r, GROG_ROUND_DENSE, n, p->m_push);
        r++;
    }
    *rounds = r;
    *limited = more != 0;
    grog_free(t, (size_t)n * 8);
    grog_free(pl, (size_t)n * 8);
    grog_free(y, (size_t)n * 8);
    return GROG_FAULT_NONE;
}
