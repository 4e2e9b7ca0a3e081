/* kernels_elementwise.c: every element-wise opcode over a span of elements.
 *
 * Each operand is a grog_span: it advances (a vector or block read at the
 * caller's offset) or broadcasts (a scalar).  The binary loops are written
 * out for vector/vector, vector/scalar and scalar/vector so the compiler can
 * vectorise them; the output may be the same buffer as an input (the
 * allocator reuses a dying input's slot), so no `restrict`.
 *
 * Semantics (docs/runtime.md): i64 wraps (computed in uint64_t, no UB);
 * i64 DIV floors and faults on 0; i64 POW faults on a negative exponent;
 * f64 MIN/MAX propagate NaN; RECIP gives 0 for 0; CAST f64 -> i64 truncates
 * and faults on NaN or out of range.  Bools are bytes holding 0 or 1.
 */
#include <math.h>
#include <string.h>

#include "grog_internal.h"

typedef double f64;
typedef int64_t i64;
typedef uint8_t u8;

#define WRAP(expr) ((i64)(expr))
#define U(x) ((uint64_t)(x))

/* out[i] = EXPR(x = a[i], y = b[i]) over the three broadcast shapes. */
#define EW2(TI, TO, EXPR)                                                        \
    do {                                                                         \
        const TI *A_ = a.p, *B_ = b.p;                                           \
        TO *O_ = out;                                                            \
        if (a.vec && b.vec) {                                                    \
            for (int64_t i = 0; i < len; i++) { TI x = A_[i], y = B_[i]; O_[i] = (EXPR); } \
        } else if (a.vec) {                                                      \
            TI y = B_[0];                                                        \
            for (int64_t i = 0; i < len; i++) { TI x = A_[i]; O_[i] = (EXPR); }  \
        } else if (b.vec) {                                                      \
            TI x = A_[0];                                                        \
            for (int64_t i = 0; i < len; i++) { TI y = B_[i]; O_[i] = (EXPR); }  \
        } else {                                                                 \
            TI x = A_[0], y = B_[0];                                             \
            TO r_ = (EXPR);                                                      \
            for (int64_t i = 0; i < len; i++) O_[i] = r_;                        \
        }                                                                        \
    } while (0)

#define EW1(TI, TO, EXPR)                                                        \
    do {                                                                         \
        const TI *A_ = a.p;                                                      \
        TO *O_ = out;                                                            \
        if (a.vec) {                                                             \
            for (int64_t i = 0; i < len; i++) { TI x = A_[i]; O_[i] = (EXPR); }  \
        } else {                                                                 \
            TI x = A_[0];                                                        \
            TO r_ = (EXPR);                                                      \
            for (int64_t i = 0; i < len; i++) O_[i] = r_;                        \
        }                                                                        \
    } while (0)

static inline f64 fmin_nan(f64 x, f64 y) { return x != x ? x : (y != y ? y : (y < x ? y : x)); }
static inline f64 fmax_nan(f64 x, f64 y) { return x != x ? x : (y != y ? y : (y > x ? y : x)); }
static inline f64 recip(f64 x) { return x == 0.0 ? 0.0 : 1.0 / x; }

static inline i64 idiv(i64 x, i64 y, int *bad)
{
    if (y == 0) { *bad = 1; return 0; }
    if (y == -1) return WRAP(0 - U(x));  /* INT64_MIN / -1 wraps instead of trapping */
    i64 q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0)))
        q--;
    return q;
}

static inline i64 ipow(i64 x, i64 y, int *bad)
{
    if (y < 0) { *bad = 1; return 0; }
    uint64_t r = 1, base = U(x);
    while (y) {
        if (y & 1) r *= base;
        base *= base;
        y >>= 1;
    }
    return WRAP(r);
}

static inline i64 f2i(f64 x, int *bad)
{
    /* [-2^63, 2^63) is exactly the range that truncates into an int64_t */
    if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) { *bad = 1; return 0; }
    return (i64)x;
}

static int binary_f64(int op, void *out, grog_span a, grog_span b, int64_t len)
{
    switch (op) {
    case GROG_OP_ADD: EW2(f64, f64, x + y); break;
    case GROG_OP_SUB: EW2(f64, f64, x - y); break;
    case GROG_OP_MUL: EW2(f64, f64, x * y); break;
    case GROG_OP_DIV: EW2(f64, f64, x / y); break;
    case GROG_OP_MIN: EW2(f64, f64, fmin_nan(x, y)); break;
    case GROG_OP_MAX: EW2(f64, f64, fmax_nan(x, y)); break;
    case GROG_OP_POW: EW2(f64, f64, pow(x, y)); break;
    case GROG_OP_EQ: EW2(f64, u8, x == y); break;
    case GROG_OP_NE: EW2(f64, u8, x != y); break;
    case GROG_OP_LT: EW2(f64, u8, x < y); break;
    case GROG_OP_LE: EW2(f64, u8, x <= y); break;
    case GROG_OP_GT: EW2(f64, u8, x > y); break;
    case GROG_OP_GE: EW2(f64, u8, x >= y); break;
    default: return GROG_FAULT_BAD_OP;
    }
    return GROG_FAULT_NONE;
}

