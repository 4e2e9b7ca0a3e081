/* exec.c: grog_execute, the dispatch loop with one case per opcode.
 *
 * A run: validate everything (validate.c), allocate the slots (memory.c),
 * store the parameters, run code[0 .. top_len) and copy the output slots
 * into the caller's buffers.  Vector work is parallel over nodes with
 * OpenMP: element-wise ops and reductions over fixed blocks of GROG_BLOCK
 * nodes, pulls over ranges balanced by edges, fused bodies block by block.
 * Run-time faults stop the run with GROG_ERUNTIME naming the instruction.
 * A caller's cancel (grog_control) is seen per block of work, per loop round
 * and after every instruction, and stops the run with GROG_ECANCELLED.
 */
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#include "grog_internal.h"

#define SLOT(c, s) ((c)->prog->slots[s])
#define ESIZE(c, s) grog_dtype_size[SLOT(c, s).dtype]

static int run_seq(grog_ctx *c, int32_t start, int32_t end);

static int fault_at(grog_ctx *c, int32_t i, int fault)
{
    return grog_fail(c->err, c->err_len, fault == GROG_FAULT_NOMEM ? GROG_ENOMEM : GROG_ERUNTIME,
                     "instruction %d (%s): %s", i, grog_opcode_names[c->prog->code[i].opcode],
                     grog_fault_text(fault));
}

static int cancelled(grog_ctx *c)
{
    return grog_fail(c->err, c->err_len, GROG_ECANCELLED, "run cancelled by the caller");
}

static int64_t nblocks_of(int64_t n) { return (n + GROG_BLOCK - 1) / GROG_BLOCK; }

/* Slot s as an operand of the block starting at node lo (scratch: the
 * calling thread's block buffers; NULL outside fused bodies). */
static grog_span span_of(grog_ctx *c, int32_t s, int64_t lo, char *scratch)
{
    switch (SLOT(c, s).kind) {
    case GROG_SLOT_SCALAR: return (grog_span){c->buf[s], 0};
    case GROG_SLOT_VECTOR: return (grog_span){(char *)c->buf[s] + lo * (int64_t)ESIZE(c, s), 1};
    default: return (grog_span){scratch + (size_t)c->info.block_index[s] * GROG_BLOCK * 8, 1};
    }
}

static char *thread_scratch(grog_ctx *c, int tid)
{
    return c->scratch + (size_t)tid * c->info.n_block_slots * GROG_BLOCK * 8;
}

/* One element-wise instruction over nodes [lo, lo + len). */
static int ew_block(grog_ctx *c, const grog_instr *in, int64_t lo, int64_t len, char *scratch)
{
    int nin = grog_opcode_inputs[in->opcode];
    int32_t src = (grog_opflags[in->opcode] & GROG_OPFLG_COND) ? in->b : in->a;
    grog_span none = {NULL, 0};
    grog_span a = nin > 0 ? span_of(c, in->a, lo, scratch) : none;
    grog_span b = nin > 1 ? span_of(c, in->b, lo, scratch) : none;
    grog_span d = nin > 2 ? span_of(c, in->c, lo, scratch) : none;
    grog_span o = span_of(c, in->out, lo, scratch);
    return grog_ew(in->opcode, SLOT(c, in->out).dtype, SLOT(c, src).dtype, (void *)o.p, a, b, d, len);
}

static int run_elementwise(grog_ctx *c, int32_t i, const grog_instr *in)
{
    if (SLOT(c, in->out).kind == GROG_SLOT_SCALAR) {
        int f = ew_block(c, in, 0, 1, NULL);
        return f ? fault_at(c, i, f) : GROG_OK;
    }
    int64_t nb = nblocks_of(c->n);
    int fault = 0;
#pragma omp parallel for num_threads(c->threads) schedule(static) if (nb > 1)
    for (int64_t blk = 0; blk < nb; blk++) {
        if (grog_stop_requested(c->ctl)) continue;
        int64_t lo = blk * GROG_BLOCK, len = c->n - lo < GROG_BLOCK ? c->n - lo : GROG_BLOCK;
        int f = ew_block(c, in, lo, len, NULL);
        if (f) {
#pragma omp atomic write
            fault = f;
        }
    }
    return fault ? fault_at(c, i, fault) : GROG_OK;
}

