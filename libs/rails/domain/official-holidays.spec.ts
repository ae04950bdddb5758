import { EVE_CLOSES_AT, turkishOfficialCalendar } from './official-holidays';

describe('turkishOfficialCalendar (date-holidays, types public and bank)', () => {
  const official = turkishOfficialCalendar();

  it.each([
    ['2026-01-01', "New Year's Day"],
    ['2026-04-23', "National Sovereignty and Children's Day"],
    ['2026-05-01', 'Labour and Solidarity Day'],
    ['2026-05-19', 'Commemoration of Atatürk, Youth and Sports Day'],
    ['2026-07-15', 'Democracy and National Unity Day'],
    ['2026-08-30', 'Victory Day'],
    ['2026-10-29', 'Republic Day'],
  ])('closes the fixed holiday %s (%s) all day', (date, name) => {
    expect(official(date)).toEqual({ name });
  });

  it('closes the three days of Ramazan Bayramı 2026 (20-22 March) and half of its eve, not the Monday after', () => {
    expect(official('2026-03-19')).toEqual({ name: expect.stringContaining('(eve)'), halfDayUntil: EVE_CLOSES_AT });
    for (const date of ['2026-03-20', '2026-03-21', '2026-03-22']) expect(official(date)?.halfDayUntil).toBeUndefined();
    for (const date of ['2026-03-20', '2026-03-21', '2026-03-22']) expect(official(date)).toBeDefined();
    expect(official('2026-03-23')).toBeUndefined();
  });

  it('closes the four days of Kurban Bayramı 2026 (27-30 May) and half of its eve (26 May)', () => {
    expect(official('2026-05-26')?.halfDayUntil).toBe(EVE_CLOSES_AT);
    for (const date of ['2026-05-27', '2026-05-28', '2026-05-29', '2026-05-30']) {
      expect(official(date)).toEqual({ name: expect.stringContaining('Sacrifice') });
    }
    expect(official('2026-05-31')).toBeUndefined();
  });

  it('makes the eve of Republic Day (28 October) a half day', () => {
    expect(official('2026-10-28')).toEqual({ name: 'Republic Day (eve)', halfDayUntil: EVE_CLOSES_AT });
  });

  it('knows ordinary days and observances as ordinary', () => {
    for (const date of ['2026-12-07', '2026-02-14', '2026-11-10', '2027-06-01']) expect(official(date)).toBeUndefined();
  });

  it('answers for any year it is asked about', () => {
    expect(official('2030-01-01')).toEqual({ name: "New Year's Day" });
  });
});
