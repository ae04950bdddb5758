import { sqlLiteralList } from './sql-literals';

describe('sqlLiteralList', () => {
  it('quotes each constant once, in order, for a CHECK or an IN', () => {
    expect(sqlLiteralList(['fast', 'eft'])).toBe(`'fast', 'eft'`);
    expect(sqlLiteralList(new Set(['pending']))).toBe(`'pending'`);
  });
});
