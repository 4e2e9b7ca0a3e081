/* plain_pagerank.c: the benchmark's "speed of light" -- PageRank written
 * directly in C with OpenMP, the same arithmetic as GIR.md's example
 * and benchmarks/pagerank_fixed.gir (dangling mass spread uniformly, a fixed
 * number of iterations, no convergence test), huge pages on big arrays.
 * Returns the seconds spent (allocation + degrees + iterations). */
#define _GNU_SOURCE
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void *big(size_t bytes)
{
    void *p = mmap(NULL, bytes + 64, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    madvise(p, bytes + 64, MADV_HUGEPAGE);
    return p;
}

double plain_pagerank(int64_t n, const int64_t *in_off, const uint32_t *in_src, const int64_t *out_off,
                      double alpha, int iters, double *result, int threads)
{
    double t0 = omp_get_wtime();
    double *x = big(n * 8), *next = big(n * 8), *contrib = big(n * 8), *inv_deg = big(n * 8);
    double inv_n = 1.0 / (double)n;
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t v = 0; v < n; v++) {
        int64_t d = out_off[v + 1] - out_off[v];
        inv_deg[v] = d ? 1.0 / (double)d : 0.0;
        x[v] = inv_n;
    }
    for (int it = 0; it < iters; it++) {
        double dsum = 0.0;
#pragma omp parallel for num_threads(threads) schedule(static) reduction(+ : dsum)
        for (int64_t v = 0; v < n; v++) {
            contrib[v] = x[v] * inv_deg[v];
            dsum += inv_deg[v] == 0.0 ? x[v] : 0.0;
        }
        double base = alpha * dsum * inv_n + (1.0 - alpha) * inv_n;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 2048)
        for (int64_t v = 0; v < n; v++) {
            double s = 0.0;
            for (int64_t e = in_off[v]; e < in_off[v + 1]; e++)
                s += contrib[in_src[e]];
            next[v] = alpha * s + base;
        }
        double *t = x; x = next; next = t;
    }
    memcpy(result, x, n * 8);
    munmap(x, n * 8 + 64); munmap(next, n * 8 + 64); munmap(contrib, n * 8 + 64); munmap(inv_deg, n * 8 + 64);
    return omp_get_wtime() - t0;
}
