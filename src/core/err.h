/* err — the one error enum of liandong.
 *
 * Every function that can fail returns an enum lderr; LD_OK is zero. The table maps each
 * error to the HTTP status and the code string the API answers with (DESIGN.md §3). */
#ifndef LD_ERR_H
#define LD_ERR_H

#define LD_ERRORS(X)                                                         \
	X(LD_OK, 200, "ok", "成功")                                          \
	X(LD_BAD_REQUEST, 400, "bad_request", "请求格式错误")                \
	X(LD_NOT_LOGGED_IN, 401, "not_logged_in", "请先登录")                \
	X(LD_BAD_CREDENTIALS, 401, "bad_credentials", "用户名或密码错误")    \
	X(LD_OTP_REQUIRED, 401, "otp_required", "请输入动态验证码")          \
	X(LD_BAD_OTP, 401, "bad_otp", "动态验证码错误或已使用")              \
	X(LD_TOTP_SETUP, 403, "totp_setup_required", "请先绑定动态验证码")   \
	X(LD_CSRF, 403, "csrf_required", "缺少或错误的 CSRF 令牌")           \
	X(LD_FORBIDDEN, 403, "forbidden", "无权执行此操作")                  \
	X(LD_PASSWORD_CHANGE, 403, "password_change_required", "请先修改密码") \
	X(LD_NOT_FOUND, 404, "not_found", "对象不存在")                      \
	X(LD_METHOD, 405, "method_not_allowed", "不支持的请求方法")          \
	X(LD_CONFLICT, 409, "conflict", "与现有数据冲突")                    \
	X(LD_PHASE, 409, "phase_forbids", "当前阶段不允许此操作")            \
	X(LD_STATE, 409, "invalid_state", "当前状态不允许此操作")            \
	X(LD_TOO_LARGE, 413, "payload_too_large", "请求内容过大")            \
	X(LD_MEDIA_TYPE, 415, "unsupported_media_type", "请求内容类型不支持") \
	X(LD_VALIDATION, 422, "validation_failed", "输入有误")               \
	X(LD_LOCKED, 423, "account_locked", "账号已锁定，请稍后再试")        \
	X(LD_RATE_LIMITED, 429, "rate_limited", "请求过于频繁")              \
	X(LD_INTERNAL, 500, "internal", "服务器内部错误")                    \
	X(LD_DB, 500, "database", "数据库错误")                              \
	X(LD_IO, 500, "io", "读写错误")                                      \
	X(LD_NOMEM, 500, "out_of_memory", "内存不足")                        \
	X(LD_UNAVAILABLE, 503, "unavailable", "服务暂不可用")

enum lderr {
#define LD_ERR_ENUM(name, status, code, msg) name,
	LD_ERRORS(LD_ERR_ENUM)
#undef LD_ERR_ENUM
	LD_ERR_COUNT
};

/* HTTP status for e (500 for an unknown value). */
int lderr_status(enum lderr e);
/* The stable code string for e, e.g. "validation_failed". Static storage. */
const char *lderr_code(enum lderr e);
/* A short default message in Chinese. Static storage. */
const char *lderr_message(enum lderr e);

#endif
