/* graph_parse.c: numeric edge-list text -> int64 ids and float64 weights.
 *
 * One pass over the bytes, one line at a time; fields are scanned in place
 * and never read past `end`.  Every rejection names the line and field.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grog_graph.h"

#define GROG_MAX_FIELDS 64
#define GROG_MAX_NUMBER 63  /* longest numeric token we copy for strtod */

static int64_t fail(grog_graph_error *err, int64_t line, int32_t column, const char *fmt, ...) {
    va_list ap;
    err->line = line;
    err->column = column;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* Quote a token for a message: at most 40 bytes, non-printables as '?'. */
static void quote(char *dst, size_t cap, const char *p, const char *q) {
    size_t len = (size_t)(q - p), i, k = 0;
    if (len > 40) len = 40;
    for (i = 0; i < len && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)p[i];
        dst[k++] = (c >= 32 && c < 127) ? (char)c : '?';
    }
    dst[k] = 0;
}

/* Whether c is one of the (at most 7) comment characters in set. */
static int is_comment(const char set[8], char c) {
    int i;
    for (i = 0; i < 8 && set[i]; i++)
        if (set[i] == c) return 1;
    return 0;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* Parse a whole token as a signed 64-bit integer; 0 on success. */
static int parse_i64(const char *p, const char *q, int64_t *out) {
    int neg = 0;
    uint64_t v = 0, limit;
    if (p < q && (*p == '+' || *p == '-')) neg = (*p++ == '-');
    if (p == q) return -1;
    limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    for (; p < q; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (d > 9) return -1;
        if (v > (limit - d) / 10) return -2;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

static int parse_f64(const char *p, const char *q, double *out) {
    char tmp[GROG_MAX_NUMBER + 1];
    char *stop;
    size_t len = (size_t)(q - p);
    if (len == 0 || len > GROG_MAX_NUMBER) return -1;
    memcpy(tmp, p, len);
    tmp[len] = 0;
    errno = 0;
    *out = strtod(tmp, &stop);
    if (stop != tmp + len) return -1;
    return 0;
}

/* Split [p, q) into fields; returns the count, or -1 when there are too many. */
static int split(const char *p, const char *q, char delim, const char **fs, const char **fe) {
    int n = 0;
    if (delim == 0) {
        while (p < q) {
            while (p < q && is_blank(*p)) p++;
            if (p == q) break;
            if (n == GROG_MAX_FIELDS) return -1;
            fs[n] = p;
            while (p < q && !is_blank(*p)) p++;
            fe[n++] = p;
        }
        return n;
    }
    for (;;) {
        const char *s = p, *e;
        while (p < q && *p != delim) p++;
        e = p;
        while (s < e && is_blank(*s)) s++;
        while (e > s && is_blank(e[-1])) e--;
        if (n == GROG_MAX_FIELDS) return -1;
        fs[n] = s;
        fe[n++] = e;
        if (p == q) return n;
        p++;  /* past the delimiter */
    }
}

int64_t grog_parse_edge_text(const char *buf, int64_t len, const grog_text_format *fmt,
                             int64_t first_line, int64_t *src, int64_t *dst, double *weight,
                             int64_t cap, int64_t *lines_out, grog_graph_error *err) {
    const char *p = buf, *end = buf + (len > 0 ? len : 0);
    const char *fs[GROG_MAX_FIELDS], *fe[GROG_MAX_FIELDS];
    char tok[48];
    int64_t count = 0, line = first_line;
    int need = fmt->src_col;
    if (fmt->dst_col > need) need = fmt->dst_col;
    if (fmt->weight_col > need) need = fmt->weight_col;
    *lines_out = 0;
    if (fmt->src_col < 0 || need >= GROG_MAX_FIELDS || fmt->ncols_min <= need ||
        fmt->ncols_max < fmt->ncols_min || (fmt->dst_col >= 0 && !dst) ||
        (fmt->weight_col >= 0 && !weight))
        return fail(err, 0, 0, "internal: inconsistent text format description");
    for (; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *q = eol ? eol : end, *s = p;
        int nf, c;
        p = eol ? eol + 1 : end;
        while (s < q && is_blank(*s)) s++;
        if (s == q) continue;                                   /* blank line */
        if (is_comment(fmt->comments, *s)) continue;
        if (fmt->line_tag) {
            if (*s != fmt->line_tag || (s + 1 < q && !is_blank(s[1]))) {
                const char *t = s;
                while (t < q && !is_blank(*t)) t++;
                quote(tok, sizeof tok, s, t);
                return fail(err, line, 1, "expected a line starting with '%c', found '%s'",
                            fmt->line_tag, tok);
            }
            s++;
        }
        nf = split(s, q, fmt->delimiter, fs, fe);
        if (nf < 0) return fail(err, line, 0, "too many columns (more than %d)", GROG_MAX_FIELDS);
        if (nf < fmt->ncols_min)
            return fail(err, line, 0, "too few columns: expected %d, found %d", fmt->ncols_min, nf);
        if (nf > fmt->ncols_max)
            return fail(err, line, 0, "too many columns: expected %d, found %d", fmt->ncols_max, nf);
        if (count == cap) return fail(err, line, 0, "internal: output buffer full");
        for (c = 0; c < 2; c++) {
            int col = c == 0 ? fmt->src_col : fmt->dst_col;
            int64_t v = 0;
            int rc;
            if (col < 0) continue;
            rc = parse_i64(fs[col], fe[col], &v);
            quote(tok, sizeof tok, fs[col], fe[col]);
            if (rc == -2) return fail(err, line, col + 1, "id '%s' in column %d does not fit in a signed 64-bit integer", tok, col + 1);
            if (rc) return fail(err, line, col + 1, "bad number '%s' in column %d (expected an integer id)", tok, col + 1);
            (c == 0 ? src : dst)[count] = v;
        }
        if (fmt->weight_col >= 0) {
            int col = fmt->weight_col;
            double w;
            quote(tok, sizeof tok, fs[col], fe[col]);
            if (parse_f64(fs[col], fe[col], &w))
                return fail(err, line, col + 1, "bad number '%s' in column %d (expected a weight)", tok, col + 1);
            if (!isfinite(w))
                return fail(err, line, col + 1, "weight '%s' in column %d is not a finite number", tok, col + 1);
            if (w < 0 && !fmt->allow_negative)
                return fail(err, line, col + 1, "negative weight '%s' in column %d (negative weights are not allowed here)", tok, col + 1);
            weight[count] = w;
        }
        count++;
    }
    *lines_out = line - first_line;
    return count;
}
