import { PIENTEGRA_SCENARIOS } from '../pientegra/pientegra.scenarios';
import { SIPAY_SCENARIOS } from '../sipay/sipay.scenarios';
import { SCENARIO_CODES, scenarioOf } from './scenario.table';

describe('scenarioOf', () => {
  it('picks the scenario from the last two minor-unit digits, wherever the amount is', () => {
    expect(scenarioOf(13n)).toBe('13');
    expect(scenarioOf(150013n)).toBe('13');
    expect(scenarioOf(250091n)).toBe('91');
    expect(scenarioOf(100n)).toBe('00');
  });

  it('treats every ending outside the table as 00', () => {
    expect(scenarioOf(250099n)).toBe('00');
    expect(scenarioOf(250001n)).toBe('00');
    expect(scenarioOf(250042n)).toBe('00');
  });

  it('has a row for every code in both provider columns', () => {
    for (const code of SCENARIO_CODES) {
      expect(PIENTEGRA_SCENARIOS[code]).toBeDefined();
      expect(SIPAY_SCENARIOS[code]).toBeDefined();
      expect(scenarioOf(BigInt(`7${code}`))).toBe(code);
    }
  });

  it('never sends a Sipay webhook for manual review (13, 14) and never a status 3', () => {
    expect(SIPAY_SCENARIOS['13'].outcomes).toEqual([]);
    expect(SIPAY_SCENARIOS['14'].outcomes).toEqual([]);
    for (const code of SCENARIO_CODES) expect(SIPAY_SCENARIOS[code].outcomes).not.toContain(3);
  });
});
