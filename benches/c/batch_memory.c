/* Peak memory of a batch call of the C ABI, for scripts/measure-batch-memory.sh:
 * reads a JSON array of requests from a file, makes one engine over the
 * embedded catalogue, calls the batch function once, and prints the bytes
 * in and out. The script runs it under /usr/bin/time -v (peak RSS) with the
 * batch and with an empty batch (the engine alone), and reports the
 * difference as a multiple of input + output.
 *
 * Usage: batch_memory evaluate|deadline REQUESTS_JSON */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s evaluate|deadline REQUESTS_JSON\n", argv[0]);
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *input = malloc((size_t)size + 1);
    if (!input || fread(input, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    input[size] = 0;
    fclose(f);

    tthc_engine *engine = NULL;
    if (tthc_engine_new(&engine) != TTHC_STATUS_OK) {
        fprintf(stderr, "engine: %s\n", tthc_last_error_message());
        return 1;
    }
    char *out = NULL;
    tthc_status s = strcmp(argv[1], "deadline") == 0
                        ? tthc_deadline_batch(engine, input, &out)
                        : tthc_evaluate_batch(engine, input, &out);
    if (s != TTHC_STATUS_OK) {
        fprintf(stderr, "batch: %s\n", tthc_last_error_message());
        return 1;
    }
    printf("input_bytes %ld\noutput_bytes %zu\n", size, strlen(out));
    tthc_string_free(out);
    tthc_engine_free(engine);
    free(input);
    return 0;
}
