/* grog_internal.h: what the runtime's .c files share (not part of the cdef).
 *
 * Slot storage
 * ------------
 * buf[s] points at slot s's storage: a scalar slot at one 8-byte cell
 * (f64: double, i64: int64_t, bool: uint8_t 0/1 in the cell's first byte), a
 * vector slot at n elements of its dtype (bool: 1 byte each).  Block slots
 * have no buf entry; each thread owns GROG_BLOCK elements per block slot in
 * its scratch (block_scratch(ctx, thread, s)).  Loops swap buf pointers,
 * never copy vectors, so every slot of one kind and dtype has an equal-sized
 * buffer and the pointers always form a permutation of the allocations.
 */
#ifndef GROG_INTERNAL_H
#define GROG_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "grog_exec.h"

/* Nodes per block of a fused body and per reduction partial: fixed (never
 * derived from the thread count) so reductions give the same bits for any
 * number of threads. */
#define GROG_BLOCK 2048

/* Facts about one weight array (graph_weights.c), cached on the graph. */
typedef struct grog_weight_facts {
    int32_t state;        /* 0 not scanned, 1 being filled, 2 ready (atomic) */
    int32_t inexact;      /* a NaN, an infinity or a -0.0 */
    int32_t negative;     /* a weight < 0 */
    double max, min_pos;  /* the largest weight (0 when none is > 0); the smallest > 0 (inf: none) */
} grog_weight_facts;

struct grog_graph {
    grog_graph_arrays a;
    int64_t max_deg_all;   /* largest in + out degree: the mode scratch size */
    grog_weight_facts wf[2];  /* of out_weights and in_weights, filled on first use */
};

/* The facts of weight array w (m entries): the graph's cached ones when w
 * is one of its arrays, else a fresh scan. */
grog_weight_facts grog_weight_facts_of(const grog_graph *g, const double *w, int64_t m, int threads);

/* Facts the validator gathers for the executor. */
typedef struct grog_plan_info {
    int32_t n_block_slots;
    int32_t *block_index;   /* n_slots: index among block slots, or -1 (owned by the ctx) */
    int32_t max_reduce;     /* most REDUCEs in one fused body (at least 1) */
    int32_t needs_mode;     /* a PULL with agg mode exists */
    int32_t needs_edges;    /* a FUSED_PULL with a per-edge producer exists */
} grog_plan_info;

/* One CSR direction: offsets, neighbour indices, weights (NULL: w = 1). */
typedef struct grog_csr_list {
    const int64_t *off;
    const uint32_t *idx;
    const double *w;
} grog_csr_list;

/* Edges per chunk of a per-edge producer: a producer's values live in its
 * block slots, GROG_BLOCK elements each. */
#define GROG_EDGE_CHUNK GROG_BLOCK

/* A pull's running state at one node while its edges arrive in chunks:
 * f (f64 sum, mean's sum, f64 min/max), i (i64 sum/min/max, count, true
 * count for or/and), n (edges seen: mean, and). */
typedef struct grog_edge_acc {
    double f;
    int64_t i;
    int64_t n;
} grog_edge_acc;

/* Element sizes by dtype (f64, i64, bool). */
static const size_t grog_dtype_size[3] = {8, 8, 1};

/* One operand of a kernel: base pointer and whether it advances (1) or
 * broadcasts (0). */
typedef struct grog_span {
    const void *p;
    int vec;
} grog_span;

/* A reduction's running value: f for f64 sums/min/max, i for everything else. */
typedef struct grog_acc {
    double f;
    int64_t i;
} grog_acc;

/* Run-time faults a kernel reports (0: none). */
enum grog_fault {
    GROG_FAULT_NONE = 0,
    GROG_FAULT_DIV_ZERO = 1,
    GROG_FAULT_NEG_POW = 2,
    GROG_FAULT_BAD_CAST = 3,
    GROG_FAULT_NOMEM = 4,
    GROG_FAULT_BAD_OP = 5    /* an opcode, aggregate or dtype no case handles: a validator gap, never a guess */
};

