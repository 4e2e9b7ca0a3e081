/* profile.c: per-instruction seconds, calls and bytes, and the value trace.
 *
 * Called by the dispatch loop only when the caller passed a grog_profile, so
 * a run without one pays a single predictable branch per instruction.  A
 * fused op is timed as a whole; its body instructions get their calls
 * counted (once per run of the fused op) and trace records of the slots
 * they write, but no seconds of their own.  Bytes are estimates: every
 * vector read or written once, a pull's edge traffic (index + value per
 * edge, offsets per node) on top.
 */
#include <math.h>
#include <time.h>

#include "grog_internal.h"

double grog_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int64_t edges_in_dir(const grog_graph *g, int dir)
{
    return dir == GROG_DIR_ALL ? 2 * g->a.m : g->a.m;
}

/* Bytes one instruction moves (estimate); fused ops add their bodies. */
/* CSRs (offsets + indices) a graph kernel reads, once each: the out-CSR,
 * and on a directed graph the in-CSR too, except where the kernel follows
 * out-arcs only (DEGREE's count is one offsets pass: counted as one). */
static int64_t csrs_walked(const grog_graph *g, int opcode)
{
    int both = g->a.directed ? 2 : 1;
    switch (opcode) {
    case GROG_OP_DEGREE:
    case GROG_OP_SCC:
        return 1;
    case GROG_OP_TRIANGLES:
    case GROG_OP_NEIGHBOR_COUNT:
    case GROG_OP_NEIGHBORHOOD_ARCS:
    case GROG_OP_CORE_NUMBER:
    case GROG_OP_WCC:
        return both;
    default:
        return 0;
    }
}

static int64_t instr_bytes(const grog_ctx *c, int32_t i)
{
    const grog_instr *in = &c->prog->code[i];
    const grog_slot_desc *S = c->prog->slots;
    int64_t n = c->n, bytes = 0;
    if (in->opcode == GROG_OP_FUSED_MAP || in->opcode == GROG_OP_FUSED_PULL) {
        for (int32_t j = i + 1; j < i + 1 + in->body_len; j++)
            bytes += instr_bytes(c, j);
        return bytes;
    }
    if (grog_opflags[in->opcode] & GROG_OPFLG_BODY)
        return 0;  /* a loop's work is its body's */
    int32_t ins[3] = {in->a, in->b, in->c};
    for (int k = 0; k < grog_opcode_inputs[in->opcode] && k < 3; k++)  /* PROPAGATE_MARK keeps more in its list */
        if (S[ins[k]].kind == GROG_SLOT_VECTOR)
            bytes += n * (int64_t)grog_dtype_size[S[ins[k]].dtype];
    if (in->out >= 0 && S[in->out].kind == GROG_SLOT_VECTOR)
        bytes += n * (int64_t)grog_dtype_size[S[in->out].dtype];
    if (in->opcode == GROG_OP_PULL)
        bytes += edges_in_dir(c->g, in->attr1) * (4 + (int64_t)grog_dtype_size[S[in->a].dtype]) + 8 * (n + 1);
    bytes += csrs_walked(c->g, in->opcode) * (8 * (n + 1) + 4 * c->g->a.m);
    return bytes;
}

static double value_at(const void *p, int dtype, int64_t k)
{
    if (dtype == GROG_DTYPE_F64) return ((const double *)p)[k];
    if (dtype == GROG_DTYPE_I64) return (double)((const int64_t *)p)[k];
    return (double)((const uint8_t *)p)[k];
}

static void trace_slot(grog_ctx *c, int32_t addr, int32_t s)
{
    grog_profile *pr = c->prof;
    if (!pr->trace || pr->trace_len >= pr->trace_cap || s < 0)
        return;
    const grog_slot_desc *d = &c->prog->slots[s];
    if (d->kind == GROG_SLOT_BLOCK)
        return;
    int64_t len = d->kind == GROG_SLOT_VECTOR ? c->n : 1;
    grog_trace_record *r = &pr->trace[pr->trace_len++];
    r->addr = addr;
    r->depth = c->depth;
    r->iteration = c->iteration;
    r->min = len ? INFINITY : NAN;
    r->max = len ? -INFINITY : NAN;
    r->nonzero = 0;
    double sum = 0.0;
    for (int64_t k = 0; k < len; k++) {
        double x = value_at(c->buf[s], d->dtype, k);
        r->min = x < r->min || x != x ? x : r->min;
        r->max = x > r->max || x != x ? x : r->max;
        sum += x;
        r->nonzero += x != 0.0;
    }
    r->mean = len ? sum / (double)len : NAN;
}

void grog_profile_record(grog_ctx *c, int32_t addr, double seconds)
{
    grog_profile *pr = c->prof;
    const grog_instr *in = &c->prog->code[addr];
    if (pr->seconds) pr->seconds[addr] += seconds;
    if (pr->calls) pr->calls[addr] += 1;
    if (pr->bytes) pr->bytes[addr] += instr_bytes(c, addr);
    int fused = in->opcode == GROG_OP_FUSED_MAP || in->opcode == GROG_OP_FUSED_PULL;
    if (fused) {
        for (int32_t j = addr + 1; j < addr + 1 + in->body_len; j++) {
            if (pr->calls) pr->calls[j] += 1;
            trace_slot(c, j, c->prog->code[j].out);
        }
    } else if (!(grog_opflags[in->opcode] & GROG_OPFLG_BODY)) {
        trace_slot(c, addr, in->out);
    }
}
