/* delta_step.c: min-plus PROPAGATE in bucketed order (delta-stepping,
 * Meyer and Sanders), for sssp-shaped loops on non-negative weights.
 *
 * Round-synchronous relaxation re-relaxes a node every time a slightly
 * shorter path reaches it; processing nodes in order of their value, in
 * buckets of width Delta, relaxes most nodes once.  Bucket b holds nodes
 * whose value lies in [base + b*Delta, base + (b+1)*Delta); the lowest
 * non-empty bucket is relaxed until it stays empty, then the next.
 *
 * Why any order gives the loop's result, bit for bit: a relaxation offers
 * x[u] + w, and rounding is monotone, so x[u] + w never drops below x[u]
 * and a larger x[u] never offers less.  Every value the kernel writes is
 * the rounded left-to-right sum along some walk, and when no bucket is left
 * every arc satisfies x[v] <= x[u] + w (a node whose value dropped is
 * bucketed again); by induction on the walk's length x[v] is then at most
 * every walk's sum.  So x[v] is the least rounded sum over all walks (a
 * cycle never helps), which is also what the synchronous loop reaches
 * within n rounds: the fixpoint is unique (docs/frontier.md).  The caller
 * (frontier.c) uses this kernel only where that fixpoint is what the loop
 * returns.
 *
 * Parallel scheme (one OpenMP team for the whole run, two barriers per
 * bucket step): every thread relaxes a share of the current bucket's
 * nodes, lowering targets with a CAS-min on the f64 value and putting each
 * node it lowered into its OWN bins; while its own copy of the current
 * bucket stays small it relaxes that at once (bucket fusion, Zhang et al.,
 * CGO 2020: fewer steps and barriers on long-diameter graphs).  Then the
 * threads agree on the lowest non-empty bucket and each appends its bin for
 * it to the shared frontier, dropping nodes whose value has since moved to
 * a lower bucket (already relaxed at that value) and nodes another thread
 * already appended (a per-node stamp), so a frontier never exceeds n.
 *
 * Bins live in a window of RING buckets [wbase, wbase + RING); a value
 * further out waits in the thread's overflow list, re-bucketed when every
 * thread's window is empty, so huge or sparse values never need a huge
 * array and all window entries come before all overflow entries.
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

#define RING 1024
/* A thread relaxes its own bin for the current bucket at once while it holds
 * fewer nodes than this (bucket fusion); GAPBS uses 1000. */
#define FUSE_MAX 1024
/* Below this many arcs + nodes the run stays on one thread: the barriers of
 * a team cost more than they save. */
#define PAR_MIN (64 * GROG_BLOCK)
/* A bucket of at most this many nodes runs on one thread (solo). */
#define SOLO_MAX 256
#define NO_BUCKET INT64_MAX

typedef struct idlist {
    uint32_t *v;
    int64_t len, cap;
} idlist;

static int push_id(idlist *l, uint32_t v)
{
    if (l->len == l->cap) {
        int64_t cap = l->cap ? 2 * l->cap : 64;
        uint32_t *nv = realloc(l->v, sizeof(uint32_t) * (size_t)cap);
        if (!nv)
            return GROG_FAULT_NOMEM;
        l->v = nv;
        l->cap = cap;
    }
    l->v[l->len++] = v;
    return GROG_FAULT_NONE;
}

double grog_delta_auto(const grog_prop *p)
{
    double wmax = 0.0, wmin = INFINITY;
    for (int l = 0; l < p->n_push; l++) {
        int64_t ml = p->push[l].off[p->n];
        if (!ml)
            continue;
        grog_weight_facts f = {0};
        if (p->push[l].w)
            f = grog_weight_facts_of(p->c->g, p->push[l].w, ml, p->c->threads);
        else
            f.max = f.min_pos = 1.0;  /* no weights: every arc weighs 1 */
        if (f.inexact || f.negative)
            return 0.0;
        wmax = f.max > wmax ? f.max : wmax;
        wmin = f.min_pos < wmin ? f.min_pos : wmin;
    }
    /* The degree at the end of an average arc, sum(d^2) / sum(d): where a
     * relaxation chain goes next.  On skewed graphs (Kronecker: 30 arcs per
     * node, 2,200 per arc end) it is the hubs that paths run through. */
    double sum_d = 0.0, sum_d2 = 0.0;
#pragma omp parallel for num_threads(p->c->threads) schedule(static) reduction(+:sum_d, sum_d2) if (p->n > 16 * GROG_BLOCK)
    for (int64_t v = 0; v < p->n; v++) {
        double d = 0.0;
        for (int l = 0; l < p->n_push; l++)
            d += (double)(p->push[l].off[v + 1] - p->push[l].off[v]);
        sum_d += d;
        sum_d2 += d * d;
    }
    if (sum_d == 0.0 || wmax == 0.0)
        return 1.0;  /* no arcs, or all weigh 0: one bucket holds everything */
    /* Arcs lighter than Delta continue a chain inside a bucket; with weights
     * spread over [0, wmax] an arc end has about degree * Delta / wmax of
     * them, so Delta = 2 wmax / degree keeps that fan-out near 2 (Meyer and
     * Sanders' Theta(1 / d), with the arc-end degree). */
    double delta = 2.0 * wmax * sum_d / sum_d2;
    return delta > wmin ? delta : wmin;  /* never narrower than the lightest arc */
}

