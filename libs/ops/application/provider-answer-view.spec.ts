import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toProviderAnswerView } from './provider-answer-view';

const SIPAY_LOOKUP = readFileSync(
  join(__dirname, '../../providers/sipay/fixtures/get-request-withdraw-by-ext-id.response.json'),
  'utf8',
);

describe('toProviderAnswerView', () => {
  it('parses a Sipay lookup without losing a digit and masks the IBAN, national id and account number', () => {
    const view = toProviderAnswerView({ httpStatus: 200, body: SIPAY_LOOKUP, requestCount: 1 });
    const payload = (view?.body as { payload: Record<string, unknown> }).payload;
    expect(payload.tx_correlation_id).toBe('43643643643643643643643');
    expect(payload.base_amount).toBe('720.0000');
    expect(payload.id).toBe('51245474865865865');
    expect(payload.process_level_status).toBe(1);
    const text = JSON.stringify(view);
    expect(text).not.toContain('TR320010009999901234567890');
    expect(text).not.toContain('9999901234567890');
    expect(text).not.toContain('10000000146');
    expect(payload.bank_account_no).toBe('…7890');
    expect(view).toMatchObject({ httpStatus: 200, transportError: null, requestCount: 1 });
  });

  it('shows names as initials only (Sipay name, account_holder_name, to_name; Pientegra targetHolderName)', () => {
    const body = JSON.stringify({
      payload: { name: 'Ahmet Yılmaz', account_holder_name: 'Ahmet Yılmaz', bank_name: 'Ziraat' },
      to_name: 'Ahmet Yılmaz',
      details: [{ targetHolderName: 'Ayşe Demir' }],
    });
    const view = toProviderAnswerView({ httpStatus: 200, body });
    expect(view?.body).toEqual({
      payload: { name: 'A… Y…', account_holder_name: 'A… Y…', bank_name: 'Ziraat' },
      to_name: 'A… Y…',
      details: [{ targetHolderName: 'A… D…' }],
    });
    expect(view?.bodyWithheld).toBeNull();
  });

  it('says why a body is withheld (purged after the retention, or sealed with a key not configured)', () => {
    const purged = toProviderAnswerView({
      httpStatus: 200,
      body: '',
      requestCount: 1,
      withheld: { reason: 'purged', purgedAt: '2027-03-01T00:00:00.000Z' },
    });
    expect(purged).toEqual({
      httpStatus: 200,
      body: null,
      bodyWithheld: 'purged at 2027-03-01T00:00:00.000Z (PROVIDER_BODY_RETENTION)',
      transportError: null,
      requestCount: 1,
    });
    const unreadable = toProviderAnswerView({
      body: '',
      withheld: { reason: 'unreadable', detail: 'a sealed provider.answer needs key "k0", which is not configured' },
    });
    expect(unreadable?.bodyWithheld).toContain('"k0", which is not configured');
  });

  it('keeps a body that is not JSON as text, with IBANs masked', () => {
    const view = toProviderAnswerView({
      httpStatus: 502,
      body: '<html>bad gateway for TR320010009999901234567890</html>',
      transportError: 'socket hang up',
    });
    expect(view?.body).toBe('<html>bad gateway for TR**…7890</html>');
    expect(view?.transportError).toBe('socket hang up');
  });

  it('is null when the provider has not answered yet', () => {
    expect(toProviderAnswerView(null)).toBeNull();
  });
});
