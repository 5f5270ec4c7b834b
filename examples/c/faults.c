/* A reload that fails keeps the catalogue the engine had (#15): the tree
 * vanishes, or a file of it becomes unreadable, is half-written or is not
 * UTF-8. After each failed reload the engine still answers,
 * from the old catalogue (same content hash, same fee), and a good reload
 * still works. The tree is a copy of tests/fixtures/sample-ffi-b in a
 * temporary directory, damaged step by step. Meant to run under valgrind
 * and the sanitizers.
 *
 * Usage: faults FIXTURES_DIR
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static struct tally t;

#define CHECK(cond) tally_check(&t, (cond), #cond)

static const char *FILES[] = {"documents.toml", "sectors.toml", "procedures/sample-ffi.toml"};
#define NFILES 3

static const char *CASE =
    "{\"procedure\": \"sample.ffi\", \"channel\": \"in-person\", "
    "\"submitted_at\": \"2025-03-10T09:00:00\"}";

static char dir[64];
static char *texts[NFILES];

static char *path_of(const char *rel) {
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, rel);
    return buf;
}

static void write_file(const char *rel, const char *text, size_t len) {
    FILE *f = fopen(path_of(rel), "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        perror(path_of(rel));
        exit(2);
    }
}

/* Writes the good tree (sample-ffi-b) into `dir`, replacing what is there. */
static void good_tree(void) {
    mkdir(dir, 0700);
    mkdir(path_of("procedures"), 0700);
    for (int i = 0; i < NFILES; i++) {
        unlink(path_of(FILES[i]));
        write_file(FILES[i], texts[i], strlen(texts[i]));
    }
}

static void remove_tree(void) {
    for (int i = 0; i < NFILES; i++) unlink(path_of(FILES[i]));
    rmdir(path_of("procedures"));
    rmdir(dir);
}

static char *hash_of(const tthc_engine *e) {
    char *h = NULL;
    require_ok(tthc_engine_content_hash(e, &h), "content hash");
    return take_string(h);
}

/* The engine answers the case from the catalogue with hash `want`, with the
 * fee sample-ffi-b gives (20000 đồng). */
static int answers_from(tthc_engine *e, const char *want) {
    char *out = NULL;
    if (tthc_evaluate(e, CASE, &out) != TTHC_STATUS_OK) return 0;
    cJSON *d = cJSON_Parse(out);
    tthc_string_free(out);
    const cJSON *receipt = cJSON_GetObjectItemCaseSensitive(d, "receipt");
    const cJSON *hash = cJSON_GetObjectItemCaseSensitive(receipt, "catalogue_hash");
    const cJSON *fee = cJSON_GetObjectItemCaseSensitive(d, "fee");
    const cJSON *payable = cJSON_GetObjectItemCaseSensitive(fee, "payable");
    int ok = cJSON_IsString(hash) && strcmp(hash->valuestring, want) == 0 &&
             cJSON_IsNumber(payable) && payable->valueint == 20000;
    cJSON_Delete(d);
    return ok;
}

/* Reloads from the damaged tree: it must fail with `status`, and the engine
 * must keep answering from the catalogue it had. */
static void failed_reload_keeps(tthc_engine *e, const char *good, tthc_status status,
                                const char *what) {
    tthc_status s = tthc_engine_reload_from_dir(e, dir, true);
    char *now = hash_of(e);
    int ok = s == status && strcmp(now, good) == 0 && answers_from(e, good);
    if (!ok) fprintf(stderr, "%s: status %s\n", what, tthc_status_name(s));
    tally_check(&t, ok, what);
    free(now);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    char src[4096];
    for (int i = 0; i < NFILES; i++) {
        snprintf(src, sizeof src, "%s/sample-ffi-b/%s", argv[1], FILES[i]);
        texts[i] = read_file(src, NULL);
        if (!texts[i]) {
            perror(src);
            return 2;
        }
    }
    snprintf(dir, sizeof dir, "/tmp/tthc-faults-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    const char *proc = FILES[2];

    tthc_engine *e = NULL;
    require_ok(tthc_engine_new(&e), "engine");
    good_tree();
    require_ok(tthc_engine_reload_from_dir(e, dir, true), "good reload");
    char *good = hash_of(e);
    CHECK(answers_from(e, good));

    remove_tree();
    failed_reload_keeps(e, good, TTHC_STATUS_IO, "the tree vanished");

    good_tree();
    unlink(path_of(proc));
    CHECK(symlink("/nonexistent/tthc-faults", path_of(proc)) == 0);
    failed_reload_keeps(e, good, TTHC_STATUS_IO, "a file is unreadable (dangling link)");
    if (geteuid() != 0) { /* root reads a file whatever its mode */
        good_tree();
        chmod(path_of(proc), 0);
        failed_reload_keeps(e, good, TTHC_STATUS_IO, "a file is unreadable (mode 000)");
        chmod(path_of(proc), 0600);
    }

    good_tree();
    write_file(proc, texts[2], strlen(texts[2]) / 2);
    failed_reload_keeps(e, good, TTHC_STATUS_CATALOG_ERROR, "a file is half-written");

    good_tree();
    write_file(proc, "[[procedure]]\nid = \"sample.ffi\xff\xfe\"\n", 34);
    failed_reload_keeps(e, good, TTHC_STATUS_IO, "a file is not UTF-8");

    good_tree();
    CHECK(tthc_engine_reload_from_dir(e, dir, true) == TTHC_STATUS_OK);
    char *again = hash_of(e);
    CHECK(strcmp(again, good) == 0 && answers_from(e, good));

    free(again);
    free(good);
    tthc_engine_free(e);
    remove_tree();
    for (int i = 0; i < NFILES; i++) free(texts[i]);
    return tally_report(&t, "faults");
}