/* REDUCE over a whole vector: block partials merged in block order. */
static void run_reduce(grog_ctx *c, const grog_instr *in)
{
    int op = in->attr0, dt = SLOT(c, in->a).dtype;
    int64_t nb = nblocks_of(c->n);
    size_t es = ESIZE(c, in->a);
    grog_acc *part = c->partials;
#pragma omp parallel for num_threads(c->threads) schedule(static) if (nb > 1)
    for (int64_t blk = 0; blk < nb; blk++) {
        int64_t lo = blk * GROG_BLOCK, len = c->n - lo < GROG_BLOCK ? c->n - lo : GROG_BLOCK;
        grog_acc_init(&part[blk], op, dt);
        if (grog_stop_requested(c->ctl)) continue;
        grog_acc_add(&part[blk], op, dt, (char *)c->buf[in->a] + lo * (int64_t)es, len);
    }
    grog_acc acc;
    grog_acc_init(&acc, op, dt);
    for (int64_t blk = 0; blk < nb; blk++)
        grog_acc_merge(&acc, &part[blk], op, dt);
    grog_acc_store(&acc, op, dt, c->buf[in->out]);
}

/* PULL's optional gate b (a bool scalar, read once per instruction): are
 * the edge weights on?  Absent (-1) means on. */
static int pull_uses_weights(const grog_ctx *c, const grog_instr *in)
{
    return in->b < 0 || *(const uint8_t *)c->buf[in->b] != 0;
}

static void run_pull(grog_ctx *c, const grog_instr *in)
{
    int use_weights = pull_uses_weights(c, in);
    int64_t parts = c->n > GROG_BLOCK ? 16 * (int64_t)c->threads : 1;
    int64_t bounds_small[2], *bounds = parts > 1 ? malloc(sizeof(int64_t) * (size_t)(parts + 1)) : bounds_small;
    if (!bounds) {  /* no memory for the split: one range per... just run it serially */
        bounds = bounds_small;
        parts = 1;
    }
    if (parts > 1) grog_split_by_edges(c->g, in->attr1, parts, bounds);
    else { bounds[0] = 0; bounds[1] = c->n; }
    size_t es = ESIZE(c, in->out);
#pragma omp parallel for num_threads(c->threads) schedule(dynamic, 1) if (parts > 1)
    for (int64_t k = 0; k < parts; k++) {
        if (grog_stop_requested(c->ctl)) continue;
        void *mode = c->mode_scratch ? c->mode_scratch[omp_get_thread_num()] : NULL;
        grog_pull(c->g, in->attr0, in->attr1, in->attr2, use_weights, SLOT(c, in->a).dtype, c->buf[in->a],
                  (char *)c->buf[in->out] + bounds[k] * (int64_t)es, bounds[k], bounds[k + 1], mode);
    }
    if (bounds != bounds_small)
        free(bounds);
}

static int is_prologue(grog_ctx *c, const grog_instr *in)
{
    return in->opcode == GROG_OP_CONST ||
           (grog_is_elementwise(in->opcode) && SLOT(c, in->out).kind == GROG_SLOT_SCALAR);
}

/* A fused body block by block: scalar ops once first, then every block runs
 * the other instructions in order; REDUCE partials per block, merged in
 * block order afterwards. */
