// An attacker's probes of browser mode, against the built server (dist/server/serve.mjs) as a real process: none of
// them may end it, a foreign Host is refused on the LAN (DNS rebinding), sessions end their streams and sockets at
// once, and events reach only the users allowed to see them.
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ProblemLog } from '../server/problems';
import { DEMO } from './helpers';
import { call, ensureNodeBuild, http, openEvents, rawExchange, serve, signIn, statusOf, systemInfo, type Served } from './served';

/** Opens the api socket with these headers (a page's Origin and Host unless told otherwise): the socket or the refusal's status. */
function openSocket(port: number, headers: Record<string, string>, host = '127.0.0.1'): Promise<{ ws: WebSocket } | { status: number }> {
  const ws = new WebSocket(`ws://${host}:${port}/api/socket`, { headers: { Origin: `http://${host}:${port}`, ...headers } });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

const upgradeRequest = (port: number, target: string, cookie: string) =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: ${cookie}\r\n\r\n`;

beforeAll(() => ensureNodeBuild());

describe('one request cannot end the server', () => {
  let srv: Served;
  beforeAll(async () => {
    srv = await serve();
  });
  afterAll(() => srv?.dispose());

  it('a path with broken percent-encoding (an <img> on any web page can send it) gets 400', async () => {
    const r = await http(srv.port, { path: '/%E0%A4%A' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('a session cookie that is not valid percent-encoding is no session, on the event stream and on a call', async () => {
    expect((await http(srv.port, { path: '/api/events', headers: { Cookie: 'lavka_session=%' } })).status).toBe(401);
    const me = await http(srv.port, {
      method: 'POST',
      path: '/api/auth.me',
      headers: { Cookie: 'lavka_session=%E0%A4%A; other=%', 'X-Lavka-Csrf': '1' },
      body: '{}',
    });
    expect(me.status).toBe(401);
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('a socket upgrade with a malformed cookie is refused and the server goes on', async () => {
    const r = await rawExchange(srv.port, upgradeRequest(srv.port, '/api/socket', 'lavka_session=%zz'));
    expect(statusOf(r.text)).toBe(401);
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('a request line whose target is no URL gets 400, as a request or as an upgrade', async () => {
    const r = await rawExchange(srv.port, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n\r\n`);
    expect(statusOf(r.text)).toBe(400);
    const u = await rawExchange(srv.port, upgradeRequest(srv.port, '//[', 'lavka_session=x'));
    expect(statusOf(u.text)).toBe(400);
    const junk = await rawExchange(srv.port, 'NOT A REQUEST\r\n\r\n');
    expect(statusOf(junk.text)).toBe(400);
    expect(await systemInfo(srv.port)).toBe(200);
    expect(srv.alive()).toBe(true);
  });

  it('logs each refusal in one line, not a stack', async () => {
    expect((await http(srv.port, { path: '/%E0%A4%A?logged' })).status).toBe(400);
    await expect.poll(() => srv.output()).toContain('/%E0%A4%A?logged');
    const out = srv.output();
    expect(out.split('\n').filter((l) => l.includes('/%E0%A4%A?logged'))).toEqual([
      expect.stringMatching(/^\[lavka\] refused a malformed request from .*: bad percent-encoding in the path$/) as string,
    ]);
    expect(out).not.toMatch(/^\s+at /m);
  });

  it('a body over 1 MB gets 413 too_large, read to its end rather than the connection reset', async () => {
    const r = await http(srv.port, {
      method: 'POST',
      path: '/api/system.info',
      headers: { 'X-Lavka-Csrf': '1', 'Content-Type': 'application/json' },
      body: Buffer.alloc(2 * 1024 * 1024, 0x20),
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('a client still sending a large body gets the 413 first, then the connection closes cleanly', async () => {
    const { connect } = await import('node:net');
    const total = 3 * 1024 * 1024;
    const socket = connect(srv.port, '127.0.0.1');
    let received = '';
    let reset = false;
    socket.on('error', () => (reset = true));
    const answered = new Promise<void>((resolve) =>
      socket.on('data', (d: Buffer) => {
        received += d.toString('latin1');
        if (received.includes('\r\n\r\n')) resolve();
      }),
    );
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `POST /api/system.info HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nX-Lavka-Csrf: 1\r\nContent-Type: application/json\r\nContent-Length: ${total}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(total / 2, 0x20));
    await answered;
    expect(statusOf(received)).toBe(413);
    // The rest of the body is read and dropped; only then does the server end the exchange.
    socket.end(Buffer.alloc(total / 2, 0x20));
    await closed;
    expect(reset).toBe(false);
    expect(received).toContain('"too_large"');
  });

  it('a body that is not an object or not JSON gets a validation error; one nested too deep is refused before the core', async () => {
    const post = async (body: string) => {
      const r = await http(srv.port, {
        method: 'POST',
        path: '/api/system.info',
        headers: { 'X-Lavka-Csrf': '1', 'Content-Type': 'application/json' },
        body,
      });
      return { status: r.status, body: JSON.parse(r.body) as { ok: boolean; error?: { code: string; message: string } } };
    };
    for (const body of ['[1,2]', '"text"', '42', 'not json', '{"a":1']) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    for (const body of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)]) {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body.error?.message).toBe('the request body nests deeper than 32 levels');
    }
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('answers before sign-in carry no Server-Timing; signed-in calls do', async () => {
    const login = (userId: number, pin: string) =>
      http(srv.port, {
        method: 'POST',
        path: '/api/auth.login',
        headers: { 'X-Lavka-Csrf': '1', 'Content-Type': 'application/json' },
        body: JSON.stringify({ userId, pin }),
      });
    const unknown = await login(999, '1234');
    const wrong = await login(DEMO.bookkeeper.id, '0000');
    const right = await login(DEMO.bookkeeper.id, DEMO.bookkeeper.pin);
    const users = await http(srv.port, { method: 'POST', path: '/api/auth.users', headers: { 'X-Lavka-Csrf': '1' }, body: '{}' });
    expect([unknown.status, wrong.status, right.status, users.status]).toEqual([401, 401, 200, 200]);
    for (const r of [unknown, wrong, right, users]) expect(r.headers['server-timing']).toBeUndefined();
    const who = await signIn(srv.port, DEMO.owner.id, DEMO.owner.pin);
    expect((await call(srv.port, who, 'settings.get', {})).headers['server-timing']).toMatch(/^body;dur=[\d.]+, core;dur=[\d.]+$/);
  });
});

describe('a session ends its event stream and socket at once', () => {
  let srv: Served;
  beforeAll(async () => {
    srv = await serve();
  });
  afterAll(() => srv?.dispose());

  it('logout ends the event stream at once, without waiting for another event', async () => {
    const owner = await signIn(srv.port, DEMO.owner.id, DEMO.owner.pin);
    const stream = await openEvents(srv.port, owner.cookie);
    expect(stream.status).toBe(200);
    expect((await call(srv.port, owner, 'auth.logout', {})).status).toBe(200);
    await stream.ended;
    expect(stream.events).toEqual([]);
    // Reconnecting with the old cookie is refused.
    expect((await openEvents(srv.port, owner.cookie)).status).toBe(401);
  });

  it('logout closes the api socket at once', async () => {
    const owner = await signIn(srv.port, DEMO.owner.id, DEMO.owner.pin);
    const opened = await openSocket(srv.port, { Cookie: owner.cookie });
    if (!('ws' in opened)) throw new Error(`socket refused: ${opened.status}`);
    const closed = new Promise<number>((resolve) => opened.ws.once('close', (code) => resolve(code)));
    expect((await call(srv.port, owner, 'auth.logout', {})).status).toBe(200);
    expect(await closed).toBe(4401);
  });

  it('a cart change reaches its own cashier’s stream, not another user’s', async () => {
    const cashier = await signIn(srv.port, DEMO.cashier.id, DEMO.cashier.pin);
    const manager = await signIn(srv.port, DEMO.manager.id, DEMO.manager.pin);
    const cashierStream = await openEvents(srv.port, cashier.cookie);
    const managerStream = await openEvents(srv.port, manager.cookie);
    const scanInto = async (who: typeof cashier) => {
      const cart = (await call(srv.port, who, 'cart.current', {})).body.value as { id: number };
      expect((await call(srv.port, who, 'cart.scan', { cartId: cart.id, code: '4607001000013' })).status).toBe(200);
    };
    await scanInto(cashier);
    await cashierStream.next((e) => e.type === 'cart.changed');
    // The manager's own change comes after the cashier's on the same bus: once it arrives, the cashier's would have.
    await scanInto(manager);
    await managerStream.next((e) => e.type === 'cart.changed');
    const carts = (s: typeof cashierStream) =>
      s.events.filter((e) => (e as { type: string }).type === 'cart.changed').map((e) => (e as { userId: number }).userId);
    expect(carts(cashierStream)).toEqual([DEMO.cashier.id]);
    expect(carts(managerStream)).toEqual([DEMO.manager.id]);
    cashierStream.close();
    managerStream.close();
  });
});

describe.skipIf(process.platform !== 'linux')('LAN mode answers only to its own names (DNS rebinding)', () => {
  let srv: Served;
  /** 127.0.0.2 is a loopback address on Linux that is none of the loopback names: the server treats it as a LAN bind. */
  const LAN = '127.0.0.2';
  beforeAll(async () => {
    srv = await serve({ args: ['--host', LAN] });
  });
  afterAll(() => srv?.dispose());

  const postAs = (host: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
    http(srv.port, {
      method: 'POST',
      path: `/api/${method}`,
      host: LAN,
      headers: { Host: host, 'X-Lavka-Csrf': '1', 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('a foreign Host gets 421 for a call, a login, the page, the event stream and a socket upgrade', async () => {
    const owner = await signIn(srv.port, DEMO.owner.id, DEMO.owner.pin, LAN);
    const evil = `evil.example:${srv.port}`;
    expect((await postAs(evil, 'system.info', {})).status).toBe(421);
    expect((await postAs(evil, 'auth.login', { userId: DEMO.owner.id, pin: DEMO.owner.pin })).status).toBe(421);
    expect((await http(srv.port, { path: '/', host: LAN, headers: { Host: evil } })).status).toBe(421);
    expect((await http(srv.port, { path: '/api/events', host: LAN, headers: { Host: evil, Cookie: owner.cookie } })).status).toBe(421);
    expect(await openSocket(srv.port, { Cookie: owner.cookie, Host: evil, Origin: `http://${evil}` }, LAN)).toEqual({ status: 421 });
    // A port that is not a number is no Host of ours either.
    expect((await postAs(`${LAN}:x${srv.port}`, 'system.info', {})).status).toBe(421);
  });

  it('the bound address, loopback names and this computer’s names are answered', async () => {
    const short = hostname().toLowerCase().split('.')[0]!;
    for (const host of [
      `${LAN}:${srv.port}`,
      `localhost:${srv.port}`,
      `127.0.0.1:${srv.port}`,
      `${hostname()}:${srv.port}`,
      `${short}.local:${srv.port}`,
    ]) {
      expect((await postAs(host, 'system.info', {})).status, host).toBe(200);
    }
  });

  it('a name the owner adds in settings is answered at once, and refused again once removed', async () => {
    const owner = await signIn(srv.port, DEMO.owner.id, DEMO.owner.pin, LAN);
    const own = { Cookie: owner.cookie, 'X-Lavka-Csrf': owner.csrf };
    const till = `till.example:${srv.port}`;
    expect((await postAs(till, 'system.info', {})).status).toBe(421);
    const set = await postAs(`${LAN}:${srv.port}`, 'settings.set', { lanHostNames: ['Till.Example'] }, own);
    expect(set.status).toBe(200);
    expect((JSON.parse(set.body) as { value: { lanHostNames: string[] } }).value.lanHostNames).toEqual(['till.example']);

    expect((await postAs(till, 'system.info', {})).status).toBe(200);
    const stream = await openEvents(srv.port, owner.cookie, { host: LAN, hostHeader: till });
    expect(stream.status).toBe(200);
    stream.close();
    const opened = await openSocket(srv.port, { Cookie: owner.cookie, Host: till, Origin: `http://${till}` }, LAN);
    expect('ws' in opened).toBe(true);
    if ('ws' in opened) opened.ws.close();

    const bad = await postAs(`${LAN}:${srv.port}`, 'settings.set', { lanHostNames: ['evil.example/x'] }, own);
    expect(bad.status).toBe(400);
    expect((await postAs(`${LAN}:${srv.port}`, 'settings.set', { lanHostNames: [] }, own)).status).toBe(200);
    expect((await postAs(till, 'system.info', {})).status).toBe(421);
  });
});

describe('the refusal log under a flood', () => {
  it('keeps to a bounded number of lines a minute and says how many it left out', () => {
    const lines: string[] = [];
    let now = 1_000_000;
    const log = new ProblemLog(
      5,
      60_000,
      (l) => lines.push(l),
      () => now,
    );
    for (let i = 0; i < 1000; i++) log.report(`refused request ${i}`, new URIError('URI malformed'));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\[lavka\] refused request 0: URIError: URI malformed \(at .*\)$/);
    now += 61_000;
    log.report('later');
    expect(lines.slice(5)).toEqual(['[lavka] (995 more refused or failed requests were not logged)', '[lavka] later']);
  });
});
