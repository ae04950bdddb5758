import { randomBytes } from 'node:crypto';
import { queryOnce } from '../support/database';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

// What each adapter can pay (currencies, IBAN countries, amount bounds) as routing and payout intake see it, on the
// api booted in this process with both providers on the sandbox.
const GERMAN_IBAN = 'DE89370400440532013000'; // valid mod-97
const SIPAY_MAX = 10_000_000n; // sipay.assumptions.ts AMOUNT_BOUNDS.max [A]

type FieldErrors = { field: string; message: string }[];

describe('what the providers can pay', () => {
  let h: PayoutsApiHarness;
  let counter = 0;
  const admin = (method: string, path: string, body?: unknown) => h.call(method, path, { key: h.keys.admin, body });
  const create = (body: unknown, idempotencyKey = `cov-${counter++}`) =>
    h.call('POST', '/v1/payouts', { key: h.keys.writer, idempotencyKey, body });
  const fieldsOf = (body: Record<string, unknown>) => (body.errors as FieldErrors).map((error) => error.field);
  const payoutCount = async () =>
    Number((await queryOnce<{ n: string }>(h.databaseUrl, 'SELECT count(*)::text AS n FROM payouts'))[0].n);
  const keyCount = async () =>
    Number((await queryOnce<{ n: string }>(h.databaseUrl, 'SELECT count(*)::text AS n FROM idempotency_keys'))[0].n);

  beforeAll(async () => {
    h = await startPayoutsApi(
      'provider_coverage',
      { admin: ['routing:admin'], writer: ['payouts:write', 'payouts:read'] },
      { REDIS_KEY_PREFIX: `pc${randomBytes(3).toString('hex')}:` },
    );
  });
  afterAll(() => h?.close());

  it('shows each adapter’s currencies, IBAN countries and amount bounds on GET /v1/providers', async () => {
    const answer = await admin('GET', '/v1/providers');
    expect(answer.status).toBe(200);
    const byName = Object.fromEntries(
      (answer.body.data as { name: string; capabilities: unknown }[]).map((p) => [p.name, p.capabilities]),
    );
    expect(byName.sipay).toEqual({
      currencies: ['TRY'],
      ibanCountries: ['TR'],
      requiresNationalId: true,
      minAmount: '1',
      maxAmount: SIPAY_MAX.toString(),
    });
    expect(byName.pientegra).toMatchObject({ currencies: ['TRY'], ibanCountries: ['TR'], maxAmount: '100000000' });
  });

  it('explains that Sipay cannot take an amount above its maximum, and routes it to Pientegra', async () => {
    const answer = await admin('POST', '/v1/routing/explain', { ...VALID_PAYOUT, amount: String(SIPAY_MAX + 1n) });
    expect(answer.status).toBe(200);
    const providers = answer.body.providers as { provider: string; eligible: boolean; reason: string }[];
    expect(providers).toContainEqual({
      provider: 'sipay',
      eligible: false,
      reason: `amount above its maximum ${SIPAY_MAX}`,
    });
    expect(providers).toContainEqual({ provider: 'pientegra', eligible: true, reason: 'eligible' });
    expect(answer.body.provider).toBe('pientegra');
    const atMax = await admin('POST', '/v1/routing/explain', { ...VALID_PAYOUT, amount: String(SIPAY_MAX) });
    expect(atMax.body.providers).toContainEqual({ provider: 'sipay', eligible: true, reason: 'eligible' });
  });

  it('explains that no provider pays to a German IBAN', async () => {
    const answer = await admin('POST', '/v1/routing/explain', {
      ...VALID_PAYOUT,
      beneficiary: { ...VALID_PAYOUT.beneficiary, iban: GERMAN_IBAN },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.provider).toBeNull();
    for (const provider of answer.body.providers as { eligible: boolean; reason: string }[]) {
      expect(provider).toMatchObject({ eligible: false, reason: 'does not pay to IBANs of DE' });
    }
  });

  it('refuses a currency no enabled provider pays with 422 naming currency, stores nothing, and keeps the key free', async () => {
    const [payoutsBefore, keysBefore] = [await payoutCount(), await keyCount()];
    const refused = await create({ ...VALID_PAYOUT, currency: 'EUR' }, 'cov-eur');
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ code: 'validation_failed', status: 422 });
    expect(refused.body.errors).toEqual([{ field: 'currency', message: expect.stringContaining('EUR') }]);
    expect([await payoutCount(), await keyCount()]).toEqual([payoutsBefore, keysBefore]);
    // Like every refused request, the key was not consumed: the corrected body creates the payout under it.
    const corrected = await create(VALID_PAYOUT, 'cov-eur');
    expect(corrected.status).toBe(201);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a valid non-Turkish IBAN with 422 naming beneficiary.iban, without echoing it', async () => {
    const before = await payoutCount();
    const refused = await create({ ...VALID_PAYOUT, beneficiary: { ...VALID_PAYOUT.beneficiary, iban: GERMAN_IBAN } });
    expect(refused.status).toBe(422);
    expect(fieldsOf(refused.body)).toEqual(['beneficiary.iban']);
    expect(refused.text).toContain('IBANs of DE');
    expect(refused.text).not.toContain(GERMAN_IBAN);
    expect(await payoutCount()).toBe(before);
  });

  it('refuses a pinned provider that cannot take the payout with 422 naming provider', async () => {
    const noNationalId = await create({
      ...VALID_PAYOUT,
      beneficiary: { name: VALID_PAYOUT.beneficiary.name, iban: VALID_PAYOUT.beneficiary.iban },
      provider: 'sipay',
    });
    expect(noNationalId.status).toBe(422);
    expect(noNationalId.body.errors).toEqual([
      { field: 'provider', message: 'sipay cannot take this payout: requires beneficiary.nationalId' },
    ]);
    const tooLarge = await create({ ...VALID_PAYOUT, amount: String(SIPAY_MAX + 1n), provider: 'sipay' });
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body.errors).toEqual([
      { field: 'provider', message: `sipay cannot take this payout: amount above its maximum ${SIPAY_MAX}` },
    ]);
    // The same payouts unpinned are fine: Pientegra takes them.
    expect((await create({ ...VALID_PAYOUT, amount: String(SIPAY_MAX + 1n) })).status).toBe(201);
  });
});
