#include "util/csv.h"

#include <string.h>

#include "util/buf.h"
#include "util/query.h"

void csv_init(struct csv *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 1;
	c->row_line = 1;
	c->error = NULL;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3;
}

int csv_row(struct csv *c, struct arena *a, char *out[CSV_MAX_FIELDS], int *n)
{
	/* skip empty lines */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->line++;
		c->p++;
	}
	if (c->p >= c->end)
		return 0;
	c->row_line = c->line;
	struct buf field;
	buf_init(&field, 1 << 20);
	*n = 0;
	int rc = -1;
	for (;;) {
		buf_reset(&field);
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					c->error = "unterminated quoted field";
					goto out;
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						buf_putc(&field, '"');
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				buf_putc(&field, *c->p++);
			}
			if (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				c->error = "text after a closing quote";
				goto out;
			}
		} else {
			while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"') {
					c->error = "quote inside an unquoted field";
					goto out;
				}
				buf_putc(&field, *c->p++);
			}
		}
		if (field.failed) {
			c->error = "field too long";
			goto out;
		}
		if (*n == CSV_MAX_FIELDS) {
			c->error = "too many fields";
			goto out;
		}
		if (memchr(buf_str(&field), '\0', field.len) || !utf8_valid(buf_str(&field), field.len)) {
			c->error = "not valid UTF-8 text";
			goto out;
		}
		out[*n] = arena_strndup(a, buf_str(&field), field.len);
		if (!out[*n]) {
			c->error = "out of memory";
			goto out;
		}
		(*n)++;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		/* end of row */
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->line++;
		}
		break;
	}
	rc = 1;
out:
	buf_fini(&field);
	return rc;
}
