import type { IncomingMessage, ServerResponse } from 'node:http';
import { failure, type Failure } from '../core/contract/errors';

/** Largest request body and socket frame: a sale of a thousand lines is well under 200 kB. */
export const MAX_BODY = 1024 * 1024;
/** Deepest JSON nesting a call takes: inputs go four or five levels deep; far deeper only exhausts the stack later. */
export const MAX_DEPTH = 32;
/** After a 413 the rest of a body is read and dropped up to this much, so the client reads the answer, not a reset. */
const MAX_DRAIN = 16 * MAX_BODY;
const DRAIN_MS = 15_000;

/** Nesting depth of a parsed JSON value, walked without recursion; stops counting past `max`. */
export function jsonDepth(value: unknown, max = MAX_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d);
    if (deepest > max) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return deepest;
}

export type Body = { ok: true; value: unknown } | { ok: false; status: 400 | 413; failure: Failure };

const tooLarge = (): Body => ({
  ok: false,
  status: 413,
  failure: failure('too_large', `the request body is over ${MAX_BODY / 1024 / 1024} MB`),
});

export const declaredTooLarge = (req: IncomingMessage): boolean => Number(req.headers['content-length'] ?? 0) > MAX_BODY;

/**
 * The JSON body of a call. An empty body is `{}`; a body over MAX_BODY stops being collected at once (the caller
 * answers 413 with refuseTooLarge, which reads and drops the rest); JSON that does not parse or nests deeper than
 * MAX_DEPTH is a 400. Any JSON value is passed on: the core's schema answers a body that is not an object.
 */
export function readBody(req: IncomingMessage): Promise<Body> {
  if (declaredTooLarge(req)) return Promise.resolve(tooLarge());
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (b: Body) => {
      req.off('data', onData);
      req.off('end', onEnd);
      resolve(b);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        // Stop collecting (and listening) here; refuseTooLarge takes the stream over.
        req.pause();
        done(tooLarge());
      } else chunks.push(c);
    };
    const onEnd = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return done({ ok: true, value: {} });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return done({ ok: false, status: 400, failure: failure('validation', 'the request body is not JSON') });
      }
      if (jsonDepth(value) > MAX_DEPTH)
        return done({ ok: false, status: 400, failure: failure('validation', `the request body nests deeper than ${MAX_DEPTH} levels`) });
      done({ ok: true, value });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // An aborted upload: nobody is left to read the answer, but the call must not wait for a body forever.
    const cutOff = () => done({ ok: false, status: 400, failure: failure('validation', 'the request body was cut off') });
    req.on('error', cutOff);
    req.on('close', () => {
      if (!req.complete) cutOff();
    });
  });
}

/**
 * Answers 413 at once (the whole JSON answer, with its length, so a client can read it while still sending), then
 * reads and drops the rest of the body and only then ends the exchange: a socket closed with unread data in it is
 * reset, and the client would see the reset instead of the answer. A client that sends far more, or takes too long,
 * is cut off.
 */
export function refuseTooLarge(req: IncomingMessage, res: ServerResponse, body: Failure, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(413, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': String(Buffer.byteLength(text)),
    Connection: 'close',
  });
  if (req.complete) return void res.end(text);
  res.write(text);
  let drained = 0;
  const timer = setTimeout(() => res.destroy(), DRAIN_MS);
  timer.unref();
  const finish = () => {
    clearTimeout(timer);
    req.off('data', onData);
    res.end();
  };
  const onData = (c: Buffer) => {
    drained += c.length;
    if (drained > MAX_DRAIN) {
      clearTimeout(timer);
      res.destroy();
    }
  };
  req.on('data', onData);
  req.once('end', finish);
  res.once('close', () => clearTimeout(timer));
  req.resume();
}
