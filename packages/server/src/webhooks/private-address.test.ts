import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress } from './private-address.js';

const privateAddresses = [
  // IPv4
  '127.0.0.1',
  '127.255.255.254',
  '0.0.0.0',
  '0.1.2.3',
  '10.0.0.1',
  '10.255.255.255',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.0.1',
  '192.168.255.255',
  '169.254.169.254',
  '100.64.0.1',
  '100.127.255.255',
  '192.0.0.8',
  '198.18.0.1',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  // IPv6
  '::',
  '::1',
  '0:0:0:0:0:0:0:1',
  'fe80::1',
  'fe80::1%eth0',
  'febf::1',
  'fec0::1',
  'fc00::1',
  'fd12:3456:789a::1',
  'ff02::1',
  'ff05::1:3',
  // IPv4-mapped, -compatible and -translated IPv6
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::FFFF:7F00:0001',
  '0:0:0:0:0:ffff:7f00:1',
  '::ffff:10.0.0.1',
  '::ffff:a9fe:a9fe',
  '::ffff:192.168.1.1',
  '::ffff:0.0.0.0',
  '::127.0.0.1',
  '::7f00:1',
  '::ffff:0:127.0.0.1',
  // NAT64 and 6to4
  '64:ff9b::127.0.0.1',
  '64:ff9b::a00:1',
  '64:ff9b::169.254.169.254',
  '64:ff9b:1::8.8.8.8',
  '2002:7f00:1::1',
  '2002:c0a8:101::',
  // not addresses at all: fail closed
  '',
  'localhost',
  'example.com',
  '[::1]',
  '127.0.0.1:80',
  '127.1',
  '0x7f.0.0.1',
  '2130706433',
  '256.0.0.1',
  ' 8.8.8.8',
];

const publicAddresses = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '172.15.255.255',
  '172.32.0.1',
  '100.63.255.255',
  '100.128.0.1',
  '169.253.255.255',
  '192.167.255.255',
  '223.255.255.255',
  '11.0.0.1',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:81a::200e',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
  'fbff::1',
  'fe7f::1',
];

describe('isPrivateAddress', () => {
  it.each(privateAddresses)('refuses %j', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(publicAddresses)('allows %j', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('judges an IPv4 address and its mapped, NAT64 and 6to4 forms alike', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        const [first = 0, second = 0, third = 0, fourth = 0] = address.split('.').map(Number);
        const high = ((first << 8) | second).toString(16);
        const low = ((third << 8) | fourth).toString(16);
        const expected = isPrivateAddress(address);
        expect(isPrivateAddress(`::ffff:${address}`)).toBe(expected);
        expect(isPrivateAddress(`::ffff:${high}:${low}`)).toBe(expected);
        expect(isPrivateAddress(`64:ff9b::${address}`)).toBe(expected);
        expect(isPrivateAddress(`2002:${high}:${low}::1`)).toBe(expected);
      }),
    );
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    'https://example.com/hooks',
    'http://example.com:8080/hooks?x=1',
    'https://8.8.8.8/hook',
    'https://[2606:4700:4700::1111]/hook',
    'https://localhost.example.com/hook',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, false)).toBeNull();
  });

  it.each([
    ['not a url', 'is not a valid URL'],
    ['ftp://example.com/file', 'must use http or https'],
    ['file:///etc/passwd', 'must use http or https'],
    ['javascript:alert(1)', 'must use http or https'],
    ['https://user:pass@example.com/hook', 'must not contain a username or password'],
    ['https://user@example.com/hook', 'must not contain a username or password'],
  ])('refuses %s whatever allowPrivate says', (url, problem) => {
    expect(checkWebhookUrl(url, false)).toBe(problem);
    expect(checkWebhookUrl(url, true)).toBe(problem);
  });

  it.each([
    'http://127.0.0.1:3000/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://0/hook',
    'http://10.1.2.3/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/hook',
    'http://[::]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:7f00:1]/hook',
    'http://[fd00::1]/hook',
    'http://[64:ff9b::10.0.0.1]/hook',
    'http://localhost/hook',
    'http://LOCALHOST:8080/hook',
    'http://localhost./hook',
    'http://api.localhost/hook',
  ])('refuses the private %s unless allowed', (url) => {
    expect(checkWebhookUrl(url, false)).toMatch(/private address/);
    expect(checkWebhookUrl(url, true)).toBeNull();
  });
});
