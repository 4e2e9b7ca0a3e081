/* frontier_mark.c: PROPAGATE_MARK, a marking loop run at the cost of what
 * changes (docs/frontier.md, "The marking loop").
 *
 * Fields: out the bool result (x, updated in place); a max_iter (i64);
 * b the initial marks (bool vector); c an optional bool gate (-1: none);
 * attr0 agg (0 min, 1 max), attr1 dir, attr2 cmp (bits 0-2: eq ne lt le gt
 * ge, the pulled value on the left) | 8 for combine "and"; list = on, off,
 * ref (f64 or i64, one dtype, each a scalar or a vector) [, rounds slot].
 *
 * The loop it replaces runs, round after round,
 *     p[v]    = agg over u in N(v, dir) of (x[u] ? on[u] : off[u])
 *     next[v] = combine(x[v], cmp(p[v], ref[v]) and gate[v])
 * while some next[v] differs from x[v] and fewer than max_iter rounds ran.
 * With combine "or" a marked node stays marked, with "and" an unmarked one
 * stays unmarked: such a node is settled.  Every other node's next value is
 * an element-wise function of x[v], its neighbours' x and invariants, so in
 * round k > 1 it can change only if a neighbour u (u in N(v, dir)) changed in
 * round k - 1: those nodes, the candidates, are found from the changed nodes'
 * arcs in the other direction, and each scans its FULL neighbour list, so
 * its p[v] is exactly the dense loop's.  Every node reads the values the
 * round began with (changes are applied after the scan), so each round, the
 * round count and every intermediate x are exactly the dense loop's, for any
 * thread count.  Only a comparison reads p, so the order in which a min or
 * max meets 0.0 and -0.0 cannot show; a NaN offer makes p NaN, as PULL does.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

enum { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };
#define MARK_AND 8

typedef struct mark {
    grog_ctx *c;
    int32_t addr;
    int dtype, is_max, cmp;
    u8 settled;             /* "or": 1 (a mark stays), "and": 0 */
    const u8 *gate;         /* NULL: none */
    grog_span on, off, ref; /* vec 0: a scalar */
    int n_pull, n_push;
    grog_csr_list pull[2], push[2];
    int64_t n, m_push, max_iter;
    u8 *x;
} mark;

#define AT(S, T, i) (((const T *)(S).p)[(S).vec ? (i) : 0])

/* cmp(a, b) for one comparison code (the validator keeps cmp in CMP_EQ..CMP_GE), either dtype. */
#define COMPARE(cmp, a, b)                                                                               \
    ((cmp) == CMP_EQ ? (a) == (b) : (cmp) == CMP_NE ? (a) != (b) : (cmp) == CMP_LT ? (a) < (b)        \
     : (cmp) == CMP_LE ? (a) <= (b) : (cmp) == CMP_GT ? (a) > (b) : (a) >= (b))

static inline int compare(int cmp, double a, double b, int nan)
{
    if (nan)  /* p is NaN: only != holds */
        return cmp == CMP_NE;
    return COMPARE(cmp, a, b);
}

static inline int compare_i64(int cmp, i64 a, i64 b)
{
    return COMPARE(cmp, a, b);
}

/* Whether node v (not settled) changes this round: t = cmp(p[v], ref[v])
 * and gate[v]; the node changes exactly when t equals the settled value. */
static int changes(const mark *k, int64_t v)
{
    int t = 0;
    if (!k->gate || k->gate[v]) {
        if (k->dtype == GROG_DTYPE_I64) {
            i64 best = k->is_max ? INT64_MIN : INT64_MAX;
            for (int l = 0; l < k->n_pull; l++)
                for (int64_t e = k->pull[l].off[v], e1 = k->pull[l].off[v + 1]; e < e1; e++) {
                    uint32_t u = k->pull[l].idx[e];
                    i64 o = k->x[u] ? AT(k->on, i64, u) : AT(k->off, i64, u);
                    best = k->is_max ? (o > best ? o : best) : (o < best ? o : best);
                }
            t = compare_i64(k->cmp, best, AT(k->ref, i64, v));
        } else {
            f64 best = k->is_max ? -INFINITY : INFINITY;
            int nan = 0;
            for (int l = 0; l < k->n_pull; l++)
                for (int64_t e = k->pull[l].off[v], e1 = k->pull[l].off[v + 1]; e < e1; e++) {
                    uint32_t u = k->pull[l].idx[e];
                    f64 o = k->x[u] ? AT(k->on, f64, u) : AT(k->off, f64, u);
                    nan |= o != o;
                    best = k->is_max ? (o > best ? o : best) : (o < best ? o : best);
                }
            t = compare(k->cmp, best, AT(k->ref, f64, v), nan);
        }
    }
    return t == k->settled;
}

