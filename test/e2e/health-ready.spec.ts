import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseServer } from '../support/database';
import { startPayoutsApi, type PayoutsApiHarness } from '../support/payouts-api';

// /health/ready is unauthenticated: when the database goes away it must say "database", not what the driver said
// (which names the database, the host or the user).
describe('GET /health/ready with the database gone', () => {
  let h: PayoutsApiHarness;

  beforeAll(async () => {
    h = await startPayoutsApi('health_ready', {}, { REDIS_KEY_PREFIX: `hr${randomBytes(3).toString('hex')}:` });
  });
  afterAll(() => h?.close());

  it('names the failing dependencies with fixed messages and no driver text', async () => {
    expect((await fetch(`${h.api.baseUrl}/health/ready`)).status).toBe(200);
    const databaseName = new URL(h.databaseUrl).pathname.slice(1);
    const admin = new Client({ connectionString: `${testDatabaseServer()}/postgres` });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE "${databaseName}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }

    const response = await fetch(`${h.api.baseUrl}/health/ready`);
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(text)).toMatchObject({
      status: 'error',
      error: {
        database: { status: 'down', message: 'database unreachable or not answering' },
        migrations: { status: 'down', message: 'could not read the applied migrations' },
      },
      info: { redis: { status: 'up' } },
    });
    expect(text).not.toContain(databaseName);
    expect(text).not.toMatch(/terminating|does not exist|ECONNREFUSED|administrator/i);
  });
});
