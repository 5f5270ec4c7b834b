#define _POSIX_C_SOURCE 200809L
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tally_check(struct tally *t, int ok, const char *what) {
    if (ok) {
        t->passed++;
        return;
    }
    t->failed++;
    const char *err = tthc_last_error_message();
    fprintf(stderr, "FAIL: %s (last error: %s)\n", what, err ? err : "none");
}

int tally_report(const struct tally *t, const char *label) {
    printf("%s: %d passed, %d failed\n", label, t->passed, t->failed);
    return t->failed == 0 && t->passed > 0 ? 0 : 1;
}

char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return NULL;
    }
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

void require_ok(tthc_status status, const char *what) {
    if (status == TTHC_STATUS_OK) return;
    const char *err = tthc_last_error_message();
    fprintf(stderr, "%s failed: %s: %s\n", what, tthc_status_name(status), err ? err : "");
    exit(2);
}

char *take_string(char *s) {
    if (!s) return NULL;
    char *copy = strdup(s);
    tthc_string_free(s);
    return copy;
}