/* The bucket of value d, capped so far-out values all wait in the overflow.
 * Monotone in d, so x[u] + w (>= x[u]) never lands below u's bucket. */
static inline int64_t bucket_of(double d, double base, double delta)
{
    double b = floor((d - base) / delta);
    return b < 4.0e18 ? (int64_t)b : (int64_t)4e18;
}

/* One thread's bins: the window's lists, the overflow (with a lower bound
 * of its buckets), a spare list for fusion, and its counts. */
typedef struct tbins {
    idlist ring[RING], over, spare;
    int64_t over_min;
    int64_t relaxed;  /* arcs relaxed in the current step (the profile's edges) */
    int fault;
} tbins;

/* What every thread shares; votes padded to a cache line each. */
typedef struct vote {
    int64_t next, relaxed;
    int fault;
    char pad[44];
} vote;

typedef struct dstate {
    grog_prop *p;
    double *x, base, delta;
    uint32_t *front;   /* the current bucket's nodes, n at most */
    int64_t *stamp;    /* stamp[v] = 1 + the step that last appended v */
    int64_t tail;      /* the append counter */
    vote *votes;
    tbins **bins;
    int nt;            /* threads in the team */
    int64_t solo_max;  /* buckets of at most this many nodes run on the master alone */
    int64_t cur, wbase, flen, gen, step;  /* the bucket, the window, the frontier, the stamp, steps so far */
    int done;          /* no bucket is left */
    int stop;          /* a cancel seen by the master: every thread leaves at the next step */
} dstate;

static void put(tbins *T, int64_t wbase, int64_t b, uint32_t v)
{
    int f;
    if (b < wbase + RING) {
        f = push_id(&T->ring[b > wbase ? b - wbase : 0], v);
    } else {
        f = push_id(&T->over, v);
        T->over_min = b < T->over_min ? b : T->over_min;
    }
    T->fault = T->fault ? T->fault : f;
}