typedef struct grog_ctx {
    const grog_graph *g;
    const grog_program *prog;
    grog_plan_info info;
    int64_t n;
    int threads;
    void **buf;              /* n_slots */
    uint64_t *scalars;       /* n_slots cells (only scalar slots use theirs) */
    void **vectors;          /* n_slots: the allocation each vector slot started with (freed at the end) */
    int32_t *kept;           /* n_slots: the output whose caller buffer is the slot's storage, or < 0 */
    char *scratch;           /* threads x n_block_slots x GROG_BLOCK x 8 bytes */
    void **mode_scratch;     /* threads buffers of max_deg_all x 8 bytes, or NULL */
    char *edge_scratch;      /* threads x GROG_EDGE_SCRATCH bytes (per-edge producers), or NULL */
    grog_acc *partials;      /* max_reduce x nblocks */
    void **swap_tmp;         /* n_slots: scratch for the loop back edge */
    const void *const *attrs; /* n_attrs caller buffers */
    void *const *outputs;    /* n_outputs caller buffers (kept slots live in them) */
    grog_profile *prof;
    grog_control *ctl;       /* cancel flag and progress, or NULL */
    int32_t depth;           /* loop nesting (trace) */
    int64_t iteration;       /* round of the innermost loop, -1 at top level */
    char *err;
    size_t err_len;
} grog_ctx;

/* Cancellation: has the caller asked the run to stop?  One relaxed load;
 * safe from any thread, inside OpenMP regions too.  A kernel checks it once
 * per round or block of work, e.g.
 *     if (grog_stop_requested(c->ctl)) continue;   // skip the rest
 * and simply returns early: the dispatch loop (exec.c) checks again after
 * every instruction and turns it into GROG_ECANCELLED, discarding the
 * outputs.  Kernels that do not get the ctx take a `const grog_control *`. */
static inline int grog_stop_requested(const grog_control *ctl)
{
    return ctl && __atomic_load_n(&ctl->cancel, __ATOMIC_RELAXED) != 0;
}

/* Progress: a loop round starts (exec.c run_loop; a frontier loop calls it
 * the same way).  depth is the loop's nesting depth, 0 outermost. */
