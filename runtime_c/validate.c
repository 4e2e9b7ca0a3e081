/* validate.c: the whole program is checked before the first kernel runs.
 *
 * After grog_validate returns GROG_OK the executor may rely on: every opcode,
 * attribute enum and slot index is in range; every slot has the kind and
 * dtype its instruction needs; bodies nest properly (body_off == index + 1,
 * inside the parent) at most GROG_MAX_DEPTH deep; loops have well-formed
 * carries; block slots appear only inside fused bodies and are written
 * before they are read there; a FUSED_PULL holds exactly one PULL whose input
 * is a vector the body does not write; every REDUCE of a fused body writes a
 * slot of its list and nothing in the body reads it; parameters, outputs and
 * LOAD_ATTR indices are in range.  Messages name the instruction, the field
 * and both sides of the mismatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grog_frontier.h"

#define GROG_MAX_DEPTH 64

enum { K_SCALAR = 1 << GROG_SLOT_SCALAR, K_VECTOR = 1 << GROG_SLOT_VECTOR, K_BLOCK = 1 << GROG_SLOT_BLOCK };
enum { D_F64 = 1 << GROG_DTYPE_F64, D_I64 = 1 << GROG_DTYPE_I64, D_BOOL = 1 << GROG_DTYPE_BOOL };
enum { D_NUM = D_F64 | D_I64, D_ANY = D_NUM | D_BOOL };

static const char *const kind_name[] = {"scalar", "vector", "block"};
static const char *const dtype_name[] = {"f64", "i64", "bool"};
static const char *const input_name[] = {"a", "b", "c"};

/* The dtype rules, output shapes, fault rules and attribute layouts come
 * from the generated tables of grog_opcodes.h (one record per op in
 * grogc/ops/table.py); classes from grog_opflags, never from enum order. */
_Static_assert(GROG_AGG_SUM == 0 && GROG_AGG_MEAN == 1 && GROG_AGG_MIN == 2 && GROG_AGG_MAX == 3,
               "check_pull: agg <= GROG_AGG_MAX means a numeric aggregate");
_Static_assert(GROG_REDUCE_SUM == 0 && GROG_REDUCE_MIN == 1 && GROG_REDUCE_MAX == 2 && GROG_REDUCE_ANY == 4 &&
                   GROG_REDUCE_ALL == 5 && GROG_REDUCE_N == 6,
               "check_reduce: op <= MAX is numeric, op >= ANY is bool");

static const char *mask_words(int mask)
{
    switch (mask) {
    case D_NUM: return "f64 or i64";
    case D_F64: return "f64";
    case D_I64: return "i64";
    case D_BOOL: return "bool";
    case D_ANY: return "any";
    default: return "a dtype of the op's rule";  /* a mask no message spells out yet */
    }
}

typedef struct vstate {
    const grog_program *p;
    grog_plan_info *info;
    char *err;
    size_t len;
    int32_t at;            /* instruction being checked */
    int in_fused;          /* checking a fused body */
    uint8_t *written;      /* n_slots: written so far in the current fused body */
    uint8_t *reduced;      /* n_slots: REDUCE outputs of the current fused body */
    uint8_t *readm;        /* n_slots: read so far in the current fused body */
    int32_t *seen;         /* n_slots: scratch for distinctness checks (generation stamps) */
    int32_t stamp;
    int32_t prod_end;      /* instructions before this index are the current FUSED_PULL's producer (0: none) */
    int edge_read_ok;      /* checking the PULL's input a: a per-edge value may be read */
    uint8_t *edge;         /* n_slots: block slots holding the producer's per-edge values */
    uint8_t *bodyw;        /* n_slots: written in the current fused body after its producer */
} vstate;

static const char *op_name(int op)
{
    return op >= 0 && op < GROG_OP_COUNT ? grog_opcode_names[op] : "?";
}

/* "instruction 7 (ADD): <message>" */
__attribute__((format(printf, 2, 3))) static int bad(vstate *st, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return grog_fail(st->err, st->len, GROG_EINVALID, "instruction %d (%s): %s", st->at,
                     op_name(st->p->code[st->at].opcode), msg);
}

/* A slot reference: in range, of an allowed kind. */
static int check_slot(vstate *st, const char *what, int32_t s, int kinds)
{
    if (s < 0 || s >= st->p->n_slots)
        return bad(st, "%s is slot %d, but the program has %d slots", what, s, st->p->n_slots);
    int k = st->p->slots[s].kind;
    if (!(kinds & (1 << k))) {
        if (k == GROG_SLOT_BLOCK && !st->in_fused)
            return bad(st, "%s is slot %d, a block slot, but block slots exist only inside fused bodies", what, s);
        char want[40] = "";
        for (int j = 0; j < GROG_SLOT_N; j++)
            if (kinds & (1 << j)) {
                strcat(want, want[0] ? " or " : "");
                strcat(want, kind_name[j]);
            }
        return bad(st, "%s is slot %d (%s), but must be %s", what, s, kind_name[k], want);
    }
    return GROG_OK;
}

