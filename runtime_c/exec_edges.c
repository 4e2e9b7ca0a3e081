/* exec_edges.c: a FUSED_PULL's PULL fed by a per-edge producer.
 *
 * The first producer_len instructions of the body (attr0 of the FUSED_PULL)
 * compute the pull's input; the validator guarantees they are element-wise,
 * cannot fault, write only block slots (or scalars, which the prologue has
 * already run), read vectors the body never writes, and that the PULL comes
 * right after them and reads one of their block slots.  For one block of
 * destination nodes, each CSR list the pull walks is cut into chunks of
 * GROG_EDGE_CHUNK edges (a chunk may end inside a hub's list): the chunk's
 * source nodes are gathered, every VECTOR operand of a producer op is
 * gathered at them, the ops run over the chunk with grog_ew (block slots
 * hold per-edge values, scalars broadcast), and the aggregate folds the
 * chunk into per-node running states.
 */
#include <string.h>

#include "grog_internal.h"

/* The thread's edge scratch, carved up. */
typedef struct edge_bufs {
    int64_t *src;        /* GROG_EDGE_CHUNK source nodes */
    int32_t *dst;        /* GROG_EDGE_CHUNK destinations, relative to the block */
    char *gather[3];     /* GROG_EDGE_CHUNK x 8 bytes per operand */
    grog_edge_acc *acc;  /* GROG_BLOCK node states */
} edge_bufs;

static edge_bufs bufs_of(grog_ctx *c, int tid)
{
    char *p = c->edge_scratch + (size_t)tid * GROG_EDGE_SCRATCH;
    edge_bufs b;
    b.src = (int64_t *)p;
    p += (size_t)GROG_EDGE_CHUNK * 8;
    for (int k = 0; k < 3; k++, p += (size_t)GROG_EDGE_CHUNK * 8)
        b.gather[k] = p;
    b.acc = (grog_edge_acc *)p;
    p += (size_t)GROG_BLOCK * sizeof(grog_edge_acc);
    b.dst = (int32_t *)p;
    return b;
}

static char *block_buf(grog_ctx *c, int tid, int32_t s)
{
    return c->scratch + ((size_t)tid * c->info.n_block_slots + (size_t)c->info.block_index[s]) * GROG_BLOCK * 8;
}

/* x[src[k]] for the chunk, elements of es bytes. */
static void gather(const void *x, size_t es, const int64_t *src, int64_t cnt, char *to)
{
    if (es == 8) {
        const uint64_t *X = x;
        uint64_t *T = (uint64_t *)to;
        for (int64_t k = 0; k < cnt; k++) T[k] = X[src[k]];
    } else {
        const uint8_t *X = x;
        for (int64_t k = 0; k < cnt; k++) to[k] = (char)X[src[k]];
    }
}

/* The producer's block-slot ops over one chunk. */
static int run_producer(grog_ctx *c, const grog_instr *body, int32_t plen, int tid, const edge_bufs *b,
                        int64_t cnt, int32_t *at)
{
    const grog_slot_desc *slots = c->prog->slots;
    for (int32_t j = 0; j < plen; j++) {
        const grog_instr *in = &body[j];
        if (in->opcode == GROG_OP_CONST || slots[in->out].kind == GROG_SLOT_SCALAR)
            continue;  /* ran once in the fused op's prologue */
        int nin = grog_opcode_inputs[in->opcode];
        int32_t ins[3] = {in->a, in->b, in->c};
        grog_span sp[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
        for (int k = 0; k < nin; k++) {
            int32_t s = ins[k];
            if (slots[s].kind == GROG_SLOT_SCALAR) {
                sp[k] = (grog_span){c->buf[s], 0};
            } else if (slots[s].kind == GROG_SLOT_BLOCK) {
                sp[k] = (grog_span){block_buf(c, tid, s), 1};
            } else {
                gather(c->buf[s], grog_dtype_size[slots[s].dtype], b->src, cnt, b->gather[k]);
                sp[k] = (grog_span){b->gather[k], 1};
            }
        }
        int32_t src = (grog_opflags[in->opcode] & GROG_OPFLG_COND) ? in->b : in->a;
        int f = grog_ew(in->opcode, slots[in->out].dtype, slots[src].dtype, block_buf(c, tid, in->out), sp[0],
                        sp[1], sp[2], cnt);
        if (f) {
            *at = j;
            return f;
        }
    }
    return GROG_FAULT_NONE;
}

int grog_edge_pull(grog_ctx *c, const grog_instr *body, int32_t plen, int64_t lo, int64_t len, int tid,
                   int32_t *at)
{
    const grog_instr *pull = &body[plen];
    int agg = pull->attr0, dtype = c->prog->slots[pull->a].dtype;
    int use_weights = pull->b < 0 || *(const uint8_t *)c->buf[pull->b] != 0;
    grog_csr_list L[2];
    int nl = grog_pull_lists(c->g, pull->attr1, agg, use_weights, L);
    edge_bufs b = bufs_of(c, tid);
    const char *val = block_buf(c, tid, pull->a);
    grog_edge_acc_init(agg, dtype, b.acc, len);
    for (int l = 0; l < nl; l++) {
        const int64_t *off = L[l].off;
        int64_t v = lo;
        for (int64_t e0 = off[lo], end = off[lo + len]; e0 < end;) {
            int64_t cnt = end - e0 < GROG_EDGE_CHUNK ? end - e0 : GROG_EDGE_CHUNK;
            for (int64_t k = 0; k < cnt; k++) {
                while (off[v + 1] <= e0 + k)
                    v++;  /* skip the nodes whose lists end before this edge */
                b.src[k] = L[l].idx[e0 + k];
                b.dst[k] = (int32_t)(v - lo);
            }
            int f = run_producer(c, body, plen, tid, &b, cnt, at);
            if (f)
                return f;
            grog_edge_acc_add(agg, pull->attr2, dtype, val, L[l].w ? L[l].w + e0 : NULL, b.dst, cnt, b.acc);
            e0 += cnt;
        }
    }
    char *out = pull->out >= 0 && c->prog->slots[pull->out].kind == GROG_SLOT_VECTOR
                    ? (char *)c->buf[pull->out] + lo * (int64_t)grog_dtype_size[c->prog->slots[pull->out].dtype]
                    : block_buf(c, tid, pull->out);
    grog_edge_acc_store(agg, dtype, b.acc, out, len);
    return GROG_FAULT_NONE;
}
