import { DataSource } from 'typeorm';
import {
  ApprovalPolicyCache,
  CreatePayout,
  DEVELOPMENT_ONLY_PII_KEY,
  PiiCipher,
  TransitionPayout,
  TypeOrmPayoutStore,
  TypeOrmPayoutIntake,
  TypeOrmUnitOfWork,
} from '@libs/payouts';
import { createClients } from './clients';
import { createFreshDatabase, migrate } from './database';
import { acceptsEveryPayout } from './acceptance';

/**
 * The payout core on a fresh migrated database of its own: the store, TransitionPayout and CreatePayout as the apps
 * wire them, and one client (with `callbackUrl`, one whose changes become notification jobs). For integration specs
 * that drive use cases directly; `close()` drops everything.
 */
export async function payoutsOnPostgres(
  label: string,
  options: { knownProviders?: string[]; poolSize?: number; callbackUrl?: string } = {},
) {
  const database = await createFreshDatabase(label);
  await migrate(database.url);
  const [{ id: clientId }] = await createClients(database.url, [
    { name: label, scopes: ['payouts:write'], ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}) },
  ]);
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    entities: [],
    poolSize: options.poolSize ?? 12,
  });
  await dataSource.initialize();
  const cipher = new PiiCipher(DEVELOPMENT_ONLY_PII_KEY);
  const clock = { now: () => new Date() };
  const unitOfWork = new TypeOrmUnitOfWork(dataSource, cipher);
  return {
    database,
    dataSource,
    clientId,
    clock,
    store: new TypeOrmPayoutStore(dataSource.manager, cipher),
    transition: new TransitionPayout(unitOfWork, clock),
    createPayout: new CreatePayout(new TypeOrmPayoutIntake(dataSource, cipher), clock, {
      knownProviders: options.knownProviders ?? ['sipay'],
      firstCheckAfterMs: 30_000,
      scheduleMaxAheadMs: 90 * 86_400_000,
      policies: new ApprovalPolicyCache(),
      approvalTimeoutMs: 72 * 3_600_000,
      acceptance: acceptsEveryPayout,
    }),
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
