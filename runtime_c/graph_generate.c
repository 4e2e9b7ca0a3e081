/* graph_generate.c: portable random graph generators (Kronecker / R-MAT, uniform).
 *
 * Every random number is a pure function of (seed, stream, counter), so a
 * chunk of arcs can be produced independently and the result is the same
 * bits on every machine and for every chunking.
 */
#include "grog_graph.h"

#define GROG_GOLDEN 0x9E3779B97F4A7C15ull

/* SplitMix64's output function applied to x + GOLDEN. */
static uint64_t mix(uint64_t x) {
    uint64_t z = x + GROG_GOLDEN;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t grog_rng(uint64_t seed, uint64_t stream, uint64_t i) {
    return mix(i + mix(seed + stream * GROG_GOLDEN));
}

int32_t grog_kron_arcs(int32_t scale, uint64_t seed, int64_t first, int64_t count, uint64_t t_a,
                       uint64_t t_ab, uint64_t t_abc, uint32_t *src, uint32_t *dst) {
    uint64_t keys[16];
    int64_t e;
    int32_t l;
    if (scale < 1 || scale > 32 || first < 0 || count < 0) return -1;
    for (l = 0; l < (scale + 1) / 2; l++) keys[l] = mix(seed + (uint64_t)l * GROG_GOLDEN);
    for (e = 0; e < count; e++) {
        uint64_t i = (uint64_t)(first + e), s = 0, d = 0, r = 0;
        for (l = 0; l < scale; l++) {
            uint64_t u;
            if ((l & 1) == 0) r = mix(i + keys[l / 2]);
            u = (l & 1) ? (r >> 32) : (r & 0xFFFFFFFFull);
            if (u >= t_abc) { s |= 1ull << l; d |= 1ull << l; }
            else if (u >= t_ab) s |= 1ull << l;
            else if (u >= t_a) d |= 1ull << l;
        }
        src[e] = (uint32_t)s;
        dst[e] = (uint32_t)d;
    }
    return 0;
}

int32_t grog_uniform_arcs(int32_t scale, uint64_t seed, int64_t first, int64_t count, uint32_t *src,
                          uint32_t *dst) {
    uint64_t ks, kd;
    int64_t e;
    if (scale < 1 || scale > 32 || first < 0 || count < 0) return -1;
    ks = mix(seed + 100ull * GROG_GOLDEN);
    kd = mix(seed + 101ull * GROG_GOLDEN);
    for (e = 0; e < count; e++) {
        uint64_t i = (uint64_t)(first + e);
        src[e] = (uint32_t)(mix(i + ks) >> (64 - scale));
        dst[e] = (uint32_t)(mix(i + kd) >> (64 - scale));
    }
    return 0;
}
