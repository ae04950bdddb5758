export * from './payout.entity';
export * from './payout-attempt.entity';
export * from './payout-event.entity';
export * from './idempotency-key.entity';
export * from './pii-cipher';
export * from './sealed-raw-answer';
export * from './provider-answer-bodies';
export * from './typeorm-payout-store';
export {
  PAYOUT_COLUMNS,
  sqlStatusList,
  toAttemptRecord,
  toPayoutEventRecord,
  toPayoutRecord,
  type AttemptRow,
  type PayoutEventRow,
  type PayoutRow,
} from './payout.rows';
export * from './payout-intake';
