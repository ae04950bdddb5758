import { AUTO_API_PROCESSES_CAP, autoApiProcesses, parseApiProcesses } from './api-processes.config';

describe('API_PROCESSES', () => {
  it('takes a whole number of processes', () => {
    expect(parseApiProcesses('1')).toBe(1);
    expect(parseApiProcesses('4')).toBe(4);
  });

  it('refuses zero, fractions and words other than auto', () => {
    for (const raw of ['0', '1.5', '-2', 'all', '65']) expect(() => parseApiProcesses(raw)).toThrow();
  });

  it('auto leaves a core free, starts at least one, and stops at the cap', () => {
    expect(autoApiProcesses(1)).toBe(1);
    expect(autoApiProcesses(2)).toBe(1);
    expect(autoApiProcesses(4)).toBe(3);
    expect(autoApiProcesses(64)).toBe(AUTO_API_PROCESSES_CAP);
    expect(parseApiProcesses('auto')).toBe(autoApiProcesses());
  });
});
