/* routes — the route table as JSON, so reviews and the authorisation tests see exactly what
 * the server enforces. */
#include <stdio.h>

#include "api/router.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "util/jw.h"

int cli_routes(const struct cli_args *a)
{
	(void)a;
	static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};
	struct buf b;
	buf_init(&b, 1 << 20);
	struct jw w;
	jw_init(&w, &b);
	jw_arr(&w);
	for (int i = 0; i < api_route_count; i++) {
		const struct route *rt = &api_routes[i];
		jw_obj(&w);
		jw_kstr(&w, "method", methods[rt->method]);
		jw_kstr(&w, "path", rt->pattern);
		jw_kstr(&w, "access", rt->access == ACCESS_PUBLIC ? "public" : rt->access == ACCESS_USER ? "user" : "roles");
		jw_key(&w, "roles");
		jw_arr(&w);
		for (int r = 0; rt->access == ACCESS_ROLES && r < ROLE_COUNT; r++)
			if (rt->roles & ROLE_BIT(r))
				jw_str(&w, role_code((enum role)r));
		jw_arr_end(&w);
		jw_kbool(&w, "csrf", !(rt->flags & ROUTE_NO_CSRF));
		jw_kbool(&w, "raw_body", (rt->flags & ROUTE_RAW) != 0);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	int rc = b.failed ? 1 : 0;
	if (!rc)
		puts(buf_str(&b));
	buf_fini(&b);
	return rc;
}