static int64_t push_degree(const mark *k, int64_t v)
{
    int64_t d = 0;
    for (int l = 0; l < k->n_push; l++)
        d += k->push[l].off[v + 1] - k->push[l].off[v];
    return d;
}

static int64_t pull_degree(const mark *k, int64_t v)
{
    int64_t d = 0;
    for (int l = 0; l < k->n_pull; l++)
        d += k->pull[l].off[v + 1] - k->pull[l].off[v];
    return d;
}

typedef struct mark_bufs {
    uint32_t *ids, *cand;  /* the frontier (nodes changed last round); this round's candidates */
    u8 *res, *flag;        /* per node: changes this round; already a candidate */
} mark_bufs;

/* Every node that is not settled, edge-balanced over the threads; the
 * changed ones become the frontier (ids). */
static int64_t dense_round(mark *k, mark_bufs *B, const int64_t *bounds, int64_t parts, int64_t *edges)
{
#pragma omp parallel for num_threads(k->c->threads) schedule(dynamic, 1) if (parts > 1)
    for (int64_t p = 0; p < parts; p++)
        for (int64_t v = bounds[p]; v < bounds[p + 1]; v++) {
            B->res[v] = 0;  /* a cancel skips the rest: the run's results are discarded */
            if (k->x[v] != k->settled && !grog_stop_requested(k->c->ctl))
                B->res[v] = (u8)changes(k, v);
        }
    int64_t len = 0, e = 0;
    for (int64_t v = 0; v < k->n; v++)
        if (B->res[v]) {
            k->x[v] = k->settled;
            B->ids[len++] = (uint32_t)v;
            e += push_degree(k, v);
        }
    *edges = e;
    return len;
}

/* The nodes whose pull reads a node of the frontier (not settled), each
 * scanning its whole neighbour list; the changed ones become the frontier. */
static int64_t candidate_round(mark *k, mark_bufs *B, int64_t len, int64_t *edges)
{
    int64_t nc = 0, work = 0;
    for (int64_t i = 0; i < len; i++) {
        uint32_t u = B->ids[i];
        for (int l = 0; l < k->n_push; l++)
            for (int64_t e = k->push[l].off[u], e1 = k->push[l].off[u + 1]; e < e1; e++) {
                uint32_t v = k->push[l].idx[e];
                if (B->flag[v] || k->x[v] == k->settled)
                    continue;
                B->flag[v] = 1;
                B->cand[nc++] = v;
                work += pull_degree(k, v);
            }
    }
    int parallel = k->c->threads > 1 && work + nc > 4 * GROG_BLOCK;
#pragma omp parallel for num_threads(k->c->threads) schedule(dynamic, 64) if (parallel)
    for (int64_t i = 0; i < nc; i++) {
        B->res[i] = 0;
        if (!grog_stop_requested(k->c->ctl))
            B->res[i] = (u8)changes(k, B->cand[i]);
    }
    int64_t next = 0, e = 0;
    for (int64_t i = 0; i < nc; i++) {
        uint32_t v = B->cand[i];
        B->flag[v] = 0;
        if (B->res[i]) {
            k->x[v] = k->settled;
            B->ids[next++] = v;
            e += push_degree(k, v);
        }
    }
    *edges = e;
    return next;
}

static int flip(int dir)
{
    return dir == GROG_DIR_IN ? GROG_DIR_OUT : dir == GROG_DIR_OUT ? GROG_DIR_IN : dir;
}

static void free_bufs(mark_bufs *B, int64_t n)
{
    grog_free(B->ids, (size_t)n * 4);
    grog_free(B->cand, (size_t)n * 4);
    grog_free(B->res, (size_t)n);
    grog_free(B->flag, (size_t)n);
}

/* The rounds; returns a grog_fault, *rounds the count.  Round 1 and any
 * round whose frontier's arcs exceed m / ALPHA scan every node that is not
 * settled (profile kind "all"); the others scan the candidates ("pull"). */
