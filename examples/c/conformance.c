/* Runs every conformance vector (tests/conformance/vectors.json, exported
 * from the TOML files of tests/conformance by `tthc conformance export`) through the C
 * ABI: each vector goes to the call its `operation` names (tthc_evaluate,
 * tthc_deadline or tthc_track) on an engine over its catalogue (`embedded`,
 * or tests/fixtures/<catalog>, over the embedded one when `over_embedded`
 * is set or the operation is deadline/track, as the Rust runners do), and
 * each expectation is checked on the answer's JSON. Meant to run under valgrind: everything it allocates is
 * freed, and so must be everything the library hands out.
 *
 * Usage: conformance VECTORS_JSON FIXTURES_DIR
 *
 * Expectation paths (tests/conformance/README.md): `a.b` is a key, `a.2` an
 * array index, `a[].b` maps the rest of the path over the array `a`.
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* Engines already built, one per (catalogue, over_embedded). */
struct engines {
    char *names[32];
    int over[32];
    tthc_engine *engines[32];
    int count;
};

static tthc_engine *engine_for(struct engines *cache, const char *fixtures, const char *name,
                               int over) {
    for (int i = 0; i < cache->count; i++)
        if (strcmp(cache->names[i], name) == 0 && cache->over[i] == over) return cache->engines[i];
    if (cache->count == 32) return NULL;
    tthc_engine *e = NULL;
    if (strcmp(name, "embedded") == 0) {
        require_ok(tthc_engine_new(&e), "embedded catalogue");
    } else {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", fixtures, name);
        require_ok(tthc_engine_new_from_dir(dir, over, &e), dir);
    }
    cache->names[cache->count] = strdup(name);
    cache->over[cache->count] = over;
    cache->engines[cache->count] = e;
    cache->count++;
    return e;
}

typedef tthc_status (*json_call)(const tthc_engine *, const char *, char **);

/* The call and the request JSON (cJSON_free it) of one vector. */
static json_call request_for(const cJSON *v, char **request) {
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(v, "operation");
    const char *name = cJSON_IsString(op) ? op->valuestring : "evaluate";
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(v, "case");
    if (strcmp(name, "track") == 0) {
        cJSON *dossier = cJSON_CreateObject();
        cJSON_AddItemToObject(dossier, "case", cJSON_Duplicate(c, 1));
        cJSON_AddItemToObject(dossier, "events",
                              cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(v, "events"), 1));
        const cJSON *as_of = cJSON_GetObjectItemCaseSensitive(v, "as_of");
        if (as_of) cJSON_AddItemToObject(dossier, "as_of", cJSON_Duplicate(as_of, 1));
        *request = cJSON_PrintUnformatted(dossier);
        cJSON_Delete(dossier);
        return tthc_track;
    }
    *request = cJSON_PrintUnformatted(c);
    if (strcmp(name, "deadline") == 0) return tthc_deadline;
    if (strcmp(name, "evaluate") == 0) return tthc_evaluate;
    return NULL;
}

/* The value at `path` in `root`, as a new cJSON item (caller deletes), or
 * NULL when the path does not exist. */
static cJSON *lookup(const cJSON *root, const char *path) {
    if (*path == '\0') return cJSON_Duplicate(root, 1);
    const char *dot = strchr(path, '.');
    size_t len = dot ? (size_t)(dot - path) : strlen(path);
    const char *rest = dot ? dot + 1 : "";
    char key[256];
    if (len >= sizeof key) return NULL;
    memcpy(key, path, len);
    key[len] = '\0';

    if (len >= 2 && strcmp(key + len - 2, "[]") == 0) {
        key[len - 2] = '\0';
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key);
        if (!cJSON_IsArray(arr)) return NULL;
        cJSON *out = cJSON_CreateArray();
        const cJSON *el;
        cJSON_ArrayForEach(el, arr) {
            cJSON *v = lookup(el, rest);
            if (!v) {
                cJSON_Delete(out);
                return NULL;
            }
            cJSON_AddItemToArray(out, v);
        }
        return out;
    }
    const cJSON *next;
    if (cJSON_IsArray(root)) {
        char *end;
        long i = strtol(key, &end, 10);
        if (*end != '\0' || i < 0) return NULL;
        next = cJSON_GetArrayItem(root, (int)i);
    } else {
        next = cJSON_GetObjectItemCaseSensitive(root, key);
    }
    return next ? lookup(next, rest) : NULL;
}

/* Numbers compare by value (the TOML export and the engine both write
 * integers, but 1 and 1.0 are the same number). */
static int same(const cJSON *a, const cJSON *b) {
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b)) return a->valuedouble == b->valuedouble;
    return cJSON_Compare(a, b, 1);
}

