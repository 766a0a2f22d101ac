import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, startServer, type RunningServer } from './harness';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ demo: true });
});
afterAll(() => srv?.stop());

const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0]!;

describe('HTTP transport (browser mode on loopback)', () => {
  it('login sets an HttpOnly session cookie; the token never appears in the body', async () => {
    const r = await apiCall(srv.url, 'auth.login', { userId: 2, pin: '2222' });
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^lavka_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=\//);
    expect(JSON.stringify(r.body)).not.toContain(cookieOf(r.setCookie).split('=')[1]);
    expect(r.body.value).toMatchObject({ user: { id: 2, role: 'cashier' }, csrf: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('password sign-in also keeps the token in the cookie, never in the body', async () => {
    const owner = await apiCall(srv.url, 'auth.login', { userId: 1, pin: '1111' });
    const headers = { Cookie: cookieOf(owner.setCookie), 'X-Lavka-Csrf': (owner.body.value as { csrf: string }).csrf };
    const made = await apiCall(srv.url, 'users.upsert', { name: 'Pass only', roleId: 'bookkeeper', password: 'long-password-1' }, headers);
    const id = (made.body.value as { id: number }).id;
    const r = await apiCall(srv.url, 'auth.loginPassword', { userId: id, password: 'long-password-1' });
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^lavka_session=[0-9a-f]{64}; HttpOnly/);
    expect(r.body.value).not.toHaveProperty('token');
    expect(JSON.stringify(r.body)).not.toContain(cookieOf(r.setCookie).split('=')[1]);
  });

  it('a call without the CSRF header is refused, even with a valid session', async () => {
    const login = await apiCall(srv.url, 'auth.login', { userId: 1, pin: '1111' });
    const res = await fetch(new URL('/api/settings.get', srv.url), {
      method: 'POST',
      headers: { Cookie: cookieOf(login.setCookie) },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf');
  });

  it('a state-changing call with a wrong CSRF value is refused; the right one works', async () => {
    const login = await apiCall(srv.url, 'auth.login', { userId: 1, pin: '1111' });
    const cookie = cookieOf(login.setCookie);
    const csrf = (login.body.value as { csrf: string }).csrf;
    const bad = await apiCall(srv.url, 'settings.set', { shopName: 'X' }, { Cookie: cookie, 'X-Lavka-Csrf': 'f'.repeat(32) });
    expect(bad.status).toBe(403);
    expect(bad.body.error?.code).toBe('csrf');
    const good = await apiCall(srv.url, 'settings.get', {}, { Cookie: cookie, 'X-Lavka-Csrf': csrf });
    expect(good.status).toBe(200);
    expect(good.body.value).toMatchObject({ shopName: 'Corner Shop (demo)' });
  });

  it('without a session protected methods answer 401', async () => {
    const r = await apiCall(srv.url, 'sale.list', {});
    expect(r.status).toBe(401);
    expect(r.body.error?.code).toBe('unauthenticated');
  });

  it('a foreign Host header is refused (DNS rebinding)', async () => {
    const port = new URL(srv.url).port;
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/system.info',
          method: 'POST',
          headers: { Host: `evil.example:${port}`, 'X-Lavka-Csrf': '1' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('serves the renderer with a strict CSP', async () => {
    const res = await fetch(srv.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain('<div id="root">');
  });
});

// In order under shuffling: the login rate limit is per address and this server's, so the lockout test must run
// before the test that spends the address's allowance.
describe('LAN mode (--host)', { shuffle: false }, () => {
  let lan: RunningServer;
  beforeAll(async () => {
    // 0.0.0.0 is what a shop would pass; the test still talks to it only over loopback.
    lan = await startServer({ demo: true, args: ['--host', '0.0.0.0'] });
  });
  afterAll(() => lan?.stop());

  it('calls without a session get 401 and setup is refused over the network', async () => {
    const url = lan.url.replace('0.0.0.0', '127.0.0.1');
    expect((await apiCall(url, 'stock.onHand', {})).status).toBe(401);
    expect((await apiCall(url, 'setup.demo', {})).status).toBe(403);
  });

  it('wrong PINs at the counter hold that user back for seconds, not lock them out: the right PIN works once the wait is over', async () => {
    const url = lan.url.replace('0.0.0.0', '127.0.0.1');
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await apiCall(url, 'auth.login', { userId: 3, pin: '9999' })).body.error!.code);
    // Loopback is the counter PC: four tries free, then a short wait (the right PIN is not even checked meanwhile).
    expect(codes).toEqual([...Array(4).fill('bad_credentials'), 'rate_limited', 'rate_limited']);
    const held = await apiCall(url, 'auth.login', { userId: 3, pin: '3333' });
    expect(held.status).toBe(429);
    const wait = (held.body.error as { retryAfterMs?: number }).retryAfterMs!;
    expect(held.body.error?.message).toMatch(/try again in \d+ s/);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
    await new Promise((resolve) => setTimeout(resolve, wait + 50));
    expect((await apiCall(url, 'auth.login', { userId: 3, pin: '3333' })).status).toBe(200);
  });

  it('logins are rate-limited per address', async () => {
    const url = lan.url.replace('0.0.0.0', '127.0.0.1');
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await apiCall(url, 'auth.login', { userId: 2, pin: '0000' })).status);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });
});