static int run_fused(grog_ctx *c, int32_t i, const grog_instr *fin)
{
    const grog_instr *body = c->prog->code + i + 1;
    int32_t blen = fin->body_len;
    for (int32_t j = 0; j < blen; j++) {
        if (!is_prologue(c, &body[j]))
            continue;
        if (body[j].opcode == GROG_OP_CONST) {
            memcpy(c->buf[body[j].out], SLOT(c, body[j].out).dtype == GROG_DTYPE_F64 ? (void *)&body[j].imm_f64
                                                                               : (void *)&body[j].imm_i64, 8);
            if (SLOT(c, body[j].out).dtype == GROG_DTYPE_BOOL)
                *(uint64_t *)c->buf[body[j].out] = body[j].imm_i64 != 0;
        } else {
            int f = ew_block(c, &body[j], 0, 1, NULL);
            if (f) return fault_at(c, i + 1 + j, f);
        }
    }
    int64_t nb = nblocks_of(c->n);
    int fault = 0, fault_instr = -1;
#pragma omp parallel for num_threads(c->threads) schedule(dynamic, 1) if (nb > 1)
    for (int64_t blk = 0; blk < nb; blk++) {
        int f;
#pragma omp atomic read
        f = fault;
        if (f || grog_stop_requested(c->ctl)) continue;
        int tid = omp_get_thread_num();
        char *scratch = thread_scratch(c, tid);
        int64_t lo = blk * GROG_BLOCK, len = c->n - lo < GROG_BLOCK ? c->n - lo : GROG_BLOCK;
        int32_t r = 0, plen = fin->opcode == GROG_OP_FUSED_PULL ? fin->attr0 : 0;
        for (int32_t j = 0; j < blen && !f; j++) {
            const grog_instr *in = &body[j];
            if (j < plen)
                continue;  /* the per-edge producer runs inside its PULL (body[plen]) */
            if (in->opcode == GROG_OP_PULL && plen > 0) {
                int32_t at = 0;
                if ((f = grog_edge_pull(c, body, plen, lo, len, tid, &at))) {
#pragma omp critical(grog_fault)
                    {
                        fault = f;
                        fault_instr = i + 1 + at;
                    }
                }
            } else if (in->opcode == GROG_OP_PULL) {
                grog_span o = span_of(c, in->out, lo, scratch);
                grog_pull(c->g, in->attr0, in->attr1, in->attr2, pull_uses_weights(c, in), SLOT(c, in->a).dtype,
                          c->buf[in->a], (void *)o.p, lo, lo + len, c->mode_scratch ? c->mode_scratch[tid] : NULL);
            } else if (in->opcode == GROG_OP_REDUCE) {
                grog_acc *acc = &c->partials[(int64_t)r++ * nb + blk];
                grog_acc_init(acc, in->attr0, SLOT(c, in->a).dtype);
                grog_acc_add(acc, in->attr0, SLOT(c, in->a).dtype, span_of(c, in->a, lo, scratch).p, len);
            } else if (!is_prologue(c, in) && (f = ew_block(c, in, lo, len, scratch))) {
#pragma omp critical(grog_fault)
                {
                    fault = f;
                    fault_instr = i + 1 + j;
                }
            }
        }
    }
    if (fault)
        return fault_at(c, fault_instr, fault);
    if (grog_stop_requested(c->ctl))
        return cancelled(c);  /* blocks were skipped: the partials are incomplete */
    int32_t r = 0;
    for (int32_t j = 0; j < blen; j++) {
        const grog_instr *in = &body[j];
        if (in->opcode != GROG_OP_REDUCE)
            continue;
        int dt = SLOT(c, in->a).dtype;
        grog_acc acc;
        grog_acc_init(&acc, in->attr0, dt);
        for (int64_t blk = 0; blk < nb; blk++)
            grog_acc_merge(&acc, &c->partials[(int64_t)r * nb + blk], in->attr0, dt);
        grog_acc_store(&acc, in->attr0, dt, c->buf[in->out]);
        r++;
    }
    return GROG_OK;
}

static size_t slot_bytes(grog_ctx *c, int32_t s)
{
    return SLOT(c, s).kind == GROG_SLOT_VECTOR ? (size_t)c->n * ESIZE(c, s) : 8;
}

/* The loop back edge: every arg slot takes its next slot's buffer at once
 * (a parallel assignment, so carries that yield each other work); the arg
 * buffers no longer used pass to the next slots that are not args. */