static int kind_of(vstate *st, int32_t s) { return st->p->slots[s].kind; }
static int dtype_of(vstate *st, int32_t s) { return st->p->slots[s].dtype; }

static int need_dtype(vstate *st, const char *what, int32_t s, int want)
{
    if (dtype_of(st, s) != want)
        return bad(st, "%s is slot %d of dtype %s, but must be %s", what, s, dtype_name[dtype_of(st, s)],
                   dtype_name[want]);
    return GROG_OK;
}

static int need_mask(vstate *st, const char *what, int32_t s, int mask, const char *words)
{
    if (!(mask & (1 << dtype_of(st, s))))
        return bad(st, "%s is slot %d of dtype %s, but must be %s", what, s, dtype_name[dtype_of(st, s)], words);
    return GROG_OK;
}

/* Inside a fused body: block slots must be written before they are read,
 * and nothing may read a REDUCE output of the same body. */
static int fused_read(vstate *st, const char *what, int32_t s)
{
    if (kind_of(st, s) == GROG_SLOT_BLOCK && !st->written[s])
        return bad(st, "%s is block slot %d, read before anything in this fused body writes it", what, s);
    if (st->reduced[s])
        return bad(st, "%s is slot %d, a reduction of this fused body (known only after the body)", what, s);
    if (st->edge[s] && st->at >= st->prod_end && !st->edge_read_ok)
        return bad(st, "%s is slot %d, a per-edge value of the FUSED_PULL's producer (only its PULL reads it)",
                   what, s);
    if (st->at < st->prod_end && st->bodyw[s])
        return bad(st, "%s is slot %d, which this fused body writes after its producer (an epilogue value), but a "
                       "producer op reads only values complete before the fused op and the producer's own", what, s);
    st->readm[s] = 1;
    return GROG_OK;
}

static int check_elementwise(vstate *st, const grog_instr *in, int fused)
{
    int op = in->opcode, nin = grog_opcode_inputs[op], rc;
    int32_t ins[3] = {in->a, in->b, in->c};
    int kinds = K_SCALAR | K_VECTOR | (fused ? K_BLOCK : 0);
    int any_vec = 0;
    char what[32];
    for (int k = 0; k < nin; k++) {
        snprintf(what, sizeof what, "input %s", input_name[k]);
        if ((rc = check_slot(st, what, ins[k], kinds)))
            return rc;
        if (fused && (rc = fused_read(st, what, ins[k])))
            return rc;
        any_vec |= kind_of(st, ins[k]) != GROG_SLOT_SCALAR;
    }
    int want_vec = any_vec || grog_opcode_out_kind[op] == GROG_SLOT_VECTOR;
    if ((rc = check_slot(st, "output", in->out, want_vec ? (K_VECTOR | (fused ? K_BLOCK : 0)) : K_SCALAR)))
        return rc;
    int in_mask = grog_opcode_in_dtypes[op], out_rule = grog_opcode_out_dtype[op];
    int cond = (grog_opflags[op] & GROG_OPFLG_COND) != 0, first = cond ? 1 : 0;
    if (cond && (rc = need_dtype(st, "input a (the condition)", in->a, GROG_DTYPE_BOOL)))
        return rc;
    int dt = dtype_of(st, ins[first]);
    for (int k = first; k < nin; k++) {
        snprintf(what, sizeof what, "input %s", input_name[k]);
        if ((rc = need_mask(st, what, ins[k], in_mask, mask_words(in_mask))))
            return rc;
        if (dtype_of(st, ins[k]) != dt)
            return bad(st, "input %s is slot %d of dtype %s, but input %s is %s (no implicit conversion)",
                       input_name[k], ins[k], dtype_name[dtype_of(st, ins[k])], input_name[first], dtype_name[dt]);
    }
    if (out_rule == GROG_OUT_FREE)
        return GROG_OK;
    if (out_rule != GROG_OUT_SAME && (out_rule < 0 || out_rule >= GROG_DTYPE_N))
        return bad(st, "has no element-wise dtype rule (output rule %d)", out_rule);
    return need_dtype(st, "output", in->out, out_rule == GROG_OUT_SAME ? dt : out_rule);
}

/* PULL's optional b: a bool scalar switching the edge weights at run time,
 * meaningful only for a weighted pull (-1: absent, weights on). */
