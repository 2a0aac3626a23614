#include "core/auditchain.h"

#include <string.h>

static void field(struct buf *out, const char *s)
{
	if (!s) {
		buf_puts(out, "~;");
		return;
	}
	buf_printf(out, "%zu:", strlen(s));
	buf_puts(out, s);
	buf_putc(out, ';');
}

static void number(struct buf *out, long long v)
{
	char n[32];
	int len = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		n[len++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		n[len++] = '-';
	char s[32];
	for (int i = 0; i < len; i++)
		s[i] = n[len - 1 - i];
	s[len] = '\0';
	field(out, s);
}

void audit_canonical(const char *prev_hash, const struct audit_fields *f, struct buf *out)
{
	field(out, prev_hash ? prev_hash : "");
	number(out, f->seq);
	field(out, f->at);
	number(out, f->actor_id);
	field(out, f->actor);
	field(out, f->client);
	field(out, f->action);
	field(out, f->entity);
	field(out, f->entity_id);
	field(out, f->outcome);
	field(out, f->before);
	field(out, f->after);
}
