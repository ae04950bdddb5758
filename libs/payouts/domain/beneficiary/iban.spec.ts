import { bankCodeFromTurkishIban, checkIban, ibanLast4, maskIban } from './iban';

const FIXTURE_IBAN = 'TR320010009999901234567890'; // api.md example and the provider fixtures

describe('checkIban', () => {
  it.each([
    [FIXTURE_IBAN, FIXTURE_IBAN, 'TR'],
    ['TR33 0006 1005 1978 6457 8413 26', 'TR330006100519786457841326', 'TR'],
    ['tr32 0010 0099 9990 1234 5678 90', FIXTURE_IBAN, 'TR'],
    ['  TR320010009999901234567890\u00a0', FIXTURE_IBAN, 'TR'],
    ['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'DE'],
  ])('accepts %j as %s', (input, iban, country) => {
    expect(checkIban(input)).toEqual({ ok: true, iban, country });
  });

  it.each([
    ['empty', '', /is required/],
    ['only spaces', '   ', /is required/],
    ['a hyphenated form', 'TR32-0010-0099-9990-1234-5678-90', /only letters, digits and spaces/],
    ['a non-ASCII letter', 'TR32001000999990123456789İ', /only letters, digits and spaces/],
    ['an unknown country', 'XX320010009999901234567890', /known IBAN country/],
    ['a Turkish IBAN one short', 'TR32001000999990123456789', /26 characters long for TR/],
    ['a Turkish IBAN one long', 'TR3200100099999012345678901', /26 characters long for TR/],
    ['letters in the bank code', 'TR3200A0009999901234567890', /account format of TR/],
    ['a wrong check digit', 'TR330010009999901234567890', /mod-97/],
    ['a changed account digit', 'TR320010009999901234567891', /mod-97/],
    ['letters as check digits', 'TRAB0010009999901234567890', /mod-97/],
    ['the all-zero placeholder', 'TR000000000000000000000000', /mod-97/],
  ])('refuses %s without echoing it', (_label, input, message) => {
    const result = checkIban(input);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(message) });
    if (!result.ok && input.trim() !== '') {
      expect(result.message).not.toContain(input.replace(/\s/g, '').slice(4));
    }
  });
});

describe('bankCodeFromTurkishIban', () => {
  it('reads the 5 digits after the check digits, as api.md shows for its example', () => {
    expect(bankCodeFromTurkishIban(FIXTURE_IBAN)).toBe('00100');
    expect(bankCodeFromTurkishIban('TR330006100519786457841326')).toBe('00061');
  });

  it('normalises the printed form first', () => {
    expect(bankCodeFromTurkishIban('tr33 0006 1005 1978 6457 8413 26')).toBe('00061');
  });

  it('has no bank code for another country', () => {
    expect(bankCodeFromTurkishIban('DE89370400440532013000')).toBeUndefined();
  });
});

describe('ibanLast4 and maskIban', () => {
  it('show the last four characters only', () => {
    expect(ibanLast4(FIXTURE_IBAN)).toBe('7890');
    expect(ibanLast4('TR32 0010 0099 9990 1234 5678 90')).toBe('7890');
    expect(maskIban(FIXTURE_IBAN)).toBe('**********************7890');
    expect(maskIban(FIXTURE_IBAN)).toHaveLength(26);
  });

  it('hide nothing extra for a too-short value and never fail', () => {
    expect(maskIban('123')).toBe('123');
    expect(ibanLast4('')).toBe('');
  });
});
