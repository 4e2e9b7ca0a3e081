/* kernels_pull.c: PULL, r[out][v] = agg over u in N(v, dir) of w(u,v) . r[a][u].
 *
 * dir "in" walks the in-CSR (predecessors), "out" the out-CSR (successors),
 * "all" both, as a multiset.  Each node writes only its own output, so the
 * caller may run disjoint node ranges on different threads with no atomics.
 * Weights: "none" x[u]; "mul" w*x[u]; "add" w+x[u]; an unweighted graph has
 * w = 1, and so has a gated-off pull (grog_pull's use_weights 0).  A node without neighbours gets the aggregate's identity (sum, mean,
 * count 0; min +inf / INT64_MAX; max -inf / INT64_MIN; or false; and true;
 * mode x[v]).  mode: most frequent value, ties to the smallest (f64 NaN sorts
 * last and NaNs count as one value).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grog_internal.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

typedef grog_csr_list csr_list;

/* An aggregate whose result is the same over a multiset and over that
 * multiset taken twice (min, max, or, and; mode, since doubling every count
 * keeps the most frequent value and its ties). */
static int idempotent(int agg)
{
    return agg == GROG_AGG_MIN || agg == GROG_AGG_MAX || agg == GROG_AGG_OR || agg == GROG_AGG_AND ||
           agg == GROG_AGG_MODE;
}

/* The CSRs dir walks; returns how many (1 or 2).  When the in-CSR is the
 * very same arrays as the out-CSR (an undirected graph stores each edge both
 * ways and passes one CSR twice), dir "all" is every neighbour list taken
 * twice, so an idempotent aggregate needs to walk it once: half the edges. */
static int lists_for(const grog_graph *g, int dir, int agg, csr_list L[2])
{
    const grog_graph_arrays *a = &g->a;
    csr_list in = {a->in_offsets, a->in_sources, a->in_weights};
    csr_list out = {a->out_offsets, a->out_targets, a->out_weights};
    int same = in.off == out.off && in.idx == out.idx && in.w == out.w;
    if (dir == GROG_DIR_IN) { L[0] = in; return 1; }
    if (dir == GROG_DIR_OUT || (same && idempotent(agg))) { L[0] = out; return 1; }
    L[0] = in;
    L[1] = out;
    return 2;
}

int grog_pull_out_dtype(int agg, int in_dtype)
{
    if (agg == GROG_AGG_MEAN) return GROG_DTYPE_F64;
    if (agg == GROG_AGG_COUNT) return GROG_DTYPE_I64;
    return in_dtype;
}

/* Visit every neighbour edge e of v: VALDECL defines `val`, then STEP. */
#define NEIGHBOURS(VALDECL, STEP)                                                 \
    for (int l_ = 0; l_ < nl; l_++) {                                            \
        const uint32_t *idx_ = L[l_].idx;                                        \
        const double *w_ = L[l_].w;                                              \
        (void)w_;                                                                \
        for (int64_t e = L[l_].off[v], e1_ = L[l_].off[v + 1]; e < e1_; e++) {   \
            VALDECL;                                                             \
            STEP;                                                                \
        }                                                                        \
    }

#define WVAL (w_ ? w_[e] : 1.0)

/* All numeric aggregates of one value expression, for element type T. */
#define NUMERIC_AGGS(T, VALDECL, MINSTEP, MAXSTEP, IDMIN, IDMAX)                 \
    switch (agg) {                                                               \
    case GROG_AGG_SUM:                                                           \
        for (int64_t v = lo; v < hi; v++) {                                      \
            T s = 0;                                                             \
            NEIGHBOURS(VALDECL, s = SUMSTEP(T, s, val));                         \
            ((T *)out)[v - lo] = s;                                              \
        }                                                                        \
        break;                                                                   \
    case GROG_AGG_MEAN:                                                          \
        for (int64_t v = lo; v < hi; v++) {                                      \
            f64 s = 0;                                                           \
            int64_t d = 0;                                                       \
            NEIGHBOURS(VALDECL, (s += (f64)val, d++));                           \
            ((f64 *)out)[v - lo] = d ? s / (f64)d : 0.0;                         \
        }                                                                        \
        break;                                                                   \
    case GROG_AGG_MIN:                                                           \
        for (int64_t v = lo; v < hi; v++) {                                      \
            T r = IDMIN;                                                         \
            NEIGHBOURS(VALDECL, MINSTEP);                                        \
            ((T *)out)[v - lo] = r;                                              \
        }                                                                        \
        break;                                                                   \
    case GROG_AGG_MAX:                                                           \
        for (int64_t v = lo; v < hi; v++) {                                      \
            T r = IDMAX;                                                         \
            NEIGHBOURS(VALDECL, MAXSTEP);                                        \
            ((T *)out)[v - lo] = r;                                              \
        }                                                                        \
        break;                                                                   \
    case GROG_AGG_COUNT:                                                         \
        for (int64_t v = lo; v < hi; v++) {                                      \
            int64_t c = 0;                                                       \
            NEIGHBOURS(VALDECL, c += (val != 0));                                \
            ((i64 *)out)[v - lo] = c;                                            \
        }                                                                        \
        break;                                                                   \
    }

