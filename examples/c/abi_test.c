/* Checks the C ABI's contracts from C: argument errors (NULL, invalid UTF-8,
 * malformed JSON, oversized input), catalogue errors with file:line:col,
 * atomic reload keeping the old catalogue on failure, in-memory catalogues,
 * the calendar and lunar fast paths, batches, the frees, and the header's
 * statuses against the library's table of statuses and error kinds. Meant
 * to run under valgrind.
 *
 * Usage: abi_test FIXTURES_DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static struct tally t;
static const char *fixtures;

#define CHECK(cond) tally_check(&t, (cond), #cond)

static char *fixture(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", fixtures, rel);
    return buf;
}

/* The string at `key` of this thread's last-error JSON equals `want`. */
static int last_error_has(const char *key, const char *want) {
    cJSON *err = cJSON_Parse(tthc_last_error_json());
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(err, key);
    int ok = cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
    cJSON_Delete(err);
    return ok;
}

static char *hash_of(const tthc_engine *e) {
    char *h = NULL;
    require_ok(tthc_engine_content_hash(e, &h), "content hash");
    return take_string(h);
}

static void test_static_calls(void) {
    CHECK(strlen(tthc_version()) >= 5);
    CHECK(tthc_abi_version() == 1);
    CHECK(tthc_max_input_bytes() == 16u * 1024 * 1024);
    CHECK(strcmp(tthc_status_name(TTHC_STATUS_NOT_FOUND), "NOT_FOUND") == 0);
    CHECK(strcmp(tthc_status_name(12345), "UNKNOWN") == 0);
    CHECK(TTHC_STATUS_OK == 0 && TTHC_STATUS_POISONED == 11);
    tthc_engine_free(NULL);
    tthc_calendar_free(NULL);
    tthc_string_free(NULL);
    tthc_last_error_clear();
    CHECK(tthc_last_error_message() == NULL && tthc_last_error_json() == NULL);
    CHECK(tthc_last_error_status() == TTHC_STATUS_OK);
}

static void test_bad_arguments(tthc_engine *e) {
    char *out = (char *)1;
    CHECK(tthc_engine_new(NULL) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_procedure_show(NULL, "{}", &out) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_procedure_show(e, NULL, &out) == TTHC_STATUS_NULL_ARGUMENT && out == NULL);
    CHECK(last_error_has("status", "NULL_ARGUMENT"));
    CHECK(tthc_evaluate(e, "{}", NULL) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_evaluate(e, "{\"procedure\": \"a\xff\"}", &out) == TTHC_STATUS_INVALID_UTF8);
    CHECK(tthc_evaluate(e, "{\"procedure\": ", &out) == TTHC_STATUS_INVALID_JSON);
    CHECK(last_error_has("kind", "invalid-json"));
    CHECK(tthc_procedure_search(e, "[1, 2", &out) == TTHC_STATUS_INVALID_JSON);
    CHECK(tthc_evaluate(e, "{\"procedure\": \"sample.ffi\", \"chanel\": \"in-person\"}", &out) ==
          TTHC_STATUS_INVALID_INPUT);
    CHECK(tthc_procedure_show(e, "{\"procedure\": \"sample.ffi\", \"bogus\": 1}", &out) ==
          TTHC_STATUS_INVALID_INPUT);
    CHECK(tthc_evaluate_batch(e, "{\"not\": \"an array\"}", &out) == TTHC_STATUS_INVALID_INPUT);

    size_t big = tthc_max_input_bytes() + 1;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    huge[big] = '\0';
    CHECK(tthc_evaluate(e, huge, &out) == TTHC_STATUS_INPUT_TOO_LARGE);
    CHECK(last_error_has("status", "INPUT_TOO_LARGE"));
    free(huge);
    CHECK(out == NULL);
}