static int check_pull_gate(vstate *st, const grog_instr *in, int fused)
{
    int rc;
    if (in->attr2 == GROG_WEIGHT_NONE)
        return bad(st, "input b (the weight gate) is slot %d, but weight none has no weights to switch", in->b);
    if ((rc = check_slot(st, "input b (the weight gate)", in->b, K_SCALAR)))
        return rc;
    if (fused && (rc = fused_read(st, "input b (the weight gate)", in->b)))
        return rc;
    return need_dtype(st, "input b (the weight gate)", in->b, GROG_DTYPE_BOOL);
}

static int check_pull(vstate *st, const grog_instr *in, int fused)
{
    int rc;
    int per_edge = fused && st->prod_end > 0;
    if ((rc = check_slot(st, "input a", in->a, per_edge ? K_BLOCK : K_VECTOR)))
        return rc;
    if (per_edge && !st->edge[in->a])
        return bad(st, "input a is slot %d, but its FUSED_PULL's producer (the instructions before the PULL) "
                       "does not write it", in->a);
    if (per_edge && in->attr0 == GROG_AGG_MODE)
        return bad(st, "agg mode cannot read a per-edge producer (a node without neighbours takes x at itself, "
                       "which the producer never computes)");
    st->edge_read_ok = 1;
    rc = fused ? fused_read(st, "input a", in->a) : GROG_OK;
    st->edge_read_ok = 0;
    if (rc)
        return rc;
    if ((rc = check_slot(st, "output", in->out, K_VECTOR | (fused ? K_BLOCK : 0))))
        return rc;
    if (in->out == in->a)
        return bad(st, "output and input are both slot %d, but a pull reads its input at other nodes", in->a);
    int agg = in->attr0, dt = dtype_of(st, in->a);
    if ((agg == GROG_AGG_OR || agg == GROG_AGG_AND) && (rc = need_dtype(st, "input a", in->a, GROG_DTYPE_BOOL)))
        return rc;
    if (agg <= GROG_AGG_MAX && (rc = need_mask(st, "input a", in->a, D_NUM, "f64 or i64")))
        return rc;
    if (in->attr2 != GROG_WEIGHT_NONE) {
        if (agg > GROG_AGG_MAX)
            return bad(st, "weight %d has no meaning with agg %d", in->attr2, agg);
        if ((rc = need_dtype(st, "input a (weighted)", in->a, GROG_DTYPE_F64)))
            return rc;
    }
    if (in->b >= 0 && (rc = check_pull_gate(st, in, fused)))
        return rc;
    if (agg == GROG_AGG_MODE)
        st->info->needs_mode = 1;
    return need_dtype(st, "output", in->out, grog_pull_out_dtype(agg, dt));
}

static int check_reduce(vstate *st, const grog_instr *in, int fused)
{
    int rc;
    if ((rc = check_slot(st, "input a", in->a, K_VECTOR | (fused ? K_BLOCK : 0))))
        return rc;
    if (fused && (rc = fused_read(st, "input a", in->a)))
        return rc;
    if ((rc = check_slot(st, "output", in->out, K_SCALAR)))
        return rc;
    int op = in->attr0;
    if (op <= GROG_REDUCE_MAX && (rc = need_mask(st, "input a", in->a, D_NUM, "f64 or i64")))
        return rc;
    if (op >= GROG_REDUCE_ANY && (rc = need_dtype(st, "input a", in->a, GROG_DTYPE_BOOL)))
        return rc;
    return need_dtype(st, "output", in->out, grog_reduce_out_dtype(op, dtype_of(st, in->a)));
}

static int check_list(vstate *st, const grog_instr *in, const char *what);

/* PROPAGATE (grog_frontier.h): count a, init b, optional mask c, the
 * rounds slot in its list. */