static void back_edge(grog_ctx *c, const int32_t *L, int32_t k)
{
    void **newarg = c->swap_tmp, **freed = c->swap_tmp + k;
    uint8_t *mark = (uint8_t *)(c->swap_tmp + c->prog->n_lists);  /* after 2k <= n_lists pointers */
    for (int32_t j = 0; j < k; j++) {
        newarg[j] = c->buf[L[3 * j + 2]];
        mark[L[3 * j + 2]] |= 1;
        mark[L[3 * j + 1]] |= 2;
    }
    int32_t nfree = 0;
    for (int32_t j = 0; j < k; j++)
        if (!(mark[L[3 * j + 1]] & 1))
            freed[nfree++] = c->buf[L[3 * j + 1]];
    for (int32_t j = 0; j < k; j++)
        c->buf[L[3 * j + 1]] = newarg[j];
    for (int32_t j = 0, t = 0; j < k; j++)
        if (!(mark[L[3 * j + 2]] & 2))
            c->buf[L[3 * j + 2]] = freed[t++];
    for (int32_t j = 0; j < k; j++)
        mark[L[3 * j + 1]] = mark[L[3 * j + 2]] = 0;
}

static int run_loop(grog_ctx *c, int32_t i, const grog_instr *in)
{
    int64_t rounds = *(int64_t *)c->buf[in->a];
    const int32_t *L = c->prog->lists + in->list_off;
    int32_t k = in->list_len / 3;
    for (int32_t j = 0; j < k; j++)
        if (L[3 * j] != L[3 * j + 1])
            memcpy(c->buf[L[3 * j + 1]], c->buf[L[3 * j]], slot_bytes(c, L[3 * j]));
    int32_t depth = c->depth;
    int64_t iteration = c->iteration;
    c->depth = depth + 1;
    if (c->ctl) __atomic_store_n(&c->ctl->loop_depth, depth + 1, __ATOMIC_RELAXED);
    int rc = GROG_OK;
    int64_t done = 0;
    int32_t end = 2;  /* the round limit, unless the condition stops it first */
    for (int64_t r = 0; r < rounds; r++) {
        if (grog_stop_requested(c->ctl)) {
            rc = cancelled(c);
            break;
        }
        grog_progress_round(c->ctl, depth, r);
        c->iteration = r;
        if ((rc = run_seq(c, i + 1, i + 1 + in->body_len)))
            break;
        done = r + 1;
        int more = in->opcode == GROG_OP_REPEAT || *(uint8_t *)c->buf[in->b];
        back_edge(c, L, k);
        if (!more) {
            end = 1;
            break;
        }
    }
    if (c->prof && rc == GROG_OK) {
        if (c->prof->loop_rounds) c->prof->loop_rounds[i] = done;
        if (c->prof->loop_end) c->prof->loop_end[i] = end;
    }
    c->depth = depth;
    if (c->ctl) __atomic_store_n(&c->ctl->loop_depth, depth, __ATOMIC_RELAXED);
    c->iteration = iteration;
    return rc;
}

static int store_const(grog_ctx *c, const grog_instr *in)
{
    void *p = c->buf[in->out];
    switch (SLOT(c, in->out).dtype) {
    case GROG_DTYPE_F64: *(double *)p = in->imm_f64; break;
    case GROG_DTYPE_I64: *(int64_t *)p = in->imm_i64; break;
    case GROG_DTYPE_BOOL: *(uint64_t *)p = in->imm_i64 != 0; break;
    default: return GROG_FAULT_BAD_OP;
    }
    return GROG_FAULT_NONE;
}

static void store_count(grog_ctx *c, const grog_instr *in, int64_t value)
{
    if (SLOT(c, in->out).dtype == GROG_DTYPE_F64) *(double *)c->buf[in->out] = (double)value;
    else *(int64_t *)c->buf[in->out] = value;
}

