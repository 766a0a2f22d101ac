import type { ErrorCode } from './contract/errors';

/** A failure the caller can act on; anything else thrown is a bug and reported as 'internal'. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** rate_limited only: how long until a try is allowed again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const fail = (code: ErrorCode, message: string): never => {
  throw new AppError(code, message);
};
