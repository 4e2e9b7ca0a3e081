/* kernels_triangles.c: the graph as undirected and simple (in- and
 * out-neighbours as one set, self-loops and duplicates dropped).
 *
 * NEIGHBOR_COUNT:    r[out][v] = |N(v)|.
 * TRIANGLES:         r[out][v] = triangles through v.
 * NEIGHBORHOOD_ARCS: r[out][v] = distinct arcs (u, w), u != w, u and w in
 *                    N(v): the sum over v's triangles {v, u, w} of a(u, w),
 *                    the number of distinct arcs between u and w (1 or 2; 2
 *                    on an undirected graph, so this is 2 x triangles).
 *
 * Triangles are listed once each, by degree order (Chiba-Nishizeki; the
 * ordering GAPBS tc uses): nodes are ranked by |N(v)|, ties by id, and each
 * edge is kept only from its lower-ranked end, in a CSR indexed by rank
 * whose rows hold ranks in ascending order.  A hub's row then holds only
 * the few nodes ranked above it, so no row is longer than about sqrt(2m).
 * A triangle r < s < t (ranks) is found at r, for s in row r, as t in
 * (row r after s) & (row s): a merge of two sorted lists.  It adds to the
 * counts of all three corners; each thread adds into its own count array
 * (integers, summed at the end), so the result is exact for any thread
 * count.  Rows of the graph that are not sorted (a hand-made g.csr) are
 * sorted in a copy first.  Scratch: the oriented CSR (n x 8 + edges x 4,
 * + edges x 1 for the arc counts), ranks (n x 8), one count array of n x 8
 * per thread, and a row buffer of the largest in + out degree per thread.
 */
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "grog_internal.h"

/* Out-rows and (directed graphs) in-rows, each sorted. */
typedef struct rows {
    const int64_t *off[2];
    const uint32_t *idx[2];
    int sides;              /* 1: undirected (in = out), 2: directed */
    uint32_t *copy[2];      /* sorted copies we own, or NULL */
    size_t copy_bytes;
} rows;

/* ---- sorting small arrays in place (no comparator calls) ----------------- */

#define SORT_SMALL 24

static void sift(uint64_t *k, int64_t root, int64_t len)
{
    for (int64_t child; (child = 2 * root + 1) < len; root = child) {
        if (child + 1 < len && k[child + 1] > k[child]) child++;
        if (k[root] >= k[child]) return;
        uint64_t t = k[root]; k[root] = k[child]; k[child] = t;
    }
}

/* Quicksort, insertion sort below SORT_SMALL, heapsort past a depth limit:
 * O(len log len) whatever the input. */
static void sort_keys(uint64_t *k, int64_t len, int depth)
{
    while (len > SORT_SMALL) {
        if (depth-- == 0) {
            for (int64_t i = len / 2 - 1; i >= 0; i--) sift(k, i, len);
            for (int64_t i = len - 1; i > 0; i--) {
                uint64_t t = k[0]; k[0] = k[i]; k[i] = t;
                sift(k, 0, i);
            }
            return;
        }
        uint64_t a = k[0], b = k[len / 2], c = k[len - 1];
        uint64_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        int64_t i = 0, j = len - 1;
        for (;;) {
            while (k[i] < pivot) i++;
            while (k[j] > pivot) j--;
            if (i >= j) break;
            uint64_t t = k[i]; k[i] = k[j]; k[j] = t;
            i++, j--;
        }
        sort_keys(k, j + 1, depth);
        k += j + 1, len -= j + 1;
    }
    for (int64_t i = 1; i < len; i++) {
        uint64_t x = k[i];
        int64_t j = i;
        for (; j > 0 && k[j - 1] > x; j--) k[j] = k[j - 1];
        k[j] = x;
    }
}

static void sort_u32(uint32_t *p, int64_t len, uint64_t *tmp)
{
    for (int64_t i = 0; i < len; i++) tmp[i] = p[i];
    sort_keys(tmp, len, 64);
    for (int64_t i = 0; i < len; i++) p[i] = (uint32_t)tmp[i];
}

/* ---- the simple undirected view -------------------------------------------- */

static int64_t max_row(const grog_graph_arrays *a, int sides)
{
    int64_t best = 0;
    for (int64_t v = 0; v < a->n; v++) {
        int64_t d = a->out_offsets[v + 1] - a->out_offsets[v];
        if (sides == 2) d += a->in_offsets[v + 1] - a->in_offsets[v];
        if (d > best) best = d;
    }
    return best;
}

static void rows_close(rows *r)
{
    grog_free(r->copy[0], r->copy_bytes);
    grog_free(r->copy[1], r->copy_bytes);
}

