import { checkCallbackUrl, checkResolvedAddresses, type CallbackPolicy } from './callback-policy';

const production: CallbackPolicy = { allowedHosts: [], isDevelopment: false };
const development: CallbackPolicy = { allowedHosts: [], isDevelopment: true };

const targetOf = (url: string, policy: CallbackPolicy) => {
  const checked = checkCallbackUrl(url, policy);
  if (!checked.ok) throw new Error(checked.reason);
  return checked.target;
};

describe('checkCallbackUrl', () => {
  it('accepts https and refuses plain http outside development', () => {
    expect(checkCallbackUrl('https://hooks.example.com/payouts', production).ok).toBe(true);
    expect(checkCallbackUrl('http://hooks.example.com/payouts', production)).toEqual({
      ok: false,
      reason: expect.stringContaining('only https'),
    });
    expect(checkCallbackUrl('http://hooks.example.com/payouts', development).ok).toBe(true);
  });

  it('refuses other schemes, credentials and things that are not URLs', () => {
    expect(checkCallbackUrl('ftp://example.com/', development).ok).toBe(false);
    expect(checkCallbackUrl('file:///etc/passwd', development).ok).toBe(false);
    expect(checkCallbackUrl('https://user:pw@example.com/', production).ok).toBe(false);
    expect(checkCallbackUrl('not a url', production).ok).toBe(false);
  });

  it('normalises the host and recognises IP literals, however they are written', () => {
    expect(targetOf('https://[::1]:8443/x', production)).toMatchObject({ hostname: '::1', literalAddress: '::1' });
    expect(targetOf('https://0x7f.1/', production)).toMatchObject({ literalAddress: '127.0.0.1' });
    expect(targetOf('https://2130706433/', production)).toMatchObject({ literalAddress: '127.0.0.1' });
    expect(targetOf('https://Hooks.Example.COM/', production)).toMatchObject({ hostname: 'hooks.example.com' });
    expect(targetOf('https://hooks.example.com/', production).literalAddress).toBeUndefined();
  });

  it('marks allowlisted hosts, case-insensitively and with IPv6 brackets or without', () => {
    const policy = { allowedHosts: ['Internal.Example', '[fd00::5]'], isDevelopment: false };
    expect(targetOf('https://internal.example/', policy).isAllowlisted).toBe(true);
    expect(targetOf('https://[fd00::5]/', policy).isAllowlisted).toBe(true);
    expect(targetOf('https://other.example/', policy).isAllowlisted).toBe(false);
  });
});

describe('checkResolvedAddresses', () => {
  const target = targetOf('https://hooks.example.com/', production);

  it('lets public addresses through', () => {
    expect(checkResolvedAddresses(target, ['93.184.216.34', '2606:2800:220:1::1'], production)).toEqual({ ok: true });
  });

  it.each([
    ['10.0.0.5', 'private'],
    ['192.168.0.10', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['224.0.0.251', 'multicast'],
    ['::ffff:10.0.0.5', 'private'],
  ])('refuses %s (%s) and says which address it was', (address, kind) => {
    const verdict = checkResolvedAddresses(target, [address], production);
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining(`${address} (${kind})`) });
  });

  it('refuses the whole name when any one of its addresses is not public', () => {
    expect(checkResolvedAddresses(target, ['93.184.216.34', '10.0.0.5'], production).ok).toBe(false);
  });

  it('refuses a name without addresses', () => {
    expect(checkResolvedAddresses(target, [], production).ok).toBe(false);
  });

  it('allows loopback, and only loopback, in development', () => {
    expect(checkResolvedAddresses(target, ['127.0.0.1', '::1'], development)).toEqual({ ok: true });
    expect(checkResolvedAddresses(target, ['10.0.0.5'], development).ok).toBe(false);
  });

  it('allows anything for an allowlisted host', () => {
    const policy = { allowedHosts: ['hooks.example.com'], isDevelopment: false };
    const allowlisted = targetOf('https://hooks.example.com/', policy);
    expect(checkResolvedAddresses(allowlisted, ['10.0.0.5', '127.0.0.1'], policy)).toEqual({ ok: true });
  });
});