static int check_propagate(vstate *st, const grog_instr *in)
{
    int rc, flags = in->attr2;  /* attr0..attr2 are in range (check_attrs) */
    int agg = grog_prop_agg[in->attr0];
    if (flags > GROG_PROP_FLAGS_MAX || GROG_PROP_EDGE(flags) > GROG_PROP_F_WEIGHT)
        return bad(st, "flags (attr2) are %d, but must lie in 0..%d with f (bits 0-1) at most %d", flags,
                   GROG_PROP_FLAGS_MAX, GROG_PROP_F_WEIGHT);
    if ((rc = check_slot(st, "input a (the count)", in->a, K_SCALAR)) ||
        (rc = need_dtype(st, "input a (the count)", in->a, GROG_DTYPE_I64)) ||
        (rc = check_slot(st, "input b (the initial values)", in->b, K_VECTOR)) ||
        (rc = check_slot(st, "output", in->out, K_VECTOR)) ||
        (rc = need_dtype(st, "output", in->out, dtype_of(st, in->b))))
        return rc;
    int bool_agg = agg == GROG_AGG_OR || agg == GROG_AGG_AND;
    if ((rc = bool_agg ? need_dtype(st, "input b", in->b, GROG_DTYPE_BOOL)
                       : need_mask(st, "input b", in->b, D_NUM, "f64 or i64")))
        return rc;
    if (bool_agg && GROG_PROP_EDGE(flags) != GROG_PROP_F_NONE)
        return bad(st, "f (attr2 bits 0-1) is %d, but agg %d takes x[u] itself", GROG_PROP_EDGE(flags), agg);
    if (GROG_PROP_EDGE(flags) == GROG_PROP_F_WEIGHT && (rc = need_dtype(st, "input b (weighted)", in->b, GROG_DTYPE_F64)))
        return rc;
    if (in->c >= 0) {
        if ((rc = check_slot(st, "input c (the mask)", in->c, K_VECTOR)) ||
            (rc = need_dtype(st, "input c (the mask)", in->c, GROG_DTYPE_BOOL)))
            return rc;
        if (in->c == in->out)
            return bad(st, "output and the mask are both slot %d, but the mask is read every round", in->c);
    }
    if ((rc = check_list(st, in, "rounds")))
        return rc;
    if (in->list_len > 1)
        return bad(st, "rounds list has %d entries, but holds at most one slot", in->list_len);
    if (in->list_len == 1) {
        int32_t s = st->p->lists[in->list_off];
        if ((rc = check_slot(st, "rounds (list[0])", s, K_SCALAR)) || (rc = need_dtype(st, "rounds (list[0])", s, GROG_DTYPE_I64)))
            return rc;
    }
    return GROG_OK;
}

/* PROPAGATE_MARK (frontier_mark.c): count a, init b and out bool vectors,
 * optional gate c (not the output: it is read every round), the list on,
 * off, ref (f64 or i64 alike, scalar or vector) [, rounds]. */
static int check_propagate_mark(vstate *st, const grog_instr *in)
{
    static const char *const what[4] = {"on (list[0])", "off (list[1])", "ref (list[2])", "rounds (list[3])"};
    int rc;
    if ((in->attr2 & 7) > 5)
        return bad(st, "cmp (attr2 bits 0-2) is %d, but must lie in 0..5", in->attr2 & 7);
    if ((rc = check_slot(st, "input a (the count)", in->a, K_SCALAR)) ||
        (rc = need_dtype(st, "input a (the count)", in->a, GROG_DTYPE_I64)) ||
        (rc = check_slot(st, "input b (the initial marks)", in->b, K_VECTOR)) ||
        (rc = need_dtype(st, "input b (the initial marks)", in->b, GROG_DTYPE_BOOL)) ||
        (rc = check_slot(st, "output", in->out, K_VECTOR)) ||
        (rc = need_dtype(st, "output", in->out, GROG_DTYPE_BOOL)))
        return rc;
    if (in->c >= 0 && ((rc = check_slot(st, "input c (the gate)", in->c, K_VECTOR)) ||
                       (rc = need_dtype(st, "input c (the gate)", in->c, GROG_DTYPE_BOOL))))
        return rc;
    if (in->c == in->out)
        return bad(st, "output and the gate are both slot %d, but the gate is read every round", in->c);
    if ((rc = check_list(st, in, "on, off, ref, rounds")))
        return rc;
    if (in->list_len < 3 || in->list_len > 4)
        return bad(st, "list has %d entries, but holds on, off, ref and at most a rounds slot", in->list_len);
    const int32_t *list = st->p->lists + in->list_off;
    for (int j = 0; j < 3; j++) {
        if ((rc = check_slot(st, what[j], list[j], K_SCALAR | K_VECTOR)) ||
            (rc = need_mask(st, what[j], list[j], D_NUM, "f64 or i64")) ||
            (rc = need_dtype(st, what[j], list[j], dtype_of(st, list[0]))))
            return rc;  /* so none of them is the (bool) output, which changes every round */
    }
    if (in->list_len == 4 && ((rc = check_slot(st, what[3], list[3], K_SCALAR)) ||
                              (rc = need_dtype(st, what[3], list[3], GROG_DTYPE_I64))))
        return rc;
    return GROG_OK;
}

/* attr0..attr2 against the opcode's attribute layout (grog_opcode_attr_n). */
static int check_attrs(vstate *st, const grog_instr *in)
{
    const int32_t attr[3] = {in->attr0, in->attr1, in->attr2};
    for (int k = 0; k < 3; k++) {
        int n = grog_opcode_attr_n[in->opcode][k];
        if (n == 0 || (attr[k] >= 0 && attr[k] < n))
            continue;
        if (n == 2)  /* a flag */
            return bad(st, "%s (attr%d) is %d, but must be 0 or 1", grog_opcode_attr_names[in->opcode][k], k, attr[k]);
        return bad(st, "%s (attr%d) is %d, but must lie in 0..%d", grog_opcode_attr_names[in->opcode][k], k, attr[k],
                   n - 1);
    }
    return GROG_OK;
}

