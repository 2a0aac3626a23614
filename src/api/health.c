/* GET /api/v1/health — liveness: {"status":"ok","version":"0.1.0"}. Public. */
#include "api/api.h"
#include "api/handlers.h"

enum lderr health_get(struct req *r)
{
	struct jw w;
	api_json(r, 200, &w);
	jw_obj(&w);
	jw_kstr(&w, "status", "ok");
	jw_kstr(&w, "version", LD_VERSION);
	jw_obj_end(&w);
	return LD_OK;
}
