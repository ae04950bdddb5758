import type { OpenedRawAnswer, RawAnswerFacts, StoredRawAnswer } from '../application';
import { PiiDecryptionError, type PiiCipher } from './pii-cipher';

/**
 * `payout_attempts.last_raw_answer` as stored: the facts in clear, the body sealed with the PII key (a lookup
 * may echo the receiver's IBAN, account number and national id). After PROVIDER_BODY_RETENTION the body is dropped
 * and `bodyPurgedAt` says when; the facts stay.
 */
export interface RawAnswerColumn extends RawAnswerFacts {
  sealedBody?: string;
  /** A body stored before bodies were sealed; the provider-body retention job seals it on its next run. */
  body?: string;
  bodyPurgedAt?: string;
}

const PURPOSE = 'provider.answer';

export function sealRawAnswer(cipher: PiiCipher, answer: StoredRawAnswer): RawAnswerColumn {
  const { body, ...facts } = answer;
  return body === '' ? facts : { ...facts, sealedBody: cipher.seal(body, PURPOSE) };
}

/** The column without its body: what an AttemptRecord carries. */
export function rawAnswerFacts(column: RawAnswerColumn | null): RawAnswerFacts | null {
  if (column === null) return null;
  const facts: RawAnswerFacts = {};
  if (column.httpStatus !== undefined) facts.httpStatus = column.httpStatus;
  if (column.transportError !== undefined) facts.transportError = column.transportError;
  if (column.requestCount !== undefined) facts.requestCount = column.requestCount;
  return facts;
}

/** For ops views only: the body opened (the view masks it), or why it cannot be shown. Never throws. */
export function openRawAnswer(cipher: PiiCipher, column: RawAnswerColumn | null): OpenedRawAnswer | null {
  if (column === null) return null;
  const facts = rawAnswerFacts(column) ?? {};
  if (column.sealedBody !== undefined) {
    try {
      return { ...facts, body: cipher.open(column.sealedBody, PURPOSE) };
    } catch (error) {
      if (!(error instanceof PiiDecryptionError)) throw error;
      return { ...facts, body: '', withheld: { reason: 'unreadable', detail: error.message } };
    }
  }
  if (column.bodyPurgedAt !== undefined) {
    return { ...facts, body: '', withheld: { reason: 'purged', purgedAt: column.bodyPurgedAt } };
  }
  return { ...facts, body: column.body ?? '' };
}