/* The graph's rows, or sorted copies when some row is out of order. */
static int rows_open(rows *r, const grog_graph_arrays *a, int64_t longest, int threads)
{
    memset(r, 0, sizeof *r);
    r->sides = a->directed ? 2 : 1;
    r->off[0] = a->out_offsets, r->idx[0] = a->out_targets;
    r->off[1] = a->in_offsets, r->idx[1] = a->in_sources;
    int unsorted = 0;
    for (int side = 0; side < r->sides; side++)
#pragma omp parallel for num_threads(threads) schedule(static) reduction(| : unsorted) if (a->n > GROG_BLOCK)
        for (int64_t v = 0; v < a->n; v++)
            for (int64_t e = r->off[side][v] + 1; e < r->off[side][v + 1]; e++)
                unsorted |= r->idx[side][e - 1] > r->idx[side][e];
    if (!unsorted)
        return GROG_FAULT_NONE;
    r->copy_bytes = sizeof(uint32_t) * (size_t)(a->m > 0 ? a->m : 1);
    uint64_t *tmp = malloc(sizeof(uint64_t) * (size_t)(longest > 0 ? longest : 1));
    int fault = tmp ? GROG_FAULT_NONE : GROG_FAULT_NOMEM;
    for (int side = 0; side < r->sides && !fault; side++) {
        r->copy[side] = grog_alloc(r->copy_bytes);
        if (!r->copy[side]) {
            fault = GROG_FAULT_NOMEM;
            break;
        }
        memcpy(r->copy[side], r->idx[side], sizeof(uint32_t) * (size_t)a->m);
        for (int64_t v = 0; v < a->n; v++)
            sort_u32(r->copy[side] + r->off[side][v], r->off[side][v + 1] - r->off[side][v], tmp);
        r->idx[side] = r->copy[side];
    }
    free(tmp);
    if (fault) rows_close(r);
    return fault;
}

/* N(v) in ascending order into nb (may be NULL: count only) with, in arcs,
 * the distinct arcs between v and each neighbour (1 or 2); returns |N(v)|. */
static int64_t simple_row(const rows *r, uint32_t v, uint32_t *nb, uint8_t *arcs)
{
    const uint32_t *p = r->idx[0] + r->off[0][v], *pe = r->idx[0] + r->off[0][v + 1];
    const uint32_t *q = pe, *qe = pe;  /* in-row: empty unless directed */
    if (r->sides == 2) q = r->idx[1] + r->off[1][v], qe = r->idx[1] + r->off[1][v + 1];
    uint8_t both_ways = r->sides == 1 ? 2 : 1;  /* an undirected edge is two arcs */
    int64_t k = 0;
    while (p < pe || q < qe) {
        uint32_t u;
        uint8_t w;
        if (q == qe || (p < pe && *p < *q)) u = *p, w = both_ways;
        else if (p == pe || *q < *p) u = *q, w = 1;
        else u = *p, w = 2;
        while (p < pe && *p == u) p++;
        while (q < qe && *q == u) q++;
        if (u == v) continue;
        if (nb) nb[k] = u, arcs[k] = w;
        k++;
    }
    return k;
}

int grog_neighbor_count(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl)
{
    const grog_graph_arrays *a = &g->a;
    rows r;
    int fault = rows_open(&r, a, max_row(a, a->directed ? 2 : 1), threads);
    if (fault) return fault;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1024) if (a->n > GROG_BLOCK)
    for (int64_t v = 0; v < a->n; v++)
        if (!grog_stop_requested(ctl)) out[v] = simple_row(&r, (uint32_t)v, NULL, NULL);
    rows_close(&r);
    return GROG_FAULT_NONE;
}

/* ---- the oriented CSR -------------------------------------------------------- */

typedef struct oriented {
    int64_t *off;       /* n + 1, by rank */
    uint32_t *adj;      /* ranks, ascending within a row */
    uint8_t *arcs;      /* per entry: distinct arcs between the two nodes, or NULL */
    uint32_t *node;     /* rank -> node */
    uint32_t *rank;     /* node -> rank */
    size_t off_bytes, adj_bytes, arcs_bytes, id_bytes;
} oriented;

static void oriented_close(oriented *o)
{
    grog_free(o->off, o->off_bytes);
    grog_free(o->adj, o->adj_bytes);
    grog_free(o->arcs, o->arcs_bytes);
    grog_free(o->node, o->id_bytes);
    grog_free(o->rank, o->id_bytes);
}

/* Rank the nodes by |N(v)|, then id: a counting sort on the degrees held in
 * o->off[1..n] (scratch use), sequential and O(n + max degree). */
