import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex of a high-entropy secret (keys, share tokens): what the store keeps. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'hex');
  const rightBytes = Buffer.from(right, 'hex');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}

/** `sk_…a1b2`: enough to recognise a key, useless to use it. */
export function maskSecret(secret: string): string {
  const separator = secret.indexOf('_');
  const prefix = separator > 0 && separator <= 4 ? secret.slice(0, separator + 1) : '';
  return `${prefix}…${secret.slice(-4)}`;
}
