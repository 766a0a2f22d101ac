import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

// scrypt N=2^14: ~30 ms a check here, slow enough to make offline PIN guessing expensive.
const PARAMS = { N: 16384, r: 8, p: 1 };

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32, PARAMS);
  return `scrypt$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifySecret(secret: string, stored: string | null): boolean {
  if (!stored) return false;
  const [kind, saltHex, hashHex] = stored.split('$');
  if (kind !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(secret, Buffer.from(saltHex, 'hex'), expected.length, PARAMS);
  return timingSafeEqual(expected, actual);
}