/* Offer u's current value to its push neighbours; bin every node lowered. */
static void relax(dstate *S, tbins *T, int64_t wbase, uint32_t u)
{
    const grog_prop *p = S->p;
    double *x = S->x, du;
    __atomic_load(&x[u], &du, __ATOMIC_RELAXED);
    for (int l = 0; l < p->n_push; l++) {
        const grog_csr_list L = p->push[l];
        int64_t e0 = L.off[u], e1 = L.off[u + 1];
        T->relaxed += e1 - e0;
        for (int64_t e = e0; e < e1; e++) {
            uint32_t v = L.idx[e];
            double cand = du + (L.w ? L.w[e] : 1.0), cur;
            __atomic_load(&x[v], &cur, __ATOMIC_RELAXED);
            if (!(cand < cur) || grog_pinned(p, v))
                continue;
            while (cand < cur) {  /* CAS-min: a failed swap reloads cur */
                if (__atomic_compare_exchange(&x[v], &cur, &cand, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
                    put(T, wbase, bucket_of(cand, S->base, S->delta), v);
                    break;
                }
            }
        }
    }
}

/* The lowest bucket >= cur this thread holds anything for (NO_BUCKET: none). */
static int64_t lowest(const tbins *T, int64_t wbase, int64_t cur)
{
    for (int64_t i = cur - wbase; i < RING; i++)
        if (T->ring[i].len)
            return wbase + i;
    return T->over.len ? T->over_min : NO_BUCKET;
}

/* Move the overflow's nodes that fall in the new window [wbase, wbase +
 * RING) into it, dropping those whose value already went below it. */
static void rebucket(dstate *S, tbins *T, int64_t wbase)
{
    idlist old = T->over;
    memset(&T->over, 0, sizeof T->over);
    T->over_min = NO_BUCKET;
    for (int64_t i = 0; i < old.len; i++) {
        uint32_t v = old.v[i];
        int64_t b = bucket_of(S->x[v], S->base, S->delta);
        if (b >= wbase)
            put(T, wbase, b, v);
    }
    free(old.v);
}

/* Append this thread's live, not yet appended nodes of bucket cur to the
 * shared frontier (the bin is emptied). */
static void append(dstate *S, tbins *T, int64_t wbase, int64_t cur, int64_t step, int64_t *tail)
{
    idlist *bin = &T->ring[cur - wbase];
    int64_t k = 0;
    for (int64_t i = 0; i < bin->len; i++) {
        uint32_t v = bin->v[i];
        if (bucket_of(S->x[v], S->base, S->delta) != cur)
            continue;  /* moved to a lower bucket since, and relaxed there */
        if (__atomic_load_n(&S->stamp[v], __ATOMIC_RELAXED) == step + 1 ||
            __atomic_exchange_n(&S->stamp[v], step + 1, __ATOMIC_RELAXED) == step + 1)
            continue;  /* another thread has it */
        bin->v[k++] = v;
    }
    if (k) {
        int64_t at = __atomic_fetch_add(tail, k, __ATOMIC_RELAXED);
        memcpy(S->front + at, bin->v, sizeof(uint32_t) * (size_t)k);
    }
    bin->len = 0;
}

/* Relax this thread's own bin for bucket cur while it stays small. */
static void fuse(dstate *S, tbins *T, int64_t wbase, int64_t cur)
{
    idlist *bin = &T->ring[cur - wbase];
    while (bin->len && bin->len < FUSE_MAX && !T->fault && !grog_stop_requested(S->p->c->ctl)) {
        idlist work = *bin;
        *bin = T->spare;
        bin->len = 0;
        for (int64_t i = 0; i < work.len; i++)
            relax(S, T, wbase, work.v[i]);
        T->spare = work;
    }
}

/* The lowest bucket any thread holds anything for; the caller makes sure
 * no thread is changing its bins. */
static int64_t lowest_of_all(const dstate *S, int64_t wbase, int64_t cur)
{
    int64_t next = NO_BUCKET;
    for (int k = 0; k < S->nt; k++) {
        int64_t b = lowest(S->bins[k], wbase, cur);
        next = b < next ? b : next;
    }
    return next;
}

/* The master alone runs the steps whose bucket holds at most solo_max
 * nodes, with every thread's bins (the others wait at a barrier): a thin
 * bucket costs less than the barriers a team step needs, which matters on
 * long-diameter graphs (a path takes one step per node).  It returns once a
 * bucket is wide again (left in S->front for the team), nothing is left
 * (S->done) or a fault or cancel stops it. */
static void solo(dstate *S, tbins *T)
{
    grog_prop *p = S->p;
    while (!S->done && !S->stop && S->flen <= S->solo_max) {
        T->relaxed = 0;
        for (int64_t i = 0; i < S->flen && !T->fault && !grog_stop_requested(p->c->ctl); i++)
            relax(S, T, S->wbase, S->front[i]);  /* one thread: the whole bucket may be here */
        if (S->flen)
            fuse(S, T, S->wbase, S->cur);
        if (S->flen)
            grog_frontier_log(p, S->step++, GROG_ROUND_BUCKET, S->flen, T->relaxed);
        int64_t next = lowest_of_all(S, S->wbase, S->cur);
        for (int k = 0; k < S->nt; k++)
            S->stop |= S->bins[k]->fault != 0;
        if (next == NO_BUCKET || S->stop) {
            S->done = 1;
            break;
        }
        if (next >= S->wbase + RING) {  /* every window is empty: the next one starts at next */
            S->wbase = next;
            for (int k = 0; k < S->nt; k++)
                rebucket(S, S->bins[k], S->wbase);
        }
        S->cur = next;
        S->tail = 0;
        for (int k = 0; k < S->nt; k++)
            append(S, S->bins[k], S->wbase, S->cur, S->gen, &S->tail);
        S->gen++;
        S->flen = S->tail;
        if (S->flen)
            grog_progress_round(p->c->ctl, p->c->depth, S->step);  /* bucket steps count as its rounds */
        if (grog_stop_requested(p->c->ctl))  /* a cancel: reported by the caller */
            S->stop = 1;
    }
}

/* The team's steps.  Shared state (S->cur, wbase, flen, gen, done, stop)
 * changes only where one thread runs: in the master between barriers 2 and
 * 3 (solo steps included), or identically in every thread between barriers
 * 1 and 2, where nobody writes a vote. */
static void team(dstate *S)
{
    grog_prop *p = S->p;
    int t = omp_get_thread_num();
    tbins *T = S->bins[t];
#pragma omp for schedule(static)
    for (int64_t v = 0; v < p->n; v++)
        if (S->x[v] < INFINITY)
            put(T, 0, bucket_of(S->x[v], S->base, S->delta), (uint32_t)v);
    /* S->flen = 0: the first pass only finds the lowest bucket */
    for (;;) {
        int64_t flen = S->flen, wbase = S->wbase, cur = S->cur;
        T->relaxed = 0;
#pragma omp for schedule(dynamic, 64) nowait
        for (int64_t i = 0; i < flen; i++)
            if (!grog_stop_requested(p->c->ctl) && !T->fault)  /* a cancel skips the rest */
                relax(S, T, wbase, S->front[i]);
        if (flen)  /* the first pass only finds the lowest bucket: its work belongs to a logged step */
            fuse(S, T, wbase, cur);
        S->votes[t].next = lowest(T, wbase, cur);
        S->votes[t].relaxed = T->relaxed;
        S->votes[t].fault = T->fault;
#pragma omp barrier
        int64_t next = NO_BUCKET, relaxed = 0;
        int stop = S->stop;
        for (int k = 0; k < S->nt; k++) {
            next = S->votes[k].next < next ? S->votes[k].next : next;
            relaxed += S->votes[k].relaxed;
            stop |= S->votes[k].fault;
        }
        if (stop || next == NO_BUCKET)
            break;  /* every thread decides alike */
        if (next >= wbase + RING) {  /* every window is empty: the next one starts at next */
            wbase = next;
            rebucket(S, T, wbase);
        }
        append(S, T, wbase, next, S->gen, &S->tail);
#pragma omp barrier
#pragma omp master
        {
            if (flen)
                grog_frontier_log(p, S->step++, GROG_ROUND_BUCKET, flen, relaxed);
            S->wbase = wbase;
            S->cur = next;
            S->gen++;
            S->flen = S->tail;
            S->tail = 0;
            if (S->flen)
                grog_progress_round(p->c->ctl, p->c->depth, S->step);  /* bucket steps count as its rounds */
            if (grog_stop_requested(p->c->ctl))  /* a cancel: reported by the caller */
                S->stop = 1;
            solo(S, T);
        }
#pragma omp barrier
        if (S->done || S->stop)
            break;
    }
}

int grog_delta_step(grog_prop *p, double delta, int64_t *steps)
{
    int64_t n = p->n;
    double *x = p->x, base = INFINITY;
    int threads = p->c->threads > 1 && p->m_push + n > PAR_MIN ? p->c->threads : 1;
    *steps = 0;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(min:base)
    for (int64_t v = 0; v < n; v++)
        base = x[v] < base ? x[v] : base;
    if (!(base < INFINITY))
        return GROG_FAULT_NONE;  /* nothing finite: nothing to offer */
    dstate S;
    memset(&S, 0, sizeof S);
    S.p = p;
    S.x = x;
    S.base = base;
    S.delta = delta;
    S.nt = threads;
    S.solo_max = threads > 1 ? SOLO_MAX : INT64_MAX;  /* one thread: every step is solo */
    S.front = grog_alloc((size_t)n * sizeof(uint32_t));
    S.stamp = calloc((size_t)n, sizeof(int64_t));
    S.votes = calloc((size_t)threads, sizeof(vote));
    S.bins = calloc((size_t)threads, sizeof(tbins *));
    int fault = S.front && S.stamp && S.votes && S.bins ? GROG_FAULT_NONE : GROG_FAULT_NOMEM;
    for (int t = 0; t < threads && !fault; t++) {
        S.bins[t] = calloc(1, sizeof(tbins));
        if (!S.bins[t])
            fault = GROG_FAULT_NOMEM;
        else
            S.bins[t]->over_min = NO_BUCKET;
    }
    if (!fault) {
#pragma omp parallel num_threads(threads)
        team(&S);
        *steps = S.step;
        for (int t = 0; t < threads; t++)
            fault = fault ? fault : S.bins[t]->fault;
    }
    for (int t = 0; t < threads && S.bins; t++) {
        tbins *T = S.bins[t];
        if (!T)
            continue;
        for (int k = 0; k < RING; k++)
            free(T->ring[k].v);
        free(T->over.v);
        free(T->spare.v);
        free(T);
    }
    free(S.bins);
    free(S.votes);
    free(S.stamp);
    grog_free(S.front, (size_t)n * sizeof(uint32_t));
    return fault;
}
