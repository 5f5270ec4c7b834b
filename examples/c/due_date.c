/* When is a joint birth + residence + health-card dossier received on Monday
 * 28 April 2025 due? (30/4 and 1/5 are public holidays.)
 * Build: gcc due_date.c $(pkg-config --cflags --libs tthc) */
#include <stdio.h>
#include <string.h>
#include "tthc.h"

int main(void) {
    const char *dossier = "{\"procedure\": \"ho-tich.lien-thong-khai-sinh-thuong-tru-bhyt\","
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