static int rank_nodes(oriented *o, int64_t n, const int64_t *deg)
{
    int64_t top = 0;
    for (int64_t v = 0; v < n; v++)
        if (deg[v] > top) top = deg[v];
    size_t bytes = sizeof(int64_t) * (size_t)(top + 2);
    int64_t *start = grog_alloc(bytes);  /* zeroed */
    if (!start) return GROG_FAULT_NOMEM;
    for (int64_t v = 0; v < n; v++) start[deg[v] + 1]++;
    for (int64_t d = 0; d <= top; d++) start[d + 1] += start[d];
    for (int64_t v = 0; v < n; v++) {
        int64_t r = start[deg[v]]++;
        o->node[r] = (uint32_t)v;
        o->rank[v] = (uint32_t)r;
    }
    grog_free(start, bytes);
    return GROG_FAULT_NONE;
}

/* Per-thread buffers for building rows: a neighbour row and its arc counts,
 * and sort keys (rank << 2 | arcs). */
typedef struct row_buf {
    uint32_t *nb;
    uint8_t *arcs;
    uint64_t *keys;
} row_buf;

static int row_buf_open(row_buf *b, int64_t longest)
{
    size_t len = (size_t)(longest > 0 ? longest : 1);
    b->nb = malloc(len * sizeof *b->nb);
    b->arcs = malloc(len);
    b->keys = malloc(len * sizeof *b->keys);
    return b->nb && b->arcs && b->keys ? GROG_FAULT_NONE : GROG_FAULT_NOMEM;
}

static void row_buf_close(row_buf *b)
{
    free(b->nb), free(b->arcs), free(b->keys);
}

/* One pass over the nodes in parallel, each thread with its own row_buf
 * (opened once per thread: a failed open fails the pass, after the barrier
 * so no thread is left waiting). A set cancel flag skips the remaining rows. */
typedef void (*row_fn)(oriented *o, const rows *r, uint32_t v, row_buf *b, int64_t *deg);

static int each_row(oriented *o, const rows *r, int64_t n, int64_t longest, int threads, const grog_control *ctl,
                    row_fn fn, int64_t *deg)
{
    int fault = GROG_FAULT_NONE;
#pragma omp parallel num_threads(threads) if (n > GROG_BLOCK)
    {
        row_buf b;
        int mine = row_buf_open(&b, longest);
        if (mine) {
#pragma omp atomic write
            fault = mine;
        }
#pragma omp barrier
        if (!fault) {
#pragma omp for schedule(dynamic, 1024)
            for (int64_t v = 0; v < n; v++) {
                if (grog_stop_requested(ctl)) continue;  /* rows stay zero: the run is discarded */
                fn(o, r, (uint32_t)v, &b, deg);
            }
        }
        row_buf_close(&b);
    }
    return fault;
}

/* deg[v] = how many of v's neighbours rank above it (its row's length). */
static void row_length(oriented *o, const rows *r, uint32_t v, row_buf *b, int64_t *deg)
{
    int64_t d = simple_row(r, v, b->nb, b->arcs), up = 0;
    for (int64_t i = 0; i < d; i++) up += o->rank[b->nb[i]] > o->rank[v];
    deg[v] = up;
}

/* v's row: its neighbours of higher rank, sorted by rank (with arc counts). */
static void row_fill(oriented *o, const rows *r, uint32_t v, row_buf *b, int64_t *deg)
{
    (void)deg;
    uint32_t rv = o->rank[v];
    int64_t d = simple_row(r, v, b->nb, b->arcs), k = 0;
    for (int64_t i = 0; i < d; i++) {
        uint32_t ru = o->rank[b->nb[i]];
        if (ru > rv) b->keys[k++] = (uint64_t)ru << 2 | b->arcs[i];
    }
    sort_keys(b->keys, k, 64);
    uint32_t *row = o->adj + o->off[rv];
    for (int64_t i = 0; i < k; i++) row[i] = (uint32_t)(b->keys[i] >> 2);
    if (o->arcs)
        for (int64_t i = 0; i < k; i++) o->arcs[o->off[rv] + i] = (uint8_t)(b->keys[i] & 3);
}

