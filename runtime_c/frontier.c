/* frontier.c: PROPAGATE, a monotone fixpoint loop run at the cost of what
 * changes (docs/frontier.md; fields in grog_frontier.h).
 *
 * The loop it replaces runs, round after round,
 *     next[v] = pinned(v) ? x[v] : combine(x[v], agg over u in N(v, dir) of f(x[u]))
 * while some next[v] differs from x[v] and fewer than max_iter rounds ran,
 * with agg = combine one of min, max (bool: and, or).  After round 1 (every
 * node takes part), x[v] is already no worse than f(x[u]) for every
 * neighbour u that did not change, so round k only needs the nodes that
 * changed in round k - 1: the frontier.  Rounds stay synchronous (a push
 * sends the value its node had when the round began), so every round, the
 * round count and every intermediate x are exactly the dense loop's.
 *
 * A frontier is a vertex subset, sparse (a list of ids with their values at
 * the round's start) or dense (a byte map).  A push round walks the out-edges
 * (for dir "in") of a sparse frontier and lowers targets with a CAS, costing
 * O(|frontier| + its edges); a pull round scans every node that could still
 * improve, reading only in-neighbours in the dense frontier, and stops at the
 * first neighbour that offers the best value any frontier node offers (the
 * `or` early exit of bottom-up BFS).  Pull is chosen when the frontier's
 * edges exceed m / ALPHA (Beamer's direction optimisation).  min and max are
 * idempotent, commutative and associative, so neither the schedule nor the
 * thread count changes a single bit of the result.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

void grog_frontier_log(grog_prop *p, int64_t round, int kind, int64_t size, int64_t edges)
{
    grog_profile *pr = p->c->prof;
    if (!pr || !pr->frontier || pr->frontier_len >= pr->frontier_cap)
        return;
    grog_frontier_record *r = &pr->frontier[pr->frontier_len++];
    r->addr = p->addr;
    r->kind = kind;
    r->round = round;
    r->size = size;
    r->edges = edges;
}

#define BETTER(a, b) (p->is_max ? (a) > (b) : (a) < (b))
#define W_AT(L, e) ((L).w ? (L).w[e] : 1.0)

/* f(s) along arc e of list L, for each element type. */
#define F_f64(s, L, e) (p->edge == GROG_PROP_F_NONE ? (s) : p->edge == GROG_PROP_F_CONST ? (s) + p->cf : (s) + W_AT(L, e))
#define F_i64(s, L, e) (p->edge == GROG_PROP_F_NONE ? (s) : (i64)((uint64_t)(s) + (uint64_t)p->ci))
#define F_u8(s, L, e) (s)

/* The rounds for element type T: ALL (round 1, every node), PUSH, PULL. */
#define DEFINE_ROUNDS(T)                                                                         \
static void pull_round_##T(grog_prop *p, vset_bufs *B, int all, T fbest, int bounded,            \
                           const int64_t *bounds, int64_t parts, frontier *next)                 \
{                                                                                                \
    T *x = p->x, *tmp = B->tmp;                                                                  \
    const u8 *fb = B->bits;                                                                      \
    u8 *nb = B->nbits;                                                                           \
    _Pragma("omp parallel for num_threads(p->c->threads) schedule(dynamic, 1) if (parts > 1)")   \
    for (int64_t k = 0; k < parts; k++)                                                          \
        for (int64_t v = bounds[k]; v < bounds[k + 1]; v++) {                                    \
            T xv = x[v], best = xv;                                                              \
            nb[v] = 0;  /* a cancel skips the rest: the run's results are discarded */           \
            if (grog_pinned(p, v) || (bounded && !BETTER(fbest, xv)) || grog_stop_requested(p->c->ctl))\
                continue;                                                                        \
            for (int l = 0; l < p->n_pull; l++) {                                                \
                const grog_csr_list L = p->pull[l];                                              \
                for (int64_t e = L.off[v], e1 = L.off[v + 1]; e < e1; e++) {                     \
                    uint32_t u = L.idx[e];                                                       \
                    if (!all && !fb[u])                                                          \
                        continue;                                                                \
                    T cand = F_##T(x[u], L, e);                                                  \
                    if (BETTER(cand, best)) {                                                    \
                        best = cand;                                                             \
                        if (bounded && best == fbest)                                            \
                            goto done_##T;                                                       \
                    }                                                                            \
                }                                                                                \
            }                                                                                    \
        done_##T:                                                                                \
            if (BETTER(best, xv)) {                                                              \
                tmp[v] = best;                                                                   \
                nb[v] = 1;                                                                       \
            }                                                                                    \
        }                                                                                        \
    int64_t len = 0, edges = 0;                                                                  \
    _Pragma("omp parallel for num_threads(p->c->threads) schedule(static) reduction(+:len, edges) if (p->n > GROG_BLOCK)") \
    for (int64_t v = 0; v < p->n; v++)                                                           \
        if (nb[v]) {                                                                             \
            x[v] = tmp[v];                                                                       \
            len++;                                                                               \
            edges += grog_push_degree(p, v);                                                          \
        }                                                                                        \
    next->len = len;                                                                             \
    next->edges = edges;                                                                         \
    next->dense = 1;                                                                             \
}                                                                                                \
                                                                                                 \