/* Graph and data sources: no inputs, the output kind and dtypes of their
 * record (LOAD_ATTR: the dtype of the attribute it loads). */
static int check_source(vstate *st, const grog_instr *in)
{
    int rc, op = in->opcode, kind = grog_opcode_out_kind[op], mask = grog_opcode_out_dtypes[op];
    if (op == GROG_OP_LOAD_ATTR) {
        if (in->imm_i64 < 0 || in->imm_i64 >= st->p->n_attrs)
            return bad(st, "attribute index (imm_i64) is %lld, but the program has %d attributes",
                       (long long)in->imm_i64, st->p->n_attrs);
        mask = 1 << st->p->attr_dtypes[in->imm_i64];
    }
    if (kind != GROG_SLOT_SCALAR && kind != GROG_SLOT_VECTOR)
        return bad(st, "is a source without an output kind");
    if ((rc = check_slot(st, "output", in->out, 1 << kind)))
        return rc;
    if (mask == D_ANY)
        return GROG_OK;
    if (mask == D_F64 || mask == D_I64 || mask == D_BOOL)
        return need_dtype(st, "output", in->out, mask == D_F64 ? GROG_DTYPE_F64 : mask == D_I64 ? GROG_DTYPE_I64
                                                                                       : GROG_DTYPE_BOOL);
    return need_mask(st, "output", in->out, mask, mask_words(mask));
}

/* A list range [off, off + len) of p->lists. */
static int check_list(vstate *st, const grog_instr *in, const char *what)
{
    if (in->list_off < 0 || in->list_len < 0 || (int64_t)in->list_off + in->list_len > st->p->n_lists)
        return bad(st, "%s list [%d, +%d) lies outside the %d list entries", what, in->list_off, in->list_len,
                   st->p->n_lists);
    return GROG_OK;
}

static int check_carries(vstate *st, const grog_instr *in)
{
    int rc;
    if ((rc = check_list(st, in, "carries")))
        return rc;
    if (in->list_len % 3 != 0)
        return bad(st, "carries list has %d entries, not a multiple of 3 (init, arg, next)", in->list_len);
    const int32_t *L = st->p->lists + in->list_off;
    static const char *const role[3] = {"init", "arg", "next"};
    for (int pass = 1; pass <= 2; pass++) {  /* arg slots distinct, then next slots distinct */
        st->stamp++;
        for (int32_t k = 0; k < in->list_len / 3; k++) {
            char what[48];
            for (int r = 0; r < 3 && pass == 1; r++) {
                snprintf(what, sizeof what, "carry %d %s", k, role[r]);
                if ((rc = check_slot(st, what, L[3 * k + r], K_SCALAR | K_VECTOR)))
                    return rc;
            }
            for (int r = 0; r < 3 && pass == 1; r++) {
                if (kind_of(st, L[3 * k + r]) != kind_of(st, L[3 * k + 1]) ||
                    dtype_of(st, L[3 * k + r]) != dtype_of(st, L[3 * k + 1]))
                    return bad(st, "carry %d: %s slot %d is %s %s, but arg slot %d is %s %s", k, role[r], L[3 * k + r],
                               kind_name[kind_of(st, L[3 * k + r])], dtype_name[dtype_of(st, L[3 * k + r])],
                               L[3 * k + 1], kind_name[kind_of(st, L[3 * k + 1])],
                               dtype_name[dtype_of(st, L[3 * k + 1])]);
            }
            int32_t s = L[3 * k + pass];
            if (st->seen[s] == st->stamp)
                return bad(st, "carry %d: %s slot %d is also the %s slot of an earlier carry", k, role[pass], s,
                           role[pass]);
            st->seen[s] = st->stamp;
        }
    }
    /* The entry copies run one after another, so no init may sit in an arg slot that an entry copy
     * writes (another carry's arg with an init of its own; args are distinct, so that carry is unique). */
    st->stamp++;
    for (int32_t k = 0; k < in->list_len / 3; k++)
        if (L[3 * k] != L[3 * k + 1])
            st->seen[L[3 * k + 1]] = st->stamp;
    for (int32_t k = 0; k < in->list_len / 3; k++)
        if (st->seen[L[3 * k]] == st->stamp)
            return bad(st, "carry %d: init slot %d is the arg slot of another carry, which the entry copies "
                           "overwrite", k, L[3 * k]);
    return GROG_OK;
}

static int check_seq(vstate *st, int32_t start, int32_t end, int fused, int depth, int32_t *pulls);

/* An op of a FUSED_PULL's per-edge producer (already checked as an ordinary
 * body op): it runs once per edge, so it must be element-wise, unable to
 * fault (whether it faulted would depend on the edges), and write per-edge
 * values to block slots (or a scalar, computed once before the blocks). */
