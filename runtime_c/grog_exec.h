/* grog_exec.h: the C runtime's interface (plan executor).
 *
 * This header is the contract between the Python backend, which encodes a
 * plan file into these structs, and the executor.  Its declarations (minus
 * preprocessor lines) are also the cffi cdef.  The executor trusts nothing
 * in them: grog_execute validates the whole program against the graph before
 * the first kernel runs, and reports any problem through `err`.
 *
 * Program layout
 * --------------
 * `code` holds every instruction in pre-order: an instruction with a body
 * (REPEAT, WHILE, FUSED_MAP, FUSED_PULL) is followed directly by its body,
 * body_len instructions long (nested bodies included), so body_off == its own
 * index + 1.  The top level is code[0 .. top_len).  Slot numbers index
 * `slots`; -1 means "none".
 *
 *  instruction field | meaning
 *  ------------------+-------------------------------------------------------
 *  opcode            | enum grog_opcode (grog_opcodes.h)
 *  out               | slot written
 *  a, b, c           | slots read (grog_opcode_inputs[opcode] of them, then up to
 *                    | grog_opcode_optional_inputs[opcode] more, -1 when absent:
 *                    | PULL's b is its weight gate, a bool scalar)
 *  attr0..attr2      | PULL: agg, dir, weight; DEGREE: dir, weighted;
 *                    | REDUCE: reduce op; FUSED_PULL: attr0 = producer_len,
 *                    | the leading body instructions that compute the PULL's
 *                    | input per edge (0: none; FUSED_MAP: always 0)
 *  list_off,list_len | REPEAT/WHILE: carries, 3 slots each (init, arg, next);
 *                    | FUSED_*: the scalar slots its reductions write
 *  body_off,body_len | nested instructions (see above)
 *  imm_f64, imm_i64  | CONST value (by the out slot's dtype); LOAD_ATTR index
 *
 * Loops: on entry each arg slot gets its init (copied unless the slot is the
 * same); at each back edge the arg and next slots of every carry SWAP their
 * buffers (scalars are copied); a loop's results live in its arg slots.
 * WHILE runs the body while fewer than r[a] rounds have run, and stops after
 * a round whose condition slot r[b] is false; r[a] <= 0 runs it zero times.
 *
 * Fused bodies run block by block over the nodes: a VECTOR operand is read at
 * the block's nodes, a BLOCK slot is a block-sized scratch buffer, a SCALAR
 * broadcasts.  A REDUCE inside a fused body accumulates per block; blocks are
 * combined in block order, so results do not depend on the thread count.
 * A FUSED_PULL with producer_len k > 0: body[k] is the PULL and body[0..k)
 * its producer, run over the block's edges in chunks (a VECTOR operand read
 * at each edge's source node, BLOCK slots holding per-edge values); see
 * docs/fusion.md.
 */
#ifndef GROG_EXEC_H
#define GROG_EXEC_H

#include <stddef.h>
#include <stdint.h>

#include "grog_opcodes.h"

typedef struct grog_slot_desc {
    int32_t kind;   /* enum grog_slot: scalar, vector, block */
    int32_t dtype;  /* enum grog_dtype: f64, i64, bool (bool vectors: 1 byte per node) */
} grog_slot_desc;

typedef struct grog_instr {
    int32_t opcode;
    int32_t out;
    int32_t a, b, c;
    int32_t attr0, attr1, attr2;
    int32_t list_off, list_len;
    int32_t body_off, body_len;
    double imm_f64;
    int64_t imm_i64;
} grog_instr;

typedef struct grog_program {
    int32_t n_code;
    const grog_instr *code;
    int32_t top_len;               /* instructions at the top level: code[0..top_len) covers them with their bodies */
    int32_t n_slots;
    const grog_slot_desc *slots;
    int32_t n_lists;
    const int32_t *lists;
    int32_t n_params;
    const int32_t *param_slots;    /* scalar slot each parameter is stored in */
    int32_t n_attrs;
    const int32_t *attr_dtypes;    /* dtype of each node attribute the caller passes */
    int32_t n_outputs;
    const int32_t *output_slots;   /* slot of each output, in output order */
} grog_program;

/* A scalar value: the field used is the slot's dtype (bool: i64 0 or 1). */
typedef struct grog_scalar {
    double f64;
    int64_t i64;
} grog_scalar;

/* The graph as arrays the caller owns (a g.csr memory map).  Undirected
 * graphs store every edge in both directions, so in == out. */
typedef struct grog_graph_arrays {
    int64_t n;
    int64_t m;                     /* arcs in each CSR */
    int64_t num_edges;             /* edges as imported (graph.edge_count) */
    int32_t directed;
    const int64_t *out_offsets;    /* n + 1 */
    const uint32_t *out_targets;   /* m */
    const double *out_weights;     /* m, or NULL when unweighted (w = 1) */
    const int64_t *in_offsets;
    const uint32_t *in_sources;
    const double *in_weights;
} grog_graph_arrays;

typedef struct grog_graph grog_graph;  /* opaque: a checked graph */

