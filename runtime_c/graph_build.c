/* graph_build.c: edge list -> CSR by two stable counting sorts.
 *
 * Sorting by target first and then (stably) by source leaves every row sorted
 * by target with parallel arcs in input order: an LSD radix sort whose two
 * digits are vertex ids.  Memory: one n+1 position array and one temporary of
 * cap arcs, besides the caller's outputs.  No comparison sort is involved, so
 * skewed (power-law) degrees cost nothing extra.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grog_graph.h"

static int64_t build_fail(grog_graph_error *err, const char *fmt, ...) {
    va_list ap;
    err->line = 0;
    err->column = 0;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

int64_t grog_csr_build(int64_t n, int64_t m, const uint32_t *src, const uint32_t *dst,
                       const double *weight, int32_t symmetric, int32_t drop_self_loops,
                       int32_t keep_multi, int64_t *offsets, uint32_t *targets,
                       double *weights, int64_t cap, grog_graph_error *err) {
    int64_t *pos = NULL, i, v, total = 0, kept;
    uint32_t *tmp_src = NULL;
    double *tmp_w = NULL;
    int pass;
    if (n < 0 || m < 0 || n > (int64_t)UINT32_MAX)
        return build_fail(err, "internal: bad sizes n=%lld m=%lld", (long long)n, (long long)m);
    for (i = 0; i < m; i++)
        if (src[i] >= (uint64_t)n || dst[i] >= (uint64_t)n)
            return build_fail(err, "internal: arc %lld (%u -> %u) outside [0, %lld)", (long long)i,
                              src[i], dst[i], (long long)n);
    /* Count arcs per target (pass 1 digit) and the total. */
    pos = calloc((size_t)n + 1, sizeof *pos);
    if (!pos) return build_fail(err, "out of memory for %lld positions", (long long)n);
    for (pass = 0; pass < (symmetric ? 2 : 1); pass++)
        for (i = 0; i < m; i++) {
            uint32_t s = pass ? dst[i] : src[i], t = pass ? src[i] : dst[i];
            if (s == t && (drop_self_loops || pass)) continue;
            pos[t + 1]++;
            total++;
        }
    if (total > cap) {
        free(pos);
        return build_fail(err, "internal: %lld arcs exceed capacity %lld", (long long)total, (long long)cap);
    }
    tmp_src = malloc((size_t)(total ? total : 1) * sizeof *tmp_src);
    if (weight && weights) tmp_w = malloc((size_t)(total ? total : 1) * sizeof *tmp_w);
    if (!tmp_src || (weight && weights && !tmp_w)) {
        free(pos); free(tmp_src); free(tmp_w);
        return build_fail(err, "out of memory for %lld arcs", (long long)total);
    }
    for (v = 0; v < n; v++) pos[v + 1] += pos[v];
    /* Pass 1: scatter sources into target buckets, in input order. */
    memset(offsets, 0, ((size_t)n + 1) * sizeof *offsets);
    for (pass = 0; pass < (symmetric ? 2 : 1); pass++)
        for (i = 0; i < m; i++) {
            uint32_t s = pass ? dst[i] : src[i], t = pass ? src[i] : dst[i];
            int64_t k;
            if (s == t && (drop_self_loops || pass)) continue;
            k = pos[t]++;
            tmp_src[k] = s;
            if (tmp_w) tmp_w[k] = weight[i];
            offsets[s + 1]++;
        }
    /* pos[t] is now the end of bucket t; offsets[] holds row sizes, made
     * into row starts and used as write cursors (shifted back afterwards). */
    for (v = 0; v < n; v++) offsets[v + 1] += offsets[v];
    {
        int64_t k = 0;
        int64_t t;
        /* Pass 2: walk the buckets in target order, scatter by source (stable). */
        for (t = 0; t < n; t++)
            for (; k < pos[t]; k++) {
                int64_t d = offsets[tmp_src[k]]++;
                targets[d] = (uint32_t)t;
                if (tmp_w) weights[d] = tmp_w[k];
            }
    }
    for (v = n; v > 0; v--) offsets[v] = offsets[v - 1];
    offsets[0] = 0;
    free(pos);
    free(tmp_src);
    free(tmp_w);
    if (keep_multi) return total;
    /* Merge repeated targets within each row, keeping the minimum weight. */
    kept = 0;
    for (v = 0; v < n; v++) {
        int64_t a = offsets[v], b = offsets[v + 1], row = kept;
        offsets[v] = row;
        for (i = a; i < b; i++) {
            if (kept > row && targets[kept - 1] == targets[i]) {
                if (weights && weight && weights[i] < weights[kept - 1]) weights[kept - 1] = weights[i];
                continue;
            }
            targets[kept] = targets[i];
            if (weights && weight) weights[kept] = weights[i];
            kept++;
        }
    }
    offsets[n] = kept;
    return kept;
}

int32_t grog_csr_transpose(int64_t n, int64_t m, const int64_t *offsets, const uint32_t *targets,
                           const double *weights, int64_t *t_offsets, uint32_t *t_sources,
                           double *t_weights, grog_graph_error *err) {
    int64_t v, i;
    if (n < 0 || n > (int64_t)UINT32_MAX || offsets[0] != 0 || offsets[n] != m)
        return (int32_t)build_fail(err, "internal: inconsistent CSR (n=%lld, m=%lld)", (long long)n, (long long)m);
    for (v = 0; v < n; v++)
        if (offsets[v + 1] < offsets[v])
            return (int32_t)build_fail(err, "internal: offsets decrease at vertex %lld", (long long)v);
    memset(t_offsets, 0, ((size_t)n + 1) * sizeof *t_offsets);
    for (i = 0; i < m; i++) {
        if (targets[i] >= (uint64_t)n)
            return (int32_t)build_fail(err, "internal: target %u outside [0, %lld)", targets[i], (long long)n);
        t_offsets[targets[i] + 1]++;
    }
    for (v = 0; v < n; v++) t_offsets[v + 1] += t_offsets[v];
    /* Sources are visited in ascending order, so each in-row comes out sorted. */
    for (v = 0; v < n; v++)
        for (i = offsets[v]; i < offsets[v + 1]; i++) {
            int64_t d = t_offsets[targets[i]]++;
            t_sources[d] = (uint32_t)v;
            if (weights && t_weights) t_weights[d] = weights[i];
        }
    for (v = n; v > 0; v--) t_offsets[v] = t_offsets[v - 1];
    t_offsets[0] = 0;
    return 0;
}
