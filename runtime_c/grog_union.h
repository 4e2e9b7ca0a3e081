/* grog_union.h: the one union-find (Afforest) of the runtime, in
 * kernels_wcc.c.  Two users: graph.wcc (kernels_wcc.c) and PROPAGATE's
 * f(x) = x over dir "all" without a mask (frontier_union.c), whose fixpoint
 * gives each weakly connected component its best initial value.
 */
#ifndef GROG_UNION_H
#define GROG_UNION_H

#include "grog_internal.h"

/* comp[v] = the smallest internal id of v's weakly connected component
 * (out- and in-arcs both connect), the same for any thread count.  comp
 * holds n entries.  Checks ctl's cancel flag per block of nodes; after a
 * cancel comp is unspecified (the run is discarded). */
void grog_afforest(const grog_graph *g, uint32_t *comp, int threads, const grog_control *ctl);

#endif
