// Secrets at rest (the web store API key, later) encrypted with the OS keystore through safeStorage.
// Call after app 'ready'. On Linux without a keyring safeStorage silently uses 'basic_text' (a fixed key):
// that is reported, in the log and through the returned flag, so the UI can tell the shop.
import { safeStorage } from 'electron';
import { assessSecretProtection, type SecretProtection } from './policy';

let warned = false;

export function secretProtection(): SecretProtection {
  const available = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const p = assessSecretProtection(process.platform, available, backend);
  if (p.warning && !warned) {
    warned = true;
    console.warn(`[lavka] ${p.warning}`);
  }
  return p;
}

export interface EncryptedSecret {
  /** base64 of safeStorage.encryptString */
  ciphertext: string;
  /** Stored with the secret so the UI can warn later without re-probing. */
  weak: boolean;
}

export function encryptSecret(plain: string): EncryptedSecret {
  const p = secretProtection();
  if (!p.available) throw new Error(p.warning ?? 'OS secret storage is not available');
  return { ciphertext: safeStorage.encryptString(plain).toString('base64'), weak: p.weak };
}

export function decryptSecret(ciphertext: string): string {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('OS secret storage is not available');
  return safeStorage.decryptString(Buffer.from(ciphertext, 'base64'));
}
