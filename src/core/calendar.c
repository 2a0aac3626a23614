#include "core/calendar.h"

#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

static bool has(const long *list, int n, long day)
{
	return n > 0 && bsearch(&day, list, (size_t)n, sizeof(long), cmp_long) != NULL;
}

static int year_of(long day)
{
	char ymd[11];
	date_from_days(day, ymd);
	return (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
}

bool calendar_init(struct calendar *c, const long *holidays, int nh, const long *workdays, int nw)
{
	memset(c, 0, sizeof(*c));
	c->first_year = 1900;
	c->holiday = malloc(sizeof(long) * (size_t)(nh + 1));
	c->workday = malloc(sizeof(long) * (size_t)(nw + 1));
	if (!c->holiday || !c->workday) {
		calendar_fini(c);
		return false;
	}
	memcpy(c->holiday, holidays, sizeof(long) * (size_t)nh);
	memcpy(c->workday, workdays, sizeof(long) * (size_t)nw);
	c->nholiday = nh;
	c->nworkday = nw;
	qsort(c->holiday, (size_t)nh, sizeof(long), cmp_long);
	qsort(c->workday, (size_t)nw, sizeof(long), cmp_long);
	/* years run 1900..2155 in the covered table */
	for (int i = 0; i < nh; i++) {
		int y = year_of(c->holiday[i]) - c->first_year;
		if (y >= 0 && y < 256)
			c->covered[y] = true;
	}
	for (int i = 0; i < nw; i++) {
		int y = year_of(c->workday[i]) - c->first_year;
		if (y >= 0 && y < 256)
			c->covered[y] = true;
	}
	return true;
}

void calendar_fini(struct calendar *c)
{
	if (!c)
		return;
	free(c->holiday);
	free(c->workday);
	c->holiday = c->workday = NULL;
	c->nholiday = c->nworkday = 0;
}

bool calendar_covers(const struct calendar *c, int year)
{
	int y = year - c->first_year;
	return y >= 0 && y < 256 && c->covered[y];
}

bool calendar_is_workday(const struct calendar *c, long day, bool *warning)
{
	if (!calendar_covers(c, year_of(day)) && warning)
		*warning = true;
	if (has(c->workday, c->nworkday, day))
		return true;
	if (date_weekday(day) >= 5)
		return false;
	return !has(c->holiday, c->nholiday, day);
}

int calendar_workdays_after(const struct calendar *c, long from, long to, int cap, bool *warning)
{
	int n = 0;
	for (long d = from + 1; d <= to && n <= cap; d++)
		n += calendar_is_workday(c, d, warning);
	return n;
}
