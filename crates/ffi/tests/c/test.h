/* Shared by the C tests: checks, literals as inputs, vector files. Each test
 * file is one program; this header is included once per program. */
#ifndef QRIS_TEST_H
#define QRIS_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libqris.h"

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); failures++; } } while (0)
/* A string literal as a (ptr, len) input, and as a qris_str. */
#define S(lit) (const uint8_t *)(lit), strlen(lit)
#define STR(lit) ((qris_str){(const uint8_t *)(lit), strlen(lit)})
#define NONE ((qris_str){NULL, 0})

/* A qris_str equals a C string. */
static inline int eq(qris_str s, const char *want) {
    return s.ptr != NULL && s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* Whether `needle` occurs in the first `len` bytes of `hay` (portable: no memmem). */
static inline int contains(const void *hay, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++) {
        if (memcmp((const char *)hay + i, needle, n) == 0) return 1;
    }
    return 0;
}

static inline FILE *open_vector(const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", QRIS_VECTORS_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    return f;
}

/* A whole vector file (at most 64 KiB), NUL-terminated; free() it. */
static inline char *read_vector(const char *name, size_t *len) {
    FILE *f = open_vector(name);
    char *buf = malloc(65537);
    *len = fread(buf, 1, 65536, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* A JSON string value of `key` in `json`, unescaped (\n only: all the legacy
 * vector file needs) into a new NUL-terminated buffer; free() it. */
static inline char *json_string(const char *json, const char *key) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\": \"", key);
    const char *start = strstr(json, pattern);
    if (!start) { fprintf(stderr, "no %s in the vector\n", key); exit(2); }
    start += strlen(pattern);
    char *out = malloc(strlen(start) + 1);
    size_t n = 0;
    for (const char *p = start; *p && *p != '"'; p++) {
        if (p[0] == '\\' && p[1] == 'n') { out[n++] = '\n'; p++; }
        else out[n++] = *p;
    }
    out[n] = '\0';
    return out;
}

/* The end of every test program. */
static inline int finish(const char *what) {
    if (failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", what, failures);
        return 1;
    }
    printf("%s: all checks passed\n", what);
    return 0;
}

/* A request from literals. */
#define REQUEST(method, path, token, body, ts) ((qris_request){STR(method), STR(path), STR(token), STR(body), STR(ts)})

#endif
