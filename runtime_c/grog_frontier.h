/* grog_frontier.h: what frontier.c, frontier_dense.c and delta_step.c share
 * (docs/frontier.md).  Not part of the cdef.
 *
 * PROPAGATE's instruction fields
 * ------------------------------
 *  out       the result vector (f64, i64 or bool), the loop's carried value
 *  a         max_iter, an i64 scalar (rounds at most; <= 0 runs none)
 *  b         the initial vector (same dtype as out)
 *  c         optional mask, a bool vector (-1: none)
 *  attr0     agg: 0 min, 1 max, 2 or, 3 and
 *  attr1     dir: in, out, all (the pull's direction)
 *  attr2     flags, bit by bit:
 *              bits 0-1  per-edge function f: 0 x[u], 1 x[u] + const, 2 x[u] + w(u,v)
 *              bit 2     change test is strict (next < x for min, > for max) instead of !=
 *              bit 3     the mask pins the nodes where it is TRUE (else where it is false)
 *              bit 4     combine reads the pull first: min(pull, x) (matters for -0.0 only)
 *  imm_*     f 1: the constant (imm_i64 for i64, imm_f64 for f64);
 *            f 2: imm_f64 = Delta for delta-stepping (0: chosen from the weights)
 *  list      [rounds slot] (an i64 scalar that gets the rounds run), or empty:
 *            nobody reads the round count, so the kernel may reorder the work
 *            (delta-stepping, BFS steps) as long as the fixpoint is the same.
 */
#ifndef GROG_FRONTIER_H
#define GROG_FRONTIER_H

#include "grog_internal.h"

/* attr0: 0 min, 1 max, 2 or, 3 and (grogc/ops/propagate.py AGGS); as pull aggregates: */
static const int grog_prop_agg[4] = {GROG_AGG_MIN, GROG_AGG_MAX, GROG_AGG_OR, GROG_AGG_AND};

enum { GROG_PROP_F_NONE = 0, GROG_PROP_F_CONST = 1, GROG_PROP_F_WEIGHT = 2 };
#define GROG_PROP_EDGE(flags) ((flags) & 3)
#define GROG_PROP_STRICT 4
#define GROG_PROP_PIN_TRUE 8
#define GROG_PROP_PULL_FIRST 16
#define GROG_PROP_FLAGS_MAX 31

/* Frontier round kinds, as the profile records them. */
enum { GROG_ROUND_ALL = 0, GROG_ROUND_PUSH = 1, GROG_ROUND_PULL = 2, GROG_ROUND_BUCKET = 3, GROG_ROUND_DENSE = 4,
       GROG_ROUND_SWEEP = 5, GROG_ROUND_UNION = 6 };

/* Direction optimisation (Beamer et al.): pull when the frontier's edges
 * exceed m / ALPHA; push again once the frontier has fewer than n / BETA
 * nodes and its edges are back under m / ALPHA. */
#define GROG_FRONTIER_ALPHA 14
#define GROG_FRONTIER_BETA 24

/* One propagation's fixed facts. */
typedef struct grog_prop {
    grog_ctx *c;
    int32_t addr;
    int dtype, agg, is_max, edge, strict;  /* agg: a GROG_AGG_* */
    const uint8_t *mask;  /* NULL: no node is pinned */
    uint8_t pin_value;    /* node v is pinned when mask[v] == pin_value */
    double cf;
    int64_t ci;
    int64_t max_iter;
    int n_push, n_pull;
    grog_csr_list push[2], pull[2];
    int64_t n, m_push;    /* arcs the push lists hold in all */
    void *x;              /* the result slot: updated in place */
} grog_prop;

/* v's arcs in the push lists (its out-edges for a pull over "in"). */
static inline int64_t grog_push_degree(const grog_prop *p, int64_t v)
{
    int64_t d = 0;
    for (int l = 0; l < p->n_push; l++)
        d += p->push[l].off[v + 1] - p->push[l].off[v];
    return d;
}

/* v keeps its value: the mask pins it. */
static inline int grog_pinned(const grog_prop *p, int64_t v)
{
    return p->mask && p->mask[v] == p->pin_value;
}

/* Buffers of n entries each: ids, the sparse frontier (vals: each one's
 * value when its round began); nids, the next one; tmp, pull results; bits,
 * the dense frontier (nbits the next); flag, "already in nids". */
typedef struct vset_bufs {
    uint32_t *ids, *nids;
    void *vals, *tmp;
    uint8_t *bits, *nbits, *flag;
} vset_bufs;

/* A frontier between rounds. */
typedef struct frontier {
    int64_t len;    /* nodes in it */
    int64_t edges;  /* their push edges */
    int dense;      /* 1: in bits, 0: in ids */
} frontier;

int grog_vset_alloc(vset_bufs *B, int64_t n);  /* a grog_fault; free even on failure */
void grog_vset_free(vset_bufs *B, int64_t n);
/* One push round from the sparse frontier B->ids[0, len); the nodes it
 * improves become B->ids (flags set), their count and edges in *next. */
void grog_push_round(grog_prop *p, vset_bufs *B, int64_t len, int64_t edges, frontier *next);

/* Log one round into the profile (when one is being kept). */
void grog_frontier_log(grog_prop *p, int64_t round, int kind, int64_t size, int64_t edges);

/* frontier_dense.c: the loop exactly as its unoptimised ops run it (pull,
 * combine, mask, test), for f64 inputs where NaN or -0.0 could make the
 * order of a min or max visible.  Returns a grog_fault; *rounds gets the
 * rounds run. */
int grog_propagate_dense(grog_prop *p, int64_t *rounds, int *limited);

/* frontier_reach.c: f(x) = x to the fixpoint in one ordered sweep, O(n + m)
 * after a sort.  Returns a grog_fault. */
int grog_reach_fixpoint(grog_prop *p);
/* frontier_union.c: the same for dir "all" without a mask, by union-find
 * (each weakly connected component's best value).  Returns 0 when the loop
 * might stop short of its fixpoint (a component larger than max_iter): x is
 * then untouched and the rounds must run.  Otherwise 1, *fault set. */
int grog_union_fixpoint(grog_prop *p, int *fault);

/* frontier_bfs.c: f(x) = x + c (min with c >= 0, max with c <= 0) to the
 * fixpoint as a direction-optimising multi-source BFS, settling nodes in
 * order of value.  applies: the constant's sign fits.  Returns a grog_fault;
 * *steps gets the BFS steps run, or -1 (x untouched) when an i64 offer could
 * overflow, where only the rounds as written give the loop's wrapped values. */
int grog_bfs_applies(const grog_prop *p);
int grog_bfs_fixpoint(grog_prop *p, int64_t *steps);

/* delta_step.c: min-plus with non-negative weights in bucketed order; the
 * result is the loop's fixpoint.  Returns a grog_fault. */
int grog_delta_step(grog_prop *p, double delta, int64_t *steps);
/* Delta chosen from the weights (docs/frontier.md); 0 when delta-stepping
 * does not apply (a negative, NaN, infinite or -0.0 weight). */
double grog_delta_auto(const grog_prop *p);

#endif
