/* import — checking and importing an uploaded responsibility list (all or nothing).
 *
 * A job is checked first: every row is read, checked against the item rules
 * (core/itemcheck.h), its unit resolved by full or short name within the uploader's scope,
 * and every problem recorded with its row and column in Chinese. Only a job checked without
 * problems may be imported; the import checks again (the data may have changed) and writes
 * every row in one transaction: a row whose cycle, unit, project and title match an existing
 * item updates it, so importing a sheet twice does not double it. */
#ifndef LD_IMPORT_H
#define LD_IMPORT_H

#include "core/err.h"
#include "store/store.h"

#define IMPORT_MAX_ERRORS 500

/* Runs the job's current step: "checking" → "checked" (with the problems found, if any) or
 * "failed" (the file cannot be read at all); "importing" → "done" or "failed". The uploaded
 * file is read from files_dir. */
enum lderr import_run(struct store *st, const char *files_dir, long long id);

/* While a job is importing in this process: how far it is. false when it is not running. */
bool import_live(long long id, long long *processed, long long *total);

#endif
