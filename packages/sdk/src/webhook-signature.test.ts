import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from './index.js';

const secret = 'whsec_0123456789abcdef0123';
const body = JSON.stringify({
  event: 'conversation.escalated',
  timestamp: '2024-01-15T14:30:00Z',
  data: { session_id: 'sess_1', note: 'Zoë — ünïcödé ✓' },
});
const signatureOf = (raw: string | Buffer, key = secret) =>
  createHmac('sha256', key).update(raw).digest('hex');

describe('verifyWebhookSignature', () => {
  it('accepts the signature node:crypto computes, for a string, a Buffer or a Uint8Array body', async () => {
    const signature = signatureOf(body);
    expect(await verifyWebhookSignature(body, signature, secret)).toBe(true);
    expect(await verifyWebhookSignature(Buffer.from(body), signature, secret)).toBe(true);
    expect(await verifyWebhookSignature(new TextEncoder().encode(body), signature, secret)).toBe(true);
    const pooled = Buffer.concat([Buffer.from('prefix'), Buffer.from(body)]).subarray('prefix'.length);
    expect(await verifyWebhookSignature(pooled, signature, secret)).toBe(true);
  });

  it('accepts binary bodies and upper-case hex or surrounding spaces in the header', async () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13]);
    expect(await verifyWebhookSignature(bytes, signatureOf(bytes), secret)).toBe(true);
    expect(await verifyWebhookSignature(body, ` ${signatureOf(body).toUpperCase()} `, secret)).toBe(true);
  });

  it('refuses a tampered body, another secret or a different signature', async () => {
    const signature = signatureOf(body);
    expect(await verifyWebhookSignature(body.replace('sess_1', 'sess_2'), signature, secret)).toBe(false);
    expect(await verifyWebhookSignature(`${body} `, signature, secret)).toBe(false);
    expect(await verifyWebhookSignature(body, signature, `${secret}x`)).toBe(false);
    expect(await verifyWebhookSignature(body, signatureOf(body, 'another-secret-value'), secret)).toBe(false);
    const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
    expect(await verifyWebhookSignature(body, flipped, secret)).toBe(false);
  });

  it('refuses a missing or malformed signature without throwing', async () => {
    const signature = signatureOf(body);
    for (const given of [
      undefined,
      null,
      '',
      signature.slice(0, 63),
      `${signature}00`,
      `sha256=${signature}`,
      `${signature.slice(0, 62)}zz`,
      createHmac('sha1', secret).update(body).digest('hex'),
    ]) {
      expect(await verifyWebhookSignature(body, given, secret), String(given)).toBe(false);
    }
  });

  it('throws for an empty secret, a configuration mistake', async () => {
    await expect(verifyWebhookSignature(body, signatureOf(body), '')).rejects.toThrow(TypeError);
  });
});