/* Check the arrays once (offsets monotone and in range, indices < n) and
 * keep pointers to them.  NULL on failure, with a message in err. */
grog_graph *grog_graph_open(const grog_graph_arrays *arrays, char *err, size_t err_len);
void grog_graph_close(grog_graph *graph);

/* Profiling and tracing (grogc run --profile / --trace); pass NULL for none.
 * Any array may be NULL.  Times are wall seconds around each executed
 * instruction (nested bodies counted in their parent too).  With seconds,
 * calls, bytes and trace all NULL nothing is recorded per instruction, so a
 * caller that wants only loop_rounds/loop_end (did each loop converge?)
 * pays nothing for them. */
typedef struct grog_trace_record {
    int32_t addr;        /* instruction index in code */
    int32_t depth;       /* loop nesting depth */
    int64_t iteration;   /* round of the innermost loop, from 0; -1 at top level */
    double min, max, mean;  /* of the values written (a scalar: its value thrice) */
    int64_t nonzero;     /* elements written that are non-zero (or true) */
} grog_trace_record;

/* One round of a frontier loop (PROPAGATE): its kind (0 every node, 1 push
 * from a sparse frontier, 2 pull into a dense one, 3 a delta-stepping
 * bucket step, 4 a dense round of the exact fallback, 5 the one ordered sweep
 * of an unweighted fixpoint, 6 the union-find of a dir-all one), the
 * frontier's nodes and their edges. */
typedef struct grog_frontier_record {
    int32_t addr;
    int32_t kind;
    int64_t round;
    int64_t size;
    int64_t edges;
} grog_frontier_record;

typedef struct grog_profile {
    double *seconds;     /* n_code */
    int64_t *calls;      /* n_code */
    int64_t *bytes;      /* n_code: bytes read and written, estimated from slot sizes and edges */
    grog_trace_record *trace;
    int64_t trace_cap;   /* records at most */
    int64_t trace_len;   /* records written (set by the runtime) */
    int64_t *loop_rounds;   /* n_code: REPEAT/WHILE: rounds its last run made (not capped like the trace) */
    int32_t *loop_end;      /* n_code: how a loop's last run ended: 1 its condition was false, 2 it reached
                             * its round limit (REPEAT always; a limit <= 0 too); 0 never ran */
    double setup_seconds;   /* before the first instruction: allocate the slots, fault their pages in and
                             * start the thread team (set by the runtime) */
    grog_frontier_record *frontier;  /* frontier rounds, in order */
    int64_t frontier_cap;   /* records at most */
    int64_t frontier_len;   /* records written (set by the runtime) */
} grog_profile;

/* Run control, shared with the caller while a run is under way (pass NULL
 * for none).  Another thread may set `cancel` at any time: the runtime reads
 * it once per loop round, per instruction and per block of work (a block of
 * element-wise nodes, a fused block, a pull's part), skips what is left and
 * returns GROG_ECANCELLED, normally within a few milliseconds (a whole-graph
 * kernel such as TRIANGLES is checked only when it ends).  The runtime
 * writes the progress fields; another thread may read them at any time.
 * Both sides use relaxed atomic loads and stores (naturally aligned fields). */
typedef struct grog_control {
    int32_t cancel;      /* caller: non-zero stops the run (the value is the caller's reason) */
    int32_t loop_depth;  /* runtime: loops running now, nested (0: outside every loop) */
    int64_t round;       /* runtime: rounds the outermost running loop has started (its current round, from 1) */
    int64_t rounds;      /* runtime: rounds started by every loop so far, nested ones included */
} grog_control;

/* Outputs: for each output, a caller buffer of n elements (vector slots) or
 * 1 (scalar slots) of the slot's dtype (f64: double, i64: int64_t, bool:
 * uint8_t).  The run may keep a vector output's slot in its buffer (zeroed
 * first, as every slot starts), so output buffers must not overlap each
 * other or an attribute buffer.  Node attributes: one caller buffer of n
 * elements each, of attr_dtypes[i].  Returns 0 on success; otherwise an
 * error code and a message in err (the outputs are then unspecified). */
int grog_execute(const grog_graph *graph, const grog_program *program,
                 const grog_scalar *params, const void *const *attrs,
                 void *const *outputs, grog_profile *profile, int threads,
                 char *err, size_t err_len);

/* grog_execute with a run control (NULL: none, exactly grog_execute). */
int grog_execute_ctl(const grog_graph *graph, const grog_program *program,
                     const grog_scalar *params, const void *const *attrs,
                     void *const *outputs, grog_profile *profile, int threads,
                     grog_control *control, char *err, size_t err_len);

/* Error codes. */
enum grog_status {
    GROG_OK = 0,
    GROG_EINVALID = 1,   /* the program or graph failed validation */
    GROG_ERUNTIME = 2,   /* a run-time fault: integer division by zero, bad cast, ... */
    GROG_ENOMEM = 3,
    GROG_ECANCELLED = 4  /* the caller set control->cancel */
};

#endif
