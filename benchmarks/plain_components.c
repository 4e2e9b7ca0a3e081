/* plain_components.c: min-label propagation over in + out arcs, the same
 * algorithm as GIR.md's components example, written directly in C.
 * Returns the seconds spent; *rounds gets the number of rounds. */
#define _GNU_SOURCE
#include <omp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

double plain_components(int64_t n, const int64_t *in_off, const uint32_t *in_src, const int64_t *out_off,
                        const uint32_t *out_dst, int64_t *result, int threads, int64_t *rounds)
{
    double t0 = omp_get_wtime();
    int64_t *l = mmap(NULL, n * 8 + 64, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int64_t *next = mmap(NULL, n * 8 + 64, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    madvise(l, n * 8 + 64, MADV_HUGEPAGE);
    madvise(next, n * 8 + 64, MADV_HUGEPAGE);
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t v = 0; v < n; v++) l[v] = v;
    int changed = 1;
    *rounds = 0;
    while (changed) {
        changed = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 2048) reduction(| : changed)
        for (int64_t v = 0; v < n; v++) {
            int64_t m = l[v];
            for (int64_t e = in_off[v]; e < in_off[v + 1]; e++) if (l[in_src[e]] < m) m = l[in_src[e]];
            for (int64_t e = out_off[v]; e < out_off[v + 1]; e++) if (l[out_dst[e]] < m) m = l[out_dst[e]];
            next[v] = m;
            changed |= m != l[v];
        }
        int64_t *t = l; l = next; next = t;
        ++*rounds;
    }
    memcpy(result, l, n * 8);
    munmap(l, n * 8 + 64);
    munmap(next, n * 8 + 64);
    return omp_get_wtime() - t0;
}
