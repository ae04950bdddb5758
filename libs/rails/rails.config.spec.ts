import { collectProblems, loadSlice } from '@libs/platform/config';
import { railsConfig } from './rails.config';

describe('railsConfig', () => {
  it('defaults to the central bank’s FAST cap and Mon-Fri 08:30-16:45 Istanbul', () => {
    const { value, problems } = loadSlice(railsConfig, {});
    expect(problems).toEqual([]);
    expect(value.fastMaxAmount).toBe(10_000_000n);
    expect([...value.eftWindow.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(value.eftWindow).toMatchObject({ opensAt: 510, closesAt: 1005 });
  });

  it('takes any day range and the whole day', () => {
    const { value } = loadSlice(railsConfig, { EFT_WINDOW: 'Sat-Sun 00:00-24:00 Europe/Istanbul' });
    expect([...value.eftWindow.days].sort()).toEqual([0, 6]);
    expect(value.eftWindow).toMatchObject({ opensAt: 0, closesAt: 1440 });
  });

  it.each([
    [{ EFT_WINDOW: 'weekdays 9-5' }, 'EFT_WINDOW is invalid'],
    [{ EFT_WINDOW: 'Mon-Fri 16:45-08:30' }, 'closes before it opens'],
    [{ FAST_MAX_AMOUNT: '100000.00' }, 'FAST_MAX_AMOUNT is invalid'],
    [{ FAST_MAX_AMOUNT: '0' }, 'FAST_MAX_AMOUNT is invalid'],
    [{ FAST_MAX_AMOUNT: '-5' }, 'FAST_MAX_AMOUNT is invalid'],
  ])('refuses %j at start-up', (env, message) => {
    expect(collectProblems([railsConfig], env).join('; ')).toContain(message);
  });
});
