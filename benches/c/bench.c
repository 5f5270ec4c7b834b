/* Calls per second of the C ABI, and the ratio to the same operations
 * called natively in Rust, measured in one run on this machine.
 *
 * Usage: bench REQUEST_JSON NATIVE_BENCH [ITERATIONS [CALENDAR_ITERATIONS]]
 *
 * REQUEST_JSON is one case; NATIVE_BENCH is target/release/tthc-native-bench,
 * which this program runs with the same workload and reads back (one
 * "name ns" line per operation). Each figure is the best over the rounds.
 * The _n rows are the array forms, per day, 730 days per call.
 * Targets (issue 6): JSON evaluate <= 3x native, typed calendar <= 1.5x. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static volatile long sink;
static tthc_engine *engine;
static tthc_calendar *cal;
static const char *request;
static int32_t days[730];

static int32_t day(long i) { return days[(unsigned long)i * 7 % 730]; }

/* One timed loop per operation, with the call written inline: no call
 * through a function pointer, and results summed in a local that reaches the
 * volatile sink once per loop, so that the loop adds what the native side's
 * loop adds (black_box) and nothing more. Returns ns per iteration. */
#define TIMED(name, body)                        \
    static double name(long iterations) {        \
        long acc = 0;                            \
        double t = now_ns();                     \
        for (long i = 0; i < iterations; i++) {  \
            body                                 \
        }                                        \
        double elapsed = now_ns() - t;           \
        sink += acc;                             \
        return elapsed / (double)iterations;     \
    }

TIMED(op_evaluate, {
    char *out = NULL;
    if (tthc_evaluate(engine, request, &out) == TTHC_STATUS_OK) acc += (long)strlen(out);
    tthc_string_free(out);
})
TIMED(op_deadline, {
    char *out = NULL;
    if (tthc_deadline(engine, request, &out) == TTHC_STATUS_OK) acc += (long)strlen(out);
    tthc_string_free(out);
})
TIMED(op_is_working_day, {
    bool w = false;
    tthc_calendar_is_working_day(cal, day(i), &w);
    acc += w;
})
TIMED(op_add_working_days, {
    int32_t d = 0;
    tthc_calendar_add_working_days(cal, day(i), 5, &d);
    acc += d;
})
TIMED(op_between, {
    int32_t n = 0;
    tthc_calendar_working_days_between(cal, day(i), day(i + 1), &n);
    acc += n;
})
/* The array forms: one call per 730 days (iterations count days, not calls). */
static bool working_out[730];
static int32_t days_out[730];
TIMED(op_is_working_day_n, {
    if (i % 730 == 0) {
        tthc_calendar_is_working_day_n(cal, days, 730, working_out);
        acc += working_out[i % 7];
    }
})
TIMED(op_add_working_days_n, {
    if (i % 730 == 0) {
        tthc_calendar_add_working_days_n(cal, days, 730, 5, days_out);
        acc += days_out[i % 7];
    }
})
TIMED(op_lunar, {
    tthc_lunar_date l;
    if (tthc_solar_to_lunar(day(i), &l) == TTHC_STATUS_OK) acc += l.day;
})

static double min(double a, double b) { return a < b ? a : b; }

/* ns per call of `name` in the native output, or 0. */
static double native(const char *lines, const char *name) {
    char key[64];
    snprintf(key, sizeof key, "%s ", name);
    for (const char *p = lines; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, key, strlen(key)) == 0) return atof(p + strlen(key));
    }
    return 0;
}

