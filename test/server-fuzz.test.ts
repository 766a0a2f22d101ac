// A bounded, seeded fuzz of browser mode's transports against the built server (dist/server/serve.mjs): thousands of
// malformed request lines, paths, headers, cookies and bodies over raw sockets, socket upgrades, WebSocket frames
// at the protocol level and calls at the message level. Afterwards the same process still answers and the shop's
// database holds exactly what it held before.
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO } from './helpers';
import { dumpDataDir, ensureNodeBuild, rawExchange, serve, signIn, systemInfo, type Served, type Signed } from './served';

const SEED = 20_240_611;

/** Runs `fn` over the items, `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** Calls that read, and calls the socket refuses: a fuzzed input to them must change nothing whoever sends it. */
const READ_METHODS = [
  'system.info',
  'auth.me',
  'auth.users',
  'settings.get',
  'locations.list',
  'catalog.search',
  'catalog.scan',
  'catalog.get',
  'stock.onHand',
  'stock.movements',
  'sale.list',
  'doc.get',
  'printer.status',
  'scanner.status',
  'shift.list',
  'report.loss',
  'receipt.search',
  'receipt.find',
  'roles.list',
  'users.list',
  'backup.list',
];
const ODD_METHODS = [
  'no.such',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  '.',
  'system.info/',
  'SYSTEM.INFO',
  '%00',
  '../system.info',
];
const SOCKET_REFUSED = ['auth.login', 'auth.logout', 'setup.demo', 'setup.shop', 'recovery.restore'];

