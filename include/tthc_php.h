enum tthc_status
 {
  TTHC_STATUS_OK = 0,
  TTHC_STATUS_NULL_ARGUMENT = 1,
  TTHC_STATUS_INVALID_UTF8 = 2,
  TTHC_STATUS_INVALID_JSON = 3,
  TTHC_STATUS_INPUT_TOO_LARGE = 4,
  TTHC_STATUS_CATALOG_ERROR = 5,
  TTHC_STATUS_NOT_FOUND = 6,
  TTHC_STATUS_INVALID_INPUT = 7,
  TTHC_STATUS_OUT_OF_RANGE = 8,
  TTHC_STATUS_IO = 9,
  TTHC_STATUS_PANIC = 10,
  TTHC_STATUS_POISONED = 11,
  TTHC_STATUS_NOT_RECORDED = 12,
};
typedef int32_t tthc_status;
typedef struct tthc_calendar tthc_calendar;
typedef struct tthc_engine tthc_engine;
typedef struct {
  int32_t year;
  uint8_t month;
  uint8_t day;
  uint8_t leap;
} tthc_lunar_date;
const char *tthc_version(void);
uint32_t tthc_abi_version(void);
size_t tthc_max_input_bytes(void);
const char *tthc_status_name(int32_t status);
const char *tthc_error_kinds_json(void);
tthc_status tthc_last_error_status(void);
const char *tthc_last_error_message(void);
const char *tthc_last_error_json(void);
void tthc_last_error_clear(void);
tthc_status tthc_calendar_new(const tthc_engine *engine,
                              const char *province,
                              tthc_calendar **out_calendar);
void tthc_calendar_free(tthc_calendar *calendar);
tthc_status tthc_calendar_range(const tthc_calendar *calendar,
                                int32_t *out_first,
                                int32_t *out_last);
tthc_status tthc_calendar_is_working_day(const tthc_calendar *calendar,
                                         int32_t day,
                                         bool *out_working);
tthc_status tthc_calendar_add_working_days(const tthc_calendar *calendar,
                                           int32_t day,
                                           int32_t n,
                                           int32_t *out_day);
tthc_status tthc_calendar_working_days_between(const tthc_calendar *calendar,
                                               int32_t from,
                                               int32_t to,
                                               int32_t *out_count);
tthc_status tthc_calendar_is_working_day_n(const tthc_calendar *calendar,
                                           const int32_t *days,
                                           size_t count,
                                           bool *out_working);
tthc_status tthc_calendar_add_working_days_n(const tthc_calendar *calendar,
                                             const int32_t *days,
                                             size_t count,
                                             int32_t n,
                                             int32_t *out_days);
tthc_status tthc_solar_to_lunar(int32_t day, tthc_lunar_date *out_lunar);
tthc_status tthc_lunar_to_solar(const tthc_lunar_date *lunar_date, int32_t *out_day);
tthc_status tthc_date_from_ymd(int32_t year, int32_t month, int32_t day, int32_t *out_day);
tthc_status tthc_date_to_ymd(int32_t day, int32_t *out_year, int32_t *out_month, int32_t *out_day);
tthc_status tthc_engine_new(tthc_engine **out_engine);
tthc_status tthc_engine_new_from_dir(const char *dir, bool over_embedded, tthc_engine **out_engine);
tthc_status tthc_engine_new_from_sources(const char *const *paths,
                                         const char *const *texts,
                                         size_t count,
                                         bool over_embedded,
                                         tthc_engine **out_engine);
void tthc_engine_free(tthc_engine *engine);
tthc_status tthc_engine_reload_embedded(const tthc_engine *engine);
tthc_status tthc_engine_reload_from_dir(const tthc_engine *engine,
                                        const char *dir,
                                        bool over_embedded);
tthc_status tthc_engine_reload_from_sources(const tthc_engine *engine,
                                            const char *const *paths,
                                            const char *const *texts,
                                            size_t count,
                                            bool over_embedded);
tthc_status tthc_engine_content_hash(const tthc_engine *engine, char **out_hash);
void tthc_string_free(char *s);
tthc_status tthc_evaluate(const tthc_engine *engine, const char *request_json, char **out_json);
tthc_status tthc_evaluate_batch(const tthc_engine *engine,
                                const char *requests_json,
                                char **out_json);
tthc_status tthc_procedure_show(const tthc_engine *engine,
                                const char *request_json,
                                char **out_json);
tthc_status tthc_procedure_show_batch(const tthc_engine *engine,
                                      const char *requests_json,
                                      char **out_json);
tthc_status tthc_procedure_search(const tthc_engine *engine,
                                  const char *request_json,
                                  char **out_json);
tthc_status tthc_deadline(const tthc_engine *engine, const char *request_json, char **out_json);
tthc_status tthc_deadline_batch(const tthc_engine *engine,
                                const char *requests_json,
                                char **out_json);
tthc_status tthc_track(const tthc_engine *engine, const char *request_json, char **out_json);
tthc_status tthc_track_batch(const tthc_engine *engine, const char *requests_json, char **out_json);
