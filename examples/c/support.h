/* Helpers shared by the C clients of libtthc: a tiny test tally, file
 * reading, and error reporting through the thread-local last error. */
#ifndef TTHC_EXAMPLES_SUPPORT_H
#define TTHC_EXAMPLES_SUPPORT_H

#include <stddef.h>

#include "tthc.h"

/* Counts of checks, printed as "N passed, N failed" by tally_report. */
struct tally {
    int passed;
    int failed;
};

/* Records one check; prints the failure with the library's last error. */
void tally_check(struct tally *t, int ok, const char *what);

/* Prints "<label>: N passed, N failed" and returns the process exit code. */
int tally_report(const struct tally *t, const char *label);

/* The whole file as a NUL-terminated string (free with free), or NULL. */
char *read_file(const char *path, size_t *len);

/* Exits with the status name and the last error when status is not OK. */
void require_ok(tthc_status status, const char *what);

/* The library-owned string in *s as a malloc'ed copy, then tthc_string_free. */
char *take_string(char *s);

#endif
