import { describe, expect, it } from 'vitest';
import { addressBlockOf } from './failed-authentication.js';

describe('addressBlockOf', () => {
  it('counts an IPv4 address on its own, also when written IPv4-mapped', () => {
    expect(addressBlockOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlockOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const block = '2001:db8:0:1::/64';
    expect(addressBlockOf('2001:db8:0:1::1')).toBe(block);
    expect(addressBlockOf('2001:0db8:0000:0001:ffff:0000:0000:0002')).toBe(block);
    expect(addressBlockOf('2001:db8:0:1:aaaa::9%eth0')).toBe(block);
    expect(addressBlockOf('2001:db8:0:2::1')).not.toBe(block);
    expect(addressBlockOf('::1')).toBe('0:0:0:0::/64');
  });

  it('counts a request without an address as "unknown"', () => {
    expect(addressBlockOf(undefined)).toBe('unknown');
  });
});
