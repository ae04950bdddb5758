import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogWriter } from '@libs/clients';
import type { PayoutStore, TransactionHandle, UnitOfWork } from '../application';
import { AttemptRepository } from './attempt.repository';
import { SealedBeneficiaryVault } from './beneficiary-vault';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { OutboxRepository } from './outbox.repository';
import { PayoutEventRepository } from './payout-event.repository';
import { PayoutTransitionRepository } from './payout-transitions';
import { PayoutRepository } from './payout.repository';
import type { PiiCipher } from './pii-cipher';

/** An EntityManager as the application's opaque TransactionHandle. */
class EntityManagerHandle implements TransactionHandle {
  readonly kind = 'transaction';
  constructor(readonly manager: EntityManager) {}
}

/**
 * The EntityManager of a handle a TypeOrmPayoutStore gave out: another context's repositories are built on it to work
 * in the same transaction.
 */
export function entityManagerOf(transaction: TransactionHandle): EntityManager {
  if (!(transaction instanceof EntityManagerHandle)) throw new Error('not a TypeORM transaction handle');
  return transaction.manager;
}

/** Every payout repository bound to one EntityManager: the data source's for reads, a transaction's inside `run`. */
export class TypeOrmPayoutStore implements PayoutStore {
  readonly payouts: PayoutRepository;
  readonly attempts: AttemptRepository;
  readonly events: PayoutEventRepository;
  readonly idempotencyKeys: IdempotencyKeyRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditLogWriter;
  readonly beneficiaries: SealedBeneficiaryVault;
  readonly transitions: PayoutTransitionRepository;
  readonly transaction: TransactionHandle;

  constructor(manager: EntityManager, cipher: PiiCipher) {
    this.transaction = new EntityManagerHandle(manager);
    this.payouts = new PayoutRepository(manager, cipher);
    this.attempts = new AttemptRepository(manager, cipher);
    this.events = new PayoutEventRepository(manager);
    this.idempotencyKeys = new IdempotencyKeyRepository(manager);
    this.outbox = new OutboxRepository(manager);
    this.audit = new AuditLogWriter(manager);
    this.beneficiaries = new SealedBeneficiaryVault(manager, cipher);
    this.transitions = new PayoutTransitionRepository(manager, cipher);
  }
}

/** READ COMMITTED plus explicit row and advisory locks: each statement sees what others committed before it. */
export class TypeOrmUnitOfWork implements UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: PiiCipher,
  ) {}

  run<T>(work: (store: PayoutStore) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new TypeOrmPayoutStore(manager, this.cipher)));
  }
}
