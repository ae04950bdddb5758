import { randomUUID } from 'node:crypto';
import { RoundTripCounter } from '../support/round-trips';
import { startPayoutsApi, VALID_PAYOUT, type PayoutsApiHarness } from '../support/payouts-api';

/**
 * Issue 18: what one POST /v1/payouts costs in round trips, counted where they leave the process (pg's
 * Client.query, ioredis's sendCommand), not by load. Once the API key was looked up, and the address found not
 * blocked by the failure budget, in the last second, an intake is one Postgres statement (create_payout_once, a named
 * prepared statement) and one Redis command (the request budget's EVALSHA, never the whole script).
 */
/**
 * The statements of the intake itself. The guard trusts a key it found active for ACTIVE_KEY_TTL_MS (1 s); on a loaded
 * machine the requests of one test can span more than that, and the guard then looks the key up once more: its own
 * round trip, not the intake's (seen in a fresh-clone `npm test` beside a chaos soak). At most one such lookup is let
 * through; anything else still fails.
 */
function intakeStatements(statements: readonly string[]): string[] {
  const keyLookups = statements.filter((sql) => sql.startsWith('SELECT * FROM clients WHERE key_hash'));
  expect(keyLookups.length).toBeLessThanOrEqual(1);
  return statements.filter((sql) => !keyLookups.includes(sql));
}

describe('POST /v1/payouts round trips', () => {
  let h: PayoutsApiHarness;
  const trips = new RoundTripCounter();
  const { postgres, redis } = trips;

  beforeAll(async () => {
    h = await startPayoutsApi('intake_round_trips', { writer: ['payouts:write', 'payouts:read'] });
    trips.install();
  });

  afterAll(async () => {
    trips.restore();
    await h?.close();
  });

  const post = (idempotencyKey: string, body: unknown = VALID_PAYOUT) =>
    h.call('POST', '/v1/payouts', { key: h.keys.writer, idempotencyKey, body });

  it('creates a payout in one Postgres round trip and one Redis command', async () => {
    // Looks the key up, asks Redis whether the address is blocked (PTTL), prepares the statements.
    expect((await post(randomUUID())).status).toBe(201);
    postgres.length = 0;
    redis.length = 0;
    trips.counting = true;
    const created = await post(randomUUID());
    trips.counting = false;
    expect(created.status).toBe(201);
    expect(intakeStatements(postgres)).toEqual(['create_payout_once']);
    expect(redis).toEqual(['evalsha']);
  });

  it('answers a replay and a reused key in one Postgres round trip too', async () => {
    const key = randomUUID();
    const first = await post(key);
    postgres.length = 0;
    trips.counting = true;
    const replay = await post(key);
    const reused = await post(key, { ...VALID_PAYOUT, amount: '1' });
    trips.counting = false;
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(reused.status).toBe(422);
    expect(intakeStatements(postgres)).toEqual(['create_payout_once', 'create_payout_once']);
  });
});
