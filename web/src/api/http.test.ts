import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/* The wrapper shows errors with ElMessage; in node there is no DOM, so replace it. */
vi.mock('element-plus', () => ({ ElMessage: { error: vi.fn() } }));

import { ApiError, http, setAccountHandler, setCsrfToken, setErrorNotifier, setUnauthorizedHandler } from './http';

interface Call {
  url: string;
  init: RequestInit;
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

let calls: Call[];
let answer: () => Response;
const notify = vi.fn<(message: string) => void>();
const unauthorized = vi.fn<() => void>();
const demanded = vi.fn<(demand: string) => void>();

beforeEach(() => {
  calls = [];
  answer = () => json(200, {});
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answer();
  });
  notify.mockReset();
  unauthorized.mockReset();
  demanded.mockReset();
  setErrorNotifier(notify);
  setUnauthorizedHandler(unauthorized);
  setAccountHandler(demanded);
  setCsrfToken(null);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function header(call: Call, name: string): string | undefined {
  return (call.init.headers as Record<string, string>)[name];
}

describe('request wrapper', () => {
  it('unwraps JSON and sends the cookie of this origin', async () => {
    answer = () => json(200, { status: 'ok', version: '0.1.0' });
    const body = await http.get<{ status: string }>('/health');
    expect(body.status).toBe('ok');
    expect(calls[0].url).toBe('/api/v1/health');
    expect(calls[0].init.credentials).toBe('same-origin');
  });

  it('builds the query string and leaves out empty values', async () => {
    await http.get('/units', { q: '发改', page: 2, size: undefined, parent: null, x: '' });
    expect(calls[0].url).toBe('/api/v1/units?q=%E5%8F%91%E6%94%B9&page=2');
  });

  it('sends the CSRF token on changes, not on reads', async () => {
    setCsrfToken('abc123');
    await http.get('/me');
    await http.post('/units', { name: '新单位' });
    await http.patch('/units/1', { name: 'x' });
    answer = () => new Response(null, { status: 204 });
    await http.del('/squares/1');
    expect(header(calls[0], 'X-CSRF-Token')).toBeUndefined();
    expect(header(calls[1], 'X-CSRF-Token')).toBe('abc123');
    expect(header(calls[2], 'X-CSRF-Token')).toBe('abc123');
    expect(header(calls[3], 'X-CSRF-Token')).toBe('abc123');
  });

  it('sends bodies as JSON', async () => {
    await http.post('/session', { username: 'office', password: 'p' });
    expect(header(calls[0], 'Content-Type')).toBe('application/json');
    expect(JSON.parse(calls[0].init.body as string)).toEqual({ username: 'office', password: 'p' });
    expect(calls[0].init.method).toBe('POST');
  });

  it('resolves a 204 to undefined', async () => {
    answer = () => new Response(null, { status: 204 });
    await expect(http.del('/session')).resolves.toBeUndefined();
  });

  it('rejects with a typed ApiError carrying every field error, and shows the message', async () => {
    answer = () =>
      json(422, {
        error: {
          code: 'validation_failed',
          message: '输入有误',
          field: 'name',
          fields: [
            { field: 'name', message: '名称不能为空' },
            { field: 'kind', message: '类型无效' },
          ],
        },
      });
    const err = await http.post('/units', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation_failed');
    expect(e.message).toBe('输入有误');
    expect(e.fields).toEqual([
      { field: 'name', message: '名称不能为空' },
      { field: 'kind', message: '类型无效' },
    ]);
    expect(e.fieldMessage('kind')).toBe('类型无效');
    expect(notify).toHaveBeenCalledWith('输入有误');
    expect(unauthorized).not.toHaveBeenCalled();
  });

  it('takes the single `field` when `fields` is absent', async () => {
    answer = () => json(409, { error: { code: 'conflict', message: '已存在', field: 'username' } });
    const e = (await http.post('/users', {}).catch((x: unknown) => x)) as ApiError;
    expect(e.fields).toEqual([{ field: 'username', message: '已存在' }]);
  });

  it('makes an ApiError of an answer that is not the error body', async () => {
    answer = () => new Response('<html>bad gateway</html>', { status: 502 });
    const e = (await http.get('/units').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(502);
    expect(e.code).toBe('http_502');
    expect(e.fields).toEqual([]);
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('makes an ApiError of a network failure', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const e = (await http.get('/units').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(0);
    expect(e.code).toBe('network_error');
  });

  it('on 401 forgets the token and goes to login, without a message', async () => {
    setCsrfToken('abc123');
    answer = () => json(401, { error: { code: 'not_logged_in', message: '请先登录' } });
    const e = (await http.get('/units').catch((x: unknown) => x)) as ApiError;
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(401);
    expect(e.code).toBe('not_logged_in');
    expect(unauthorized).toHaveBeenCalledTimes(1);
    expect(notify).not.toHaveBeenCalled();
    answer = () => json(200, {});
    await http.post('/units', {});
    expect(header(calls[1], 'X-CSRF-Token')).toBeUndefined();
  });

  it('leaves a 401 to callers that asked (the login form)', async () => {
    answer = () => json(401, { error: { code: 'bad_credentials', message: '用户名或密码错误' } });
    const e = (await http
      .post('/session', { username: 'x', password: 'y' }, { redirectOn401: false, quiet: true })
      .catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe('bad_credentials');
    expect(e.message).toBe('用户名或密码错误');
    expect(unauthorized).not.toHaveBeenCalled();
    expect(notify).not.toHaveBeenCalled();
  });
});

describe('403 demanding something of the account first', () => {
  for (const code of ['password_change_required', 'totp_setup_required']) {
    it(`on 403 ${code} calls the account handler, without a message, and keeps the token`, async () => {
      setCsrfToken('tok');
      answer = () => json(403, { error: { code, message: '请先处理账号' } });
      const e = (await http.get('/units').catch((x: unknown) => x)) as ApiError;
      expect(e).toBeInstanceOf(ApiError);
      expect(e.status).toBe(403);
      expect(e.code).toBe(code);
      expect(demanded).toHaveBeenCalledWith(code);
      expect(notify).not.toHaveBeenCalled();
      expect(unauthorized).not.toHaveBeenCalled();
      answer = () => json(200, {});
      await http.post('/me/password', {});
      expect(header(calls[1], 'X-CSRF-Token')).toBe('tok');
    });
  }

  it('shows any other 403 as a message', async () => {
    answer = () => json(403, { error: { code: 'forbidden', message: '无权操作' } });
    await http.del('/me/totp').catch(() => undefined);
    expect(demanded).not.toHaveBeenCalled();
    expect(notify).toHaveBeenCalledWith('无权操作');
  });
});

describe('raw uploads', () => {
  it('sends a file as the body with its own type, the CSRF token and the query', async () => {
    setCsrfToken('tok');
    answer = () => json(201, { id: 7, name: '佐证.pdf' });
    const file = new Blob(['%PDF-1.4\n'], { type: 'application/pdf' });
    const got = await http.upload<{ id: number }>('/reports/3/attachments', file, { name: '佐证.pdf' });
    expect(got.id).toBe(7);
    expect(calls[0].url).toBe('/api/v1/reports/3/attachments?name=%E4%BD%90%E8%AF%81.pdf');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body).toBe(file);
    expect(header(calls[0], 'Content-Type')).toBe('application/pdf');
    expect(header(calls[0], 'X-CSRF-Token')).toBe('tok');
  });

  it('falls back to application/octet-stream, and a given type wins over the file\'s', async () => {
    await http.upload('/x', new Blob(['abc']));
    expect(header(calls[0], 'Content-Type')).toBe('application/octet-stream');
    await http.upload('/x', new Blob(['a,b'], { type: 'application/vnd.ms-excel' }), undefined, 'text/csv');
    expect(header(calls[1], 'Content-Type')).toBe('text/csv');
  });

  it('turns a refused file into an ApiError like any other answer', async () => {
    answer = () => json(415, { error: { code: 'unsupported_media_type', message: '不支持的文件类型' } });
    const e = (await http.upload('/x', new Blob(['<html>'])).catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(415);
    expect(notify).toHaveBeenCalledWith('不支持的文件类型');
  });
});
