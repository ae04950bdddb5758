export {
  PAYOUT_STATUSES,
  TERMINAL_STATUSES,
  isTerminal,
  SETTLED_STATUSES,
  isSettled,
  IN_FLIGHT_STATUSES,
  isInFlight,
  isPayoutStatus,
} from './payout-status';
export type { InFlightStatus, PayoutStatus } from './payout-status';
export { CREATION_STATUSES, TRANSITIONS, RANK, isEdge } from './payout-transitions';
export { FAILURE_CODES, isFailureCode } from './failure-code';
export type { FailureCode, NormalizedFailure } from './failure-code';
export {
  APPROVAL_EXPIRY_SOURCE,
  approvalSource,
  isApprovalSource,
  isOpsSource,
  RAIL_HOLD_SOURCE,
  RELEASE_SOURCE,
} from './payout-signal';
export type { PayoutSignal, SignalSource } from './payout-signal';
export { applySignal } from './apply-signal';
export { judgeAttemptSignal, proves, saysMoneyMoved } from './attempt-evidence';
export type { AttemptFacts, AttemptVerdict, NotExecutedProof } from './attempt-evidence';
export type { AppliedReason, Decision, DecisionKind, IgnoredReason, PayoutState, RefusedReason } from './apply-signal';
export { PayoutError, DomainValidationError, ScheduleRefusedError, UnpayableRequestError } from './domain-error';
export {
  formatAmount,
  KNOWN_CURRENCIES,
  MAX_MINOR_UNITS,
  parseMinorUnitsOrThrow,
  minorUnitsProblem,
  toMinorUnitsOrThrow,
  toJsonAmount,
  toDecimalAmount,
} from './money';
export type { MinorUnits } from './money';
export { checkIban, bankCodeFromTurkishIban, ibanLast4, maskIban } from './beneficiary/iban';
export type { Iban, IbanCheck } from './beneficiary/iban';
export { NATIONAL_ID_KINDS, isValidTckn, isValidVkn, checkNationalId } from './beneficiary/national-id';
export type { NationalIdKind, NationalIdCheck } from './beneficiary/national-id';
export {
  BENEFICIARY_NAME_LENGTH,
  beneficiaryNameKey,
  beneficiaryNameWords,
  checkBeneficiaryName,
  normalizeBeneficiaryName,
  sameBeneficiaryName,
} from './beneficiary/beneficiary-name';
export type { BeneficiaryNameCheck } from './beneficiary/beneficiary-name';
export { PERSON_NAME_MESSAGE, validateBeneficiaryOrThrow } from './beneficiary/beneficiary';
export type { Beneficiary } from './beneficiary/beneficiary';
export {
  SUBMITTING_SCHEDULE,
  MANUAL_REVIEW_SCHEDULE,
  nextCheck,
  slotOffsetMs,
  pollScheduleProblems,
} from './poll-schedule';
export type { NextCheckParams, NextCheck, PollSchedule } from './poll-schedule';
export { scheduleForStatus } from './schedule-for-status';
export { readScheduledFor } from './scheduled-for';
export type { Release } from './scheduled-for';
export { APPROVALS_MAX, emptyApprovalPolicy, readApprovalRulesOrThrow, requiredApprovals } from './approval-policy';
export type { ApprovalPolicy, ApprovalRule, ApprovalSubject, ApprovalRecord, ApprovalVote } from './approval-policy';
export { HOLD_REASONS, isHoldReason, isRail, RAILS } from './money-movement';
export type { HoldReason, Rail } from './money-movement';