static inline void grog_progress_round(grog_control *ctl, int32_t depth, int64_t round)
{
    if (!ctl)
        return;
    if (depth == 0)
        __atomic_store_n(&ctl->round, round + 1, __ATOMIC_RELAXED);
    __atomic_store_n(&ctl->rounds, __atomic_load_n(&ctl->rounds, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
}

/* errors.c */
int grog_fail(char *err, size_t err_len, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
const char *grog_fault_text(int fault);

/* validate.c: the whole program against the graph; fills info. */
int grog_validate(const grog_program *p, const grog_graph *g, grog_plan_info *info,
                  char *err, size_t err_len);

/* memory.c */
void *grog_alloc(size_t bytes);
void grog_free(void *p, size_t bytes);

/* kernels_elementwise.c: element-wise opcode over len elements.  in_dtype is
 * a's dtype (b's for SELECT).  Returns a grog_fault. */
int grog_ew(int opcode, int out_dtype, int in_dtype, void *out, grog_span a, grog_span b,
            grog_span c, int64_t len);
int grog_is_elementwise(int opcode);

/* reduce.c */
void grog_acc_init(grog_acc *acc, int op, int dtype);
void grog_acc_add(grog_acc *acc, int op, int dtype, const void *x, int64_t len);
void grog_acc_merge(grog_acc *acc, const grog_acc *part, int op, int dtype);
void grog_acc_store(const grog_acc *acc, int op, int dtype, void *out);
int grog_reduce_out_dtype(int op, int in_dtype);

/* kernels_pull.c: nodes [lo, hi) of PULL; out[v - lo].  mode_buf: max_deg_all x 8 bytes.
 * use_weights 0 (PULL's gate b false): every arc weighs 1, as on an unweighted graph. */
void grog_pull(const grog_graph *g, int agg, int dir, int weight, int use_weights, int dtype, const void *x,
               void *out, int64_t lo, int64_t hi, void *mode_buf);
int grog_pull_out_dtype(int agg, int in_dtype);
/* The CSR lists PULL walks for dir and agg (1 or 2; 2 for dir "all" unless
 * the graph passes one CSR twice and agg is idempotent); use_weights 0 drops
 * the weights. */
int grog_pull_lists(const grog_graph *g, int dir, int agg, int use_weights, grog_csr_list L[2]);

/* kernels_pull_edges.c: a PULL over per-edge values (a producer's output)
 * for one block of nodes.  init sets len node states to agg's identity; add
 * folds cnt edge values in edge order, edge k belonging to node dst[k] of
 * the block with weight w[k] (w NULL: 1); store writes the results. */
void grog_edge_acc_init(int agg, int dtype, grog_edge_acc *st, int64_t len);
void grog_edge_acc_add(int agg, int weight, int dtype, const void *val, const double *w, const int32_t *dst,
                       int64_t cnt, grog_edge_acc *st);
void grog_edge_acc_store(int agg, int dtype, const grog_edge_acc *st, void *out, int64_t len);

/* exec_edges.c: a FUSED_PULL's PULL whose input is computed per edge by the
 * first plen body instructions, for the block of nodes [lo, lo + len) on
 * thread tid.  Returns a grog_fault; *at gets the faulting body index. */
int grog_edge_pull(grog_ctx *c, const grog_instr *body, int32_t plen, int64_t lo, int64_t len, int tid,
                   int32_t *at);
/* Bytes of edge scratch per thread. */
#define GROG_EDGE_SCRATCH                                                                         \
    ((size_t)GROG_EDGE_CHUNK * (8 /* src */ + 4 /* dst */ + 3 * 8 /* gathers */) +                \
     (size_t)GROG_BLOCK * sizeof(grog_edge_acc))

/* Split [0, n) into `parts` ranges of about equal nodes + edges in dir. */
void grog_split_by_edges(const grog_graph *g, int dir, int64_t parts, int64_t *bounds);

/* kernels_graph.c */
void grog_degree(const grog_graph *g, int dir, int weighted, double *out, int threads);

/* kernels_library.c: SELF_LOOPS */
void grog_self_loops(const grog_graph *g, int64_t *out, int threads);

/* The graph kernels of the library's algorithms (docs/algorithms.md).  Each
 * writes n i64 values and returns a grog_fault (GROG_FAULT_NOMEM when its
 * scratch cannot be had); each gives the same result for any thread count.
 * Each checks ctl's cancel flag per block of nodes (or of DFS steps) and
 * returns early when it is set; the dispatch loop then reports the cancel.
 * kernels_triangles.c: the graph as undirected and simple */
int grog_neighbor_count(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl);
int grog_triangles(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl);
int grog_neighborhood_arcs(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl);
/* kernels_cores.c, kernels_scc.c, kernels_wcc.c: labels are internal ids */
int grog_core_number(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl);
int grog_scc(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl);
int grog_wcc(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl);

/* frontier.c: PROPAGATE at code[addr] (docs/frontier.md).  Returns a grog_fault. */
int grog_propagate(grog_ctx *c, int32_t addr, const grog_instr *in);
/* frontier_mark.c: PROPAGATE_MARK at code[addr] (docs/frontier.md).  Returns a grog_fault. */
int grog_propagate_mark(grog_ctx *c, int32_t addr, const grog_instr *in);

/* profile.c */
void grog_profile_record(grog_ctx *ctx, int32_t addr, double seconds);
double grog_now(void);

#endif
