import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

type Body = Record<string, unknown>;
const withBeneficiary = (beneficiary: Body): Body => ({
  ...VALID_PAYOUT,
  beneficiary: { ...VALID_PAYOUT.beneficiary, ...beneficiary },
});
const without = (field: string): Body =>
  Object.fromEntries(Object.entries(VALID_PAYOUT).filter(([key]) => key !== field));
const manyKeys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']));

// Every rule of POST /v1/payouts, each refused with 400 validation_failed naming its field path.
const CASES: [string, string, Body][] = [
  ['a missing amount', 'amount', without('amount')],
  ['an amount sent as a JSON number', 'amount', { ...VALID_PAYOUT, amount: 250000 }],
  ['a zero amount', 'amount', { ...VALID_PAYOUT, amount: '0' }],
  ['a negative amount', 'amount', { ...VALID_PAYOUT, amount: '-100' }],
  ['an amount with a decimal point', 'amount', { ...VALID_PAYOUT, amount: '2500.00' }],
  ['an amount with leading zeros', 'amount', { ...VALID_PAYOUT, amount: '0100' }],
  ['an amount above 2^63-1', 'amount', { ...VALID_PAYOUT, amount: '9223372036854775808' }],
  ['an amount in exponent form', 'amount', { ...VALID_PAYOUT, amount: '1e5' }],
  ['a missing currency', 'currency', without('currency')],
  ['a currency that is not ISO 4217', 'currency', { ...VALID_PAYOUT, currency: 'XYZ' }],
  ['a lower-case currency', 'currency', { ...VALID_PAYOUT, currency: 'try' }],
  ['a missing beneficiary', 'beneficiary', without('beneficiary')],
  ['a beneficiary that is a string', 'beneficiary', { ...VALID_PAYOUT, beneficiary: 'Ahmet' }],
  ['a beneficiary that is an array', 'beneficiary', { ...VALID_PAYOUT, beneficiary: [] }],
  ['a missing beneficiary name', 'beneficiary.name', withBeneficiary({ name: undefined })],
  ['a beneficiary name with digits', 'beneficiary.name', withBeneficiary({ name: 'Ahmet 2' })],
  ['a one-letter beneficiary name', 'beneficiary.name', withBeneficiary({ name: 'A' })],
  ['a missing IBAN', 'beneficiary.iban', withBeneficiary({ iban: undefined })],
  ['an IBAN with wrong check digits', 'beneficiary.iban', withBeneficiary({ iban: 'TR330010009999901234567890' })],
  ['a Turkish IBAN of the wrong length', 'beneficiary.iban', withBeneficiary({ iban: 'TR32001000999990123456789' })],
  ['an IBAN of an unknown country', 'beneficiary.iban', withBeneficiary({ iban: 'XX320010009999901234567890' })],
  ['an IBAN sent as a number', 'beneficiary.iban', withBeneficiary({ iban: 320010009999901 })],
  ['a TCKN with a bad checksum', 'beneficiary.nationalId', withBeneficiary({ nationalId: '10000000147' })],
  ['a VKN with a bad checksum', 'beneficiary.nationalId', withBeneficiary({ nationalId: '1234567891' })],
  ['a national id of the wrong length', 'beneficiary.nationalId', withBeneficiary({ nationalId: '123456789' })],
  ['an unknown beneficiary field', 'beneficiary.nationalID', withBeneficiary({ nationalID: '10000000146' })],
  ['a customer that is not an object', 'customer', { ...VALID_PAYOUT, customer: 'user-1' }],
  ['a customer without an id', 'customer.id', { ...VALID_PAYOUT, customer: { label: 'x' } }],
  [
    'a customer label that is too long',
    'customer.label',
    { ...VALID_PAYOUT, customer: { id: 'u', label: 'x'.repeat(129) } },
  ],
  ['a reference that is too long', 'reference', { ...VALID_PAYOUT, reference: 'r'.repeat(129) }],
  ['an empty reference', 'reference', { ...VALID_PAYOUT, reference: '' }],
  ['a description that is too long', 'description', { ...VALID_PAYOUT, description: 'd'.repeat(501) }],
  ['metadata that is an array', 'metadata', { ...VALID_PAYOUT, metadata: ['a'] }],
  ['metadata with 21 keys', 'metadata', { ...VALID_PAYOUT, metadata: manyKeys(21) }],
  ['metadata with a number value', 'metadata', { ...VALID_PAYOUT, metadata: { orderId: 991 } }],
  ['metadata with a 501-character value', 'metadata', { ...VALID_PAYOUT, metadata: { note: 'n'.repeat(501) } }],
  ['a provider that is not a string', 'provider', { ...VALID_PAYOUT, provider: 7 }],
  ['a provider nobody registered', 'provider', { ...VALID_PAYOUT, provider: 'acmepay' }],
  ['an unknown top-level field', 'amountMinor', { ...VALID_PAYOUT, amountMinor: '1' }],
];

