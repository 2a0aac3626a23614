#include "config.h"

#include <string.h>
#include <unistd.h>

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->listen_host, "127.0.0.1");
	c->listen_port = 8080;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	c->threads = cores > 0 && cores <= 64 ? (int)cores : 2;
	c->max_body = 1u << 20;
	c->max_upload = 20u << 20;
	c->max_headers = 16u << 10;
	c->timeout_seconds = 30;
	c->session_idle_seconds = 30 * 60;
	c->session_max_seconds = 12 * 60 * 60;
	c->lock_after_failures = 5;
	c->lock_seconds = 30 * 60;
	c->lock_address_after = 10;
	c->password_max_days = 90;
	c->access_log = true;
	c->production = true;
}
