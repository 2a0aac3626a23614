/* jobs run — the daily supervision job from the command line (a system timer, or a replay). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/date.h"
#include "jobs/daily.h"

int cli_jobs_run(const struct cli_args *a)
{
	struct store *st;
	int rc = cli_open(a->db, &st);
	if (rc)
		return rc;
	char day[11];
	if (a->today[0]) {
		snprintf(day, sizeof(day), "%s", a->today);
		/* the job sees that day at 09:00 in China */
		store_set_clock(st, (long long)date_days(day) * 86400 + 3600);
	} else {
		date_today(store_now(st), day);
	}
	struct daily_result res;
	enum lderr e = daily_run(st, day, "cli", true, &res);
	if (e)
		fprintf(stderr, "jobs run: the job for %s failed (%s)\n", day, lderr_code(e));
	else
		printf("%s: %lld items, %lld reminders, %lld escalations\n", day, res.items, res.reminders, res.escalations);
	store_close(st);
	return e ? 1 : 0;
}
