// The built app finds its bundled reader worker (dist/server/reader-worker.mjs): a report runs there end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, startServer, type RunningServer } from './harness';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer({ demo: true });
});
afterAll(() => srv?.stop());

describe('reports in browser mode', () => {
  it('the loss report answers from the reader worker of the bundle', async () => {
    const login = await apiCall(srv.url, 'auth.login', { userId: 1, pin: '1111' });
    const headers = { Cookie: (login.setCookie ?? '').split(';')[0]!, 'X-Lavka-Csrf': (login.body.value as { csrf: string }).csrf };
    const r = await apiCall(srv.url, 'report.loss', {}, headers);
    expect(r.body).toEqual({ ok: true, value: { from: null, to: null, byUser: [], countShortages: [] } });
    expect(srv.output()).not.toMatch(/reader/i);
  });
});
