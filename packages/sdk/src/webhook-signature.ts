const signatureLength = 32;
const hexSignature = /^[0-9a-f]{64}$/i;
const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** Compares every byte whatever the first difference, so the time taken tells nothing about the secret. */
function equalInConstantTime(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}

/**
 * Whether `signature` (the `X-Parley-Signature` header: hex HMAC-SHA256) was made from `rawBody` with
 * the webhook's `secret`. Pass the body exactly as received, before any JSON parsing. Uses Web Crypto,
 * so it runs in Node ≥ 20, browsers and edge runtimes.
 */
export async function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  secret: string,
): Promise<boolean> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new TypeError('verifyWebhookSignature: Web Crypto (crypto.subtle) is not available');
  if (secret === '') throw new TypeError('verifyWebhookSignature: `secret` is empty');
  const given = signature?.trim() ?? '';
  if (!hexSignature.test(given)) return false;
  const key = await subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  // A copy owns its ArrayBuffer, which Web Crypto's types ask for (a Node Buffer may share a pool).
  const body = typeof rawBody === 'string' ? encoder.encode(rawBody) : new Uint8Array(rawBody);
  const expected = new Uint8Array(await subtle.sign('HMAC', key, body));
  return expected.length === signatureLength && equalInConstantTime(expected, hexToBytes(given));
}
