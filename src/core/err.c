#include "core/err.h"

static const struct {
	int status;
	const char *code;
	const char *message;
} table[] = {
#define LD_ERR_ROW(name, status, code, msg) {status, code, msg},
	LD_ERRORS(LD_ERR_ROW)
#undef LD_ERR_ROW
};

int lderr_status(enum lderr e)
{
	return (unsigned)e < LD_ERR_COUNT ? table[e].status : 500;
}

const char *lderr_code(enum lderr e)
{
	return (unsigned)e < LD_ERR_COUNT ? table[e].code : "internal";
}

const char *lderr_message(enum lderr e)
{
	return (unsigned)e < LD_ERR_COUNT ? table[e].message : "服务器内部错误";
}