static int check_producer_op(vstate *st, const grog_instr *in)
{
    int op = in->opcode;
    if (!grog_is_elementwise(op) && op != GROG_OP_CONST)
        return bad(st, "stands in the FUSED_PULL's producer (before its PULL), which holds element-wise ops only");
    if (op == GROG_OP_CONST)
        return GROG_OK;
    int in_dt = dtype_of(st, (grog_opflags[op] & GROG_OPFLG_COND) ? in->b : in->a);
    int faults = (grog_opcode_trap_in[op] & (1 << in_dt)) && (grog_opcode_trap_out[op] & (1 << dtype_of(st, in->out)));
    if (faults)
        return bad(st, "may fault at run time (i64 DIV or POW, CAST f64 to i64), but it stands in the FUSED_PULL's "
                       "producer, which runs once per edge");
    if (kind_of(st, in->out) == GROG_SLOT_VECTOR)
        return bad(st, "output is vector slot %d, but a producer op writes per-edge values (block slots only)",
                   in->out);
    return GROG_OK;
}

static int check_fused(vstate *st, int32_t i, const grog_instr *in)
{
    int rc;
    if ((rc = check_list(st, in, "reduce_outs")))
        return rc;
    memset(st->written, 0, (size_t)st->p->n_slots);
    memset(st->reduced, 0, (size_t)st->p->n_slots);
    memset(st->readm, 0, (size_t)st->p->n_slots);
    const int32_t *L = st->p->lists + in->list_off;
    st->stamp++;
    for (int32_t k = 0; k < in->list_len; k++) {
        char what[40];
        snprintf(what, sizeof what, "reduce_outs[%d]", k);
        if ((rc = check_slot(st, what, L[k], K_SCALAR)))
            return rc;
        if (st->seen[L[k]] == st->stamp)
            return bad(st, "reduce_outs[%d] is slot %d, listed twice", k, L[k]);
        st->seen[L[k]] = st->stamp;
    }
    int32_t plen = in->attr0;
    if (in->opcode == GROG_OP_FUSED_MAP && plen != 0)
        return bad(st, "attr0 is %d, but a FUSED_MAP has no producer (must be 0)", plen);
    if (plen < 0 || (plen > 0 && plen >= in->body_len))
        return bad(st, "producer_len (attr0) is %d, but must lie in 0..%d (the PULL follows the producer)", plen,
                   in->body_len > 0 ? in->body_len - 1 : 0);
    memset(st->edge, 0, (size_t)st->p->n_slots);
    memset(st->bodyw, 0, (size_t)st->p->n_slots);
    for (int32_t j = i + 1 + plen; j < i + 1 + in->body_len; j++)
        if (st->p->code[j].out >= 0 && st->p->code[j].out < st->p->n_slots)
            st->bodyw[st->p->code[j].out] = 1;
    int32_t pulls = 0, listed = st->stamp;
    st->in_fused = 1;
    st->prod_end = plen > 0 ? i + 1 + plen : 0;
    rc = check_seq(st, i + 1, i + 1 + in->body_len, in->opcode == GROG_OP_FUSED_MAP ? 1 : 2, 0, &pulls);
    st->in_fused = 0;
    st->prod_end = 0;
    if (rc)
        return rc;
    st->at = i;
    if (plen > 0 && st->p->code[i + 1 + plen].opcode != GROG_OP_PULL)
        return bad(st, "producer_len (attr0) is %d, but body instruction %d is %s, not the PULL (the producer "
                       "ends right before it)", plen, i + 1 + plen, op_name(st->p->code[i + 1 + plen].opcode));
    if (plen > 0)
        st->info->needs_edges = 1;
    if (in->opcode == GROG_OP_FUSED_PULL && pulls != 1)
        return bad(st, "the body holds %d PULLs, but a FUSED_PULL holds exactly one", pulls);
    int32_t reduces = 0;
    for (int32_t j = i + 1 + plen; j < i + 1 + in->body_len; j++) {
        const grog_instr *b = &st->p->code[j];
        if (b->opcode == GROG_OP_REDUCE) {
            reduces++;
            st->at = j;
            if (st->seen[b->out] != listed)
                return bad(st, "writes slot %d, which is not in its fused op's reduce_outs", b->out);
        }
        if (b->opcode == GROG_OP_PULL && kind_of(st, b->a) == GROG_SLOT_VECTOR && st->written[b->a]) {
            st->at = j;
            return bad(st, "input a is slot %d, which the same fused body writes (a pull reads other nodes: "
                           "compute it before the fused op)", b->a);
        }
    }
    st->at = i;
    if (reduces != in->list_len)
        return bad(st, "reduce_outs lists %d slots, but the body holds %d REDUCEs", in->list_len, reduces);
    if (reduces > st->info->max_reduce)
        st->info->max_reduce = reduces;
    return GROG_OK;
}