static void load_attr(grog_ctx *c, const grog_instr *in, const void *src)
{
    size_t es = ESIZE(c, in->out);
    if (SLOT(c, in->out).dtype != GROG_DTYPE_BOOL) {
        memcpy(c->buf[in->out], src, (size_t)c->n * es);
        return;
    }
    const uint8_t *s = src;
    uint8_t *d = c->buf[in->out];
    for (int64_t v = 0; v < c->n; v++) d[v] = s[v] != 0;  /* bools are 0 or 1 inside */
}

/* The library's graph kernels: no inputs, n i64 values out, a grog_fault back. */
typedef int (*graph_kernel_fn)(const grog_graph *, int64_t *, int, const grog_control *);

static graph_kernel_fn graph_kernel(int opcode)
{
    switch (opcode) {
    case GROG_OP_NEIGHBOR_COUNT: return grog_neighbor_count;
    case GROG_OP_NEIGHBORHOOD_ARCS: return grog_neighborhood_arcs;
    case GROG_OP_CORE_NUMBER: return grog_core_number;
    case GROG_OP_SCC: return grog_scc;
    case GROG_OP_WCC: return grog_wcc;
    default: return NULL;
    }
}

/* The dispatch loop over code[start, end). */
static int run_seq(grog_ctx *c, int32_t start, int32_t end)
{
    const grog_instr *code = c->prog->code;
    /* a profile that asks only for loop endings (convergence) costs nothing per instruction */
    const grog_profile *pr = c->prof;
    const int record = pr && (pr->seconds || pr->calls || pr->bytes || pr->trace);
    for (int32_t i = start; i < end;) {
        const grog_instr *in = &code[i];
        double t0 = record ? grog_now() : 0.0;
        int rc = GROG_OK;
        switch (in->opcode) {
        case GROG_OP_CONST: {    /* r[out] = imm */
            int f = store_const(c, in);
            if (f) rc = fault_at(c, i, f);
            break;
        }
        case GROG_OP_REDUCE:     /* r[out] = reduce(attr0, r[a]) */
            run_reduce(c, in);
            break;
        case GROG_OP_NODE_COUNT: /* r[out] = n */
            store_count(c, in, c->n);
            break;
        case GROG_OP_EDGE_COUNT: /* r[out] = edges as imported */
            store_count(c, in, c->g->a.num_edges);
            break;
        case GROG_OP_NODE_IDS: { /* r[out][v] = v */
            int64_t *o = c->buf[in->out];
#pragma omp parallel for num_threads(c->threads) schedule(static) if (c->n > GROG_BLOCK)
            for (int64_t v = 0; v < c->n; v++) o[v] = v;
            break;
        }
        case GROG_OP_DEGREE:     /* r[out][v] = degree(v, dir=attr0, weighted=attr1) */
            grog_degree(c->g, in->attr0, in->attr1, c->buf[in->out], c->threads);
            break;
        case GROG_OP_PULL:       /* r[out][v] = agg(attr0) over N(v, dir=attr1) of w(attr2) . r[a][u] */
            run_pull(c, in);
            break;
        case GROG_OP_TRIANGLES: {/* r[out][v] = triangles through v */
            int f = grog_triangles(c->g, c->buf[in->out], c->threads, c->ctl);
            if (f) rc = fault_at(c, i, f);
            break;
        }
        case GROG_OP_DIRECTED:   /* r[out] = 1 if the graph is directed else 0 */
            *(uint8_t *)c->buf[in->out] = c->g->a.directed != 0;
            break;
        case GROG_OP_SELF_LOOPS: /* r[out][v] = stored arcs v -> v */
            grog_self_loops(c->g, c->buf[in->out], c->threads);
            break;
        case GROG_OP_NEIGHBOR_COUNT:    /* r[out][v] = |N(v)| */
        case GROG_OP_NEIGHBORHOOD_ARCS: /* r[out][v] = arcs among N(v) */
        case GROG_OP_CORE_NUMBER:       /* r[out][v] = core number of v */
        case GROG_OP_SCC:               /* r[out][v] = smallest id in v's strong component */
        case GROG_OP_WCC: {             /* r[out][v] = smallest id in v's weak component */
            graph_kernel_fn kernel = graph_kernel(in->opcode);
            int f = kernel ? kernel(c->g, c->buf[in->out], c->threads, c->ctl) : GROG_FAULT_BAD_OP;
            if (f) rc = fault_at(c, i, f);
            break;
        }
        case GROG_OP_PROPAGATE: {/* r[out] = fixpoint of combine(x, agg(attr0) over N(v, attr1) of f(x)) */
            int f = grog_propagate(c, i, in);
            if (f) rc = fault_at(c, i, f);
            break;
        }
        case GROG_OP_PROPAGATE_MARK: {/* r[out] = fixpoint of combine(x, cmp(agg over N(v, attr1) of select(x, on, off), ref)) */
            int f = grog_propagate_mark(c, i, in);
            if (f) rc = fault_at(c, i, f);
            break;
        }
        case GROG_OP_LOAD_ATTR:  /* r[out] = node attribute #imm_i64 */
            load_attr(c, in, c->attrs[in->imm_i64]);
            break;
        case GROG_OP_REPEAT:     /* run body r[a] times */
        case GROG_OP_WHILE:      /* run body; again while r[b] and fewer than r[a] rounds */
            rc = run_loop(c, i, in);
            break;
        case GROG_OP_FUSED_MAP:  /* body block by block over the nodes */
        case GROG_OP_FUSED_PULL: /* the same, one PULL inside */
            rc = run_fused(c, i, in);
            break;
        default:
            if (grog_opflags[in->opcode] & GROG_OPFLG_EW)  /* kernels_elementwise.c */
                rc = run_elementwise(c, i, in);
            else  /* an opcode the validator passed but nothing here runs */
                rc = fault_at(c, i, GROG_FAULT_BAD_OP);
        }
        if (rc)
            return rc;
        if (grog_stop_requested(c->ctl))  /* the instruction may have skipped work */
            return cancelled(c);
        if (record)
            grog_profile_record(c, i, grog_now() - t0);
        i += 1 + ((grog_opflags[in->opcode] & GROG_OPFLG_BODY) ? in->body_len : 0);
    }
    return GROG_OK;
}

