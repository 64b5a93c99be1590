import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Seals and opens secrets kept in the store (AES-256-GCM, a fresh 12-byte IV each time). */
export interface SecretBox {
  /** `context` names what the secret is for (e.g. `slack:T0123`); opening needs the same. */
  seal(plaintext: string, context: string): string;
  /** Throws when the text was not sealed with this key and context, or was changed. */
  open(sealed: string, context: string): string;
}

const version = 'v1';

/**
 * A box around the 32-byte `PARLEY_SECRETS_KEY`: `v1.<iv>.<tag>.<ciphertext>`, base64url. The tag
 * authenticates the ciphertext and `aad` (what the secret is for), so a sealed value copied onto
 * another record does not open there.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secrets key must be 32 bytes');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [version, iv, cipher.getAuthTag(), ciphertext].map(encode).join('.');
    },
    open(sealed, context) {
      const [tag, iv, authTag, ciphertext] = sealed.split('.');
      if (tag !== version || !iv || !authTag || ciphertext === undefined)
        throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