static int check_instr(vstate *st, int32_t i, int32_t end, int fused, int depth, int32_t *pulls)
{
    const grog_instr *in = &st->p->code[i];
    int op = in->opcode, rc;
    st->at = i;
    if (op < 0 || op >= GROG_OP_COUNT)
        return grog_fail(st->err, st->len, GROG_EINVALID, "instruction %d: opcode %d is not an opcode (0..%d)", i,
                         op, GROG_OP_COUNT - 1);
    int flags = grog_opflags[op], has_body = (flags & GROG_OPFLG_BODY) != 0;
    if (has_body) {
        if (in->body_off != i + 1)
            return bad(st, "body_off is %d, but a body starts right after its instruction (%d)", in->body_off, i + 1);
        if (in->body_len < 0 || (int64_t)i + 1 + in->body_len > end)
            return bad(st, "body [%d, +%d) does not fit inside its parent, which ends at %d", i + 1, in->body_len,
                       end);
        if (depth >= GROG_MAX_DEPTH)
            return bad(st, "bodies nest deeper than %d", GROG_MAX_DEPTH);
    } else if (in->body_len != 0) {
        return bad(st, "body_len is %d, but this opcode has no body", in->body_len);
    }
    if (fused) {
        int allowed = (flags & GROG_OPFLG_IN_FUSED) || ((flags & GROG_OPFLG_GRAPH) && fused == 2);
        if (!allowed)
            return bad(st, "may not stand inside a %s body", fused == 2 ? "FUSED_PULL" : "FUSED_MAP");
    }
    if ((rc = check_attrs(st, in)))
        return rc;
    switch (op) {
    case GROG_OP_REPEAT:
    case GROG_OP_WHILE:
        if ((rc = check_slot(st, "input a (the count)", in->a, K_SCALAR)) ||
            (rc = need_dtype(st, "input a (the count)", in->a, GROG_DTYPE_I64)))
            return rc;
        if (op == GROG_OP_WHILE && ((rc = check_slot(st, "the condition (b)", in->b, K_SCALAR)) ||
                                    (rc = need_dtype(st, "the condition (b)", in->b, GROG_DTYPE_BOOL))))
            return rc;
        if ((rc = check_carries(st, in)))
            return rc;
        return check_seq(st, i + 1, i + 1 + in->body_len, 0, depth + 1, pulls);
    case GROG_OP_FUSED_MAP:
    case GROG_OP_FUSED_PULL:
        return check_fused(st, i, in);
    case GROG_OP_PULL:
        (*pulls)++;
        rc = check_pull(st, in, fused);
        break;
    case GROG_OP_REDUCE:
        rc = check_reduce(st, in, fused);
        break;
    case GROG_OP_PROPAGATE:
        rc = check_propagate(st, in);
        break;
    case GROG_OP_PROPAGATE_MARK:
        rc = check_propagate_mark(st, in);
        break;
    default:
        if (flags & GROG_OPFLG_EW)
            rc = check_elementwise(st, in, fused);
        else if (flags & GROG_OPFLG_SOURCE)
            rc = check_source(st, in);
        else  /* an opcode with a record but no rule here: refuse it rather than guess */
            return bad(st, "has no validation rule in this runtime");
    }
    if (rc == GROG_OK && fused && i < st->prod_end && (rc = check_producer_op(st, in)))
        return rc;
    if (rc == GROG_OK && fused) {
        /* scalar ops of a fused body run once before its blocks (executor's
         * prologue), which is only the same as program order if no earlier
         * instruction of the body reads the scalar they overwrite */
        if (op != GROG_OP_REDUCE && kind_of(st, in->out) == GROG_SLOT_SCALAR && st->readm[in->out])
            return bad(st, "writes scalar slot %d, which an earlier instruction of this fused body reads "
                           "(scalar ops of a fused body run once, before its blocks)", in->out);
        st->written[in->out] = 1;
        st->edge[in->out] = i < st->prod_end && kind_of(st, in->out) == GROG_SLOT_BLOCK;
        if (op == GROG_OP_REDUCE)
            st->reduced[in->out] = 1;
    }
    return rc;
}

static int check_seq(vstate *st, int32_t start, int32_t end, int fused, int depth, int32_t *pulls)
{
    for (int32_t i = start; i < end;) {
        int rc = check_instr(st, i, end, fused, depth, pulls);
        if (rc)
            return rc;
        i += 1 + ((grog_opflags[st->p->code[i].opcode] & GROG_OPFLG_BODY) ? st->p->code[i].body_len : 0);
    }
    return GROG_OK;
}

