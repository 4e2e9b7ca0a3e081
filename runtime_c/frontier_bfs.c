/* frontier_bfs.c: PROPAGATE with f(x) = x + c (min with c >= 0, max with
 * c <= 0) to its fixpoint as a multi-source breadth-first search, when
 * nobody reads the round count and the loop surely converges (max_iter >= n).
 *
 * Why this is exact: f is monotone and never better than its argument
 * (a + c >= a for min, also in f64 rounding), so a node's fixpoint value is
 * f applied along a shortest-hop path from the best source that reaches it,
 * and the nodes can be settled in order of value, as Dijkstra's algorithm
 * does: a step takes every node whose value is the lowest not yet taken, b
 * (the sources whose initial value is b and still theirs, and the nodes a
 * step set to b), and offers f(b) to their neighbours; a node takes f(b)
 * when it is better than its value.  Offers only get worse from step to
 * step, so a node improves at most once and the queue holds at most n ids,
 * in order of value, one segment per step.  With a single source (the
 * library's bfs) the steps are exactly the BFS levels.
 *
 * Every node of a step offers the same value, so a step is a BFS level:
 * push (top-down: the step's out-arcs, a CAS on the target, thread-local
 * buffers flushed to the queue) or pull (bottom-up: every node that f(b)
 * would improve scans its in-arcs for a node of the step, in a bitmap, and
 * stops at the first).  The direction is chosen as in Beamer's
 * direction-optimising BFS (docs/frontier.md): pull once the step's edges
 * exceed the unexplored edges / ALPHA, keep pulling while the steps grow or
 * hold more than n / BETA nodes, and never pull a step with fewer than
 * n / BETA edges.  Which node improves at which step does not
 * depend on the schedule, so results, step counts and frontier sizes are the
 * same for every thread count.
 *
 * i64 values apply only when no offer can overflow (the loop's x + c wraps,
 * and a wrapped offer would be "better"); the caller falls back to the
 * synchronous rounds otherwise.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

typedef double f64;
typedef int64_t i64;

/* sources_T: an i64 offer could overflow, so the kernel does not apply. */
#define BFS_OVERFLOW (-1)

/* Ids a thread collects before it flushes them to the shared queue. */
#define BFS_LOCAL 512
/* A parallel push from at most this many nodes splits their edges instead. */
#define BFS_FEW 64

typedef struct bfs_queue {
    uint32_t *ids;      /* n entries: improved nodes, step by step */
    int64_t tail;       /* entries written */
    int64_t cap;        /* n */
} bfs_queue;

/* Append a thread's ids; a queue never holds more than n ids (each node
 * improves once), and the bound is checked all the same. */
static void flush(bfs_queue *q, const uint32_t *ids, int k)
{
    int64_t at = __atomic_fetch_add(&q->tail, (int64_t)k, __ATOMIC_RELAXED);
    for (int i = 0; i < k && at + i < q->cap; i++)
        q->ids[at + i] = ids[i];
}

#define BETTER(a, b) (p->is_max ? (a) > (b) : (a) < (b))
#define F_f64(s) ((s) + p->cf)
#define F_i64(s) ((i64)((uint64_t)(s) + (uint64_t)p->ci))
/* A sort key that puts the best value first: -x (f64: exact), ~x (i64: -x - 1, never overflows). */
#define KEY_f64(s) (p->is_max ? -(s) : (s))
#define KEY_i64(s) (p->is_max ? (i64)~(uint64_t)(s) : (s))

/* Steps for element type T.  A step's frontier is ids[0, len) (every one at
 * value b); nv = f(b).  Both append the nodes they improve to q and return
 * their push edges. */
#define DEFINE_STEPS(T)                                                                          \
/* Offer nv to v in a parallel push: every offer of the step is nv, so one                       \
 * CAS wins and the rest see nv; the winner goes to the thread's buffer. */                      \
static inline void claim_##T(grog_prop *p, T *x, uint32_t v, T nv, bfs_queue *q, uint32_t *local, int *k,\
                             int64_t *edges)                                                     \
{                                                                                                \
    T cur;                                                                                       \
    __atomic_load(&x[v], &cur, __ATOMIC_RELAXED);                                                \
    if (!BETTER(nv, cur) || grog_pinned(p, v) ||                                                      \
        !__atomic_compare_exchange(&x[v], &cur, &nv, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED))     \
        return;                                                                                  \
    *edges += grog_push_degree(p, v);                                                                 \
    local[(*k)++] = v;                                                                           \
    if (*k == BFS_LOCAL) {                                                                       \
        flush(q, local, *k);                                                                     \
        *k = 0;                                                                                  \
    }                                                                                            \
}                                                                                                \
                                                                                                 \