static void check_expectations(struct tally *t, const char *name, const cJSON *decision,
                               const cJSON *expect, const cJSON *expect_null) {
    const cJSON *want;
    char what[1024];
    cJSON_ArrayForEach(want, expect) {
        cJSON *got = lookup(decision, want->string);
        int ok = got && same(got, want);
        snprintf(what, sizeof what, "%s: %s", name, want->string);
        if (!ok) {
            char *g = got ? cJSON_PrintUnformatted(got) : NULL;
            char *w = cJSON_PrintUnformatted(want);
            fprintf(stderr, "  %s: got %s, want %s\n", what, g ? g : "(absent)", w ? w : "?");
            free(g);
            free(w);
        }
        tally_check(t, ok, what);
        cJSON_Delete(got);
    }
    const cJSON *path;
    cJSON_ArrayForEach(path, expect_null) {
        cJSON *got = cJSON_IsString(path) ? lookup(decision, path->valuestring) : NULL;
        snprintf(what, sizeof what, "%s: %s is null", name,
                 cJSON_IsString(path) ? path->valuestring : "?");
        tally_check(t, got && cJSON_IsNull(got), what);
        cJSON_Delete(got);
    }
}

static void check_error(struct tally *t, const char *name, tthc_status status,
                        const cJSON *expect_error) {
    char what[1024];
    snprintf(what, sizeof what, "%s: fails", name);
    tally_check(t, status != TTHC_STATUS_OK, what);
    if (status == TTHC_STATUS_OK) return;
    cJSON *err = cJSON_Parse(tthc_last_error_json());
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(expect_error, "kind");
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(expect_error, "message");
    const cJSON *got_kind = cJSON_GetObjectItemCaseSensitive(err, "kind");
    const cJSON *got_message = cJSON_GetObjectItemCaseSensitive(err, "message");
    if (cJSON_IsString(kind)) {
        snprintf(what, sizeof what, "%s: kind %s", name, kind->valuestring);
        tally_check(t, cJSON_IsString(got_kind) && strcmp(got_kind->valuestring, kind->valuestring) == 0,
                    what);
    }
    if (cJSON_IsString(message)) {
        snprintf(what, sizeof what, "%s: message contains \"%s\"", name, message->valuestring);
        tally_check(t, cJSON_IsString(got_message) &&
                           strstr(got_message->valuestring, message->valuestring) != NULL,
                    what);
    }
    cJSON_Delete(err);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s VECTORS_JSON FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    char *text = read_file(argv[1], NULL);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!doc) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    struct engines cache = {0};
    struct tally t = {0};
    int vectors = 0;
    const cJSON *file;
    cJSON_ArrayForEach(file, cJSON_GetObjectItemCaseSensitive(doc, "files")) {
        const cJSON *v;
        cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(file, "vector")) {
            const char *name = cJSON_GetObjectItemCaseSensitive(v, "name")->valuestring;
            const cJSON *catalog = cJSON_GetObjectItemCaseSensitive(v, "catalog");
            const cJSON *op = cJSON_GetObjectItemCaseSensitive(v, "operation");
            int over = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, "over_embedded")) ||
                       (cJSON_IsString(op) && strcmp(op->valuestring, "evaluate") != 0);
            tthc_engine *e = engine_for(&cache, argv[2],
                                        cJSON_IsString(catalog) ? catalog->valuestring : "embedded",
                                        over);
            char *request = NULL;
            json_call call = request_for(v, &request);
            char *out = NULL;
            tthc_status s = call ? call(e, request, &out) : TTHC_STATUS_INVALID_INPUT;
            if (!call) fprintf(stderr, "%s: unknown operation\n", name);
            cJSON_free(request);
            vectors++;
            const cJSON *expect_error = cJSON_GetObjectItemCaseSensitive(v, "expect_error");
            if (expect_error) {
                check_error(&t, name, s, expect_error);
            } else {
                char what[512];
                snprintf(what, sizeof what, "%s: answers", name);
                tally_check(&t, s == TTHC_STATUS_OK, what);
                cJSON *decision = out ? cJSON_Parse(out) : NULL;
                if (decision)
                    check_expectations(&t, name, decision,
                                       cJSON_GetObjectItemCaseSensitive(v, "expect"),
                                       cJSON_GetObjectItemCaseSensitive(v, "expect_null"));
                cJSON_Delete(decision);
            }
            tthc_string_free(out);
        }
    }
    for (int i = 0; i < cache.count; i++) {
        tthc_engine_free(cache.engines[i]);
        free(cache.names[i]);
    }
    cJSON_Delete(doc);
    printf("c conformance: %d vectors\n", vectors);
    return tally_report(&t, "c conformance");
}
