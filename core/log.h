/*
 * core/log.h — diagnostic logging to stderr.
 *
 * One line per call: "luutru: level: message". The threshold comes from
 * LUUTRU_LOG (error, warn, info, debug; default warn) or lt_log_set_level().
 * Safe to call from any thread (each line is written with one write()).
 * Logging is for operators; results and errors meant for the user go
 * through lt_error and the CLI/HTTP front doors.
 */
#ifndef LT_CORE_LOG_H
#define LT_CORE_LOG_H

#include "core/error.h"

typedef enum lt_log_level {
	LT_LOG_ERROR = 0,
	LT_LOG_WARN = 1,
	LT_LOG_INFO = 2,
	LT_LOG_DEBUG = 3,
} lt_log_level;

void lt_log_set_level(lt_log_level level);
lt_log_level lt_log_get_level(void);
void lt_log_from_env(void);
void lt_log(lt_log_level level, const char *fmt, ...) LT_PRINTF(2, 3);

#define lt_log_error(...) lt_log(LT_LOG_ERROR, __VA_ARGS__)
#define lt_log_warn(...)  lt_log(LT_LOG_WARN, __VA_ARGS__)
#define lt_log_info(...)  lt_log(LT_LOG_INFO, __VA_ARGS__)
#define lt_log_debug(...) lt_log(LT_LOG_DEBUG, __VA_ARGS__)

#endif
