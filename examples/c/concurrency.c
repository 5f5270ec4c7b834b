/* 8 threads evaluate a case while another thread reloads the engine's
 * catalogue 100 times, alternating between two sample trees that give the
 * same procedure different fees (tests/fixtures/sample-ffi-a: 10000 đồng,
 * sample-ffi-b: 20000). Every answer must come from one catalogue: its
 * receipt's catalogue hash and its fee must belong to the same tree, never
 * one of each. Also checks that readers saw both trees (the test really
 * interleaved) and that every reload succeeded.
 *
 * Usage: concurrency FIXTURES_DIR
 */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

#define READERS 8
#define RELOADS 100

static const char *CASE =
    "{\"procedure\": \"sample.ffi\", \"channel\": \"in-person\", "
    "\"submitted_at\": \"2025-03-10T09:00:00\"}";

static tthc_engine *engine;
static char *hash_a, *hash_b;
static atomic_int done;
static atomic_long seen_a, seen_b, mixed, failed;

static char *hash_of_tree(const char *dir) {
    tthc_engine *e = NULL;
    char *h = NULL;
    require_ok(tthc_engine_new_from_dir(dir, true, &e), dir);
    require_ok(tthc_engine_content_hash(e, &h), "content hash");
    tthc_engine_free(e);
    return take_string(h);
}

static void *reader(void *arg) {
    (void)arg;
    while (!atomic_load(&done)) {
        char *out = NULL;
        if (tthc_evaluate(engine, CASE, &out) != TTHC_STATUS_OK) {
            atomic_fetch_add(&failed, 1);
            continue;
        }
        cJSON *d = cJSON_Parse(out);
        tthc_string_free(out);
        const cJSON *hash = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(d, "receipt"), "catalogue_hash");
        const cJSON *fee = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(d, "fee"), "payable");
        int is_a = cJSON_IsString(hash) && strcmp(hash->valuestring, hash_a) == 0;
        int is_b = cJSON_IsString(hash) && strcmp(hash->valuestring, hash_b) == 0;
        int fee_a = cJSON_IsNumber(fee) && fee->valueint == 10000;
        int fee_b = cJSON_IsNumber(fee) && fee->valueint == 20000;
        if (is_a && fee_a)
            atomic_fetch_add(&seen_a, 1);
        else if (is_b && fee_b)
            atomic_fetch_add(&seen_b, 1);
        else
            atomic_fetch_add(&mixed, 1);
        cJSON_Delete(d);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
        return 2;
    }
    char dir_a[4096], dir_b[4096];
    snprintf(dir_a, sizeof dir_a, "%s/sample-ffi-a", argv[1]);
    snprintf(dir_b, sizeof dir_b, "%s/sample-ffi-b", argv[1]);
    hash_a = hash_of_tree(dir_a);
    hash_b = hash_of_tree(dir_b);
    require_ok(tthc_engine_new_from_dir(dir_a, true, &engine), dir_a);

    pthread_t threads[READERS];
    for (int i = 0; i < READERS; i++) pthread_create(&threads[i], NULL, reader, NULL);
    struct tally t = {0};
    int reload_failures = 0;
    for (int i = 0; i < RELOADS; i++) {
        if (tthc_engine_reload_from_dir(engine, i % 2 == 0 ? dir_b : dir_a, true) != TTHC_STATUS_OK)
            reload_failures++;
    }
    atomic_store(&done, 1);
    for (int i = 0; i < READERS; i++) pthread_join(threads[i], NULL);

    printf("concurrency: %d readers, %d reloads; answers from a: %ld, from b: %ld, mixed: %ld, "
           "failed: %ld\n",
           READERS, RELOADS, atomic_load(&seen_a), atomic_load(&seen_b), atomic_load(&mixed),
           atomic_load(&failed));
    tally_check(&t, reload_failures == 0, "every reload succeeds");
    tally_check(&t, atomic_load(&mixed) == 0, "no answer mixes two catalogues");
    tally_check(&t, atomic_load(&failed) == 0, "no evaluation fails during reloads");
    tally_check(&t, atomic_load(&seen_a) > 0 && atomic_load(&seen_b) > 0,
                "readers saw both catalogues (the reloads interleaved with them)");
    tthc_engine_free(engine);
    free(hash_a);
    free(hash_b);
    return tally_report(&t, "c concurrency");
}
