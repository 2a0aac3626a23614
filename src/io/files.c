#include "io/files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void files_hash(const void *data, size_t len, char out[FILES_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, FILES_HASH_HEX, h, sizeof(h));
}

static bool hash_ok(const char *hash)
{
	if (strlen(hash) != FILES_HASH_HEX - 1)
		return false;
	for (const char *p = hash; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

enum lderr files_put(const char *dir, const void *data, size_t len, char out[FILES_HASH_HEX])
{
	files_hash(data, len, out);
	char sub[PATH_MAX], path[PATH_MAX], tmp[PATH_MAX];
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, out);
	snprintf(path, sizeof(path), "%s/%s", sub, out);
	if (access(path, F_OK) == 0)
		return LD_OK; /* the same content is already there */
	if (mkdir(sub, 0750) < 0 && errno != EEXIST) {
		fprintf(stderr, "files: cannot create %s: %s\n", sub, strerror(errno));
		return LD_IO;
	}
	snprintf(tmp, sizeof(tmp), "%s/.tmp-%s-%ld", sub, out, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "files: cannot write %s: %s\n", tmp, strerror(errno));
		return LD_IO;
	}
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "files: write %s: %s\n", tmp, strerror(errno));
			close(fd);
			unlink(tmp);
			return LD_IO;
		}
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
		fprintf(stderr, "files: cannot store %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return LD_IO;
	}
	return LD_OK;
}

enum lderr files_get(const char *dir, const char *hash, struct buf *b)
{
	if (!hash_ok(hash))
		return LD_NOT_FOUND;
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%.2s/%s", dir, hash, hash);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? LD_NOT_FOUND : LD_IO;
	char chunk[65536];
	ssize_t n;
	enum lderr e = LD_OK;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || buf_append(b, chunk, (size_t)n) < 0) {
			e = LD_IO;
			break;
		}
	}
	close(fd);
	return e;
}
