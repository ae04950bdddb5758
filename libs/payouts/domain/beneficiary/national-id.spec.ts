import { checkNationalId, isValidTckn, isValidVkn } from './national-id';

describe('isValidTckn', () => {
  it.each(['10000000146', '17291716060'])('accepts the known-valid TCKN %s', (tckn) => {
    expect(isValidTckn(tckn)).toBe(true);
  });

  it.each([
    ['a wrong 10th digit', '10000000156'],
    ['a wrong 11th digit', '10000000147'],
    ['the stdnum counter-example', '17291716050'],
    ['a leading zero', '07291716092'],
    ['10 digits', '1000000014'],
    ['12 digits', '100000001460'],
    ['letters', '1000000014a'],
    ['all the same digit', '11111111111'],
  ])('refuses %s', (_label, value) => {
    expect(isValidTckn(value)).toBe(false);
  });

  it('handles a negative 10th-digit sum (7 x odd < even)', () => {
    // odd digits 1,0,0,0,0 -> 7; even 9,9,9,9 -> 36; (7 - 36) mod 10 = 1; sum of 10 digits = 38 -> 8
    expect(isValidTckn('19090909018')).toBe(true);
    expect(isValidTckn('19090909008')).toBe(false);
  });
});

describe('isValidVkn', () => {
  // From the python-stdnum tr.vkn test list ("found online").
  it.each(['0010213576', '0010441520', '1050060784', '3250592377', '4540536920', '6130847655', '9990112519'])(
    'accepts the known-valid VKN %s',
    (vkn) => {
      expect(isValidVkn(vkn)).toBe(true);
    },
  );

  it('refuses every other check digit', () => {
    const others = [...'123456789'].map((digit) => `454053692${digit}`);
    expect(others.filter(isValidVkn)).toEqual([]);
  });

  it.each(['454053692', '45405369200', '454053692a', ''])('refuses the malformed %j', (value) => {
    expect(isValidVkn(value)).toBe(false);
  });
});

describe('checkNationalId', () => {
  it('tells a TCKN from a VKN by length', () => {
    expect(checkNationalId('10000000146')).toEqual({ ok: true, kind: 'tckn' });
    expect(checkNationalId('4540536920')).toEqual({ ok: true, kind: 'vkn' });
  });

  it.each([
    ['spaces', '100 0000 0146', /only digits/],
    ['a sign', '+10000000146', /only digits/],
    ['empty', '', /only digits/],
    ['9 digits', '123456789', /11 digits \(TCKN\) or 10 digits \(VKN\)/],
    ['12 digits', '123456789012', /11 digits \(TCKN\) or 10 digits \(VKN\)/],
    ['a TCKN with a leading zero', '01234567890', /cannot start with 0/],
    ['a TCKN with a bad checksum', '10000000147', /not a valid TCKN/],
    ['a VKN with a bad checksum', '4540536921', /not a valid VKN/],
  ])('refuses %s without echoing the number', (_label, value, message) => {
    const result = checkNationalId(value);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(message) });
    if (!result.ok && value !== '') expect(result.message).not.toContain(value);
  });
});
