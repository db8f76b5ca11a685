/* One line per event on stderr: time, role, level, message. Only roles log;
 * lower layers return errors and let their caller say what failed. */
#ifndef COMMON_LOG_H
#define COMMON_LOG_H

/* Names the process in every line (e.g. "api", "worker"); s must outlive the process. */
void log_init(const char *role);

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
