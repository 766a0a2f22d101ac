import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiCall, launchBrowser, startServer, type RunningServer } from './harness';
import { CASHIER, demoBarcode, ensureShift, login, logout, screenLines, SLOW } from './helpers-counter';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ demo: true });
});
afterAll(() => srv?.stop());

const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0]!;

async function session(userId = 2, pin = '2222'): Promise<{ cookie: string; csrf: string }> {
  const r = await apiCall(srv.url, 'auth.login', { userId, pin });
  return { cookie: cookieOf(r.setCookie), csrf: (r.body.value as { csrf: string }).csrf };
}

/** Opens the api socket as a browser would: its Origin, Host and cookie, unless told otherwise. */
function open(headers: Record<string, string>, path = '/api/socket'): Promise<{ ws: WebSocket } | { status: number }> {
  const u = new URL(srv.url);
  const ws = new WebSocket(`ws://${u.host}${path}`, { headers: { Origin: `http://${u.host}`, ...headers } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

type Reply = { id: number; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; ms: number };

function caller(ws: WebSocket, csrf: string) {
  let id = 0;
  return (method: string, input: unknown = {}, asCsrf = csrf): Promise<Reply> =>
    new Promise((resolve) => {
      const mine = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(data.toString()) as Reply;
        if (reply.id !== mine) return;
        ws.off('message', onMessage);
        resolve(reply);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: mine, method, input, csrf: asCsrf }));
    });
}

describe('api socket (browser mode)', () => {
  it('opens only for a page of this server with a live session', async () => {
    const { cookie } = await session();
    const port = new URL(srv.url).port;
    expect(await open({})).toEqual({ status: 401 });
    expect(await open({ Cookie: 'lavka_session=' + 'a'.repeat(64) })).toEqual({ status: 401 });
    // Another site's page: a socket is not covered by CORS, so the Origin is checked.
    expect(await open({ Cookie: cookie, Origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await open({ Cookie: cookie, Origin: 'null' })).toEqual({ status: 403 });
    // DNS rebinding: a foreign Host is refused as over POST (the Origin matching it changes nothing).
    expect(await open({ Cookie: cookie, Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` })).toEqual({ status: 421 });
    expect(await open({ Cookie: cookie }, '/api/other')).toEqual({ status: 404 });
    const ok = await open({ Cookie: cookie });
    expect(ok).toHaveProperty('ws');
    (ok as { ws: WebSocket }).ws.close();
  });

  it('answers calls as POST does: same result, csrf checked per call, access checked in the core', async () => {
    const { cookie, csrf } = await session();
    const { ws } = (await open({ Cookie: cookie })) as { ws: WebSocket };
    try {
      const call = caller(ws, csrf);
      const overSocket = await call('catalog.search', { q: 'milk 3.2', limit: 5 });
      const overPost = await apiCall(srv.url, 'catalog.search', { q: 'milk 3.2', limit: 5 }, { Cookie: cookie, 'X-Lavka-Csrf': csrf });
      expect(overSocket.result).toEqual(overPost.body);
      expect(overSocket.ms).toBeGreaterThanOrEqual(0);
      expect((await call('settings.get', {}, 'f'.repeat(32))).result.error?.code).toBe('csrf');
      // The cashier may not manage users, whichever way the call comes.
      expect((await call('users.list')).result.error?.code).toBe('forbidden');
      expect((await call('catalog.search', { q: 7 })).result.error?.code).toBe('validation');
      // Sign-in, logout and setup change the cookie: only over POST.
      expect((await call('auth.login', { userId: 1, pin: '1111' })).result.error).toMatchObject({
        code: 'validation',
        message: expect.stringContaining('POST'),
      });
      expect((await call('auth.logout')).result.error?.code).toBe('validation');
    } finally {
      ws.close();
    }
  });

  it('ends with its session: logout closes the socket at once, without waiting for another call', async () => {
    const { cookie, csrf } = await session(1, '1111');
    const { ws } = (await open({ Cookie: cookie })) as { ws: WebSocket };
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const call = caller(ws, csrf);
    expect((await call('settings.get')).result.ok).toBe(true);
    expect((await apiCall(srv.url, 'auth.logout', {}, { Cookie: cookie, 'X-Lavka-Csrf': csrf })).body.ok).toBe(true);
    expect(await closed).toBe(4401);
  });

  it('closes on a frame that is not a call', async () => {
    const { cookie } = await session();
    const { ws } = (await open({ Cookie: cookie })) as { ws: WebSocket };
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });
});

describe('the till page uses it', () => {
  it('after login a scan goes over the socket, not a POST; logout closes the socket', async () => {
    const browser = await launchBrowser();
    try {
      const { page } = browser;
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
      });
      const sockets: WebSocketEvents[] = [];
      page.on('websocket', (ws) => {
        if (!ws.url().endsWith('/api/socket')) return;
        const s: WebSocketEvents = { sent: [], closed: false };
        ws.on('framesent', (f) => s.sent.push(String(f.payload)));
        ws.on('close', () => (s.closed = true));
        sockets.push(s);
      });
      await page.goto(srv.url);
      await login(page, CASHIER);
      await ensureShift(page);
      await expect.poll(() => sockets.length, SLOW).toBe(1);
      const before = (await screenLines(page)).length;
      await page.keyboard.type(demoBarcode(9), { delay: 10 });
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await screenLines(page)).length, SLOW).toBe(before + 1);
      expect(posts.filter((p) => p === '/api/cart.scan')).toEqual([]);
      expect(sockets[0]!.sent.filter((f) => f.includes('"method":"cart.scan"'))).toHaveLength(1);
      await logout(page);
      expect(posts).toContain('/api/auth.logout');
      await expect.poll(() => sockets[0]!.closed, SLOW).toBe(true);
      expect(sockets).toHaveLength(1);
    } finally {
      await browser.close();
    }
  });
});

interface WebSocketEvents {
  sent: string[];
  closed: boolean;
}