static void test_queries(tthc_engine *e) {
    char *out = NULL;
    CHECK(tthc_procedure_search(e, "{\"text\": \"mau ffi\"}", &out) == TTHC_STATUS_OK);
    cJSON *doc = cJSON_Parse(out);
    tthc_string_free(out);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "hits"), 0);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(first, "id");
    CHECK(cJSON_IsString(id) && strcmp(id->valuestring, "sample.ffi") == 0);
    cJSON_Delete(doc);

    out = NULL;
    CHECK(tthc_procedure_show(e, "{\"procedure\": \"1.999981\", \"on\": \"2025-07-01\"}", &out) ==
          TTHC_STATUS_OK);
    doc = cJSON_Parse(out);
    tthc_string_free(out);
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(doc, "procedure");
    const cJSON *amount = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "processing"), 0), "amount");
    CHECK(cJSON_IsNumber(amount) && amount->valueint == 3);
    cJSON_Delete(doc);

    out = NULL;
    CHECK(tthc_procedure_show(e, "{\"procedure\": \"sample.khong-co\"}", &out) == TTHC_STATUS_NOT_FOUND);
    CHECK(last_error_has("kind", "unknown-procedure"));

    const char *batch =
        "[{\"procedure\": \"sample.ffi\", \"channel\": \"in-person\", \"submitted_at\": "
        "\"2025-03-10T09:00:00\"}, {\"procedure\": \"sample.khong-co\", \"channel\": "
        "\"in-person\", \"submitted_at\": \"2025-03-10T09:00:00\"}, 42]";
    CHECK(tthc_evaluate_batch(e, batch, &out) == TTHC_STATUS_OK);
    doc = cJSON_Parse(out);
    tthc_string_free(out);
    CHECK(cJSON_GetArraySize(doc) == 3);
    const cJSON *r0 = cJSON_GetArrayItem(doc, 0), *r1 = cJSON_GetArrayItem(doc, 1),
                *r2 = cJSON_GetArrayItem(doc, 2);
    const cJSON *payable = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r0, "result"), "fee"),
        "payable");
    CHECK(cJSON_IsNumber(payable) && payable->valueint == 10000);
    CHECK(strcmp(cJSON_GetObjectItemCaseSensitive(r1, "status")->valuestring, "NOT_FOUND") == 0);
    CHECK(strcmp(cJSON_GetObjectItemCaseSensitive(r2, "status")->valuestring, "INVALID_INPUT") == 0);
    cJSON_Delete(doc);
}

static void test_catalogue_errors_and_reload(tthc_engine *e) {
    tthc_engine *broken = (tthc_engine *)1;
    CHECK(tthc_engine_new_from_dir(fixture("sample-broken-catalog"), false, &broken) ==
          TTHC_STATUS_CATALOG_ERROR);
    CHECK(broken == NULL);
    cJSON *err = cJSON_Parse(tthc_last_error_json());
    const cJSON *d0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(err, "diagnostics"), 0);
    const cJSON *loc = cJSON_GetObjectItemCaseSensitive(d0, "location");
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(loc, "line");
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(loc, "file");
    CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(d0, "code")));
    CHECK(cJSON_IsString(file) && cJSON_IsNumber(line) && line->valueint >= 1);
    CHECK(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(d0, "help")));
    cJSON_Delete(err);

    CHECK(tthc_engine_new_from_dir(fixture("sample-no-such-dir"), false, &broken) == TTHC_STATUS_IO);

    char *hash_a = hash_of(e);
    CHECK(strlen(hash_a) == 64);
    CHECK(tthc_engine_reload_from_dir(e, fixture("sample-ffi-b"), true) == TTHC_STATUS_OK);
    char *hash_b = hash_of(e);
    CHECK(strcmp(hash_a, hash_b) != 0);
    CHECK(tthc_engine_reload_from_dir(e, fixture("sample-broken-catalog"), false) ==
          TTHC_STATUS_CATALOG_ERROR);
    char *hash_after = hash_of(e);
    CHECK(strcmp(hash_after, hash_b) == 0); /* the failed reload kept catalogue b */
    CHECK(tthc_engine_reload_from_dir(e, NULL, true) == TTHC_STATUS_NULL_ARGUMENT);

    /* The same files given as strings make the same catalogue (same hash). */
    const char *rel[] = {"documents.toml", "sectors.toml", "procedures/sample-ffi.toml"};
    char *texts[3];
    char path[4096];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/sample-ffi-a/%s", fixtures, rel[i]);
        texts[i] = read_file(path, NULL);
    }
    tthc_engine *mem = NULL;
    CHECK(tthc_engine_new_from_sources(rel, (const char *const *)texts, 3, true, &mem) ==
          TTHC_STATUS_OK);
    char *hash_mem = hash_of(mem);
    CHECK(strcmp(hash_mem, hash_a) == 0);
    CHECK(tthc_engine_reload_from_sources(e, rel, (const char *const *)texts, 3, true) ==
          TTHC_STATUS_OK);
    char *hash_back = hash_of(e);
    CHECK(strcmp(hash_back, hash_a) == 0);

    const char *bad_text[] = {"[[procedure]]\nid = \"sample.x\"\nname = \n"};
    const char *bad_rel[] = {"procedures/bad.toml"};
    tthc_engine *bad = NULL;
    CHECK(tthc_engine_new_from_sources(bad_rel, bad_text, 1, true, &bad) == TTHC_STATUS_CATALOG_ERROR);
    err = cJSON_Parse(tthc_last_error_json());
    d0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(err, "diagnostics"), 0);
    loc = cJSON_GetObjectItemCaseSensitive(d0, "location");
    CHECK(strcmp(cJSON_GetObjectItemCaseSensitive(loc, "file")->valuestring, "procedures/bad.toml") == 0);
    CHECK(cJSON_GetObjectItemCaseSensitive(loc, "line")->valueint == 3);
    cJSON_Delete(err);
    const char *null_text[] = {NULL};
    CHECK(tthc_engine_new_from_sources(bad_rel, null_text, 1, true, &bad) == TTHC_STATUS_NULL_ARGUMENT);
    const char *utf8_text[] = {"x = \"\xc3\x28\"\n"};
    CHECK(tthc_engine_new_from_sources(bad_rel, utf8_text, 1, true, &bad) == TTHC_STATUS_INVALID_UTF8);

    for (int i = 0; i < 3; i++) free(texts[i]);
    free(hash_a);
    free(hash_b);
    free(hash_after);
    free(hash_mem);
    free(hash_back);
    tthc_engine_free(mem);
}