const junkText = fc.string({ unit: 'binary', maxLength: 40 });
const percentJunk = fc
  .array(
    fc.constantFrom(
      '%',
      '%E0',
      '%A4',
      '%A',
      '%zz',
      '%00',
      '%2F',
      '%2e%2e',
      '..',
      '/',
      '[',
      ']',
      '\\',
      'é',
      '?',
      '#',
      '@',
      ':',
      ' ',
      '\t',
      'a',
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

function fuzzedRequest(owner: Signed, port: number) {
  const method = fc.oneof(
    fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT'),
    fc.stringMatching(/^[A-Za-z]{0,10}$/),
    junkText,
  );
  const target = fc.oneof(
    fc.constantFrom(
      '/',
      '//[',
      '/%E0%A4%A',
      '/api/events',
      '/api/socket',
      '/api/',
      '*',
      'http://evil.example/x',
      '/index.html%00',
      '/..%2f..%2fetc%2fpasswd',
      '/assets/../../package.json',
    ),
    fc.constantFrom(...READ_METHODS, ...ODD_METHODS).map((m) => `/api/${m}`),
    percentJunk.map((p) => `/${p}`),
    fc.tuple(fc.constantFrom('/api/', '/'), percentJunk).map(([a, b]) => a + b),
    junkText,
  );
  const version = fc.oneof(fc.constant('HTTP/1.1'), fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', '', 'http/1.1'));
  const hostValue = fc.oneof(
    fc.constantFrom(
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `evil.example:${port}`,
      `127.0.0.1:x${port}`,
      '[::1]',
      '[::1',
      '',
      ' ',
      `127.0.0.1:${port}:${port}`,
    ),
    junkText,
  );
  const cookieValue = fc.oneof(
    fc.constant(owner.cookie),
    percentJunk.map((v) => `lavka_session=${v}`),
    junkText,
    fc.constantFrom('lavka_session=%', 'lavka_session=%zz; a=%E0%A4%A', '=;=;;', 'lavka_session'),
  );
  const csrfValue = fc.oneof(fc.constant(owner.csrf), fc.constant('1'), junkText);
  const header = fc.oneof(
    hostValue.map((v) => ['Host', v] as const),
    cookieValue.map((v) => ['Cookie', v] as const),
    csrfValue.map((v) => ['X-Lavka-Csrf', v] as const),
    fc
      .oneof(fc.nat({ max: 3_000_000 }).map(String), fc.constantFrom('-1', 'abc', '1e3', '99999999999999999999', ''))
      .map((v) => ['Content-Length', v] as const),
    fc.constantFrom('chunked', 'gzip, chunked', 'identity', 'x').map((v) => ['Transfer-Encoding', v] as const),
    fc.constantFrom('websocket', 'h2c', 'x').map((v) => ['Upgrade', v] as const),
    fc.constantFrom('Upgrade', 'keep-alive', 'close', 'x').map((v) => ['Connection', v] as const),
    fc.oneof(fc.constant(`http://127.0.0.1:${port}`), junkText).map((v) => ['Origin', v] as const),
    fc.constantFrom('100-continue', 'x').map((v) => ['Expect', v] as const),
    fc.constant(['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='] as const),
    fc.constantFrom('13', '8', 'x').map((v) => ['Sec-WebSocket-Version', v] as const),
    fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), junkText),
    fc.tuple(junkText, junkText),
  );
  const deep = fc.nat({ max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
  const body = fc.oneof(
    fc.constant(''),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    junkText,
    deep,
    fc.constant('0\r\n\r\n'),
    fc.constant('5\r\nhello\r\n0\r\n\r\n'),
  );
  return fc
    .record({ method, target, version, headers: fc.array(header, { maxLength: 8 }), body })
    .map(({ method, target, version, headers, body }) => {
      const withHost = headers.some(([n]) => n === 'Host') ? headers : [['Host', `127.0.0.1:${port}`] as const, ...headers];
      return Buffer.from(`${method} ${target} ${version}\r\n${withHost.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n${body}`, 'utf8');
    });
}

/** Objects nested far deeper than a call's input, as JSON text (too deep for JSON.stringify here). */
const deepInput = fc.nat({ max: 5000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n));

function fuzzedFrame(csrf: string) {
  // Mostly well-formed calls with this session's csrf value, so that most frames reach the core.
  const call = fc.record({
    id: fc.oneof({ arbitrary: fc.nat(), weight: 6 }, fc.double(), fc.string(), fc.constant(null)),
    method: fc.oneof({ arbitrary: fc.constantFrom(...READ_METHODS, ...ODD_METHODS, ...SOCKET_REFUSED), weight: 4 }, junkText),
    input: fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .dictionary(fc.constantFrom('q', 'id', 'code', 'limit', 'name', 'productId', 'x'), fc.jsonValue(), { maxKeys: 3 })
        .map((v) => JSON.stringify(v)),
      deepInput,
      fc.constant('{}'),
    ),
    csrf: fc.oneof({ arbitrary: fc.constant(csrf), weight: 4 }, junkText, fc.integer()),
  });
  return fc.oneof(
    {
      arbitrary: call.map(({ id, method, input, csrf }) => ({
        text: `{"id":${JSON.stringify(id)},"method":${JSON.stringify(method)},"input":${input},"csrf":${JSON.stringify(csrf)}}`,
      })),
      weight: 6,
    },
    fc.json().map((text) => ({ text })),
    junkText.map((text) => ({ text })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ binary: Buffer.from(bytes) })),
  );
}

let srv: Served;
let owner: Signed;
let before: Record<string, unknown[]>;

beforeAll(async () => {
  ensureNodeBuild();
  srv = await serve();
  // Signed in first: the login's own audit row belongs to "before".
  owner = await signIn(srv.port, DEMO.owner.id, DEMO.owner.pin);
  before = dumpDataDir(srv.dataDir);
});
// Whatever order the fuzz ran in: the same process still answers, stops cleanly, and the shop's data is untouched.
afterAll(async () => {
  if (!srv) return;
  try {
    expect(srv.alive()).toBe(true);
    expect(await systemInfo(srv.port)).toBe(200);
    expect(await srv.stop()).toBe(0);
    // The flood left a bounded log: a line per refusal up to a limit a minute, and no stacks.
    expect(srv.output().split('\n').length).toBeLessThan(100);
    expect(srv.output()).not.toMatch(/^\s+at /m);
    expect(dumpDataDir(srv.dataDir)).toEqual(before);
  } finally {
    await srv.dispose();
  }
});

