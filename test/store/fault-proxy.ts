// A TCP proxy between Lavka and the web store that misbehaves on demand. It passes bytes through until a test
// switches its mode; the mode is read whenever the client sends (each HTTP request, also on a kept-alive connection),
// so a switch applies to the very next request without closing anything.
//   pass         forward both ways
//   drop         reset the connection (new ones, and kept-alive ones on their next request)
//   delay        hold each request `ms` before forwarding it
//   cut          forward the request, then pass the response head and `bodyBytes` bytes of its body (at most half of it)
//                and cut the connection
//   status500    answer 500 without asking the store, and close
//   hang         swallow the request and never answer (the client's timeout is what ends it)
// `inject(mode, n)` arms a fault for the next n requests only (then the standing mode again), and counts each one it
// actually applied in `faults`, so a fault run can assert how many faults its client really met. `onRequest` sees each
// request line as it is forwarded (a test kills the store in the middle of a given call with it).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'delay'; ms: number }
  | { kind: 'cut'; bodyBytes?: number }
  | { kind: 'status500' }
  | { kind: 'hang' };

export interface FaultProxy {
  /** http://127.0.0.1:port: point the client here instead of at the store. */
  readonly url: string;
  readonly port: number;
  mode(next: FaultMode): void;
  /** The next `requests` requests get this fault, whatever the standing mode; each applied is counted in `faults`. */
  inject(fault: Exclude<FaultMode, { kind: 'pass' }>, requests?: number): void;
  /** Faults applied by `inject` so far (requests that met one). */
  readonly faults: number;
  /** Requests seen so far (each request line, also on kept-alive connections). */
  readonly requests: number;
  /** Called with each request line (`POST /admin/... HTTP/1.1`) as the request starts; replaces the previous listener. */
  onRequest(listener: ((line: string) => void) | null): void;
  /** Client connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const REQUEST_LINE = /^([A-Z]+ \S+ HTTP\/1\.[01])\r\n/;

export async function startFaultProxy(target: { host?: string; port: number }): Promise<FaultProxy> {
  let mode: FaultMode = { kind: 'pass' };
  let armed: { fault: FaultMode; left: number } | null = null;
  let faults = 0;
  let requests = 0;
  let tap: ((line: string) => void) | null = null;
  let connections = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    connections++;
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    if (mode.kind === 'drop') {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host: target.host ?? '127.0.0.1', port: target.port });
    sockets.add(upstream);
    upstream.once('close', () => sockets.delete(upstream));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);

    // Per connection: the cut armed by the request in flight, and the response bytes seen so far for it.
    let cut: { bodyBytes: number; seen: Buffer } | null = null;
    // Requests held by `delay` keep their order.
    let queue: Promise<void> = Promise.resolve();

    // The mode of the request in flight on this connection: chosen when its first bytes arrive, kept for the rest of
    // its body, so an injected fault applies to whole requests and is counted once.
    let current: FaultMode = mode;
    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.subarray(0, 2048).toString('latin1'));
      if (line) {
        requests++;
        current = mode;
        if (armed && armed.left > 0) {
          current = armed.fault;
          faults++;
          if (--armed.left === 0) armed = null;
        }
        tap?.(line[1]!);
      } else if (current.kind === 'pass' || current.kind === 'delay') current = mode;
      const m = current;
      switch (m.kind) {
        case 'drop':
          client.resetAndDestroy();
          upstream.destroy();
          return;
        case 'hang':
          return;
        case 'status500': {
          const body = '{"type":"unexpected_state","message":"fault proxy: 500"}';
          client.end(
            `HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
          );
          upstream.destroy();
          return;
        }
        case 'cut':
          cut = { bodyBytes: m.bodyBytes ?? 16, seen: Buffer.alloc(0) };
          upstream.write(chunk);
          return;
        case 'delay':
          queue = queue.then(() => new Promise((resolve) => setTimeout(resolve, m.ms))).then(() => void upstream.write(chunk));
          return;
        case 'pass':
          queue = queue.then(() => void upstream.write(chunk));
          return;
      }
    });

    upstream.on('data', (chunk: Buffer) => {
      if (!cut) {
        client.write(chunk);
        return;
      }
      cut.seen = Buffer.concat([cut.seen, chunk]);
      const head = cut.seen.indexOf(HEAD_END);
      if (head < 0) return; // the head is not complete yet: keep it back
      // Cut inside the body whatever its length: at most half of a declared Content-Length.
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(cut.seen.subarray(0, head).toString('latin1'));
      const keep = length ? Math.min(cut.bodyBytes, Math.floor(Number(length[1]) / 2)) : cut.bodyBytes;
      const upTo = head + HEAD_END.length + keep;
      if (cut.seen.length < upTo) return;
      client.write(cut.seen.subarray(0, upTo), () => end());
    });
    upstream.on('end', () => {
      if (cut) {
        // The whole response was shorter than the cut point: what arrived still must not look complete.
        client.write(cut.seen.subarray(0, Math.max(0, cut.seen.length - 1)), () => end());
      } else client.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('fault proxy: no address');
  const port = address.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    mode(next) {
      mode = next;
    },
    inject(fault, requests = 1) {
      armed = { fault, left: requests };
    },
    get faults() {
      return faults;
    },
    get requests() {
      return requests;
    },
    onRequest(listener) {
      tap = listener;
    },
    get connections() {
      return connections;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
