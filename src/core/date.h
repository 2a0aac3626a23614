/* date — calendar days as people write them in Chinese government sheets.
 *
 * A day is kept as the string "YYYY-MM-DD" (sortable, what the database stores) and as a day
 * number (days since 1970-01-01) when arithmetic is needed. */
#ifndef LD_DATE_H
#define LD_DATE_H

#include <stdbool.h>

/* Parses 2025-03-31, 2025/3/31, 2025.3.31, 2025年3月31日 (single-digit month and day allowed,
 * surrounding spaces ignored) into out "YYYY-MM-DD". false for anything else or a day that
 * does not exist (2025-02-29). Years 1900..2999. */
bool date_parse(const char *s, char out[11]);

/* Days since 1970-01-01 of a valid "YYYY-MM-DD"; date_from_days is its inverse. */
long date_days(const char *ymd);
void date_from_days(long days, char out[11]);
/* The day of a unix time in China (UTC+8). */
void date_today(long long unix_seconds, char out[11]);
/* The month "YYYY-MM" of a unix time in China. */
void date_period(long long unix_seconds, char out[8]);
/* Whether s is a valid month "YYYY-MM". */
bool date_period_valid(const char *s);
/* 0 = Monday … 6 = Sunday. */
int date_weekday(long days);
bool date_leap(int year);

#endif
