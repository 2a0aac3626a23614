/* filetype — what an uploaded file really is, judged from its first bytes, never from its
 * name or the Content-Type the client claims. Evidence may be PDF, images, Office documents
 * and (when allowed) archives; HTML, scripts and executables are refused. */
#ifndef LD_FILETYPE_H
#define LD_FILETYPE_H

#include <stdbool.h>
#include <stddef.h>

struct filetype {
	const char *mime;  /* what it is served as */
	const char *ext;   /* the extension it is given on download */
	bool archive;      /* zip or rar */
};

/* The type of data[0..len), or false when it is none of the accepted kinds. */
bool filetype_detect(const unsigned char *data, size_t len, struct filetype *out);

#endif