static void test_calendar(tthc_engine *e) {
    tthc_calendar *cal = NULL;
    CHECK(tthc_calendar_new(e, NULL, &cal) == TTHC_STATUS_OK);
    tthc_calendar *none = (tthc_calendar *)1;
    CHECK(tthc_calendar_new(e, "sample-khong-co", &none) == TTHC_STATUS_NOT_FOUND && none == NULL);

    int32_t first, last, d, n, y, m, dd;
    CHECK(tthc_calendar_range(cal, &first, &last) == TTHC_STATUS_OK && first < last);
    CHECK(tthc_date_from_ymd(2025, 9, 2, &d) == TTHC_STATUS_OK); /* National Day */
    bool working = true;
    CHECK(tthc_calendar_is_working_day(cal, d, &working) == TTHC_STATUS_OK && !working);
    CHECK(tthc_date_from_ymd(2025, 9, 3, &d) == TTHC_STATUS_OK); /* an ordinary Wednesday */
    CHECK(tthc_calendar_is_working_day(cal, d, &working) == TTHC_STATUS_OK && working);
    int32_t due;
    CHECK(tthc_calendar_add_working_days(cal, d, 5, &due) == TTHC_STATUS_OK);
    CHECK(tthc_calendar_working_days_between(cal, d, due, &n) == TTHC_STATUS_OK && n == 5);
    CHECK(tthc_date_to_ymd(due, &y, &m, &dd) == TTHC_STATUS_OK && y == 2025 && m == 9 && dd == 10);

    CHECK(tthc_date_from_ymd(2025, 2, 29, &d) == TTHC_STATUS_INVALID_INPUT);
    CHECK(tthc_date_from_ymd(2025, 13, 1, &d) == TTHC_STATUS_INVALID_INPUT);
    CHECK(tthc_calendar_is_working_day(cal, last + 1, &working) == TTHC_STATUS_OUT_OF_RANGE);
    CHECK(tthc_calendar_is_working_day(cal, first, NULL) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_calendar_is_working_day(NULL, first, &working) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_calendar_add_working_days(cal, last - 1, 1000, &due) == TTHC_STATUS_OUT_OF_RANGE);
    CHECK(tthc_date_to_ymd(INT32_MAX, &y, &m, &dd) == TTHC_STATUS_OUT_OF_RANGE);

    /* The array forms answer like the single calls, and name a bad element. */
    int32_t week[7], moved[7];
    bool flags[7];
    CHECK(tthc_date_from_ymd(2025, 8, 30, &d) == TTHC_STATUS_OK);
    for (int i = 0; i < 7; i++) week[i] = d + i; /* Sat 30/8 .. Fri 5/9, with 1-2/9 off */
    CHECK(tthc_calendar_is_working_day_n(cal, week, 7, flags) == TTHC_STATUS_OK);
    CHECK(!flags[0] && !flags[1] && !flags[2] && !flags[3] && flags[4] && flags[5] && flags[6]);
    CHECK(tthc_calendar_add_working_days_n(cal, week, 7, 1, moved) == TTHC_STATUS_OK);
    for (int i = 0; i < 7; i++) {
        int32_t one;
        CHECK(tthc_calendar_add_working_days(cal, week[i], 1, &one) == TTHC_STATUS_OK && one == moved[i]);
    }
    week[3] = last + 10;
    CHECK(tthc_calendar_is_working_day_n(cal, week, 7, flags) == TTHC_STATUS_OUT_OF_RANGE);
    CHECK(strstr(tthc_last_error_message(), "element 3") != NULL);
    CHECK(tthc_calendar_is_working_day_n(cal, NULL, 7, flags) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_calendar_is_working_day_n(cal, NULL, 0, NULL) == TTHC_STATUS_OK);

    tthc_lunar_date l;
    CHECK(tthc_date_from_ymd(2025, 1, 29, &d) == TTHC_STATUS_OK); /* Tết Ất Tỵ */
    CHECK(tthc_solar_to_lunar(d, &l) == TTHC_STATUS_OK && l.year == 2025 && l.month == 1 &&
          l.day == 1 && l.leap == 0);
    int32_t back;
    CHECK(tthc_lunar_to_solar(&l, &back) == TTHC_STATUS_OK && back == d);
    tthc_lunar_date leap = {2023, 2, 1, 1}; /* tháng 2 nhuận Quý Mão */
    CHECK(tthc_lunar_to_solar(&leap, &back) == TTHC_STATUS_OK);
    CHECK(tthc_date_to_ymd(back, &y, &m, &dd) == TTHC_STATUS_OK && y == 2023 && m == 3 && dd == 22);
    tthc_lunar_date no_leap = {2025, 2, 1, 1};
    CHECK(tthc_lunar_to_solar(&no_leap, &back) == TTHC_STATUS_INVALID_INPUT);
    CHECK(tthc_lunar_to_solar(NULL, &back) == TTHC_STATUS_NULL_ARGUMENT);
    CHECK(tthc_date_from_ymd(1800, 1, 1, &d) == TTHC_STATUS_OK);
    CHECK(tthc_solar_to_lunar(d, &l) == TTHC_STATUS_OUT_OF_RANGE);
    tthc_calendar_free(cal);
}

