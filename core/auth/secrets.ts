import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt N=2^14: ~30 ms a check here, slow enough to make offline PIN guessing expensive.
const PARAMS = { N: 16384, r: 8, p: 1 };

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, PARAMS);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/** Verified against when there is no real hash, so a missing user or secret costs the same scrypt as a wrong one. */
const DUMMY = `scrypt$${'5a'.repeat(16)}$${'00'.repeat(32)}`;

/** scrypt runs of verifySecret, and how many of them were against the dummy (tests compare the work of two answers). */
export const secretChecks = { scrypt: 0, dummy: 0 };

/**
 * Checks a secret against a stored hash. Without a usable hash it still runs one scrypt against a dummy and
 * answers false: the time taken must not tell an unknown user (or one without this kind of secret) from a wrong secret.
 */
export function verifySecret(secret: string, stored: string | null): boolean {
  const [kind, saltHex, hashHex] = (stored ?? '').split('$');
  const usable = kind === 'scrypt' && !!saltHex && !!hashHex;
  secretChecks.scrypt++;
  if (!usable) secretChecks.dummy++;
  const [, salt, hash] = (usable ? stored! : DUMMY).split('$') as [string, string, string];
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(secret, Buffer.from(salt, 'hex'), expected.length, PARAMS);
  return usable && timingSafeEqual(expected, actual);
}