static void row(const char *label, double c_ns, double rust_ns, const char *vs, double target) {
    double ratio = rust_ns > 0 ? c_ns / rust_ns : 0;
    printf("%-34s %12.0f calls/s %9.1f ns   native %9.1f ns (%s)   ratio %5.2fx  target <= %.1fx %s\n",
           label, 1e9 / c_ns, c_ns, rust_ns, vs, ratio, target, ratio <= target ? "met" : "MISSED");
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s REQUEST_JSON NATIVE_BENCH [ITERATIONS [CALENDAR_ITERATIONS]]\n", argv[0]);
        return 2;
    }
    long iterations = argc > 3 ? atol(argv[3]) : 100000;
    long cal_iterations = argc > 4 ? atol(argv[4]) : 5000000;
    char *req = read_file(argv[1], NULL);
    if (!req) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    request = req;
    require_ok(tthc_engine_new(&engine), "engine");
    require_ok(tthc_calendar_new(engine, NULL, &cal), "calendar");
    int32_t base;
    require_ok(tthc_date_from_ymd(2025, 1, 1, &base), "base date");
    for (int k = 0; k < 730; k++) days[k] = base + k;
    char *out = NULL;
    require_ok(tthc_evaluate(engine, request, &out), "the benchmark case");
    tthc_string_free(out);
    /* A row times its call only when the call succeeds on the case: the
     * error path is not what the row names (a case without a processing
     * time has no deadline). */
    out = NULL;
    char *no_deadline = NULL;
    if (tthc_deadline(engine, request, &out) != TTHC_STATUS_OK) no_deadline = strdup(tthc_last_error_message());
    tthc_string_free(out);

    /* Rounds alternate the native program and the C calls, and each figure
     * is the best over all rounds, so that load from other processes on a
     * shared machine hits both sides alike. */
    enum { OPS = 8, ROUNDS = 3 };
    static const char *native_names[OPS] = {"evaluate_typed", "evaluate_json", "deadline_typed",
                                            "is_working_day", "add_working_days",
                                            "working_days_between", "solar_to_lunar",
                                            "is_working_day"};
    double c_best[OPS], rust_best[OPS];
    for (int k = 0; k < OPS; k++) c_best[k] = rust_best[k] = 1e300;
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' '%s' %ld %ld", argv[2], argv[1], iterations, cal_iterations);
    for (int r = 0; r < ROUNDS; r++) {
        FILE *p = popen(cmd, "r");
        char lines[4096] = {0};
        size_t n = p ? fread(lines, 1, sizeof lines - 1, p) : 0;
        lines[n] = '\0';
        if (!p || pclose(p) != 0) {
            fprintf(stderr, "native benchmark failed: %s\n", cmd);
            return 2;
        }
        for (int k = 0; k < OPS; k++) rust_best[k] = min(rust_best[k], native(lines, native_names[k]));
        c_best[0] = min(c_best[0], op_evaluate(iterations));
        if (!no_deadline) c_best[2] = min(c_best[2], op_deadline(iterations));
        c_best[3] = min(c_best[3], op_is_working_day(cal_iterations));
        c_best[4] = min(c_best[4], op_add_working_days(cal_iterations));
        c_best[5] = min(c_best[5], op_between(cal_iterations));
        c_best[6] = min(c_best[6], op_lunar(cal_iterations));
        c_best[7] = min(c_best[7], op_is_working_day_n(cal_iterations));
        c_best[1] = min(c_best[1], op_add_working_days_n(cal_iterations)); /* slot reuse below */
    }
    double add_n = c_best[1];
    c_best[1] = c_best[0];

    printf("tthc %s C ABI benchmark: %ld JSON calls, %ld calendar calls, best of %d rounds\n",
           tthc_version(), iterations, cal_iterations, ROUNDS);
    row("tthc_evaluate (JSON in/out)", c_best[0], rust_best[0], "Engine::evaluate, typed", 3.0);
    row("tthc_evaluate (JSON in/out)", c_best[1], rust_best[1], "Engine::evaluate_json", 3.0);
    if (no_deadline)
        printf("%-34s not measured: the case has no deadline (%s)\n", "tthc_deadline (JSON in/out)", no_deadline);
    else
        row("tthc_deadline (JSON in/out)", c_best[2], rust_best[2], "Engine::deadline, typed", 3.0);
    row("tthc_calendar_is_working_day", c_best[3], rust_best[3], "WorkingCalendar", 1.5);
    row("tthc_calendar_add_working_days", c_best[4], rust_best[4], "WorkingCalendar", 1.5);
    row("tthc_calendar_working_days_between", c_best[5], rust_best[5], "WorkingCalendar", 1.5);
    row("tthc_solar_to_lunar", c_best[6], rust_best[6], "lunar::from_solar", 1.5);
    row("tthc_calendar_is_working_day_n (730)", c_best[7], rust_best[7], "WorkingCalendar", 1.5);
    row("tthc_calendar_add_working_days_n (730)", add_n, rust_best[4], "WorkingCalendar", 1.5);
    printf("(sink %ld)\n", sink);
    tthc_calendar_free(cal);
    tthc_engine_free(engine);
    free(no_deadline);
    free(req);
    return 0;
}