static int mark_rounds(mark *k, int64_t *rounds, int *limited)
{
    size_t n1 = (size_t)(k->n > 0 ? k->n : 1);
    mark_bufs B = {grog_alloc(n1 * 4), grog_alloc(n1 * 4), grog_alloc(n1), grog_alloc(n1)};
    int64_t parts = k->n > GROG_BLOCK ? 16 * (int64_t)k->c->threads : 1;
    int64_t *bounds = malloc(sizeof(int64_t) * (size_t)(parts + 1));
    if (!B.ids || !B.cand || !B.res || !B.flag || !bounds) {
        free(bounds);
        free_bufs(&B, (int64_t)n1);
        return GROG_FAULT_NOMEM;
    }
    memset(B.flag, 0, n1);
    int dir = k->c->prog->code[k->addr].attr1;
    if (parts > 1) grog_split_by_edges(k->c->g, dir, parts, bounds);
    else { bounds[0] = 0; bounds[1] = k->n; }
    grog_prop log = {.c = k->c, .addr = k->addr};  /* what grog_frontier_log reads */
    grog_progress_round(k->c->ctl, k->c->depth, 0);
    grog_frontier_log(&log, 0, GROG_ROUND_ALL, k->n, k->m_push);
    int64_t edges = 0, len = dense_round(k, &B, bounds, parts, &edges), r = 1;
    while (len > 0 && r < k->max_iter) {
        if (grog_stop_requested(k->c->ctl))  /* the dispatch loop reports the cancel */
            break;
        grog_progress_round(k->c->ctl, k->c->depth, r);
        int dense = edges > k->m_push / GROG_FRONTIER_ALPHA;
        grog_frontier_log(&log, r, dense ? GROG_ROUND_ALL : GROG_ROUND_PULL, len, edges);
        len = dense ? dense_round(k, &B, bounds, parts, &edges) : candidate_round(k, &B, len, &edges);
        r++;
    }
    *rounds = r;
    *limited = len > 0;  /* something still changed when the round limit came */
    free(bounds);
    free_bufs(&B, (int64_t)n1);
    return GROG_FAULT_NONE;
}

int grog_propagate_mark(grog_ctx *c, int32_t addr, const grog_instr *in)
{
    mark K, *k = &K;
    memset(k, 0, sizeof K);
    const int32_t *list = c->prog->lists + in->list_off;  /* on, off, ref [, rounds] (validated) */
    k->c = c;
    k->addr = addr;
    k->dtype = c->prog->slots[list[0]].dtype;
    k->is_max = in->attr0 == 1;
    k->cmp = in->attr2 & 7;
    k->settled = (in->attr2 & MARK_AND) ? 0 : 1;
    k->gate = in->c >= 0 ? c->buf[in->c] : NULL;
    grog_span *spans[3] = {&k->on, &k->off, &k->ref};
    for (int j = 0; j < 3; j++)
        *spans[j] = (grog_span){c->buf[list[j]], c->prog->slots[list[j]].kind == GROG_SLOT_VECTOR};
    k->max_iter = *(const int64_t *)c->buf[in->a];
    k->n = c->n;
    k->x = c->buf[in->out];
    k->n_pull = grog_pull_lists(c->g, in->attr1, GROG_AGG_MIN, 0, k->pull);
    k->n_push = grog_pull_lists(c->g, flip(in->attr1), GROG_AGG_MIN, 0, k->push);
    for (int l = 0; l < k->n_push; l++)
        k->m_push += k->push[l].off[k->n];
    if (in->b != in->out)
        memcpy(k->x, c->buf[in->b], (size_t)k->n);
    int64_t rounds = 0;
    int fault = GROG_FAULT_NONE, limited = k->max_iter <= 0;
    if (k->max_iter > 0)
        fault = mark_rounds(k, &rounds, &limited);
    if (in->list_len > 3)
        *(int64_t *)c->buf[list[3]] = rounds;
    if (c->prof && c->prof->loop_rounds && fault == GROG_FAULT_NONE)
        c->prof->loop_rounds[addr] = rounds;
    if (c->prof && c->prof->loop_end && fault == GROG_FAULT_NONE)
        c->prof->loop_end[addr] = limited ? 2 : 1;
    return fault;
}
