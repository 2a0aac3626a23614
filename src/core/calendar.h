/* calendar — China's working days: Monday to Friday, less the official holidays, plus the
 * weekend days the State Council makes working days (调休上班). The days come from the
 * chinese-days data (or the office, for a year it lacks); a year with no entries at all is
 * "not covered": working days there count weekends only, and the answer says so. */
#ifndef LD_CALENDAR_H
#define LD_CALENDAR_H

#include <stdbool.h>

struct calendar {
	long *holiday;   /* day numbers (core/date.h), ascending */
	int nholiday;
	long *workday;   /* adjusted working days on weekends, ascending */
	int nworkday;
	int first_year;  /* covered years: first_year + i for covered[i] */
	bool covered[256];
};

/* Builds a calendar from the listed days (copied). false when memory runs out. */
bool calendar_init(struct calendar *c, const long *holidays, int nh, const long *workdays, int nw);
void calendar_fini(struct calendar *c);

/* Whether day is a working day; *warning is set (never cleared) when its year is not covered. */
bool calendar_is_workday(const struct calendar *c, long day, bool *warning);
/* The working days in (from, to]: after from, up to and including to; 0 when to <= from.
 * Counting stops past cap (pass INT_MAX for the exact number), so a caller asking "within
 * three working days?" does not walk a whole year. */
int calendar_workdays_after(const struct calendar *c, long from, long to, int cap, bool *warning);
/* Whether the year has any entry. */
bool calendar_covers(const struct calendar *c, int year);

#endif