describe('POST /v1/payouts validation', () => {
  let h: PayoutsApiHarness;
  let counter = 0;
  /** `null` sends no Idempotency-Key at all. */
  const send = (body: Body | string, idempotencyKey: string | null = `v-${counter++}`) =>
    h.call('POST', '/v1/payouts', {
      key: h.keys.writer,
      idempotencyKey: idempotencyKey ?? undefined,
      ...(typeof body === 'string' ? { raw: body } : { body }),
    });

  beforeAll(async () => {
    h = await startPayoutsApi('payouts_validation', { writer: ['payouts:write', 'payouts:read'] });
  });
  afterAll(() => h?.close());

  it('accepts the valid body the cases below are made from, and the limits themselves', async () => {
    expect((await send(VALID_PAYOUT)).status).toBe(201);
    const atLimits = {
      ...VALID_PAYOUT,
      // printed IBAN form, and a VKN (10 digits) instead of a TCKN
      beneficiary: { name: 'Ahmet Yılmaz', iban: 'tr32 0010 0099 9990 1234 5678 90', nationalId: '1234567890' },
      metadata: { ...manyKeys(19), note: 'n'.repeat(500) },
    };
    const created = await send(atLimits);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ beneficiary: { ibanLast4: '7890' } });
    // The largest amount the API can hold is well-formed (not 400), but no provider pays it: 422 naming amount.
    const largest = await send({ ...VALID_PAYOUT, amount: '9223372036854775807' });
    expect(largest.status).toBe(422);
    expect(largest.body).toMatchObject({
      code: 'validation_failed',
      errors: [expect.objectContaining({ field: 'amount' })],
    });
    const noNationalId = await send({
      ...VALID_PAYOUT,
      beneficiary: { ...VALID_PAYOUT.beneficiary, nationalId: null },
    });
    expect(noNationalId.status).toBe(201);
  });

  it.each(CASES)('refuses %s, naming %s', async (_case, field, body) => {
    const answer = await send(body);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'validation_failed', status: 400, title: expect.any(String) });
    const fields = (answer.body.errors as { field: string; message: string }[]).map((error) => error.field);
    expect(fields).toContain(field);
    expect(answer.text).not.toContain('TR330010009999901234567890');
  });

  it('lists every invalid field of one body at once', async () => {
    const answer = await send({ amount: 'x', currency: 'TRY', beneficiary: { name: '1', iban: 'TR00' }, extra: true });
    expect((answer.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual(
      ['amount', 'beneficiary.iban', 'beneficiary.name', 'extra'].sort(),
    );
  });

  it('refuses a body that is not JSON', async () => {
    const answer = await send('{"amount": "250000",');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'validation_failed' });
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['longer than 255 characters', 'k'.repeat(256)],
  ])('requires the Idempotency-Key header: %s is refused naming Idempotency-Key', async (_case, key) => {
    const answer = await send(VALID_PAYOUT, key);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('accepts a 255-character Idempotency-Key', async () => {
    expect((await send(VALID_PAYOUT, 'k'.repeat(255))).status).toBe(201);
  });
});