static int64_t push_step_##T(grog_prop *p, const uint32_t *ids, int64_t len, T nv, bfs_queue *q)  \
{                                                                                                \
    T *x = p->x;                                                                                 \
    int64_t edges = 0;                                                                           \
    _Pragma("omp parallel num_threads(p->c->threads) reduction(+:edges)")                        \
    {                                                                                            \
        uint32_t local[BFS_LOCAL];                                                               \
        int k = 0;                                                                               \
        _Pragma("omp for schedule(dynamic, 64) nowait")                                          \
        for (int64_t i = 0; i < len; i++) {                                                      \
            if (grog_stop_requested(p->c->ctl))  /* skip the rest: the run is discarded */      \
                continue;                                                                        \
            uint32_t u = ids[i];                                                                 \
            for (int l = 0; l < p->n_push; l++) {                                                \
                const grog_csr_list L = p->push[l];                                              \
                for (int64_t e = L.off[u], e1 = L.off[u + 1]; e < e1; e++) {                     \
                    uint32_t v = L.idx[e];                                                       \
                    claim_##T(p, x, v, nv, q, local, &k, &edges);                                \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
        flush(q, local, k);                                                                      \
    }                                                                                            \
    return edges;                                                                                \
}                                                                                                \
                                                                                                 \
/* A push on one thread: no team (a team of one still costs a microsecond \
 * or so to start, which a 50,000-step path would pay per step), no CAS, ids \
 * straight into the queue.  It leaves the new nodes' edges uncounted (-1):  \
 * reading a node's offsets as it is found would wait on a second cache     \
 * miss behind x[v]'s; the next step counts them in one independent sweep. */ \
static int64_t push_seq_##T(grog_prop *p, const uint32_t *ids, int64_t len, T nv, bfs_queue *q)  \
{                                                                                                \
    T *x = p->x;                                                                                 \
    int64_t tail = q->tail;                                                                      \
    for (int64_t i = 0; i < len; i++) {                                                          \
        if (i % GROG_BLOCK == GROG_BLOCK - 1 && grog_stop_requested(p->c->ctl))                  \
            break;  /* the run is discarded */                                                   \
        uint32_t u = ids[i];                                                                     \
        for (int l = 0; l < p->n_push; l++) {                                                    \
            const grog_csr_list L = p->push[l];                                                  \
            for (int64_t e = L.off[u], e1 = L.off[u + 1]; e < e1; e++) {                         \
                uint32_t v = L.idx[e];                                                           \
                if (!BETTER(nv, x[v]) || grog_pinned(p, v) || tail >= q->cap)                         \
                    continue;                                                                    \
                x[v] = nv;                                                                       \
                q->ids[tail++] = v;                                                              \
            }                                                                                    \
        }                                                                                        \
    }                                                                                            \
    q->tail = tail;                                                                              \
    return -1;                                                                                   \
}                                                                                                \
                                                                                                 \
/* A push from a few nodes with many edges (a hub source): the edges of    \
 * ids[0, len) (len <= FEW), list by list, split into chunks across the     \
 * threads, so one node's arcs do not run on one thread. */                 \
static int64_t push_few_##T(grog_prop *p, const uint32_t *ids, int64_t len, T nv, bfs_queue *q)  \
{                                                                                                \
    T *x = p->x;                                                                                 \
    int64_t edges = 0, pre[BFS_FEW + 1];                                                         \
    for (int l = 0; l < p->n_push; l++) {                                                        \
        const grog_csr_list L = p->push[l];                                                      \
        pre[0] = 0;                                                                              \
        for (int64_t i = 0; i < len; i++)                                                        \
            pre[i + 1] = pre[i] + (L.off[ids[i] + 1] - L.off[ids[i]]);                           \
        int64_t chunks = (pre[len] + GROG_BLOCK - 1) / GROG_BLOCK;                               \
        _Pragma("omp parallel num_threads(p->c->threads) reduction(+:edges)")                    \
        {                                                                                        \
            uint32_t local[BFS_LOCAL];                                                           \
            int k = 0;                                                                           \
            _Pragma("omp for schedule(dynamic, 1) nowait")                                       \
            for (int64_t c = 0; c < chunks; c++) {                                               \
                if (grog_stop_requested(p->c->ctl))                                              \
                    continue;                                                                    \
                int64_t j = c * GROG_BLOCK, j1 = j + GROG_BLOCK < pre[len] ? j + GROG_BLOCK : pre[len]; \
                int64_t i = 0;                                                                   \
                while (pre[i + 1] <= j)                                                          \
                    i++;                                                                         \
                for (; j < j1; i++) {                                                            \
                    int64_t base = L.off[ids[i]] - pre[i], stop = pre[i + 1] < j1 ? pre[i + 1] : j1; \
                    for (; j < stop; j++) {                                                      \
                        uint32_t v = L.idx[base + j];                                            \
                        claim_##T(p, x, v, nv, q, local, &k, &edges);                            \
                    }                                                                            \
                }                                                                                \
            }                                                                                    \
            flush(q, local, k);                                                                  \
        }                                                                                        \
    }                                                                                            \
    return edges;                                                                                \
}                                                                                                \
                                                                                                 \
/* Bottom-up over 64-node words: a thread owns whole words of next, so it  \
 * writes them without atomics, and every word is written (no clearing). */ \
static int64_t pull_step_##T(grog_prop *p, const uint64_t *front, uint64_t *next, T nv, bfs_queue *q)\
{                                                                                                \
    T *x = p->x;                                                                                 \
    int64_t words = (p->n + 63) / 64, edges = 0;                                                 \
    _Pragma("omp parallel num_threads(p->c->threads) if (p->n > GROG_BLOCK) reduction(+:edges)") \
    {                                                                                            \
        uint32_t local[BFS_LOCAL];                                                               \
        int k = 0;                                                                               \
        _Pragma("omp for schedule(dynamic, 16) nowait")                                          \
        for (int64_t w = 0; w < words; w++) {                                                    \
            uint64_t bits = 0;                                                                   \
            int64_t v0 = w * 64, v1 = v0 + 64 < p->n ? v0 + 64 : p->n;                           \
            if (grog_stop_requested(p->c->ctl)) {                                                \
                next[w] = 0;                                                                     \
                continue;                                                                        \
            }                                                                                    \
            for (int64_t v = v0; v < v1; v++) {                                                  \
                if (!BETTER(nv, x[v]) || grog_pinned(p, v))                                           \
                    continue;                                                                    \
                for (int l = 0; l < p->n_pull; l++) {                                            \
                    const grog_csr_list L = p->pull[l];                                          \
                    for (int64_t e = L.off[v], e1 = L.off[v + 1]; e < e1; e++) {                 \
                        uint32_t u = L.idx[e];                                                   \
                        if (front[u >> 6] >> (u & 63) & 1) {                                     \
                            x[v] = nv;                                                           \
                            goto found_##T;                                                      \
                        }                                                                        \
                    }                                                                            \
                }                                                                                \
                continue;                                                                        \
            found_##T:                                                                           \
                bits |= (uint64_t)1 << (v & 63);                                                 \
                edges += grog_push_degree(p, v);                                                      \
                local[k++] = (uint32_t)v;                                                        \
                if (k == BFS_LOCAL) {                                                            \
                    flush(q, local, k);                                                          \
                    k = 0;                                                                       \
                }                                                                                \
            }                                                                                    \
            next[w] = bits;                                                                      \
        }                                                                                        \
        flush(q, local, k);                                                                      \
    }                                                                                            \
    return edges;                                                                                \
}

DEFINE_STEPS(f64)
DEFINE_STEPS(i64)

/* A push step's kernel: on one thread, split by edges (a few nodes), or by
 * nodes.  Returns the new nodes' push edges, -1 when not counted. */
#define DEFINE_PUSH(T)                                                                           \
static int64_t push_##T(grog_prop *p, const uint32_t *ids, int64_t len, T nv, int parallel, bfs_queue *q) \
{                                                                                                \
    if (len == 0)                                                                                \
        return 0;                                                                                \
    if (!parallel)                                                                               \
        return push_seq_##T(p, ids, len, nv, q);                                                 \
    return len <= BFS_FEW ? push_few_##T(p, ids, len, nv, q) : push_step_##T(p, ids, len, nv, q); \
}

DEFINE_PUSH(f64)
DEFINE_PUSH(i64)

/* The search's state: the queue (segments of one value each, in order),
 * the sources in order of value, and the two bitmaps of the pull. */
typedef struct bfs {
    bfs_queue q;
    int64_t head;         /* the next segment starts here */
    int64_t *seg_end;     /* segment k is q.ids[seg_end[k - 1], seg_end[k]) */
    int64_t *seg_edges;   /* its push edges, -1 until counted */
    void *seg_val;        /* its value (T) */
    int64_t nseg, seg_head;
    uint32_t *src;        /* sources, best value first (ties by id) */
    void *src_val;        /* each one's initial value (T) */
    int64_t nsrc, src_head;
    uint64_t *front, *next;
    int front_is_head;    /* front holds exactly the head segment (a pull made it) */
} bfs;

typedef struct keyed {
    f64 f;
    i64 i;
    uint32_t v;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->f != y->f)
        return x->f < y->f ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* i64: could some offer x + c overflow (x between lo and hi)?  Values only
 * get better, so the initial ones bound every offer. */
#define OVERFLOWS_f64(lo, hi) 0
#define OVERFLOWS_i64(lo, hi) (p->is_max ? (lo) < INT64_MIN - p->ci : (hi) > INT64_MAX - p->ci)

/* The sources: nodes whose offer f(x[u]) is better than the worst value of
 * a node that is not pinned (no other node can ever improve anything), in
 * order of value.  Two parallel passes; each thread collects the sources of
 * its contiguous range at that range's start in src, then they are packed
 * in order.  Returns a grog_fault, or BFS_OVERFLOW. */
#define DEFINE_SOURCES(T, FIELD)                                                                 \
static int sources_##T(grog_prop *p, bfs *s)                                                     \
{                                                                                                \
    const T *x = p->x;                                                                           \
    T *val = s->src_val, lo = x[0], hi = x[0], wlo = x[0], whi = x[0];                           \
    int64_t free_nodes = 0, n = p->n;                                                            \
    int threads = n > GROG_BLOCK ? p->c->threads : 1;                                            \
    _Pragma("omp parallel for num_threads(threads) schedule(static) reduction(min:lo, wlo) reduction(max:hi, whi) reduction(+:free_nodes)") \
    for (int64_t v = 0; v < n; v++) {                                                            \
        T xv = x[v];                                                                             \
        lo = xv < lo ? xv : lo;                                                                  \
        hi = xv > hi ? xv : hi;                                                                  \
        if (!grog_pinned(p, v)) {                                                                     \
            wlo = xv < wlo ? xv : wlo;                                                           \
            whi = xv > whi ? xv : whi;                                                           \
            free_nodes++;                                                                        \
        }                                                                                        \
    }                                                                                            \
    if (OVERFLOWS_##T(lo, hi))                                                                   \
        return BFS_OVERFLOW;                                                                     \
    s->nsrc = 0;                                                                                 \
    if (free_nodes == 0)                                                                         \
        return GROG_FAULT_NONE;  /* every node is pinned: nothing changes */                     \
    T worst = p->is_max ? wlo : whi;                                                             \
    int64_t found[64] = {0};                                                                     \
    if (threads > 64)                                                                            \
        threads = 64;                                                                            \
    _Pragma("omp parallel num_threads(threads)")                                                 \
    {                                                                                            \
        int t = omp_get_thread_num(), nt = omp_get_num_threads();                                \
        int64_t v0 = n * t / nt, v1 = n * (t + 1) / nt, k = v0;                                  \
        for (int64_t u = v0; u < v1; u++)                                                        \
            if (BETTER(F_##T(x[u]), worst)) {                                                    \
                s->src[k] = (uint32_t)u;                                                         \
                val[k++] = x[u];                                                                 \
            }                                                                                    \
        found[t] = k - v0;                                                                       \
        _Pragma("omp barrier")                                                                   \
        _Pragma("omp single")                                                                    \
        for (int i = 0; i < nt; i++) {                                                           \
            int64_t from = n * i / nt;                                                           \
            memmove(s->src + s->nsrc, s->src + from, (size_t)found[i] * 4);                      \
            memmove(val + s->nsrc, val + from, (size_t)found[i] * sizeof(T));                    \
            s->nsrc += found[i];                                                                 \
        }                                                                                        \
    }                                                                                            \
    int sorted = 1;                                                                              \
    for (int64_t i = 1; i < s->nsrc && sorted; i++)                                              \
        sorted = !BETTER(val[i], val[i - 1]);                                                    \
    if (sorted)                                                                                  \
        return GROG_FAULT_NONE;                                                                  \
    keyed *k = malloc(sizeof(keyed) * (size_t)s->nsrc);                                          \
    if (!k)                                                                                      \
        return GROG_FAULT_NOMEM;                                                                 \
    for (int64_t i = 0; i < s->nsrc; i++) {                                                      \
        memset(&k[i], 0, sizeof k[i]);                                                           \
        k[i].FIELD = KEY_##T(val[i]);                                                            \
        k[i].v = s->src[i];                                                                      \
    }                                                                                            \
    qsort(k, (size_t)s->nsrc, sizeof(keyed), by_key);                                            \
    for (int64_t i = 0; i < s->nsrc; i++) {                                                      \
        s->src[i] = k[i].v;                                                                      \
        val[i] = x[k[i].v];                                                                      \
    }                                                                                            \
    free(k);                                                                                     \
    return GROG_FAULT_NONE;                                                                      \
}

DEFINE_SOURCES(f64, f)
DEFINE_SOURCES(i64, i)

/* The push edges of ids[0, len), in one sweep of independent reads that
 * also asks for each node's first arcs, so the push that follows finds its
 * offsets and arcs near: without this sweep a grid bfs ran ~15% slower,
 * without the prefetch ~8% (one process, runs alternated). */
static int64_t count_edges(const grog_prop *p, const uint32_t *ids, int64_t len)
{
    int64_t edges = 0;
    for (int64_t i = 0; i < len; i++) {
        edges += grog_push_degree(p, ids[i]);
        __builtin_prefetch(&p->push[0].idx[p->push[0].off[ids[i]]]);
    }
    return edges;
}

/* The steps, best value first.  Returns the steps run. */
#define DEFINE_SEARCH(T)                                                                         \
static int64_t search_##T(grog_prop *p, bfs *s)                                                  \
{                                                                                                \
    const T *x = p->x;                                                                           \
    T *seg_val = s->seg_val, *src_val = s->src_val;                                              \
    int64_t steps = 0, edges_left = p->m_push, last_len = 0, words = (p->n + 63) / 64;            \
    int pulling = 0;                                                                             \
    for (;;) {                                                                                   \
        while (s->src_head < s->nsrc && x[s->src[s->src_head]] != src_val[s->src_head])          \
            s->src_head++;  /* improved since: it is in the queue */                             \
        int have_q = s->seg_head < s->nseg, have_s = s->src_head < s->nsrc;                      \
        if ((!have_q && !have_s) || grog_stop_requested(p->c->ctl))                              \
            break;                                                                               \
        grog_progress_round(p->c->ctl, p->c->depth, steps);                                      \
        T b = have_q && (!have_s || !BETTER(src_val[s->src_head], seg_val[s->seg_head]))         \
                  ? seg_val[s->seg_head] : src_val[s->src_head];                                 \
        /* this step's nodes: the head segment if it holds b, then the sources at b */           \
        int64_t lo = s->head, hi = s->head, edges = 0;                                           \
        int from_q = have_q && seg_val[s->seg_head] == b;                                        \
        if (from_q) {                                                                            \
            hi = s->seg_end[s->seg_head];                                                        \
            edges = s->seg_edges[s->seg_head];                                                   \
            if (edges < 0)  /* a one-thread push left them uncounted */                          \
                edges = count_edges(p, s->q.ids + lo, hi - lo);                                  \
        }                                                                                        \
        int64_t s_lo = s->src_head, s_hi = s_lo;                                                 \
        for (int64_t i = s_lo; i < s->nsrc && src_val[i] == b; i++)                              \
            if (x[s->src[i]] == b) {  /* still at its initial value */                           \
                s->src[s_hi++] = s->src[i];                                                      \
                edges += grog_push_degree(p, s->src[i]);                                              \
            }                                                                                    \
        while (s->src_head < s->nsrc && src_val[s->src_head] == b)                               \
            s->src_head++;                                                                       \
        int64_t len = (hi - lo) + (s_hi - s_lo);                                                 \
        T nv = F_##T(b);                                                                         \
        /* a pull scans all n nodes: never for a step with fewer than n / BETA edges (a long    \
         * tail of one-node steps after a pull phase would otherwise cost n each) */             \
        int pull = edges > p->n / GROG_FRONTIER_BETA &&                                          \
                   (edges > edges_left / GROG_FRONTIER_ALPHA ||                                  \
                    (pulling && (len >= last_len || len > p->n / GROG_FRONTIER_BETA)));          \
        grog_frontier_log(p, steps, pull ? GROG_ROUND_PULL : GROG_ROUND_PUSH, len, edges);       \
        int64_t start = s->q.tail, new_edges;                                                    \
        if (pull) {                                                                              \
            if (!(s->front_is_head && from_q && s_hi == s_lo)) {                                 \
                memset(s->front, 0, (size_t)words * 8);                                          \
                for (int64_t i = lo; i < hi; i++)                                                \
                    s->front[s->q.ids[i] >> 6] |= (uint64_t)1 << (s->q.ids[i] & 63);             \
                for (int64_t i = s_lo; i < s_hi; i++)                                            \
                    s->front[s->src[i] >> 6] |= (uint64_t)1 << (s->src[i] & 63);                 \
            }                                                                                    \
            new_edges = pull_step_##T(p, s->front, s->next, nv, &s->q);                          \
            uint64_t *t = s->front;                                                              \
            s->front = s->next;                                                                  \
            s->next = t;                                                                         \
        } else {                                                                                 \
            int par = p->c->threads > 1 && edges + len > 4 * GROG_BLOCK;                         \
            edges_left -= edges;                                                                 \
            int64_t e1 = push_##T(p, s->q.ids + lo, hi - lo, nv, par, &s->q);                    \
            int64_t e2 = push_##T(p, s->src + s_lo, s_hi - s_lo, nv, par, &s->q);                \
            new_edges = e1 < 0 || e2 < 0 ? -1 : e1 + e2;                                         \
        }                                                                                        \
        if (from_q)                                                                              \
            s->seg_head++;                                                                       \
        s->head = hi;                                                                            \
        s->front_is_head = 0;                                                                    \
        if (s->q.tail > start) {                                                                 \
            /* a new segment; it is the queue's head unless older ones wait */                   \
            s->front_is_head = pull && s->seg_head == s->nseg;                                   \
            seg_val[s->nseg] = nv;                                                               \
            s->seg_edges[s->nseg] = new_edges;                                                   \
            s->seg_end[s->nseg++] = s->q.tail < s->q.cap ? s->q.tail : s->q.cap;                 \
        }                                                                                        \
        pulling = pull;                                                                          \
        last_len = len;                                                                          \
        steps++;                                                                                 \
    }                                                                                            \
    return steps;                                                                                \
}

DEFINE_SEARCH(f64)
DEFINE_SEARCH(i64)

int grog_bfs_applies(const grog_prop *p)
{
    if (p->edge != GROG_PROP_F_CONST)
        return 0;
    if (p->dtype == GROG_DTYPE_F64)  /* finite and not -0.0: needs_dense took the rest */
        return p->is_max ? p->cf <= 0.0 : p->cf >= 0.0;
    return p->dtype == GROG_DTYPE_I64 && (p->is_max ? p->ci <= 0 : p->ci >= 0);
}

static void bfs_free(bfs *s, int64_t n)
{
    size_t k = (size_t)(n > 0 ? n : 1);
    free(s->q.ids);
    free(s->seg_end);
    free(s->seg_edges);
    free(s->seg_val);
    free(s->src);
    free(s->src_val);
    grog_free(s->front, (k + 63) / 64 * 8);
    grog_free(s->next, (k + 63) / 64 * 8);
}

int grog_bfs_fixpoint(grog_prop *p, int64_t *steps)
{
    bfs S, *s = &S;
    memset(s, 0, sizeof S);
    size_t k = (size_t)(p->n > 0 ? p->n : 1);
    s->q.cap = p->n;
    /* malloc, not grog_alloc: the pages are touched only as far as they are used */
    s->q.ids = malloc(k * 4);
    s->seg_end = malloc(k * 8);
    s->seg_edges = malloc(k * 8);
    s->seg_val = malloc(k * 8);
    s->src = malloc(k * 4);
    s->src_val = malloc(k * 8);
    s->front = grog_alloc((k + 63) / 64 * 8);
    s->next = grog_alloc((k + 63) / 64 * 8);
    int fault = GROG_FAULT_NOMEM;
    if (s->q.ids && s->seg_end && s->seg_edges && s->seg_val && s->src && s->src_val && s->front && s->next) {
        fault = p->dtype == GROG_DTYPE_F64 ? sources_f64(p, s) : sources_i64(p, s);
        if (fault == BFS_OVERFLOW) {
            *steps = -1;
            fault = GROG_FAULT_NONE;
        } else if (!fault)
            *steps = p->dtype == GROG_DTYPE_F64 ? search_f64(p, s) : search_i64(p, s);
    }
    bfs_free(s, p->n);
    return fault;
}