static int thread_count(int threads)
{
    if (threads <= 0) {
        const char *env = getenv("GROGC_THREADS");
        threads = env ? atoi(env) : 0;
    }
    if (threads <= 0)
        threads = omp_get_max_threads();
    return threads > 256 ? 256 : threads;
}

static void free_ctx(grog_ctx *c)
{
    const grog_program *p = c->prog;
    if (c->vectors)
        for (int32_t s = 0; s < p->n_slots; s++)
            grog_free(c->vectors[s], (size_t)c->n * grog_dtype_size[p->slots[s].dtype]);
    if (c->mode_scratch)
        for (int t = 0; t < c->threads; t++)
            grog_free(c->mode_scratch[t], (size_t)(c->g->max_deg_all + 1) * 8);
    free(c->mode_scratch);
    free(c->edge_scratch);
    free(c->buf);
    free(c->vectors);
    free(c->scalars);
    free(c->scratch);
    free(c->partials);
    free(c->swap_tmp);
    free(c->kept);
    free(c->info.block_index);
}

/* Fault in every vector slot's pages (one store per 4 KiB page: they are
 * zero already) and start the thread team, before the first instruction, so
 * a profile does not charge these one-time costs to whichever instruction
 * runs first.  The kernels would pay them anyway: the first write of a fresh
 * page faults, and their first parallel region starts the team.  The team is
 * started only when the kernels would go parallel (more than one block of
 * nodes), and pages are touched with the kernels' static schedule. */
