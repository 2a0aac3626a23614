/* A fresh database file per test, removed afterwards. */
#ifndef LD_TMPDB_H
#define LD_TMPDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void tmpdb_path(char path[64])
{
	strcpy(path, "/tmp/liandong-unit-XXXXXX");
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
}

static inline void tmpdb_remove(const char *path)
{
	char extra[96];
	unlink(path);
	snprintf(extra, sizeof(extra), "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof(extra), "%s-shm", path);
	unlink(extra);
}

#endif
