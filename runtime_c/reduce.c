/* reduce.c: REDUCE accumulators.
 *
 * The executor cuts a vector into blocks of GROG_BLOCK elements, reduces each
 * block into its own grog_acc (grog_acc_add) and merges the partials in block
 * order (grog_acc_merge): the blocks never depend on the thread count, so the
 * result has the same bits for any number of threads.  Inside a block an f64
 * sum runs in 8 interleaved lanes added up in a fixed order, which lets the
 * compiler vectorise without changing the result from run to run.
 *
 * Identities: sum 0; f64 min +inf, max -inf; i64 min INT64_MAX, max
 * INT64_MIN; count 0; any false; all true.  f64 min/max propagate NaN.
 */
#include <math.h>

#include "grog_internal.h"

int grog_reduce_out_dtype(int op, int in_dtype)
{
    if (op == GROG_REDUCE_COUNT)
        return GROG_DTYPE_I64;
    if (op == GROG_REDUCE_ANY || op == GROG_REDUCE_ALL)
        return GROG_DTYPE_BOOL;
    return in_dtype;
}

void grog_acc_init(grog_acc *acc, int op, int dtype)
{
    acc->f = 0.0;
    acc->i = 0;
    if (op == GROG_REDUCE_MIN) {
        acc->f = INFINITY;
        acc->i = INT64_MAX;
    } else if (op == GROG_REDUCE_MAX) {
        acc->f = -INFINITY;
        acc->i = INT64_MIN;
    } else if (op == GROG_REDUCE_ALL) {
        acc->i = 1;
    }
}

static double sum_f64(const double *x, int64_t len)
{
    double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 8 <= len; i += 8)
        for (int k = 0; k < 8; k++)
            lane[k] += x[i + k];
    for (int k = 0; i < len; i++, k++)
        lane[k] += x[i];
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

static inline double fmin_nan(double m, double x) { return (x < m || x != x) && m == m ? x : m; }
static inline double fmax_nan(double m, double x) { return (x > m || x != x) && m == m ? x : m; }

/* Fold len elements of x (dtype) into acc. */
_Static_assert(GROG_DTYPE_N == 3, "grog_acc_add numbers an (op, dtype) pair op * 3 + dtype");
void grog_acc_add(grog_acc *acc, int op, int dtype, const void *x, int64_t len)
{
    const double *f = x;
    const int64_t *v = x;
    const uint8_t *b = x;
    switch (op * 3 + dtype) {
    case GROG_REDUCE_SUM * 3 + GROG_DTYPE_F64: acc->f += sum_f64(f, len); break;
    case GROG_REDUCE_SUM * 3 + GROG_DTYPE_I64: {
        uint64_t s = (uint64_t)acc->i;
        for (int64_t i = 0; i < len; i++) s += (uint64_t)v[i];
        acc->i = (int64_t)s;
        break;
    }
    case GROG_REDUCE_MIN * 3 + GROG_DTYPE_F64:
        for (int64_t i = 0; i < len; i++) acc->f = fmin_nan(acc->f, f[i]);
        break;
    case GROG_REDUCE_MAX * 3 + GROG_DTYPE_F64:
        for (int64_t i = 0; i < len; i++) acc->f = fmax_nan(acc->f, f[i]);
        break;
    case GROG_REDUCE_MIN * 3 + GROG_DTYPE_I64:
        for (int64_t i = 0; i < len; i++) acc->i = v[i] < acc->i ? v[i] : acc->i;
        break;
    case GROG_REDUCE_MAX * 3 + GROG_DTYPE_I64:
        for (int64_t i = 0; i < len; i++) acc->i = v[i] > acc->i ? v[i] : acc->i;
        break;
    case GROG_REDUCE_COUNT * 3 + GROG_DTYPE_F64:
        for (int64_t i = 0; i < len; i++) acc->i += f[i] != 0.0;
        break;
    case GROG_REDUCE_COUNT * 3 + GROG_DTYPE_I64:
        for (int64_t i = 0; i < len; i++) acc->i += v[i] != 0;
        break;
    case GROG_REDUCE_COUNT * 3 + GROG_DTYPE_BOOL:
        for (int64_t i = 0; i < len; i++) acc->i += b[i] != 0;
        break;
    case GROG_REDUCE_ANY * 3 + GROG_DTYPE_BOOL:
        for (int64_t i = 0; i < len && !acc->i; i++) acc->i = b[i] != 0;
        break;
    case GROG_REDUCE_ALL * 3 + GROG_DTYPE_BOOL:
        for (int64_t i = 0; i < len && acc->i; i++) acc->i = b[i] != 0;
        break;
    }
}

void grog_acc_merge(grog_acc *acc, const grog_acc *part, int op, int dtype)
{
    switch (op) {
    case GROG_REDUCE_SUM:
        acc->f += part->f;
        acc->i = (int64_t)((uint64_t)acc->i + (uint64_t)part->i);
        break;
    case GROG_REDUCE_MIN:
        acc->f = fmin_nan(acc->f, part->f);
        acc->i = part->i < acc->i ? part->i : acc->i;
        break;
    case GROG_REDUCE_MAX:
        acc->f = fmax_nan(acc->f, part->f);
        acc->i = part->i > acc->i ? part->i : acc->i;
        break;
    case GROG_REDUCE_COUNT: acc->i += part->i; break;
    case GROG_REDUCE_ANY: acc->i = acc->i || part->i; break;
    case GROG_REDUCE_ALL: acc->i = acc->i && part->i; break;
    }
}

/* Write the result into a scalar cell of the output dtype. */
void grog_acc_store(const grog_acc *acc, int op, int dtype, void *out)
{
    int od = grog_reduce_out_dtype(op, dtype);
    if (od == GROG_DTYPE_F64)
        *(double *)out = acc->f;
    else if (od == GROG_DTYPE_I64)
        *(int64_t *)out = acc->i;
    else
        *(uint8_t *)out = acc->i != 0;
}