static void prefault_slots(grog_ctx *c)
{
    const grog_program *p = c->prog;
#pragma omp parallel num_threads(c->threads) if (c->n > GROG_BLOCK)
    for (int32_t s = 0; s < p->n_slots; s++) {
        if (p->slots[s].kind != GROG_SLOT_VECTOR)
            continue;
        int64_t bytes = (int64_t)c->n * grog_dtype_size[p->slots[s].dtype], pages = (bytes + 4095) / 4096;
        if (c->kept[s] >= 0) {  /* a caller's buffer: zeroed, as a fresh slot is */
            char *b = c->buf[s];
#pragma omp for schedule(static) nowait
            for (int64_t k = 0; k < pages; k++)
                memset(b + k * 4096, 0, (size_t)(k + 1 < pages ? 4096 : bytes - k * 4096));
            continue;
        }
        volatile char *b = c->vectors[s];
#pragma omp for schedule(static) nowait
        for (int64_t k = 0; k < pages; k++)
            b[k * 4096] = 0;
    }
}

/* Which vector slots keep their data in an output's caller buffer instead
 * of a buffer of their own: no allocation, no copy at the end.  A slot
 * named by one output only, and carried by no loop (a back edge swaps the
 * carried slots' buffers, so the data would end elsewhere).  kept[s] is
 * that output, or negative: -1 none, -2 not this way. */
static void keep_outputs(grog_ctx *c)
{
    const grog_program *p = c->prog;
    for (int32_t s = 0; s < p->n_slots; s++)
        c->kept[s] = -1;
    for (int32_t k = 0; k < p->n_outputs; k++) {
        int32_t s = p->output_slots[k];
        if (p->slots[s].kind == GROG_SLOT_VECTOR)
            c->kept[s] = c->kept[s] == -1 ? k : -2;  /* -2: two outputs name it */
    }
    for (int32_t i = 0; i < p->n_code; i++) {
        const grog_instr *in = &p->code[i];
        if (in->opcode != GROG_OP_WHILE && in->opcode != GROG_OP_REPEAT)
            continue;
        for (int32_t j = 0; j < in->list_len; j++)
            c->kept[p->lists[in->list_off + j]] = -2;
    }
}

/* Every buffer of the run; GROG_ENOMEM when one is refused. */
static int alloc_ctx(grog_ctx *c)
{
    const grog_program *p = c->prog;
    size_t ns = (size_t)p->n_slots + 1;
    int64_t nb = nblocks_of(c->n);
    c->buf = calloc(ns, sizeof(void *));
    c->vectors = calloc(ns, sizeof(void *));
    c->scalars = calloc(ns, sizeof(uint64_t));
    c->scratch = calloc((size_t)c->threads * (size_t)(c->info.n_block_slots + 1) * GROG_BLOCK, 8);
    c->partials = calloc((size_t)c->info.max_reduce * (size_t)(nb + 1), sizeof(grog_acc));
    /* back edge scratch: 2 pointers per carry + one mark byte per slot */
    c->swap_tmp = calloc((size_t)p->n_lists + ns / sizeof(void *) + 2, sizeof(void *));
    c->kept = calloc(ns, sizeof(int32_t));
    if (!c->buf || !c->vectors || !c->scalars || !c->scratch || !c->partials || !c->swap_tmp || !c->kept)
        return GROG_ENOMEM;
    keep_outputs(c);
    for (int32_t s = 0; s < p->n_slots; s++) {
        if (p->slots[s].kind == GROG_SLOT_SCALAR) {
            c->buf[s] = &c->scalars[s];
        } else if (c->kept[s] >= 0) {
            c->buf[s] = c->outputs[c->kept[s]];  /* not in vectors: the caller's to free */
        } else if (p->slots[s].kind == GROG_SLOT_VECTOR) {
            c->vectors[s] = c->buf[s] = grog_alloc((size_t)c->n * grog_dtype_size[p->slots[s].dtype]);
            if (!c->buf[s])
                return GROG_ENOMEM;
        }
    }
    if (c->info.needs_edges && !(c->edge_scratch = malloc((size_t)c->threads * GROG_EDGE_SCRATCH)))
        return GROG_ENOMEM;
    if (c->info.needs_mode) {
        c->mode_scratch = calloc((size_t)c->threads, sizeof(void *));
        if (!c->mode_scratch)
            return GROG_ENOMEM;
        for (int t = 0; t < c->threads; t++)
            if (!(c->mode_scratch[t] = grog_alloc((size_t)(c->g->max_deg_all + 1) * 8)))
                return GROG_ENOMEM;
    }
    return GROG_OK;
}

