import { DEFAULT_EFT_WINDOW, describeEftWindow, parseEftWindow } from './eft-window';

describe('parseEftWindow', () => {
  it('reads the default: Monday to Friday, 08:30 to 16:45 Istanbul', () => {
    const window = parseEftWindow(DEFAULT_EFT_WINDOW);
    expect([...window.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(window).toMatchObject({ opensAt: 8 * 60 + 30, closesAt: 16 * 60 + 45 });
    expect(describeEftWindow(window)).toBe('Mon,Tue,Wed,Thu,Fri 08:30-16:45 Europe/Istanbul');
  });

  it.each([
    ['Mon-Sun 00:00-24:00 Europe/Istanbul', [0, 1, 2, 3, 4, 5, 6], 0, 1440],
    ['Sat 10:00-11:00', [6], 600, 660],
    ['Fri-Mon 09:00-17:00 Europe/Istanbul', [0, 1, 5, 6], 540, 1020],
    ['Mon,Wed-Thu 08:30-16:45', [1, 3, 4], 510, 1005],
    ['mon-fri 08:30-16:45', [1, 2, 3, 4, 5], 510, 1005],
  ])('reads %s (any day range, 00:00-24:00, the zone optional)', (text, days, opensAt, closesAt) => {
    const window = parseEftWindow(text);
    expect([...window.days].sort()).toEqual(days);
    expect(window).toMatchObject({ opensAt, closesAt });
  });

  it.each([
    ['', 'is not'],
    ['Mon-Fri', 'is not'],
    ['Mon-Fri 08:30-16:45 Europe/Berlin', 'must be Europe/Istanbul'],
    ['Mon-Fri 08:30-16:45 Europe/Istanbul extra', 'is not'],
    ['Mon-Fry 08:30-16:45', '"Mon-Fry" is not a day'],
    ['Mon-Tue-Wed 08:30-16:45', 'is not a day'],
    ['Mon-Fri 8:30-16:45', 'is not HH:MM-HH:MM'],
    ['Mon-Fri 08:30-24:01', 'is not HH:MM-HH:MM'],
    ['Mon-Fri 24:00-24:00', 'is not HH:MM-HH:MM'],
    ['Mon-Fri 16:45-08:30', 'closes before it opens'],
    ['Mon-Fri 08:30-08:30', 'closes before it opens'],
    ['Mon-Fri 08:30', 'is not HH:MM-HH:MM'],
  ])('refuses %j with a message (%s)', (text, message) => {
    expect(() => parseEftWindow(text)).toThrow(message);
  });
});