/* The header's statuses, as a C program sees them: checked against the
 * library's table (tthc_error_kinds_json), so that a status added to the
 * library without the header being regenerated, or named differently by the
 * header generator, fails here. */
static const struct {
    tthc_status value;
    const char *name;
} HEADER_STATUSES[] = {
    {TTHC_STATUS_OK, "OK"},
    {TTHC_STATUS_NULL_ARGUMENT, "NULL_ARGUMENT"},
    {TTHC_STATUS_INVALID_UTF8, "INVALID_UTF8"},
    {TTHC_STATUS_INVALID_JSON, "INVALID_JSON"},
    {TTHC_STATUS_INPUT_TOO_LARGE, "INPUT_TOO_LARGE"},
    {TTHC_STATUS_CATALOG_ERROR, "CATALOG_ERROR"},
    {TTHC_STATUS_NOT_FOUND, "NOT_FOUND"},
    {TTHC_STATUS_INVALID_INPUT, "INVALID_INPUT"},
    {TTHC_STATUS_OUT_OF_RANGE, "OUT_OF_RANGE"},
    {TTHC_STATUS_IO, "IO"},
    {TTHC_STATUS_PANIC, "PANIC"},
    {TTHC_STATUS_POISONED, "POISONED"},
    {TTHC_STATUS_NOT_RECORDED, "NOT_RECORDED"},
};