/* Counts, pointers and the slot, parameter, attribute and output tables. */
static int check_tables(const grog_program *p, char *err, size_t len)
{
#define NEED(cond, ...) \
    if (!(cond)) return grog_fail(err, len, GROG_EINVALID, __VA_ARGS__)
    NEED(p->n_code >= 0 && p->n_slots >= 0 && p->n_lists >= 0 && p->n_params >= 0 && p->n_attrs >= 0 &&
             p->n_outputs >= 0, "program: a count is negative");
    NEED(p->n_code == 0 || p->code, "program: code is NULL but n_code is %d", p->n_code);
    NEED(p->n_slots == 0 || p->slots, "program: slots is NULL but n_slots is %d", p->n_slots);
    NEED(p->n_lists == 0 || p->lists, "program: lists is NULL but n_lists is %d", p->n_lists);
    NEED(p->n_params == 0 || p->param_slots, "program: param_slots is NULL but n_params is %d", p->n_params);
    NEED(p->n_attrs == 0 || p->attr_dtypes, "program: attr_dtypes is NULL but n_attrs is %d", p->n_attrs);
    NEED(p->n_outputs == 0 || p->output_slots, "program: output_slots is NULL but n_outputs is %d", p->n_outputs);
    NEED(p->top_len == p->n_code, "program: top_len is %d, but the top level must cover all %d instructions",
         p->top_len, p->n_code);
    for (int32_t s = 0; s < p->n_slots; s++) {
        NEED(p->slots[s].kind >= 0 && p->slots[s].kind < GROG_SLOT_N, "slot %d: kind %d is not a slot kind (0..%d)",
             s, p->slots[s].kind, GROG_SLOT_N - 1);
        NEED(p->slots[s].dtype >= 0 && p->slots[s].dtype < GROG_DTYPE_N, "slot %d: dtype %d is not a dtype (0..%d)",
             s, p->slots[s].dtype, GROG_DTYPE_N - 1);
    }
    for (int32_t k = 0; k < p->n_params; k++) {
        int32_t s = p->param_slots[k];
        NEED(s >= 0 && s < p->n_slots, "parameter %d: slot %d, but the program has %d slots", k, s, p->n_slots);
        NEED(p->slots[s].kind == GROG_SLOT_SCALAR, "parameter %d: slot %d is a %s slot, but must be scalar", k, s,
             kind_name[p->slots[s].kind]);
    }
    for (int32_t k = 0; k < p->n_attrs; k++)
        NEED(p->attr_dtypes[k] >= 0 && p->attr_dtypes[k] < GROG_DTYPE_N, "attribute %d: dtype %d is not a dtype",
             k, p->attr_dtypes[k]);
    for (int32_t k = 0; k < p->n_outputs; k++) {
        int32_t s = p->output_slots[k];
        NEED(s >= 0 && s < p->n_slots, "output %d: slot %d, but the program has %d slots", k, s, p->n_slots);
        NEED(p->slots[s].kind != GROG_SLOT_BLOCK, "output %d: slot %d is a block slot (scratch inside a fused body)",
             k, s);
    }
#undef NEED
    return GROG_OK;
}

int grog_validate(const grog_program *p, const grog_graph *g, grog_plan_info *info, char *err, size_t err_len)
{
    if (!p)
        return grog_fail(err, err_len, GROG_EINVALID, "program is NULL");
    if (!g)
        return grog_fail(err, err_len, GROG_EINVALID, "graph is NULL");
    int rc = check_tables(p, err, err_len);
    if (rc)
        return rc;
    size_t ns = (size_t)p->n_slots + 1;
    vstate st = {p, info, err, err_len, 0, 0, calloc(ns, 1), calloc(ns, 1), calloc(ns, 1), calloc(ns, sizeof(int32_t)), 0,
                 0, 0, calloc(ns, 1), calloc(ns, 1)};
    info->block_index = malloc(ns * sizeof(int32_t));
    if (!st.written || !st.reduced || !st.readm || !st.seen || !st.edge || !st.bodyw || !info->block_index) {
        rc = grog_fail(err, err_len, GROG_ENOMEM, "validation: out of memory");
    } else {
        info->n_block_slots = 0;
        info->max_reduce = 1;
        info->needs_mode = 0;
        info->needs_edges = 0;
        for (int32_t s = 0; s < p->n_slots; s++)
            info->block_index[s] = p->slots[s].kind == GROG_SLOT_BLOCK ? info->n_block_slots++ : -1;
        int32_t pulls = 0;
        rc = check_seq(&st, 0, p->top_len, 0, 0, &pulls);
    }
    free(st.written);
    free(st.reduced);
    free(st.readm);
    free(st.seen);
    free(st.edge);
    free(st.bodyw);
    if (rc) {
        free(info->block_index);
        info->block_index = NULL;
    }
    return rc;
}
