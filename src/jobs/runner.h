/* runner — the server's background worker: one thread with its own store connection that
 * takes waiting jobs (imports now; reminders and daily snapshots later) and runs them, so no
 * event loop ever blocks on a long job. Jobs are claimed in the database, so two servers on
 * one database never run the same job twice. */
#ifndef LD_RUNNER_H
#define LD_RUNNER_H

struct config;
struct runner;

/* Starts the worker. NULL (with a message) when it cannot. */
struct runner *runner_start(const struct config *cfg);
/* Tells the worker that a job is waiting, so it need not wait for its next look. */
void runner_wake(void);
/* Stops the worker after the job in hand and frees it. NULL is a no-op. */
void runner_stop(struct runner *rn);

#endif