/* i64 sums wrap; f64 sums are plain. */
#define SUMSTEP(T, s, x) ((T)SUM_##T(s, x))
#define SUM_f64(s, x) ((s) + (x))
#define SUM_i64(s, x) ((uint64_t)(s) + (uint64_t)(x))

#define FMIN_STEP (r = ((val < r || val != val) && r == r) ? val : r)
#define FMAX_STEP (r = ((val > r || val != val) && r == r) ? val : r)
#define IMIN_STEP (r = val < r ? val : r)
#define IMAX_STEP (r = val > r ? val : r)

static void pull_f64(int agg, int weight, const f64 *X, void *out, int64_t lo, int64_t hi,
                     const csr_list *L, int nl)
{
    if (weight == GROG_WEIGHT_NONE && agg == GROG_AGG_SUM && nl == 1) {
        /* the hot loop of PageRank-like programs, written out plainly */
        const int64_t *off = L[0].off;
        const uint32_t *idx = L[0].idx;
        f64 *o = out;
        for (int64_t v = lo; v < hi; v++) {
            f64 s = 0.0;
            for (int64_t e = off[v]; e < off[v + 1]; e++)
                s += X[idx[e]];
            o[v - lo] = s;
        }
        return;
    }
    switch (weight) {
    case GROG_WEIGHT_NONE:
        NUMERIC_AGGS(f64, f64 val = X[idx_[e]], FMIN_STEP, FMAX_STEP, INFINITY, -INFINITY);
        break;
    case GROG_WEIGHT_MUL:
        NUMERIC_AGGS(f64, f64 val = WVAL * X[idx_[e]], FMIN_STEP, FMAX_STEP, INFINITY, -INFINITY);
        break;
    case GROG_WEIGHT_ADD:
        NUMERIC_AGGS(f64, f64 val = WVAL + X[idx_[e]], FMIN_STEP, FMAX_STEP, INFINITY, -INFINITY);
        break;
    }
}

static void pull_i64(int agg, const i64 *X, void *out, int64_t lo, int64_t hi, const csr_list *L, int nl)
{
    NUMERIC_AGGS(i64, i64 val = X[idx_[e]], IMIN_STEP, IMAX_STEP, INT64_MAX, INT64_MIN);
}

static void pull_bool(int agg, const u8 *X, void *out, int64_t lo, int64_t hi, const csr_list *L, int nl)
{
    for (int64_t v = lo; v < hi; v++) {
        int64_t c = 0, d = 0;
        NEIGHBOURS(u8 val = X[idx_[e]], (c += val != 0, d++));
        if (agg == GROG_AGG_COUNT)
            ((i64 *)out)[v - lo] = c;
        else if (agg == GROG_AGG_OR)
            ((u8 *)out)[v - lo] = c > 0;
        else
            ((u8 *)out)[v - lo] = c == d;
    }
}

static int cmp_f64(const void *pa, const void *pb)
{
    f64 a = *(const f64 *)pa, b = *(const f64 *)pb;
    if (a != a || b != b)
        return (a != a) - (b != b);  /* NaN after everything */
    return (a > b) - (a < b);
}

/* Ascending sort of i64, inlined: label propagation sorts every node's
 * neighbour labels every round, and qsort's comparator call per comparison
 * cost about as much as the rest of the round.  Quicksort (median of three,
 * recursing into the smaller side, so the depth is O(log n)) down to
 * insertion sort for short ranges. */