static int check_buffers(const grog_program *p, const grog_scalar *params, const void *const *attrs,
                         void *const *outputs, char *err, size_t err_len)
{
    if (p->n_params > 0 && !params)
        return grog_fail(err, err_len, GROG_EINVALID, "params is NULL but the program has %d parameters", p->n_params);
    if (p->n_attrs > 0 && !attrs)
        return grog_fail(err, err_len, GROG_EINVALID, "attrs is NULL but the program has %d attributes", p->n_attrs);
    for (int32_t k = 0; k < p->n_attrs; k++)
        if (!attrs[k])
            return grog_fail(err, err_len, GROG_EINVALID, "attribute %d: buffer is NULL", k);
    if (p->n_outputs > 0 && !outputs)
        return grog_fail(err, err_len, GROG_EINVALID, "outputs is NULL but the program has %d outputs", p->n_outputs);
    for (int32_t k = 0; k < p->n_outputs; k++)
        if (!outputs[k])
            return grog_fail(err, err_len, GROG_EINVALID, "output %d: buffer is NULL", k);
    return GROG_OK;
}

int grog_execute(const grog_graph *graph, const grog_program *program, const grog_scalar *params,
                 const void *const *attrs, void *const *outputs, grog_profile *profile, int threads, char *err,
                 size_t err_len)
{
    return grog_execute_ctl(graph, program, params, attrs, outputs, profile, threads, NULL, err, err_len);
}

int grog_execute_ctl(const grog_graph *graph, const grog_program *program, const grog_scalar *params,
                     const void *const *attrs, void *const *outputs, grog_profile *profile, int threads,
                     grog_control *control, char *err, size_t err_len)
{
    if (err && err_len > 0)
        err[0] = '\0';
    grog_ctx c;
    memset(&c, 0, sizeof c);
    int rc = grog_validate(program, graph, &c.info, err, err_len);
    if (rc)
        return rc;
    if ((rc = check_buffers(program, params, attrs, outputs, err, err_len))) {
        free(c.info.block_index);
        return rc;
    }
    c.g = graph;
    c.prog = program;
    c.n = graph->a.n;
    c.threads = thread_count(threads);
    c.attrs = attrs;
    c.outputs = outputs;
    c.prof = profile;
    c.ctl = control;
    c.iteration = -1;
    c.err = err;
    c.err_len = err_len;
    if (profile) {
        profile->trace_len = 0;
        profile->frontier_len = 0;
        profile->setup_seconds = 0.0;
    }
    double t_setup = profile ? grog_now() : 0.0;
    if (alloc_ctx(&c)) {
        free_ctx(&c);
        return grog_fail(err, err_len, GROG_ENOMEM, "out of memory allocating %d slots for %lld nodes",
                         program->n_slots, (long long)c.n);
    }
    prefault_slots(&c);
    if (profile)
        profile->setup_seconds = grog_now() - t_setup;
    for (int32_t k = 0; k < program->n_params; k++) {
        int32_t s = program->param_slots[k];
        int dt = program->slots[s].dtype;
        if (dt == GROG_DTYPE_F64) *(double *)c.buf[s] = params[k].f64;
        else if (dt == GROG_DTYPE_I64) *(int64_t *)c.buf[s] = params[k].i64;
        else *(uint64_t *)c.buf[s] = params[k].i64 != 0;
    }
    rc = run_seq(&c, 0, program->top_len);
    if (rc == GROG_OK)
        for (int32_t k = 0; k < program->n_outputs; k++) {
            int32_t s = program->output_slots[k];
            size_t bytes = program->slots[s].kind == GROG_SLOT_VECTOR ? (size_t)c.n * ESIZE(&c, s) : ESIZE(&c, s);
            if (c.buf[s] != outputs[k])  /* a kept slot is already there */
                memcpy(outputs[k], c.buf[s], bytes);
        }
    free_ctx(&c);
    return rc;
}
