/* kernels_pull_edges.c: PULL's aggregates over per-edge values.
 *
 * A FUSED_PULL whose input is computed per edge (a folded producer) hands
 * the aggregate its values a chunk of edges at a time; a chunk may end in
 * the middle of a node's list, so each node keeps a running state
 * (grog_edge_acc) from one chunk to the next.  Edges arrive in the order
 * grog_pull walks them (per list, by node, in CSR order), so f64 sums add in
 * the same order as a pull over a vector in memory and give the same bits.
 * Semantics as kernels_pull.c: weights "mul" w*x, "add" w+x (weights only on
 * f64 sum/mean/min/max); identities sum/mean/count 0, min +inf / INT64_MAX,
 * max -inf / INT64_MIN, or false, and true; f64 min/max propagate NaN; i64
 * sums wrap.  No mode: a node without neighbours would take x at itself,
 * which a producer never computes (the validator refuses it).
 */
#include <math.h>

#include "grog_internal.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

void grog_edge_acc_init(int agg, int dtype, grog_edge_acc *st, int64_t len)
{
    grog_edge_acc z = {0.0, 0, 0};
    if (agg == GROG_AGG_MIN) {
        z.f = INFINITY;
        z.i = INT64_MAX;
    } else if (agg == GROG_AGG_MAX) {
        z.f = -INFINITY;
        z.i = INT64_MIN;
    }
    (void)dtype;
    for (int64_t v = 0; v < len; v++)
        st[v] = z;
}

/* The edge value as the aggregate sees it: VAL(k) with weight applied. */
#define F64_LOOP(VAL, STEP)                                                      \
    for (int64_t k = 0; k < cnt; k++) {                                          \
        grog_edge_acc *s = &st[dst[k]];                                          \
        f64 val = VAL;                                                           \
        STEP;                                                                    \
    }

#define F64_AGGS(VAL)                                                            \
    switch (agg) {                                                               \
    case GROG_AGG_SUM: F64_LOOP(VAL, s->f += val); break;                       \
    case GROG_AGG_MEAN: F64_LOOP(VAL, (s->f += val, s->n++)); break;            \
    case GROG_AGG_MIN:                                                           \
        F64_LOOP(VAL, s->f = ((val < s->f || val != val) && s->f == s->f) ? val : s->f); \
        break;                                                                   \
    case GROG_AGG_MAX:                                                           \
        F64_LOOP(VAL, s->f = ((val > s->f || val != val) && s->f == s->f) ? val : s->f); \
        break;                                                                   \
    case GROG_AGG_COUNT: F64_LOOP(VAL, s->i += val != 0); break;                \
    }

static void add_f64(int agg, int weight, const f64 *x, const double *w, const int32_t *dst, int64_t cnt,
                    grog_edge_acc *st)
{
    if (!w && weight == GROG_WEIGHT_MUL)
        weight = GROG_WEIGHT_NONE;  /* 1 * x == x exactly */
    if (weight == GROG_WEIGHT_NONE) {
        F64_AGGS(x[k]);
    } else if (weight == GROG_WEIGHT_MUL) {
        F64_AGGS(w[k] * x[k]);
    } else {
        F64_AGGS((w ? w[k] : 1.0) + x[k]);
    }
}

static void add_i64(int agg, const i64 *x, const int32_t *dst, int64_t cnt, grog_edge_acc *st)
{
    for (int64_t k = 0; k < cnt; k++) {
        grog_edge_acc *s = &st[dst[k]];
        i64 val = x[k];
        switch (agg) {
        case GROG_AGG_SUM: s->i = (i64)((uint64_t)s->i + (uint64_t)val); break;
        case GROG_AGG_MEAN: s->f += (f64)val; s->n++; break;
        case GROG_AGG_MIN: s->i = val < s->i ? val : s->i; break;
        case GROG_AGG_MAX: s->i = val > s->i ? val : s->i; break;
        case GROG_AGG_COUNT: s->i += val != 0; break;
        }
    }
}

static void add_bool(const u8 *x, const int32_t *dst, int64_t cnt, grog_edge_acc *st)
{
    for (int64_t k = 0; k < cnt; k++) {
        st[dst[k]].i += x[k] != 0;
        st[dst[k]].n++;
    }
}

void grog_edge_acc_add(int agg, int weight, int dtype, const void *val, const double *w, const int32_t *dst,
                       int64_t cnt, grog_edge_acc *st)
{
    if (dtype == GROG_DTYPE_F64)
        add_f64(agg, weight, val, w, dst, cnt, st);
    else if (dtype == GROG_DTYPE_I64)
        add_i64(agg, val, dst, cnt, st);
    else
        add_bool(val, dst, cnt, st);
}

void grog_edge_acc_store(int agg, int dtype, const grog_edge_acc *st, void *out, int64_t len)
{
    for (int64_t v = 0; v < len; v++) {
        const grog_edge_acc *s = &st[v];
        if (agg == GROG_AGG_MEAN)
            ((f64 *)out)[v] = s->n ? s->f / (f64)s->n : 0.0;
        else if (agg == GROG_AGG_COUNT)
            ((i64 *)out)[v] = s->i;
        else if (agg == GROG_AGG_OR)
            ((u8 *)out)[v] = s->i > 0;
        else if (agg == GROG_AGG_AND)
            ((u8 *)out)[v] = s->i == s->n;
        else if (dtype == GROG_DTYPE_F64)
            ((f64 *)out)[v] = s->f;
        else
            ((i64 *)out)[v] = s->i;
    }
}