static void push_round_##T(grog_prop *p, vset_bufs *B, int64_t len, int parallel, frontier *next)\
{                                                                                                \
    T *x = p->x;                                                                                 \
    const T *vals = B->vals;                                                                     \
    int64_t nlen = 0, nedges = 0;                                                                \
    _Pragma("omp parallel num_threads(p->c->threads) if (parallel)")                             \
    {                                                                                            \
        uint32_t local[256];                                                                     \
        int nloc = 0;                                                                            \
        int64_t ledges = 0;                                                                      \
        _Pragma("omp for schedule(dynamic, 64) nowait")                                          \
        for (int64_t i = 0; i < len; i++) {                                                      \
            if (grog_stop_requested(p->c->ctl))  /* skip the rest: the run is discarded */      \
                continue;                                                                        \
            uint32_t u = B->ids[i];                                                              \
            T s = vals[i];                                                                       \
            for (int l = 0; l < p->n_push; l++) {                                                \
                const grog_csr_list L = p->push[l];                                              \
                for (int64_t e = L.off[u], e1 = L.off[u + 1]; e < e1; e++) {                     \
                    uint32_t v = L.idx[e];                                                       \
                    T cand = F_##T(s, L, e), cur;                                                \
                    __atomic_load(&x[v], &cur, __ATOMIC_RELAXED);                                \
                    if (!BETTER(cand, cur) || grog_pinned(p, v))                                      \
                        continue;                                                                \
                    while (BETTER(cand, cur) &&                                                  \
                           !__atomic_compare_exchange(&x[v], &cur, &cand, 0, __ATOMIC_RELAXED,   \
                                                      __ATOMIC_RELAXED))                         \
                        ;                                                                        \
                    if (!BETTER(cand, cur) || B->flag[v] ||                                      \
                        __atomic_exchange_n(&B->flag[v], 1, __ATOMIC_RELAXED))                   \
                        continue;                                                                \
                    local[nloc++] = v;                                                           \
                    ledges += grog_push_degree(p, v);                                                 \
                    if (nloc == 256) {                                                           \
                        int64_t at = __atomic_fetch_add(&nlen, nloc, __ATOMIC_RELAXED);          \
                        memcpy(B->nids + at, local, sizeof local);                               \
                        nloc = 0;                                                                \
                    }                                                                            \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
        int64_t at = __atomic_fetch_add(&nlen, nloc, __ATOMIC_RELAXED);                          \
        memcpy(B->nids + at, local, sizeof(uint32_t) * (size_t)nloc);                            \
        __atomic_fetch_add(&nedges, ledges, __ATOMIC_RELAXED);                                   \
    }                                                                                            \
    next->len = nlen;                                                                            \
    next->edges = nedges;                                                                        \
    next->dense = 0;                                                                             \
}                                                                                                \
                                                                                                 \
/* Snapshot the sparse frontier's values and clear its flags. */                              \
static void snapshot_##T(grog_prop *p, vset_bufs *B, int64_t len)                                \
{                                                                                                \
    const T *x = p->x;                                                                           \
    T *vals = B->vals;                                                                           \
    for (int64_t i = 0; i < len; i++) {                                                          \
        uint32_t u = B->ids[i];                                                                  \
        vals[i] = x[u];                                                                          \
        B->flag[u] = 0;                                                                          \
    }                                                                                            \
}                                                                                                \
                                                                                                 \
/* The best offer of a dense frontier. */                                                        \
static T dense_best_##T(grog_prop *p, const u8 *bits)                                            \
{                                                                                                \
    const T *x = p->x;                                                                           \
    T best = 0;                                                                                  \
    int any = 0;                                                                                 \
    for (int64_t u = 0; u < p->n; u++)                                                           \
        if (bits[u]) {                                                                           \
            T o = F_##T(x[u], p->push[0], 0);                                                    \
            if (!any || BETTER(o, best)) best = o;                                               \
            any = 1;                                                                             \
        }                                                                                        \
    return best;                                                                                 \
}

DEFINE_ROUNDS(f64)
DEFINE_ROUNDS(i64)
DEFINE_ROUNDS(u8)

/* A sparse frontier from a dense one (the map is cleared on the way). */
static int64_t to_sparse(grog_prop *p, vset_bufs *B)
{
    int64_t len = 0;
    for (int64_t v = 0; v < p->n; v++)
        if (B->bits[v]) {
            B->ids[len++] = (uint32_t)v;
            B->bits[v] = 0;
        }
    return len;
}

void grog_vset_free(vset_bufs *B, int64_t n)
{
    grog_free(B->ids, (size_t)n * 4);
    grog_free(B->nids, (size_t)n * 4);
    grog_free(B->vals, (size_t)n * 8);
    grog_free(B->tmp, (size_t)n * 8);
    grog_free(B->bits, (size_t)n);
    grog_free(B->nbits, (size_t)n);
    grog_free(B->flag, (size_t)n);
}

int grog_vset_alloc(vset_bufs *B, int64_t n)
{
    size_t k = (size_t)(n > 0 ? n : 1);
    B->ids = grog_alloc(k * 4);
    B->nids = grog_alloc(k * 4);
    B->vals = grog_alloc(k * 8);
    B->tmp = grog_alloc(k * 8);
    B->bits = grog_alloc(k);
    B->nbits = grog_alloc(k);
    B->flag = grog_alloc(k);
    if (!B->ids || !B->nids || !B->vals || !B->tmp || !B->bits || !B->nbits || !B->flag)
        return GROG_FAULT_NOMEM;
    memset(B->bits, 0, k);
    memset(B->flag, 0, k);
    return GROG_FAULT_NONE;
}

static void pull_round(grog_prop *p, vset_bufs *B, int all, const int64_t *bounds, int64_t parts, frontier *next)
{
    int bounded = !all && p->edge != GROG_PROP_F_WEIGHT;
    switch (p->dtype) {
    case GROG_DTYPE_F64: pull_round_f64(p, B, all, bounded ? dense_best_f64(p, B->bits) : 0, bounded, bounds, parts, next); break;
    case GROG_DTYPE_I64: pull_round_i64(p, B, all, bounded ? dense_best_i64(p, B->bits) : 0, bounded, bounds, parts, next); break;
    default: pull_round_u8(p, B, all, bounded ? dense_best_u8(p, B->bits) : 0, bounded, bounds, parts, next);
    }
    u8 *t = B->bits;  /* the next frontier's map becomes the frontier; the old one is cleared */
    B->bits = B->nbits;
    B->nbits = t;
}

void grog_push_round(grog_prop *p, vset_bufs *B, int64_t len, int64_t edges, frontier *next)
{
    int parallel = p->c->threads > 1 && edges + len > 4 * GROG_BLOCK;
    switch (p->dtype) {
    case GROG_DTYPE_F64: snapshot_f64(p, B, len); push_round_f64(p, B, len, parallel, next); break;
    case GROG_DTYPE_I64: snapshot_i64(p, B, len); push_round_i64(p, B, len, parallel, next); break;
    default: snapshot_u8(p, B, len); push_round_u8(p, B, len, parallel, next);
    }
    uint32_t *t = B->ids;
    B->ids = B->nids;
    B->nids = t;
}

/* Round 1 from the nodes that can offer anything: u can lower (raise) some
 * x[v] only if f(x[u]) is better than the worst value of a node that is not
 * pinned; with weights (finite here) a node at +inf (-inf for max) never can.
 * Returns how many there are (their ids in B->ids) or -1 once they are too
 * many for a push round to pay (then round 1 pulls into every node). */
#define DEFINE_SEED(T)                                                                           \
static int64_t seed_##T(grog_prop *p, vset_bufs *B)                                              \
{                                                                                                \
    const T *x = p->x;                                                                           \
    T worst = 0;                                                                                 \
    int any = 0;                                                                                 \
    for (int64_t v = 0; v < p->n; v++)                                                           \
        if (!grog_pinned(p, v) && (!any || BETTER(worst, x[v]))) {                                    \
            worst = x[v];                                                                        \
            any = 1;                                                                             \
        }                                                                                        \
    int64_t len = 0, edges = 0;                                                                  \
    if (!any)                                                                                    \
        return 0;                                                                                \
    for (int64_t u = 0; u < p->n; u++) {                                                         \
        int offers = p->edge == GROG_PROP_F_WEIGHT ? (p->is_max ? x[u] != -1.0 / 0.0 : x[u] != 1.0 / 0.0) \
                                                   : BETTER(F_##T(x[u], p->push[0], 0), worst);  \
        if (!offers)                                                                             \
            continue;                                                                            \
        B->ids[len++] = (uint32_t)u;                                                             \
        edges += grog_push_degree(p, u);                                                              \
        if (edges > p->m_push / GROG_FRONTIER_ALPHA)                                             \
            return -1;                                                                           \
    }                                                                                            \
    return len;                                                                                  \
}

DEFINE_SEED(f64)
DEFINE_SEED(i64)
DEFINE_SEED(u8)

/* The synchronous frontier rounds; returns a grog_fault, *rounds the count. */
static int frontier_rounds(grog_prop *p, int64_t *rounds, int *limited)
{
    vset_bufs B;
    memset(&B, 0, sizeof B);
    int64_t parts = p->n > GROG_BLOCK ? 16 * (int64_t)p->c->threads : 1;
    int64_t *bounds = malloc(sizeof(int64_t) * (size_t)(parts + 1));
    if (!bounds || grog_vset_alloc(&B, p->n)) {
        free(bounds);
        grog_vset_free(&B, p->n);
        return GROG_FAULT_NOMEM;
    }
    int pull_dir = p->c->prog->code[p->addr].attr1;
    if (parts > 1) grog_split_by_edges(p->c->g, pull_dir, parts, bounds);
    else { bounds[0] = 0; bounds[1] = p->n; }
    frontier f;
    grog_progress_round(p->c->ctl, p->c->depth, 0);
    int64_t seeds = p->dtype == GROG_DTYPE_F64 ? seed_f64(p, &B) : p->dtype == GROG_DTYPE_I64 ? seed_i64(p, &B)
                                                                                            : seed_u8(p, &B);
    if (seeds >= 0) {  /* round 1 pushes from the few nodes that can offer anything */
        int64_t edges = 0;
        for (int64_t i = 0; i < seeds; i++)
            edges += grog_push_degree(p, B.ids[i]);
        grog_frontier_log(p, 0, GROG_ROUND_PUSH, seeds, edges);
        grog_push_round(p, &B, seeds, edges, &f);
    } else {
        pull_round(p, &B, 1, bounds, parts, &f);  /* round 1: every node */
        grog_frontier_log(p, 0, GROG_ROUND_ALL, p->n, p->m_push);
    }
    int64_t r = 1;
    int pulling = seeds < 0;
    while (f.len > 0 && r < p->max_iter) {
        if (grog_stop_requested(p->c->ctl))  /* the dispatch loop reports the cancel */
            break;
        grog_progress_round(p->c->ctl, p->c->depth, r);
        int64_t thin = p->n / GROG_FRONTIER_BETA;
        int pull = f.edges > p->m_push / GROG_FRONTIER_ALPHA || (pulling && f.len > thin);
        if (pull) {
            if (!f.dense)
                for (int64_t i = 0; i < f.len; i++) {
                    B.bits[B.ids[i]] = 1;
                    B.flag[B.ids[i]] = 0;
                }
            grog_frontier_log(p, r, GROG_ROUND_PULL, f.len, f.edges);
            pull_round(p, &B, 0, bounds, parts, &f);
            memset(B.nbits, 0, (size_t)p->n);  /* the old frontier's map */
        } else {
            if (f.dense)
                f.len = to_sparse(p, &B);
            grog_frontier_log(p, r, GROG_ROUND_PUSH, f.len, f.edges);
            grog_push_round(p, &B, f.len, f.edges, &f);
        }
        pulling = pull;
        r++;
    }
    *rounds = r;
    *limited = f.len > 0;  /* something still changed when the round limit came */
    free(bounds);
    grog_vset_free(&B, p->n);
    return GROG_FAULT_NONE;
}

/* f64 values where the order of a min or max could show (NaN, -0.0) or
 * where x + w could make one (an infinite or NaN weight or constant). */
static int needs_dense(const grog_prop *p, const f64 *init)
{
    if (p->dtype != GROG_DTYPE_F64)
        return 0;
    int bad = 0;
#pragma omp parallel for num_threads(p->c->threads) schedule(static) reduction(|:bad) if (p->n > GROG_BLOCK)
    for (int64_t v = 0; v < p->n; v++)
        bad |= init[v] != init[v] || (init[v] == 0.0 && __builtin_signbit(init[v]));
    if (p->edge == GROG_PROP_F_CONST)
        bad |= !(p->cf - p->cf == 0.0) || (p->cf == 0.0 && __builtin_signbit(p->cf));
    if (p->edge == GROG_PROP_F_WEIGHT)
        for (int l = 0; l < p->n_pull && !bad; l++) {
            if (p->pull[l].w)  /* scanned once per graph (graph_weights.c) */
                bad |= grog_weight_facts_of(p->c->g, p->pull[l].w, p->pull[l].off[p->n], p->c->threads).inexact;
        }
    return bad;
}

static int flip_dir(int dir)
{
    return dir == GROG_DIR_IN ? GROG_DIR_OUT : dir == GROG_DIR_OUT ? GROG_DIR_IN : dir;
}

/* May the loop run in bucketed order?  Only when nobody reads the round
 * count, the loop surely reaches its fixpoint (max_iter >= n rounds: no
 * lightest path has more than n - 1 arcs when weights are >= 0), and no
 * initial value is -inf. */
static double delta_for(grog_prop *p, const grog_instr *in, const f64 *init)
{
    if (p->edge != GROG_PROP_F_WEIGHT || p->is_max || in->list_len != 0 || p->max_iter < p->n)
        return 0.0;
    for (int64_t v = 0; v < p->n; v++)
        if (init[v] == -__builtin_inf())
            return 0.0;
    double d = grog_delta_auto(p);
    if (d > 0.0 && in->imm_f64 > 0.0)
        d = in->imm_f64;  /* the user's Delta, once the weights allow bucketing at all */
    return d;
}

int grog_propagate(grog_ctx *c, int32_t addr, const grog_instr *in)
{
    grog_prop P, *p = &P;
    memset(p, 0, sizeof P);
    p->c = c;
    p->addr = addr;
    p->dtype = c->prog->slots[in->out].dtype;
    p->agg = grog_prop_agg[in->attr0];
    p->is_max = p->agg == GROG_AGG_MAX || p->agg == GROG_AGG_OR;
    p->edge = GROG_PROP_EDGE(in->attr2);
    p->strict = (in->attr2 & GROG_PROP_STRICT) != 0;
    p->mask = in->c >= 0 ? c->buf[in->c] : NULL;
    p->pin_value = (in->attr2 & GROG_PROP_PIN_TRUE) ? 1 : 0;
    p->cf = in->imm_f64;
    p->ci = in->imm_i64;
    p->max_iter = *(const int64_t *)c->buf[in->a];
    p->n = c->n;
    p->x = c->buf[in->out];
    int use_w = p->edge == GROG_PROP_F_WEIGHT;
    p->n_pull = grog_pull_lists(c->g, in->attr1, GROG_AGG_MIN, use_w, p->pull);
    p->n_push = grog_pull_lists(c->g, flip_dir(in->attr1), GROG_AGG_MIN, use_w, p->push);
    if (use_w && !p->pull[0].w && (p->n_pull < 2 || !p->pull[1].w)) {
        p->edge = GROG_PROP_F_CONST;  /* no weights: every arc weighs 1, so x + w is x + 1.0 to the bit */
        p->cf = 1.0;                  /* (an sssp on such a graph is a BFS: frontier_bfs.c) */
    }
    for (int l = 0; l < p->n_push; l++)
        p->m_push += p->push[l].off[p->n];
    size_t es = grog_dtype_size[p->dtype];
    if (in->b != in->out)
        memcpy(p->x, c->buf[in->b], (size_t)p->n * es);
    int64_t rounds = 0;
    int fault = GROG_FAULT_NONE, limited = 0;  /* limited: stopped by max_iter, as WHILE's loop_end 2 */
    double delta;
    if (p->max_iter <= 0 || p->n == 0) {
        limited = p->max_iter <= 0;
        rounds = p->max_iter > 0;  /* the loop runs its body once on no nodes: nothing changed, it stops */
    }
    else if (needs_dense(p, p->x))
        fault = grog_propagate_dense(p, &rounds, &limited);
    else if (p->edge == GROG_PROP_F_NONE && in->list_len == 0 && in->attr1 == GROG_DIR_ALL && !p->mask
             && grog_union_fixpoint(p, &fault))
        rounds = 1;  /* nobody sees the rounds, the loop surely converges: one sweep, reported as one round */
    else if (p->edge == GROG_PROP_F_NONE && in->list_len == 0 && p->max_iter >= p->n) {
        fault = grog_reach_fixpoint(p);  /* the same, for other directions or with a mask */
        rounds = 1;
    } else if (in->list_len == 0 && p->max_iter >= p->n && grog_bfs_applies(p)) {
        fault = grog_bfs_fixpoint(p, &rounds);  /* x + c, order free: BFS steps (frontier_bfs.c) */
        if (rounds < 0)  /* an i64 offer could overflow (x + c wraps): the rounds as written */
            fault = frontier_rounds(p, &rounds, &limited);
    } else if (p->dtype == GROG_DTYPE_F64 && (delta = delta_for(p, in, p->x)) > 0.0)
        fault = grog_delta_step(p, delta, &rounds);  /* rounds: its bucket steps */
    else
        fault = frontier_rounds(p, &rounds, &limited);
    if (in->list_len > 0)
        *(int64_t *)c->buf[c->prog->lists[in->list_off]] = rounds;
    if (c->prof && c->prof->loop_rounds && fault == GROG_FAULT_NONE)
        c->prof->loop_rounds[addr] = rounds;
    if (c->prof && c->prof->loop_end && fault == GROG_FAULT_NONE)
        c->prof->loop_end[addr] = limited ? 2 : 1;
    return fault;
}
