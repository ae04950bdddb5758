import { chaosOfEmulators } from '../emulator-registration';
import { EMULATORS } from '../emulators';
import { PIENTEGRA_CHAOS_TABLES } from '../pientegra/pientegra.chaos';
import { ChaosEngine } from './chaos-engine';
import { CHAOS_PROFILES, DEFAULT_PROFILE, SendBehaviour } from './chaos-profile';
import { pickWeighted, seededRandom } from './chaos-random';

const TIMING = {
  webhookDelayMs: 20,
  holdMs: 300,
  answerDelayMs: 50,
  lateMaxMs: 500,
  reviewMaxMs: 500,
  sipayLagMaxMs: 400,
};
const EMULATOR_CHAOS = chaosOfEmulators(EMULATORS, { sipayLagMaxMs: TIMING.sipayLagMaxMs });
const engine = (seed = 7) => new ChaosEngine(TIMING, EMULATOR_CHAOS, { seed, profile: 'default' });

/** Three sends of each of 40 payouts' references, in the order given. */
function sendsInOrder(chaos: ChaosEngine, order: readonly number[]): Map<number, SendBehaviour[]> {
  const seen = new Map<number, SendBehaviour[]>();
  for (const i of order) {
    const provider = i % 2 === 0 ? 'pientegra' : 'sipay';
    const behaviour = chaos.drawSend(provider, `ref-${i}`, BigInt(100_000 + i), false);
    seen.set(i, [...(seen.get(i) ?? []), behaviour]);
  }
  return seen;
}

describe('ChaosEngine', () => {
  it('draws the same behaviours for a reference however the requests of other references interleave', () => {
    const payouts = Array.from({ length: 40 }, (_, i) => i);
    const oneByOne = payouts.flatMap((i) => [i, i, i]);
    const interleaved = [...payouts, ...[...payouts].reverse(), ...payouts];
    expect(sendsInOrder(engine(), interleaved)).toEqual(sendsInOrder(engine(), oneByOne));
  });

  it('replays a seed exactly, and another seed draws differently', () => {
    const order = Array.from({ length: 120 }, (_, i) => i % 40);
    expect(sendsInOrder(engine(11), order)).toEqual(sendsInOrder(engine(11), order));
    expect(sendsInOrder(engine(12), order)).not.toEqual(sendsInOrder(engine(11), order));
  });

  it('gives references first seen with the same amount identities by arrival (the service mints random ones)', () => {
    const chaos = engine();
    expect(chaos.identify('sipay', 'uuid-a', 250_000n)).toBe('sipay|250000|0');
    expect(chaos.identify('sipay', 'uuid-b', 250_000n)).toBe('sipay|250000|1');
    expect(chaos.identify('sipay', 'uuid-a')).toBe('sipay|250000|0');
    expect(chaos.identify('pientegra', 'uuid-c', 250_000n)).toBe('pientegra|250000|0');
  });

  it('never answers a "nothing created" code about a reference the provider recorded', () => {
    for (let i = 0; i < 2_000; i++) {
      const behaviour = engine(i).drawSend('sipay', 'r', 1000n, true);
      expect(['code_311', 'code_310', 'code_306']).not.toContain(behaviour);
    }
  });

  it('keeps refusing a Sipay reference with 401 for the two requests after a drawn 401 (after the token refresh)', () => {
    let checked = 0;
    for (let seed = 0; seed < 400 && checked < 5; seed++) {
      const chaos = engine(seed);
      const first = chaos.drawSend('sipay', 'r', 5000n, false);
      if (first !== 'refuse_401') continue;
      checked++;
      expect(chaos.drawSend('sipay', 'r', 5000n, false)).toBe('refuse_401');
      expect(chaos.drawSend('sipay', 'r', 5000n, false)).toBe('refuse_401');
    }
    expect(checked).toBe(5);
  });

  it('makes the next token request fail once per drawn token error', () => {
    for (let seed = 0; seed < 2_000; seed++) {
      const chaos = engine(seed);
      if (chaos.drawSend('sipay', 'r', 5000n, false) !== 'token_error') continue;
      expect(chaos.takeTokenFailure('sipay')).toBe(true);
      expect(chaos.takeTokenFailure('sipay')).toBe(false);
      return;
    }
    throw new Error('no seed drew a token error');
  });

  it('draws each plan once per transfer, within the configured timing', () => {
    for (let seed = 0; seed < 300; seed++) {
      const plan = engine(seed).drawPlan('sipay', 'r');
      expect(plan.visibleAfterMs).toBeLessThanOrEqual(TIMING.sipayLagMaxMs);
      expect(plan.reviewMs).toBeLessThanOrEqual(TIMING.reviewMaxMs);
      for (const delay of plan.outcomeDelaysMs) expect(delay).toBeLessThanOrEqual(TIMING.lateMaxMs);
    }
  });

  it('is off until configured, and configuring forgets earlier draws', () => {
    const chaos = new ChaosEngine(TIMING, EMULATOR_CHAOS);
    expect(chaos.enabled).toBe(false);
    chaos.configure({ seed: 3, profile: 'gentle' });
    expect(chaos.enabled).toBe(true);
    const first = chaos.drawSend('pientegra', 'k', 1000n, false);
    chaos.configure({ seed: 3, profile: 'gentle' });
    expect(chaos.drawSend('pientegra', 'k', 1000n, false)).toBe(first);
  });
});

describe('weight tables', () => {
  it('every table of every profile has a positive total', () => {
    for (const profile of Object.values(CHAOS_PROFILES)) {
      for (const table of [
        ...Object.values(EMULATOR_CHAOS).flatMap(({ tables }) => {
          const { firstSend, replay, lookup } = profile.emulatorTables(tables);
          return [firstSend, replay, lookup];
        }),
        profile.outcome,
      ]) {
        expect(Object.values(table).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    }
  });

  it('draws rows in proportion to their weights', () => {
    const random = seededRandom('weights');
    const table = DEFAULT_PROFILE.emulatorTables(PIENTEGRA_CHAOS_TABLES).firstSend;
    const counts: Record<string, number> = {};
    const draws = 20_000;
    for (let i = 0; i < draws; i++) {
      const row = pickWeighted(random, table);
      counts[row] = (counts[row] ?? 0) + 1;
    }
    const total = Object.values(table).reduce((a, b) => a + b, 0);
    for (const [row, weight] of Object.entries(table)) {
      expect(Math.abs((counts[row] ?? 0) / draws - weight / total)).toBeLessThan(0.015);
    }
  });
});
