/* delta_step.c: min-plus PROPAGATE in bucketed order (delta-stepping,
 * Meyer and Sanders), for sssp-shaped loops on non-negative weights.
 *
 * Round-synchronous relaxation re-relaxes a node every time a slightly
 * shorter path reaches it; processing nodes in order of their value, in
 * buckets of width Delta, relaxes most nodes once.  Bucket b holds nodes
 * whose value lies in [base + b*Delta, base + (b+1)*Delta); the lowest
 * non-empty bucket is relaxed (a push round from its nodes, in parallel)
 * until it stays empty, then the next.  The result is the loop's fixpoint:
 * every node whose value improved is bucketed again, so no improvement is
 * left when the buckets run dry, and the fixpoint below the initial values
 * is unique (docs/frontier.md).  The caller (frontier.c) uses it only where
 * that fixpoint is what the loop would return.
 *
 * Buckets live in a ring of RING lists, [cur, cur + RING); a value further
 * out waits in an overflow list that is re-bucketed when the ring runs dry,
 * so huge or sparse values never need a huge array.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

#define RING 1024

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
    int64_t m = 0;
    for (int l = 0; l < p->n_push; l++) {
        const double *w = p->push[l].w;
        int64_t ml = p->push[l].off[p->n];
        m += ml;
        if (!w) {
            if (ml) { wmax = wmax > 1.0 ? wmax : 1.0; wmin = wmin < 1.0 ? wmin : 1.0; }
            continue;
        }
        int bad = 0;
        double hi = 0.0, lo = INFINITY;
#pragma omp parallel for num_threads(p->c->threads) schedule(static) reduction(|:bad) reduction(max:hi) reduction(min:lo) if (ml > GROG_BLOCK)
        for (int64_t e = 0; e < ml; e++) {
            double x = w[e];
            bad |= !(x >= 0.0) || x == INFINITY || (x == 0.0 && signbit(x));
            hi = x > hi ? x : hi;
            lo = x > 0.0 && x < lo ? x : lo;
        }
        if (bad)
            return 0.0;
        wmax = hi > wmax ? hi : wmax;
        wmin = lo < wmin ? lo : wmin;
    }
    if (m == 0 || wmax == 0.0)
        return 1.0;  /* no arcs, or all weigh 0: one bucket holds everything */
    double avg_degree = (double)m / (double)p->n;
    double delta = wmax / avg_degree;  /* Meyer and Sanders: Theta(max weight / degree) */
    return delta > wmin ? delta : wmin;  /* never narrower than the lightest arc */
}

/* The bucket of value d, capped so far-out values all wait in the overflow. */
static int64_t bucket_of(double d, double base, double delta)
{
    double b = floor((d - base) / delta);
    return b < 4.0e18 ? (int64_t)b : (int64_t)4e18;
}

typedef struct buckets {
    idlist ring[RING], over;
    int64_t cur;  /* the ring covers buckets [cur, cur + RING) */
    double base, delta;
} buckets;

static int put(buckets *K, const double *x, uint32_t v)
{
    int64_t b = bucket_of(x[v], K->base, K->delta);
    b = b < K->cur ? K->cur : b;  /* values never drop below the bucket being relaxed; a guard */
    return b < K->cur + RING ? push_id(&K->ring[b % RING], v) : push_id(&K->over, v);
}

/* Move cur to the lowest non-empty bucket; 0 when every bucket is empty. */
static int advance(buckets *K, const double *x, int *fault)
{
    for (;;) {
        for (int64_t b = K->cur; b < K->cur + RING; b++)
            if (K->ring[b % RING].len) {
                K->cur = b;
                return 1;
            }
        if (!K->over.len)
            return 0;
        int64_t low = INT64_MAX;
        for (int64_t i = 0; i < K->over.len; i++) {
            int64_t b = bucket_of(x[K->over.v[i]], K->base, K->delta);
            low = b < low ? b : low;
        }
        idlist old = K->over;
        memset(&K->over, 0, sizeof K->over);
        K->cur = low;
        for (int64_t i = 0; i < old.len && !*fault; i++)
            *fault = put(K, x, old.v[i]);
        free(old.v);
        if (*fault)
            return 0;
    }
}

int grog_delta_step(grog_prop *p, double delta, int64_t *steps)
{
    double *x = p->x;
    vset_bufs B;
    memset(&B, 0, sizeof B);
    buckets *K = calloc(1, sizeof *K);
    int fault = K ? grog_vset_alloc(&B, p->n) : GROG_FAULT_NOMEM;
    if (!fault) {
        double base = INFINITY;
        for (int64_t v = 0; v < p->n; v++)
            base = x[v] < base ? x[v] : base;
        K->base = base;
        K->delta = delta;
        for (int64_t v = 0; v < p->n && !fault && base < INFINITY; v++)
            if (x[v] < INFINITY)
                fault = put(K, x, (uint32_t)v);
    }
    int64_t step = 0;
    while (!fault && !grog_stop_requested(p->c->ctl) && advance(K, x, &fault)) {  /* a cancel: reported by the caller */
        /* the bucket's live nodes (not moved to a lower bucket since, listed once) */
        idlist *bin = &K->ring[K->cur % RING];
        int64_t len = 0, edges = 0;
        for (int64_t i = 0; i < bin->len; i++) {
            uint32_t v = bin->v[i];
            if (B.bits[v] || bucket_of(x[v], K->base, K->delta) != K->cur)
                continue;
            B.bits[v] = 1;
            B.ids[len++] = v;
        }
        bin->len = 0;
        for (int64_t i = 0; i < len; i++) {
            B.bits[B.ids[i]] = 0;
            edges += p->push[0].off[B.ids[i] + 1] - p->push[0].off[B.ids[i]];
        }
        if (!len)
            continue;
        grog_progress_round(p->c->ctl, p->c->depth, step);  /* bucket steps count as its rounds */
        grog_frontier_log(p, step++, GROG_ROUND_BUCKET, len, edges);
        frontier next;
        grog_push_round(p, &B, len, edges, &next);
        for (int64_t i = 0; i < next.len && !fault; i++) {
            B.flag[B.ids[i]] = 0;
            fault = put(K, x, B.ids[i]);
        }
    }
    *steps = step;
    for (int k = 0; k < RING && K; k++)
        free(K->ring[k].v);
    if (K)
        free(K->over.v);
    free(K);
    grog_vset_free(&B, p->n);
    return fault;
}
