import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt's cost: N = 2^15, r = 8, p = 1 (32 MiB of memory and tens of milliseconds per hash). */
export const passwordHashParameters = { logN: 15, r: 8, p: 1 } as const;

const keyLength = 32;
const saltLength = 16;

/** Password lengths the console accepts. */
export const passwordRule = { minimumLength: 10, maximumLength: 200 } as const;

interface ScryptParameters {
  logN: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, parameters: ScryptParameters): Promise<Buffer> {
  const cost = 2 ** parameters.logN;
  const options: ScryptOptions = {
    N: cost,
    r: parameters.r,
    p: parameters.p,
    // scrypt needs 128 · N · r bytes; Node's default ceiling (32 MiB) is exactly that, so twice it.
    maxmem: 256 * cost * parameters.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * `scrypt$15$8$1$<salt>$<key>` (base64url): the parameters travel with the hash, so they can be
 * raised later while older hashes still verify.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, passwordHashParameters);
  const { logN, r, p } = passwordHashParameters;
  return ['scrypt', logN, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(encoded: string): { parameters: ScryptParameters; salt: Buffer; key: Buffer } | null {
  const [scheme, logN, r, p, salt, key] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return null;
  const parameters = { logN: Number(logN), r: Number(r), p: Number(p) };
  const sane = parameters.logN >= 10 && parameters.logN <= 20 && parameters.r >= 1 && parameters.r <= 32;
  if (!sane || parameters.p < 1 || parameters.p > 16) return null;
  return { parameters, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Whether `password` matches `encoded`, compared in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.parameters);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when a hash was made with weaker parameters than today's (to rehash at the next sign-in). */
export function needsRehash(encoded: string): boolean {
  const parsed = parse(encoded);
  return parsed === null || parsed.parameters.logN < passwordHashParameters.logN;
}

/** A hash of nothing anyone knows, checked against when the email is unknown so both take the same time. */
let dummyHash: Promise<string> | null = null;
export function unknownAccountHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}
