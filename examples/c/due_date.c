/* When is a permanent-residence registration (1.004222, 7 working days)
 * received on Monday 28 April 2025 due? (30/4 and 1/5 are public holidays,
 * 2/5 a swapped day off.)
 * Build: gcc due_date.c $(pkg-config --cflags --libs tthc) */
#include <stdio.h>
#include <string.h>
#include "tthc.h"

int main(void) {
    const char *dossier = "{\"procedure\": \"cu-tru.dang-ky-thuong-tru\","
                          " \"channel\": \"in-person\", \"submitted_at\": \"2025-04-28T09:00:00+07:00\"}";
    tthc_engine *engine = NULL;
    char *json = NULL;
    if (tthc_engine_new(&engine) != TTHC_STATUS_OK || tthc_deadline(engine, dossier, &json) != TTHC_STATUS_OK) {
        fprintf(stderr, "tthc: %s\n", tthc_last_error_message());
        tthc_engine_free(engine);
        return 1;
    }
    const char *due = strstr(json, "\"due_at\":\""); /* a real host parses the JSON */
    printf("due at %.25s\n", due ? due + 10 : "?");
    tthc_string_free(json);
    tthc_engine_free(engine);
    return 0;
}
