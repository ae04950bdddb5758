import type { EntityManager } from 'typeorm';
import type { PiiCipher } from '@libs/payouts';
import { WEBHOOK_BODY_PURPOSE } from './webhook-inbox.repository';

/**
 * Webhook bodies as the provider-body retention job sees them: seal the ones stored in clear before bodies were
 * sealed, and drop the ones older than the retention period. Rows still waiting (`received`, `orphan`) keep their
 * body whatever their age, since processing them needs it; what processing extracted (reference, provider id,
 * signal and provider status, decision, lookup evidence) is never touched.
 */
export class WebhookBodies {
  readonly name = 'webhook_inbox.raw_body';

  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async sealClear(limit: number): Promise<number> {
    const rows: { id: string; raw_body: Buffer }[] = await this.manager.query(
      'SELECT id::text AS id, raw_body FROM webhook_inbox WHERE raw_body IS NOT NULL ORDER BY id LIMIT $1',
      [limit],
    );
    let sealed = 0;
    for (const row of rows) {
      const [, count]: [unknown[], number] = await this.manager.query(
        `UPDATE webhook_inbox SET raw_body_sealed = $2, raw_body = NULL WHERE id = $1 AND raw_body IS NOT NULL`,
        [row.id, this.cipher.sealBytes(row.raw_body, WEBHOOK_BODY_PURPOSE)],
      );
      sealed += count;
    }
    return sealed;
  }

  async purgeOlderThan(cutoff: Date, now: Date, limit: number): Promise<number> {
    const rows: [unknown[], number] = await this.manager.query(
      `UPDATE webhook_inbox SET raw_body = NULL, raw_body_sealed = NULL, raw_body_purged_at = $2
       WHERE id IN (
         SELECT id FROM webhook_inbox
         WHERE received_at < $1 AND status NOT IN ('received', 'orphan')
           AND (raw_body_sealed IS NOT NULL OR raw_body IS NOT NULL)
         ORDER BY received_at LIMIT $3
         FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, now, limit],
    );
    return rows[1];
  }
}