static int binary_i64(int op, void *out, grog_span a, grog_span b, int64_t len)
{
    int bad = 0;
    switch (op) {
    case GROG_OP_ADD: EW2(i64, i64, WRAP(U(x) + U(y))); break;
    case GROG_OP_SUB: EW2(i64, i64, WRAP(U(x) - U(y))); break;
    case GROG_OP_MUL: EW2(i64, i64, WRAP(U(x) * U(y))); break;
    case GROG_OP_DIV: EW2(i64, i64, idiv(x, y, &bad)); break;
    case GROG_OP_MIN: EW2(i64, i64, y < x ? y : x); break;
    case GROG_OP_MAX: EW2(i64, i64, y > x ? y : x); break;
    case GROG_OP_POW: EW2(i64, i64, ipow(x, y, &bad)); break;
    case GROG_OP_EQ: EW2(i64, u8, x == y); break;
    case GROG_OP_NE: EW2(i64, u8, x != y); break;
    case GROG_OP_LT: EW2(i64, u8, x < y); break;
    case GROG_OP_LE: EW2(i64, u8, x <= y); break;
    case GROG_OP_GT: EW2(i64, u8, x > y); break;
    case GROG_OP_GE: EW2(i64, u8, x >= y); break;
    default: return GROG_FAULT_BAD_OP;
    }
    if (bad)
        return op == GROG_OP_DIV ? GROG_FAULT_DIV_ZERO : GROG_FAULT_NEG_POW;
    return GROG_FAULT_NONE;
}

static int binary_bool(int op, void *out, grog_span a, grog_span b, int64_t len)
{
    switch (op) {
    case GROG_OP_EQ: EW2(u8, u8, x == y); break;
    case GROG_OP_NE: EW2(u8, u8, x != y); break;
    case GROG_OP_AND: EW2(u8, u8, x & y); break;
    case GROG_OP_OR: EW2(u8, u8, x | y); break;
    default: return GROG_FAULT_BAD_OP;
    }
    return GROG_FAULT_NONE;
}

static int unary(int op, int dtype, void *out, grog_span a, int64_t len)
{
    if (dtype == GROG_DTYPE_F64) {
        switch (op) {
        case GROG_OP_NEG: EW1(f64, f64, -x); break;
        case GROG_OP_ABS: EW1(f64, f64, fabs(x)); break;
        case GROG_OP_SQRT: EW1(f64, f64, sqrt(x)); break;
        case GROG_OP_EXP: EW1(f64, f64, exp(x)); break;
        case GROG_OP_LOG: EW1(f64, f64, log(x)); break;
        case GROG_OP_FLOOR: EW1(f64, f64, floor(x)); break;
        case GROG_OP_RECIP: EW1(f64, f64, recip(x)); break;
        case GROG_OP_ISNAN: EW1(f64, u8, x != x); break;
        case GROG_OP_ISINF: EW1(f64, u8, x == INFINITY || x == -INFINITY); break;
        default: return GROG_FAULT_BAD_OP;
        }
    } else if (dtype == GROG_DTYPE_I64) {
        switch (op) {
        case GROG_OP_NEG: EW1(i64, i64, WRAP(0 - U(x))); break;
        case GROG_OP_ABS: EW1(i64, i64, x < 0 ? WRAP(0 - U(x)) : x); break;
        default: return GROG_FAULT_BAD_OP;
        }
    } else if (dtype == GROG_DTYPE_BOOL && op == GROG_OP_NOT) {
        EW1(u8, u8, x ^ 1);
    } else {
        return GROG_FAULT_BAD_OP;
    }
    return GROG_FAULT_NONE;
}