/* The kind of this thread's last error is one the table lists. */
static int last_kind_is_listed(const cJSON *kinds) {
    cJSON *err = cJSON_Parse(tthc_last_error_json());
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(err, "kind");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(err, "status");
    int found = 0;
    const cJSON *k;
    cJSON_ArrayForEach(k, kinds) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "kind");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(k, "status");
        if (cJSON_IsString(kind) && cJSON_IsString(name) && cJSON_IsString(status) && cJSON_IsString(st) &&
            strcmp(kind->valuestring, name->valuestring) == 0 && strcmp(status->valuestring, st->valuestring) == 0)
            found = 1;
    }
    cJSON_Delete(err);
    return found;
}

static void test_status_and_kind_table(tthc_engine *e) {
    const char *text = tthc_error_kinds_json();
    CHECK(text != NULL && text == tthc_error_kinds_json());
    cJSON *table = cJSON_Parse(text);
    const cJSON *statuses = cJSON_GetObjectItemCaseSensitive(table, "statuses");
    const cJSON *kinds = cJSON_GetObjectItemCaseSensitive(table, "kinds");
    const int n = (int)(sizeof HEADER_STATUSES / sizeof HEADER_STATUSES[0]);
    CHECK(cJSON_IsArray(statuses) && cJSON_GetArraySize(statuses) == n);
    for (int i = 0; i < n && i < cJSON_GetArraySize(statuses); i++) {
        const cJSON *s = cJSON_GetArrayItem(statuses, i);
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(s, "code");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "name");
        CHECK(cJSON_IsNumber(code) && code->valueint == (int)HEADER_STATUSES[i].value);
        CHECK(cJSON_IsString(name) && strcmp(name->valuestring, HEADER_STATUSES[i].name) == 0);
        CHECK(strcmp(tthc_status_name(HEADER_STATUSES[i].value), HEADER_STATUSES[i].name) == 0);
    }
    CHECK(strcmp(tthc_status_name(n), "UNKNOWN") == 0);

    /* Every kind once, in kebab case, with a status other than OK whose name is its code's. */
    CHECK(cJSON_IsArray(kinds) && cJSON_GetArraySize(kinds) > 20);
    const cJSON *k;
    cJSON_ArrayForEach(k, kinds) {
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(k, "kind");
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(k, "status");
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(k, "code");
        int ok = cJSON_IsString(kind) && cJSON_IsString(status) && cJSON_IsNumber(code) && code->valueint > 0 &&
                 code->valueint < n && strcmp(status->valuestring, HEADER_STATUSES[code->valueint].name) == 0 &&
                 strspn(kind->valuestring, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(kind->valuestring);
        CHECK(ok);
        int seen = 0;
        const cJSON *other;
        cJSON_ArrayForEach(other, kinds) {
            const cJSON *o = cJSON_GetObjectItemCaseSensitive(other, "kind");
            seen += cJSON_IsString(o) && cJSON_IsString(kind) && strcmp(o->valuestring, kind->valuestring) == 0;
        }
        CHECK(seen == 1);
    }

    /* The errors calls report carry a kind of the table, with its status. */
    char *out = NULL;
    int32_t day = 0;
    CHECK(tthc_evaluate(e, "{not json", &out) == TTHC_STATUS_INVALID_JSON && last_kind_is_listed(kinds));
    CHECK(tthc_evaluate(e, NULL, &out) == TTHC_STATUS_NULL_ARGUMENT && last_kind_is_listed(kinds));
    CHECK(tthc_procedure_show(e, "{\"procedure\":\"no-such\"}", &out) == TTHC_STATUS_NOT_FOUND &&
          last_kind_is_listed(kinds));
    CHECK(tthc_date_from_ymd(2025, 2, 30, &day) == TTHC_STATUS_INVALID_INPUT && last_kind_is_listed(kinds));
    CHECK(last_error_has("kind", "invalid-date"));
    CHECK(tthc_solar_to_lunar(-1000000, NULL) == TTHC_STATUS_NULL_ARGUMENT && last_kind_is_listed(kinds));
    cJSON_Delete(table);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    fixtures = argv[1];
    test_static_calls();
    tthc_engine *e = NULL;
    require_ok(tthc_engine_new_from_dir(fixture("sample-ffi-a"), true, &e), "sample-ffi-a");
    test_bad_arguments(e);
    test_queries(e);
    test_catalogue_errors_and_reload(e);
    test_calendar(e);
    test_status_and_kind_table(e);
    tthc_engine_free(e);
    tthc_last_error_clear();
    return tally_report(&t, "c abi");
}
