/* grog_graph.h: the graph loader's C helpers, called from grogc/graph via cffi.
 *
 * Two jobs where NumPy alone is too slow or too hungry for memory:
 *   - parsing numeric edge-list text (SNAP, CSV, Matrix Market bodies,
 *     DIMACS arcs, LDBC .v/.e) with exact line and column diagnostics;
 *   - building a CSR from an edge list by two stable counting sorts
 *     (no comparison sort, no 64-bit sort keys), merging duplicates.
 * Every function checks its inputs, never reads outside the given buffers,
 * and reports problems as a return code plus a message in grog_graph_error.
 */
#ifndef GROG_GRAPH_H
#define GROG_GRAPH_H

#include <stdint.h>

/* How one line of numeric text is laid out. */
typedef struct grog_text_format {
    char delimiter;        /* 0: runs of spaces/tabs separate fields; else this single character */
    char comments[8];      /* NUL-terminated set of characters that start a comment line */
    char line_tag;         /* 0, or a token every data line must start with (DIMACS 'a') */
    int32_t ncols_min;     /* fewest fields a data line may have (after the tag) */
    int32_t ncols_max;     /* most fields a data line may have */
    int32_t src_col;       /* 0-based field holding the source id */
    int32_t dst_col;       /* field holding the target id, or -1 (vertex lists) */
    int32_t weight_col;    /* field holding the weight, or -1 */
    int32_t allow_negative;/* nonzero: negative weights are accepted */
} grog_text_format;

/* Where and why parsing or building failed. */
typedef struct grog_graph_error {
    int64_t line;          /* 1-based line of the problem, 0 when no line applies */
    int32_t column;        /* 1-based field, 0 when no field applies */
    char message[256];     /* what is wrong, without the file/line prefix */
} grog_graph_error;

/* Parse the lines in buf[0, len) (the last line may lack its newline).
 * first_line is the 1-based number of buf's first line.  Writes up to cap
 * records to src/dst/weight (dst and weight may be NULL when unused).
 * Returns the number of records, or -1 with err filled in; *lines_out gets
 * the number of lines consumed. */
int64_t grog_parse_edge_text(const char *buf, int64_t len, const grog_text_format *fmt,
                             int64_t first_line, int64_t *src, int64_t *dst, double *weight,
                             int64_t cap, int64_t *lines_out, grog_graph_error *err);

/* Build an out-CSR from m input arcs src[i] -> dst[i] over vertices [0, n).
 * symmetric: each non-loop arc is also stored reversed.  drop_self_loops:
 * arcs v -> v are left out.  keep_multi = 0: repeated (u, v) arcs collapse into
 * one carrying the minimum weight.  Rows come out sorted by target; parallel
 * arcs keep input order (reversed copies after all forward arcs).
 * offsets has n + 1 slots; targets/weights have room for cap arcs
 * (m, or 2m when symmetric); weight/weights may be NULL.
 * Returns the number of stored arcs, or -1 with err filled in. */
int64_t grog_csr_build(int64_t n, int64_t m, const uint32_t *src, const uint32_t *dst,
                       const double *weight, int32_t symmetric, int32_t drop_self_loops,
                       int32_t keep_multi, int64_t *offsets, uint32_t *targets,
                       double *weights, int64_t cap, grog_graph_error *err);

/* The in-CSR of an out-CSR: rows by target, sources ascending, parallel arcs
 * in out-CSR order.  Returns 0, or -1 with err filled in. */
int32_t grog_csr_transpose(int64_t n, int64_t m, const int64_t *offsets, const uint32_t *targets,
                           const double *weights, int64_t *t_offsets, uint32_t *t_sources,
                           double *t_weights, grog_graph_error *err);

/* The portable generator hash (docs/graph-format.md, "Generators"):
 * grog_rng(seed, stream, i) = mix(i + mix(seed + stream * GOLDEN)), where
 * mix is the SplitMix64 finalizer of x + GOLDEN.  Pure 64-bit integer
 * arithmetic, so every machine draws the same numbers. */
uint64_t grog_rng(uint64_t seed, uint64_t stream, uint64_t i);

/* Arcs first .. first+count-1 of an R-MAT / Kronecker graph of 2^scale
 * vertices.  Level l (bit l of both endpoints) uses 32 bits of
 * grog_rng(seed, l / 2, edge): the low half for even l, the high half for odd
 * l; the quadrant is (0,0) below t_a, (0,1) below t_ab, (1,0) below t_abc,
 * else (1,1) (thresholds out of 2^32).  Returns 0, or -1 for a bad scale. */
int32_t grog_kron_arcs(int32_t scale, uint64_t seed, int64_t first, int64_t count, uint64_t t_a,
                       uint64_t t_ab, uint64_t t_abc, uint32_t *src, uint32_t *dst);

/* Uniform random arcs: source = top `scale` bits of grog_rng(seed, 100, e),
 * target = top bits of grog_rng(seed, 101, e). */
int32_t grog_uniform_arcs(int32_t scale, uint64_t seed, int64_t first, int64_t count, uint32_t *src,
                          uint32_t *dst);

/* One direction of a loaded g.csr, checked in one pass (grogc/graph/csr_checks.py
 * formats the messages): offsets run from 0 to m without decreasing, every
 * index is below n, rows ascend (parallel arcs repeat), weights (may be NULL)
 * are finite and, unless allow_negative, not negative.  counts (may be NULL,
 * n slots) gets each index's occurrences added: the in-degrees an out-CSR
 * implies.  Returns the first failure's kind (GROG_CSR_*) with its vertex or
 * arc in *where, or GROG_CSR_OK. */
enum {
    GROG_CSR_OK = 0,
    GROG_CSR_OFFSETS_ENDS = 1,     /* offsets[0] != 0 or offsets[n] != m; *where = 0 */
    GROG_CSR_OFFSETS_DECREASE = 2, /* offsets[v] > offsets[v + 1]; *where = v */
    GROG_CSR_INDEX_RANGE = 3,      /* idx[k] >= n; *where = k */
    GROG_CSR_ROW_UNSORTED = 4,     /* idx[k] < idx[k - 1] inside a row; *where = k */
    GROG_CSR_WEIGHT_NONFINITE = 5, /* weights[k] is NaN or infinite; *where = k */
    GROG_CSR_WEIGHT_NEGATIVE = 6   /* weights[k] < 0; *where = k */
};
int32_t grog_csr_check(int64_t n, int64_t m, const int64_t *offsets, const uint32_t *idx,
                       const double *weights, int32_t allow_negative, int64_t *counts, int64_t *where);

#endif
