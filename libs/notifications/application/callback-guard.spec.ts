import { CallbackGuard, type AddressResolver } from './callback-guard';

const resolverOf = (answers: Record<string, string[] | Error>): AddressResolver & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (hostname) => {
      asked.push(hostname);
      const answer = answers[hostname];
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
  };
};

const production = { allowedHosts: [], isDevelopment: false };

describe('CallbackGuard', () => {
  it('resolves the name at check time and returns the addresses it checked', async () => {
    const resolver = resolverOf({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1::1'] });
    const result = await new CallbackGuard(resolver, production).check('https://hooks.example.com/payouts?t=1');
    expect(result).toEqual({
      ok: true,
      url: new URL('https://hooks.example.com/payouts?t=1'),
      addresses: ['93.184.216.34', '2606:2800:220:1::1'],
    });
    expect(resolver.asked).toEqual(['hooks.example.com']);
  });

  it('refuses a public-looking name that now points inside the network (checked on every try)', async () => {
    const answers: Record<string, string[]> = { 'hooks.example.com': ['93.184.216.34'] };
    const guard = new CallbackGuard(resolverOf(answers), production);
    expect((await guard.check('https://hooks.example.com/')).ok).toBe(true);
    answers['hooks.example.com'] = ['169.254.169.254'];
    expect(await guard.check('https://hooks.example.com/')).toEqual({
      ok: false,
      reason: expect.stringContaining('169.254.169.254 (link-local)'),
    });
  });

  it('refuses a name with one private address among public ones', async () => {
    const guard = new CallbackGuard(resolverOf({ 'mixed.example': ['93.184.216.34', 'fd00::1'] }), production);
    expect(await guard.check('https://mixed.example/')).toEqual({
      ok: false,
      reason: expect.stringContaining('fd00::1 (unique-local)'),
    });
  });

  it('does not resolve IP literals, and judges them directly', async () => {
    const resolver = resolverOf({});
    const guard = new CallbackGuard(resolver, production);
    expect((await guard.check('https://10.0.0.7/hook')).ok).toBe(false);
    expect((await guard.check('https://[::ffff:192.168.1.1]/hook')).ok).toBe(false);
    expect(await guard.check('https://8.8.8.8/hook')).toMatchObject({ ok: true, addresses: ['8.8.8.8'] });
    expect(resolver.asked).toEqual([]);
  });

  it('reports a name that does not resolve', async () => {
    const guard = new CallbackGuard(
      resolverOf({ 'gone.example': new Error('getaddrinfo ENOTFOUND gone.example') }),
      production,
    );
    expect(await guard.check('https://gone.example/')).toEqual({
      ok: false,
      reason: 'gone.example does not resolve: getaddrinfo ENOTFOUND gone.example',
    });
  });

  it('lets an allowlisted host reach a private address', async () => {
    const guard = new CallbackGuard(resolverOf({ 'payments.internal': ['10.20.0.4'] }), {
      allowedHosts: ['payments.internal'],
      isDevelopment: false,
    });
    expect(await guard.check('https://payments.internal/hook')).toMatchObject({ ok: true, addresses: ['10.20.0.4'] });
  });

  it('allows http to loopback in development only', async () => {
    const resolver = resolverOf({ localhost: ['127.0.0.1', '::1'] });
    expect(
      (await new CallbackGuard(resolver, { allowedHosts: [], isDevelopment: true }).check('http://localhost:9000/')).ok,
    ).toBe(true);
    expect((await new CallbackGuard(resolver, production).check('http://localhost:9000/')).ok).toBe(false);
    expect((await new CallbackGuard(resolver, production).check('https://localhost:9000/')).ok).toBe(false);
  });
});