/* CAST and COPY/FILL (a same-dtype cast is a copy). */
_Static_assert(GROG_DTYPE_N == 3, "cast() numbers a (from, to) pair from * 3 + to");
static int cast(int to, int from, void *out, grog_span a, int64_t len)
{
    int bad = 0;
    switch (from * 3 + to) {
    case GROG_DTYPE_F64 * 3 + GROG_DTYPE_F64: EW1(f64, f64, x); break;
    case GROG_DTYPE_F64 * 3 + GROG_DTYPE_I64: EW1(f64, i64, f2i(x, &bad)); break;
    case GROG_DTYPE_F64 * 3 + GROG_DTYPE_BOOL: EW1(f64, u8, x != 0.0); break;
    case GROG_DTYPE_I64 * 3 + GROG_DTYPE_F64: EW1(i64, f64, (f64)x); break;
    case GROG_DTYPE_I64 * 3 + GROG_DTYPE_I64: EW1(i64, i64, x); break;
    case GROG_DTYPE_I64 * 3 + GROG_DTYPE_BOOL: EW1(i64, u8, x != 0); break;
    case GROG_DTYPE_BOOL * 3 + GROG_DTYPE_F64: EW1(u8, f64, (f64)(x != 0)); break;
    case GROG_DTYPE_BOOL * 3 + GROG_DTYPE_I64: EW1(u8, i64, (i64)(x != 0)); break;
    case GROG_DTYPE_BOOL * 3 + GROG_DTYPE_BOOL: EW1(u8, u8, x != 0); break;
    default: return GROG_FAULT_BAD_OP;
    }
    return bad ? GROG_FAULT_BAD_CAST : GROG_FAULT_NONE;
}

/* SELECT: out = c0 ? b : c, any broadcast shape (strides 0 or 1).  It
 * moves bit patterns through a mask (m = all ones when the condition holds):
 * exact for every dtype, and a blend the compiler vectorises instead of an
 * unpredictable branch per element (a dangling-node mask is close to
 * random).  T is an unsigned type of the element's width. */
#define SEL(T, k, x, y) (((x) & (T)(0 - (T)((k) != 0))) | ((y) & (T)~(T)(0 - (T)((k) != 0))))
#define SELECT_LOOP(T)                                                           \
    do {                                                                         \
        const u8 *K_ = a.p;                                                      \
        const T *X_ = b.p, *Y_ = c.p;                                            \
        T *O_ = out;                                                             \
        int64_t ks = a.vec, xs = b.vec, ys = c.vec;                              \
        if (ks && xs && ys) {                                                    \
            for (int64_t i = 0; i < len; i++) O_[i] = SEL(T, K_[i], X_[i], Y_[i]); \
        } else if (ks && xs) {                                                   \
            T y = Y_[0];                                                         \
            for (int64_t i = 0; i < len; i++) O_[i] = SEL(T, K_[i], X_[i], y);   \
        } else if (ks && ys) {                                                   \
            T x = X_[0];                                                         \
            for (int64_t i = 0; i < len; i++) O_[i] = SEL(T, K_[i], x, Y_[i]);   \
        } else {                                                                 \
            for (int64_t i = 0; i < len; i++)                                    \
                O_[i] = SEL(T, K_[i * ks], X_[i * xs], Y_[i * ys]);              \
        }                                                                        \
    } while (0)

static int select_(int dtype, void *out, grog_span a, grog_span b, grog_span c, int64_t len)
{
    if (grog_dtype_size[dtype] == 8) SELECT_LOOP(uint64_t);  /* f64 and i64 alike: bits are copied */
    else SELECT_LOOP(u8);
    return GROG_FAULT_NONE;
}

int grog_is_elementwise(int opcode)
{
    return opcode >= 0 && opcode < GROG_OP_COUNT && (grog_opflags[opcode] & GROG_OPFLG_EW);
}

int grog_ew(int opcode, int out_dtype, int in_dtype, void *out, grog_span a, grog_span b,
            grog_span c, int64_t len)
{
    if (len <= 0)
        return GROG_FAULT_NONE;
    switch (opcode) {
    case GROG_OP_FILL:   /* r[out][v] = r[a] */
    case GROG_OP_COPY:   /* r[out] = r[a] */
    case GROG_OP_CAST:   /* r[out] = (dtype of out) r[a] */
        return cast(out_dtype, in_dtype, out, a, len);
    case GROG_OP_SELECT: /* r[out] = r[a] ? r[b] : r[c] */
        return select_(in_dtype, out, a, b, c, len);
    }
    /* The other element-wise opcodes by their input count (the generated
     * tables): one case each in unary() or binary_*(), whose defaults refuse
     * an opcode they do not compute. */
    if (opcode < 0 || opcode >= GROG_OP_COUNT || !(grog_opflags[opcode] & GROG_OPFLG_EW))
        return GROG_FAULT_BAD_OP;
    if (grog_opcode_inputs[opcode] == 1)  /* r[out] = op r[a] */
        return unary(opcode, in_dtype, out, a, len);
    if (grog_opcode_inputs[opcode] != 2)
        return GROG_FAULT_BAD_OP;
    switch (in_dtype) {  /* r[out] = r[a] op r[b] */
    case GROG_DTYPE_F64: return binary_f64(opcode, out, a, b, len);
    case GROG_DTYPE_I64: return binary_i64(opcode, out, a, b, len);
    case GROG_DTYPE_BOOL: return binary_bool(opcode, out, a, b, len);
    default:
        return GROG_FAULT_BAD_OP;
    }
}
