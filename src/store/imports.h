/* imports — import jobs: an uploaded sheet is checked, then (on request) imported, by the
 * job runner, while the person who uploaded it watches the progress. */
#ifndef LD_STORE_IMPORTS_H
#define LD_STORE_IMPORTS_H

#include "core/err.h"
#include "store/store.h"
#include "util/arena.h"

struct import_job {
	long long id, cycle_id, user_id;
	const char *client, *filename, *format, *file_sha256, *state;
	long long total_rows, processed_rows, valid_rows, created, updated;
	const char *errors; /* JSON text */
	const char *message;
	const char *created_at, *updated_at;
};

enum lderr store_import_insert(struct store *st, long long cycle_id, long long user_id, const char *client,
                               const char *filename, const char *format, const char *sha256, long long *id);
enum lderr store_import_get(struct store *st, struct arena *a, long long id, struct import_job *out);
/* Moves a job from state `from` to `to` (LD_STATE when it is not in `from`), leaving it for
 * the runner to take. */
enum lderr store_import_move(struct store *st, long long id, const char *from, const char *to);
/* Takes the oldest job waiting in "checking" or "importing" for worker; *id 0 when none. */
enum lderr store_import_claim(struct store *st, const char *worker, long long *id);
enum lderr store_import_progress(struct store *st, long long id, long long total, long long processed);
/* Records the outcome and releases the job. NULL errors / message keep them. */
enum lderr store_import_finish(struct store *st, long long id, const char *state, long long total,
                               long long valid, const char *errors, long long created, long long updated,
                               const char *message);
/* Releases jobs a worker of this name held (after a restart). */
enum lderr store_import_release(struct store *st, const char *worker);

#endif