describe('fuzzing the transports (seeded, bounded)', () => {
  it('thousands of malformed requests, headers, cookies and bodies over raw sockets', async () => {
    const cases = fc.sample(fuzzedRequest(owner, srv.port), { seed: SEED, numRuns: 2500 });
    let answered = 0;
    await inParallel(cases, 16, async (bytes) => {
      // Half-closed after the request, as a client that sent everything: every exchange ends promptly.
      const { text } = await rawExchange(srv.port, bytes, { ms: 1500, half: true });
      if (/^HTTP\/1\.1 \d{3}/.test(text)) answered++;
    });
    // Most get an answer (the rest a closed socket); either way the server is still here.
    expect(answered).toBeGreaterThan(cases.length / 2);
    expect(srv.alive()).toBe(true);
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('junk after a good WebSocket handshake: invalid frames, opcodes, lengths and masks', async () => {
    const frames = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 256 }), { seed: SEED + 1, numRuns: 400 });
    const handshake = `GET /api/socket HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nOrigin: http://127.0.0.1:${srv.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: ${owner.cookie}\r\n\r\n`;
    let upgraded = 0;
    await inParallel(frames, 16, async (junk) => {
      const reply = await new Promise<string>((resolve) => {
        let text = '';
        const socket = connect(srv.port, '127.0.0.1', () => socket.write(handshake));
        const timer = setTimeout(() => socket.destroy(), 1500);
        socket.on('data', (d: Buffer) => {
          if (!text) socket.end(junk);
          text += d.toString('latin1');
        });
        socket.on('error', () => {});
        socket.on('close', () => {
          clearTimeout(timer);
          resolve(text);
        });
      });
      if (reply.startsWith('HTTP/1.1 101')) upgraded++;
    });
    expect(upgraded).toBe(frames.length);
    expect(srv.alive()).toBe(true);
    expect(await systemInfo(srv.port)).toBe(200);
  });

  it('thousands of frames on a signed-in socket: unreadable ones close it, calls get an answer each', async () => {
    const frames = fc.sample(fuzzedFrame(owner.csrf), { seed: SEED + 2, numRuns: 1500 });
    let ws: WebSocket | null = null;
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const s = new WebSocket(`ws://127.0.0.1:${srv.port}/api/socket`, {
          headers: { Origin: `http://127.0.0.1:${srv.port}`, Cookie: owner.cookie },
        });
        s.once('open', () => resolve(s));
        s.once('error', reject);
      });
    let answers = 0;
    let closes = 0;
    for (const frame of frames) {
      if (!ws || ws.readyState !== WebSocket.OPEN) ws = await open();
      const socket = ws;
      // A frame, then a call of ours: its answer (or the socket closing) says the frame was dealt with.
      const outcome = await new Promise<'answered' | 'closed'>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const reply = JSON.parse(data.toString()) as { id: unknown; result: { ok: boolean } };
          expect(typeof reply.result.ok).toBe('boolean');
          if (reply.id === -1) done('answered');
        };
        const onClose = () => done('closed');
        const done = (how: 'answered' | 'closed') => {
          socket.off('message', onMessage);
          socket.off('close', onClose);
          resolve(how);
        };
        socket.on('message', onMessage);
        socket.on('close', onClose);
        socket.on('error', () => {});
        if ('binary' in frame) socket.send(frame.binary, { binary: true });
        else socket.send(frame.text);
        if (socket.readyState === WebSocket.OPEN)
          socket.send(JSON.stringify({ id: -1, method: 'system.info', input: {}, csrf: owner.csrf }));
      });
      if (outcome === 'answered') answers++;
      else closes++;
    }
    expect(answers + closes).toBe(frames.length);
    expect(answers).toBeGreaterThan(0);
    ws?.close();
    expect(srv.alive()).toBe(true);
    expect(await systemInfo(srv.port)).toBe(200);
  });
});
