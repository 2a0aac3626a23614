#include "core/date.h"

#include <stdio.h>
#include <string.h>

bool date_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && date_leap(y) ? 29 : days[m - 1];
}

/* Reads 1..max digits at *p into *v. */
static bool digits(const char **p, int min, int max, int *v)
{
	int n = 0;
	*v = 0;
	while (**p >= '0' && **p <= '9' && n < max) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min && !(**p >= '0' && **p <= '9');
}

/* Consumes one separator after the year or month: - / . or 年 / 月. */
static bool separator(const char **p, const char *cjk)
{
	if (**p == '-' || **p == '/' || **p == '.') {
		(*p)++;
		return true;
	}
	size_t n = strlen(cjk);
	if (strncmp(*p, cjk, n) == 0) {
		*p += n;
		return true;
	}
	return false;
}

bool date_parse(const char *s, char out[11])
{
	if (!s)
		return false;
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	int y, m, d;
	if (!digits(&p, 4, 4, &y))
		return false;
	const char *after_year = p;
	if (!separator(&p, "年") || !digits(&p, 1, 2, &m))
		return false;
	bool cjk = strncmp(after_year, "年", strlen("年")) == 0;
	if (!(cjk ? strncmp(p, "月", strlen("月")) == 0 && (p += strlen("月"), true)
	          : *p == after_year[0] && (p++, true)))
		return false;
	if (!digits(&p, 1, 2, &d))
		return false;
	if (cjk && strncmp(p, "日", strlen("日")) == 0)
		p += strlen("日");
	else if (cjk && strncmp(p, "号", strlen("号")) == 0)
		p += strlen("号");
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p || y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long date_days(const char *ymd)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return days_from_civil(y, m, d);
}

void date_from_days(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(out, 11, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
}

void date_today(long long unix_seconds, char out[11])
{
	long long days = (unix_seconds + 8 * 3600) / 86400;
	date_from_days((long)days, out);
}

void date_period(long long unix_seconds, char out[8])
{
	char day[11];
	date_today(unix_seconds, day);
	memcpy(out, day, 7);
	out[7] = '\0';
}

bool date_period_valid(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return false;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	return m >= 1 && m <= 12 && s[0] != '0';
}

int date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3) */
	long w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}
