// POST /api/upload: a file for import (a supplier's price list) streamed into the core's upload store, never held
// in memory and never through the 1 MB JSON body limit. It answers `{ok, value: {token, name, size}}`; later calls
// (pricelist.sheets, pricelist.dryRun) name the file by that token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Session } from '../core/auth/sessions';
import { failure, type Failure } from '../core/contract/errors';
import { AppError } from '../core/errors';
import type { AppHost } from '../core/host';
import { MAX_UPLOAD } from '../core/pricelists/uploads';
import { refuseTooLarge } from './body';

export const UPLOAD_PATH = '/api/upload';
/** The file's own name, percent-encoded (a header carries ASCII only); shown back to the user, never used as a path. */
const NAME_HEADER = 'x-lavka-file-name';

export const uploadTooLarge = (req: IncomingMessage): boolean => Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD;

/** Who may send files: those who import into the catalog (a cashier's session cannot fill the disk). */
const mayUpload = (s: Session): boolean => s.permissions.has('price.edit') || s.permissions.has('catalog.edit');

function fileName(req: IncomingMessage): string {
  const raw = req.headers[NAME_HEADER];
  if (typeof raw !== 'string') return 'file';
  try {
    return decodeURIComponent(raw);
  } catch {
    return 'file';
  }
}

/**
 * Called after the transport's own checks of Host and csrf (`session` is the caller's, already admitted). `send`
 * answers in the transport's JSON shape.
 */
export async function receiveUpload(
  core: AppHost,
  req: IncomingMessage,
  res: ServerResponse,
  session: Session | null,
  send: (status: number, body: unknown) => void,
): Promise<void> {
  if (!session) return send(401, failure('unauthenticated', 'log in first'));
  if (!mayUpload(session)) return send(403, failure('forbidden', 'sending files for import needs price.edit or catalog.edit'));
  const uploads = core.core?.svc.uploads;
  if (!uploads) return send(503, failure('db_damaged', 'the shop database is not open'));
  const tooLarge: Failure = failure('too_large', `the file is over ${MAX_UPLOAD / 1024 / 1024} MB`);
  if (uploadTooLarge(req)) return refuseTooLarge(req, res, tooLarge);
  try {
    send(200, { ok: true, value: await uploads.receive(req, session.userId, fileName(req)) });
  } catch (err) {
    if (err instanceof AppError && err.code === 'too_large') {
      // A chunked body that ran past the limit: the stream is already cut; answer if the socket still listens.
      if (!res.headersSent && res.writable) send(413, tooLarge);
      return;
    }
    if (req.destroyed || !req.complete) return void res.destroy(); // the client went away mid-upload
    throw err;
  }
}
