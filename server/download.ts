// GET /download/<id>: an exported report's file, streamed from the core's downloads store (core/exports/downloads.ts)
// straight from disk, so neither its bytes nor base64 of them pass through the core's calls. Only the session that
// exported it may fetch it, with the session's csrf value like every call: in the X-Lavka-Csrf header, or (a link
// the page clicks cannot carry a header) as `?csrf=`, which a page of another site cannot know either.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Session } from '../core/auth/sessions';
import { failure, type Failure } from '../core/contract/errors';
import type { HeldDownload } from '../core/exports/downloads';

export const DOWNLOAD_PREFIX = '/download/';

const sameText = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** `attachment` with the name as ASCII (for old clients) and as UTF-8 (RFC 6266), never breaking the header. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export interface DownloadDeps {
  session: Session | null;
  /** The file behind the id for this session, or null. */
  find: (id: string, session: Session) => HeldDownload | null;
  send: (status: number, body: Failure) => void;
  onError: (err: unknown) => void;
}

/** Answers a download after the transport's Host check; the id is the path's last segment. */
export function serveDownload(req: IncomingMessage, res: ServerResponse, pathname: string, d: DownloadDeps): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return d.send(405, failure('validation', 'downloads are GET'));
  }
  if (!d.session) return d.send(401, failure('unauthenticated', 'log in first'));
  const header = req.headers['x-lavka-csrf'];
  const csrf = typeof header === 'string' ? header : (new URL(req.url ?? '/', 'http://lavka.invalid').searchParams.get('csrf') ?? '');
  if (!csrf || !sameText(csrf, d.session.csrf)) return d.send(403, failure('csrf', 'the csrf value does not match this session'));
  const held = d.find(pathname.slice(DOWNLOAD_PREFIX.length), d.session);
  if (!held) return d.send(404, failure('not_found', 'this download is gone (expired, or made by another session): export again'));
  let size: number;
  try {
    size = statSync(held.file).size;
  } catch {
    return d.send(404, failure('not_found', 'this download is gone: export again'));
  }
  res.writeHead(200, {
    'Content-Type': held.mime,
    'Content-Length': String(size),
    'Content-Disposition': contentDisposition(held.fileName),
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(held.file)
    .on('error', (err) => {
      d.onError(err);
      res.destroy();
    })
    .pipe(res);
}