static void sort_i64(i64 *a, int64_t n)
{
    while (n > 16) {
        i64 x = a[0], y = a[n / 2], z = a[n - 1];
        i64 pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int64_t i = 0, j = n - 1;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                i64 t = a[i]; a[i] = a[j]; a[j] = t;
                i++; j--;
            }
        }
        /* a[0..j] <= pivot <= a[i..n) */
        if (j + 1 < n - i) {
            sort_i64(a, j + 1);
            a += i; n -= i;
        } else {
            sort_i64(a + i, n - i);
            n = j + 1;
        }
    }
    for (int64_t i = 1; i < n; i++) {
        i64 v = a[i];
        int64_t j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

#define QSORT_F64(buf, k) qsort(buf, (size_t)(k), sizeof(f64), cmp_f64)
#define SORT_I64(buf, k) sort_i64(buf, k)

/* mode: gather, sort, take the longest run (the first, i.e. smallest, on ties). */
#define MODE_LOOP(T, SORT, SAME)                                                 \
    for (int64_t v = lo; v < hi; v++) {                                          \
        T *buf_ = mode_buf;                                                      \
        int64_t k = 0;                                                           \
        NEIGHBOURS(T val = X[idx_[e]], buf_[k++] = val);                         \
        if (k == 0) {                                                            \
            ((T *)out)[v - lo] = X[v];                                           \
            continue;                                                            \
        }                                                                        \
        SORT(buf_, k);                                                           \
        T best = buf_[0];                                                        \
        int64_t best_run = 0;                                                    \
        for (int64_t i = 0; i < k;) {                                            \
            int64_t j = i + 1;                                                   \
            while (j < k && SAME(buf_[j], buf_[i])) j++;                         \
            if (j - i > best_run) { best_run = j - i; best = buf_[i]; }          \
            i = j;                                                               \
        }                                                                        \
        ((T *)out)[v - lo] = best;                                               \
    }

#define SAME_F64(p, q) ((p) == (q) || ((p) != (p) && (q) != (q)))
#define SAME_I64(p, q) ((p) == (q))

static void pull_mode(int dtype, const void *x, void *out, int64_t lo, int64_t hi, const csr_list *L,
                      int nl, void *mode_buf)
{
    if (dtype == GROG_DTYPE_F64) {
        const f64 *X = x;
        MODE_LOOP(f64, QSORT_F64, SAME_F64);
    } else if (dtype == GROG_DTYPE_I64) {
        const i64 *X = x;
        MODE_LOOP(i64, SORT_I64, SAME_I64);
    } else {
        const u8 *X = x;
        for (int64_t v = lo; v < hi; v++) {
            int64_t ones = 0, d = 0;
            NEIGHBOURS(u8 val = X[idx_[e]], (ones += val != 0, d++));
            /* more ones than zeros gives true; a tie goes to false (the smaller) */
            ((u8 *)out)[v - lo] = d == 0 ? X[v] : (ones > d - ones);
        }
    }
}

int grog_pull_lists(const grog_graph *g, int dir, int agg, int use_weights, grog_csr_list L[2])
{
    int nl = lists_for(g, dir, agg, L);
    if (!use_weights)
        for (int l = 0; l < nl; l++)
            L[l].w = NULL;  /* the gate is off: WVAL gives 1, exactly as without weights */
    return nl;
}

void grog_pull(const grog_graph *g, int agg, int dir, int weight, int use_weights, int dtype, const void *x,
               void *out, int64_t lo, int64_t hi, void *mode_buf)
{
    csr_list L[2];
    int nl = grog_pull_lists(g, dir, agg, use_weights, L);
    int unit = 1;
    for (int l = 0; l < nl; l++)
        unit &= L[l].w == NULL;
    if (unit && weight == GROG_WEIGHT_MUL)
        weight = GROG_WEIGHT_NONE;  /* 1 * x == x exactly: take the plain (fast) path */
    if (agg == GROG_AGG_MODE)
        pull_mode(dtype, x, out, lo, hi, L, nl, mode_buf);
    else if (dtype == GROG_DTYPE_F64)
        pull_f64(agg, weight, x, out, lo, hi, L, nl);
    else if (dtype == GROG_DTYPE_I64)
        pull_i64(agg, x, out, lo, hi, L, nl);
    else
        pull_bool(agg, x, out, lo, hi, L, nl);
}

/* Edges before node v in dir, plus v itself (so empty nodes still weigh). */
static int64_t cost_before(const grog_graph *g, int dir, int64_t v)
{
    int64_t c = v;
    if (dir != GROG_DIR_OUT) c += g->a.in_offsets[v];
    if (dir != GROG_DIR_IN) c += g->a.out_offsets[v];
    return c;
}

void grog_split_by_edges(const grog_graph *g, int dir, int64_t parts, int64_t *bounds)
{
    int64_t n = g->a.n, total = cost_before(g, dir, n);
    bounds[0] = 0;
    for (int64_t k = 1; k < parts; k++) {
        int64_t target = (int64_t)((__int128)total * k / parts);
        int64_t lo = bounds[k - 1], hi = n;  /* smallest v with cost_before(v) >= target */
        while (lo < hi) {
            int64_t mid = lo + (hi - lo) / 2;
            if (cost_before(g, dir, mid) < target) lo = mid + 1;
            else hi = mid;
        }
        bounds[k] = lo;
    }
    bounds[parts] = n;
}
