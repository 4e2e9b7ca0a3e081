/* errors.c: formatting error messages into the caller's buffer. */
#include <stdio.h>

#include "grog_internal.h"

/* Write the message (truncated to err_len) and return code. */
int grog_fail(char *err, size_t err_len, int code, const char *fmt, ...)
{
    if (err && err_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_len, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *grog_fault_text(int fault)
{
    static const char *const text[] = {
        "no fault",
        "integer division by zero",
        "integer power with a negative exponent",
        "cast of NaN or an out-of-range f64 to i64",
        "out of memory",
        "an opcode, aggregate or dtype this kernel does not handle (the validator let it through)",
    };
    _Static_assert(sizeof text / sizeof text[0] == GROG_FAULT_BAD_OP + 1, "one text per grog_fault");
    return fault >= 0 && fault <= GROG_FAULT_BAD_OP ? text[fault] : "unknown fault";
}
