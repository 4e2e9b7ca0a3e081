/* frontier_reach.c: PROPAGATE with f(x) = x (no constant, no weight) to its
 * fixpoint in one sweep, when nobody reads the round count and the loop
 * surely converges (max_iter >= n: a value travels at most n - 1 hops).
 *
 * The fixpoint gives every node the best initial value among the nodes
 * that reach it (along the propagation's direction, through nodes that are
 * not pinned; a pinned node keeps its own value and passes it on).  So the
 * nodes are taken in order of their initial value, best first, and each one
 * not yet reached starts a BFS over the nodes not yet reached: a node is
 * reached first by the best value that reaches it, and everything a later
 * source could reach through it was reached already.  O(n + m) after the
 * order, which is a sort unless the values are sorted already (node ids, as
 * in components, are).  Sequential, so the result never depends on threads.
 */
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

typedef struct keyed {
    f64 f;
    i64 i;
    uint32_t v;
} keyed;

static int by_f_then_v(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->f < y->f ? -1 : x->f > y->f ? 1 : (x->v > y->v) - (x->v < y->v);
}

static int by_i_then_v(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->i < y->i ? -1 : x->i > y->i ? 1 : (x->v > y->v) - (x->v < y->v);
}

/* Node v's sort key, best first: ascending for min and and; for max and or
 * the key is -x (f64: exact), ~x (i64: -x - 1, which cannot overflow) or 1 - x
 * (bool). */
static void key_of(const grog_prop *p, int64_t v, keyed *k)
{
    memset(k, 0, sizeof *k);
    k->v = (uint32_t)v;
    if (p->dtype == GROG_DTYPE_F64) {
        f64 x = ((const f64 *)p->x)[v];
        k->f = p->is_max ? -x : x;
    } else if (p->dtype == GROG_DTYPE_I64) {
        i64 x = ((const i64 *)p->x)[v];
        k->i = p->is_max ? (i64)~(uint64_t)x : x;
    } else {
        i64 x = ((const u8 *)p->x)[v];
        k->i = p->is_max ? 1 - x : x;
    }
}

/* The nodes in order of their initial value, best first, ties by id; NULL
 * (with no fault) when that is already 0, 1, ..., n - 1. */
static uint32_t *node_order(const grog_prop *p, int *fault)
{
    keyed a, b;
    int sorted = 1;
    for (int64_t v = 1; v < p->n && sorted; v++) {
        key_of(p, v - 1, &a);
        key_of(p, v, &b);
        sorted = p->dtype == GROG_DTYPE_F64 ? !(b.f < a.f) : !(b.i < a.i);
    }
    if (sorted)
        return NULL;
    keyed *k = malloc(sizeof(keyed) * (size_t)p->n);
    uint32_t *o = malloc(sizeof(uint32_t) * (size_t)p->n);
    if (!k || !o) {
        free(k);
        free(o);
        *fault = GROG_FAULT_NOMEM;
        return NULL;
    }
    for (int64_t v = 0; v < p->n; v++)
        key_of(p, v, &k[v]);
    qsort(k, (size_t)p->n, sizeof(keyed), p->dtype == GROG_DTYPE_F64 ? by_f_then_v : by_i_then_v);
    for (int64_t v = 0; v < p->n; v++)
        o[v] = k[v].v;
    free(k);
    return o;
}

#define DEFINE_SWEEP(T)                                                                          \
static void sweep_##T(grog_prop *p, const uint32_t *order, u8 *seen, uint32_t *queue)            \
{                                                                                                \
    T *x = p->x;                                                                                 \
    int64_t steps = 0;  /* dequeued nodes: a cancel is looked at once per block of them */         \
    for (int64_t k = 0; k < p->n; k++) {                                                         \
        uint32_t s = order ? order[k] : (uint32_t)k;                                             \
        if (seen[s])                                                                             \
            continue;                                                                            \
        seen[s] = 1;                                                                             \
        T val = x[s];                                                                            \
        int64_t head = 0, tail = 0;                                                              \
        queue[tail++] = s;                                                                       \
        while (head < tail) {                                                                    \
            uint32_t u = queue[head++];                                                          \
            if (++steps % GROG_BLOCK == 0 && grog_stop_requested(p->c->ctl))                     \
                return;  /* the run is discarded */                                              \
            for (int l = 0; l < p->n_push; l++) {                                                \
                const grog_csr_list L = p->push[l];                                              \
                for (int64_t e = L.off[u], e1 = L.off[u + 1]; e < e1; e++) {                     \
                    uint32_t v = L.idx[e];                                                       \
                    if (seen[v] || (p->mask && p->mask[v] == p->pin_value))                      \
                        continue;                                                                \
                    seen[v] = 1;                                                                 \
                    x[v] = val;                                                                  \
                    queue[tail++] = v;                                                           \
                }                                                                                \
            }                                                                                    \
        }                                                                                        \
    }                                                                                            \
}

DEFINE_SWEEP(f64)
DEFINE_SWEEP(i64)
DEFINE_SWEEP(u8)

int grog_reach_fixpoint(grog_prop *p)
{
    int fault = GROG_FAULT_NONE;
    uint32_t *order = node_order(p, &fault);
    u8 *seen = calloc((size_t)p->n, 1);
    uint32_t *queue = malloc(sizeof(uint32_t) * (size_t)p->n);
    if (fault || !seen || !queue) {
        free(order);
        free(seen);
        free(queue);
        return GROG_FAULT_NOMEM;
    }
    switch (p->dtype) {
    case GROG_DTYPE_F64: sweep_f64(p, order, seen, queue); break;
    case GROG_DTYPE_I64: sweep_i64(p, order, seen, queue); break;
    default: sweep_u8(p, order, seen, queue);
    }
    grog_frontier_log(p, 0, GROG_ROUND_SWEEP, p->n, p->m_push);
    free(order);
    free(seen);
    free(queue);
    return GROG_FAULT_NONE;
}
