import type { EntityManager } from 'typeorm';
import type { PiiCipher } from './pii-cipher';
import { sealRawAnswer } from './sealed-raw-answer';

/**
 * The provider answer bodies kept on attempts, as the provider-body retention job sees them: seal the ones written in
 * clear before bodies were sealed, and drop the ones older than the retention period. The facts beside a body
 * (HTTP status, transport error, request count) are never touched: routing and the state machine read them.
 */
export class ProviderAnswerBodies {
  readonly name = 'payout_attempts.last_raw_answer';

  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async sealClear(limit: number): Promise<number> {
    const rows: { id: string; body: string | null }[] = await this.manager.query(
      `SELECT id, last_raw_answer->>'body' AS body FROM payout_attempts
       WHERE last_raw_answer ? 'body' ORDER BY id LIMIT $1`,
      [limit],
    );
    let sealed = 0;
    for (const row of rows) {
      const { sealedBody } = sealRawAnswer(this.cipher, { body: row.body ?? '' });
      // Only if the clear body is still the one read: a concurrent write of a new (sealed) answer wins.
      const [, count]: [unknown[], number] = await this.manager.query(
        `UPDATE payout_attempts SET last_raw_answer = (last_raw_answer - 'body') || $2::jsonb
         WHERE id = $1 AND last_raw_answer->>'body' IS NOT DISTINCT FROM $3`,
        [row.id, JSON.stringify(sealedBody === undefined ? {} : { sealedBody }), row.body],
      );
      sealed += count;
    }
    return sealed;
  }

  /** `updated_at` is when the attempt last changed, so no body on it is younger than that. */
  async purgeOlderThan(cutoff: Date, now: Date, limit: number): Promise<number> {
    const rows: [unknown[], number] = await this.manager.query(
      `UPDATE payout_attempts
       SET last_raw_answer = (last_raw_answer - 'sealedBody' - 'body') || jsonb_build_object('bodyPurgedAt', $2::text)
       WHERE id IN (
         SELECT id FROM payout_attempts
         WHERE updated_at < $1 AND (last_raw_answer ? 'sealedBody' OR last_raw_answer ? 'body')
         ORDER BY updated_at LIMIT $3
         FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, now.toISOString(), limit],
    );
    return rows[1];
  }
}
