/* kernels_scc.c: SCC, strongly connected components in linear time.
 *
 * r[out][v] = the smallest internal id of v's strong component (ids ascend
 * with original ids, so it is also the smallest original id).
 *
 * Tarjan's algorithm along out-arcs with an explicit call stack (a path of
 * a million nodes must not recurse a million C frames).  Each node gets a
 * discovery number idx[] and a low link low[]; a node whose low link is its
 * own number closes a component: the nodes above it on the node stack.  A
 * node is on the node stack exactly while it is discovered and out[] still
 * holds -1, so no separate flag is kept.  Sequential, so trivially the same
 * for any thread count; O(n + m).  Scratch: n x (4 + 4 + 4 + 12) bytes
 * (discovery number, low link, node stack, call stack of node + arc cursor).
 */
#include <stdlib.h>

#include "grog_internal.h"

typedef struct frame {
    uint32_t v;
    int64_t e;  /* next out-arc of v to look at */
} frame;

typedef struct scc_scratch {
    uint32_t *idx, *low, *stack;
    frame *calls;
    size_t nbytes, fbytes;
} scc_scratch;

static int scratch_open(scc_scratch *s, int64_t n)
{
    s->nbytes = sizeof(uint32_t) * (size_t)(n > 0 ? n : 1);
    s->fbytes = sizeof(frame) * (size_t)(n > 0 ? n : 1);
    s->idx = grog_alloc(s->nbytes);  /* zero: undiscovered */
    s->low = grog_alloc(s->nbytes);
    s->stack = grog_alloc(s->nbytes);
    s->calls = grog_alloc(s->fbytes);
    return s->idx && s->low && s->stack && s->calls ? GROG_FAULT_NONE : GROG_FAULT_NOMEM;
}

static void scratch_close(scc_scratch *s)
{
    grog_free(s->idx, s->nbytes);
    grog_free(s->low, s->nbytes);
    grog_free(s->stack, s->nbytes);
    grog_free(s->calls, s->fbytes);
}

/* Pop the component whose root is on top of the call stack: the node stack
 * from its root up; label every member with the smallest. */
static int64_t close_component(scc_scratch *s, int64_t top, uint32_t root, int64_t *out)
{
    int64_t first = top;
    uint32_t smallest = root;
    do {
        first--;
        if (s->stack[first] < smallest) smallest = s->stack[first];
    } while (s->stack[first] != root);
    for (int64_t i = first; i < top; i++) out[s->stack[i]] = smallest;
    return first;
}

int grog_scc(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl)
{
    const grog_graph_arrays *a = &g->a;
    const int64_t *off = a->out_offsets;
    const uint32_t *dst = a->out_targets;
    int64_t n = a->n;
    scc_scratch s;
    if (scratch_open(&s, n)) {
        scratch_close(&s);
        return GROG_FAULT_NOMEM;
    }
    for (int64_t v = 0; v < n; v++) out[v] = -1;
    uint32_t counter = 0;
    int64_t top = 0;  /* node stack height */
    uint64_t steps = 0;
    for (int64_t root = 0; root < n; root++) {
        if (s.idx[root])
            continue;
        int64_t depth = 0;
        s.idx[root] = s.low[root] = ++counter;
        s.stack[top++] = (uint32_t)root;
        s.calls[depth++] = (frame){(uint32_t)root, off[root]};
        while (depth) {
            if (++steps % GROG_BLOCK == 0 && grog_stop_requested(ctl))
                goto stopped;
            frame *f = &s.calls[depth - 1];
            uint32_t v = f->v;
            if (f->e < off[v + 1]) {
                uint32_t w = dst[f->e++];
                if (!s.idx[w]) {  /* descend */
                    s.idx[w] = s.low[w] = ++counter;
                    s.stack[top++] = w;
                    s.calls[depth++] = (frame){w, off[w]};
                } else if (out[w] < 0 && s.idx[w] < s.low[v]) {  /* w on the stack */
                    s.low[v] = s.idx[w];
                }
                continue;
            }
            depth--;  /* v is finished */
            if (s.low[v] == s.idx[v])
                top = close_component(&s, top, v, out);
            if (depth) {
                uint32_t u = s.calls[depth - 1].v;
                if (s.low[v] < s.low[u]) s.low[u] = s.low[v];
            }
        }
    }
stopped:
    scratch_close(&s);
    return GROG_FAULT_NONE;
}
