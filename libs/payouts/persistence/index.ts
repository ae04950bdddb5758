export * from './payout.entity';
export * from './payout-attempt.entity';
export * from './payout-event.entity';
export * from './idempotency-key.entity';
export * from './pii-cipher';
export * from './sealed-raw-answer';
export * from './provider-answer-bodies';
export * from './typeorm-payout-store';
export { PAYOUT_COLUMNS, toPayoutRecord, type PayoutRow } from './payout.rows';