/* Build the oriented CSR; with_arcs: keep each edge's arc count too. */
static int oriented_open(oriented *o, const rows *r, int64_t n, int64_t longest, int with_arcs, int threads,
                         const grog_control *ctl)
{
    memset(o, 0, sizeof *o);
    o->off_bytes = sizeof(int64_t) * (size_t)(n + 1);
    o->id_bytes = sizeof(uint32_t) * (size_t)(n > 0 ? n : 1);
    o->off = grog_alloc(o->off_bytes);
    o->node = grog_alloc(o->id_bytes);
    o->rank = grog_alloc(o->id_bytes);
    if (!o->off || !o->node || !o->rank) return GROG_FAULT_NOMEM;
    int64_t *deg = o->off + 1;  /* |N(v)| by node, until replaced by row lengths */
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1024) if (n > GROG_BLOCK)
    for (int64_t v = 0; v < n; v++) deg[v] = simple_row(r, (uint32_t)v, NULL, NULL);
    int fault = rank_nodes(o, n, deg);
    if (fault) return fault;
    /* Row lengths by rank: N(v) is sorted by id, not by rank, so count. This
     * pass ignores the cancel flag (NULL): the offsets must bound every row
     * the next pass may write. */
    if ((fault = each_row(o, r, n, longest, threads, NULL, row_length, deg))) return fault;
    /* offsets by rank: off[r + 1] = length of row r (the node's count above) */
    {
        size_t tbytes = sizeof(int64_t) * (size_t)(n > 0 ? n : 1);
        int64_t *len = grog_alloc(tbytes);
        if (!len) return GROG_FAULT_NOMEM;
        for (int64_t v = 0; v < n; v++) len[o->rank[v]] = deg[v];
        o->off[0] = 0;
        for (int64_t k = 0; k < n; k++) o->off[k + 1] = o->off[k] + len[k];
        grog_free(len, tbytes);
    }
    int64_t edges = o->off[n];
    o->adj_bytes = sizeof(uint32_t) * (size_t)(edges > 0 ? edges : 1);
    o->adj = grog_alloc(o->adj_bytes);
    if (with_arcs) {
        o->arcs_bytes = (size_t)(edges > 0 ? edges : 1);
        o->arcs = grog_alloc(o->arcs_bytes);
    }
    if (!o->adj || (with_arcs && !o->arcs)) return GROG_FAULT_NOMEM;
    return each_row(o, r, n, longest, threads, ctl, row_fill, NULL);
}

/* ---- counting ------------------------------------------------------------------- */

/* Triangles (with_arcs 0: each adds 1 to every corner) or arcs among
 * neighbourhoods (with_arcs 1: each adds a(u, w) to the third corner v). */
static int count(const grog_graph *g, int64_t *out, int threads, int with_arcs, const grog_control *ctl)
{
    const grog_graph_arrays *a = &g->a;
    int64_t n = a->n;
    int64_t longest = max_row(a, a->directed ? 2 : 1);
    rows r;
    oriented o;
    int fault = rows_open(&r, a, longest, threads);
    if (fault) return fault;
    fault = oriented_open(&o, &r, n, longest, with_arcs, threads, ctl);
    rows_close(&r);
    int teams = n > GROG_BLOCK ? threads : 1;
    size_t cbytes = sizeof(int64_t) * (size_t)(n > 0 ? n : 1) * (size_t)teams;
    int64_t *counts = fault ? NULL : grog_alloc(cbytes);  /* zeroed; teams arrays of n */
    if (!fault && !counts) fault = GROG_FAULT_NOMEM;
    if (fault) {
        oriented_close(&o);
        return fault;
    }
    const int64_t *off = o.off;
    const uint32_t *adj = o.adj;
    const uint8_t *arcs = o.arcs;
#pragma omp parallel num_threads(teams)
    {
        int64_t *mine = counts + (size_t)n * (size_t)(teams > 1 ? omp_get_thread_num() : 0);
#pragma omp for schedule(dynamic, 64)
        for (int64_t rk = 0; rk < n; rk++) {
            if (grog_stop_requested(ctl)) continue;
            int64_t own = 0;
            for (int64_t i = off[rk]; i < off[rk + 1]; i++) {
                uint32_t s = adj[i];
                int64_t p = i + 1, pe = off[rk + 1], q = off[s], qe = off[s + 1];
                while (p < pe && q < qe) {
                    uint32_t x = adj[p], y = adj[q];
                    if (x < y) p++;
                    else if (y < x) q++;
                    else {
                        if (arcs) {  /* corners rk, s, x: each gets the arcs between the other two */
                            own += arcs[q];
                            mine[s] += arcs[p];
                            mine[x] += arcs[i];
                        } else {
                            own++, mine[s]++, mine[x]++;
                        }
                        p++, q++;
                    }
                }
            }
            mine[rk] += own;
        }
    }
#pragma omp parallel for num_threads(threads) schedule(static) if (n > GROG_BLOCK)
    for (int64_t rk = 0; rk < n; rk++) {
        int64_t t = 0;
        for (int k = 0; k < teams; k++) t += counts[(size_t)k * (size_t)n + (size_t)rk];
        out[o.node[rk]] = t;
    }
    grog_free(counts, cbytes);
    oriented_close(&o);
    return GROG_FAULT_NONE;
}

int grog_triangles(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl)
{
    return count(g, out, threads, 0, ctl);
}

int grog_neighborhood_arcs(const grog_graph *g, int64_t *out, int threads, const grog_control *ctl)
{
    return count(g, out, threads, 1, ctl);
}
