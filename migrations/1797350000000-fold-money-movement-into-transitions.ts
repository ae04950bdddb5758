import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLY_WITH_APPROVAL, ATTEMPT_COLUMNS, attemptValues, LOCK_WITH_APPROVAL } from './1796900000000-add-approvals';
import { END_BALANCE_HOLD } from './1797200000000-add-provider-balances';

/** `text` with `from` replaced; throws when `from` is not there, so an edit of the texts cannot pass unnoticed. */
function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`migration text not found: ${from}`);
  return text.replace(from, to);
}

/**
 * A status change is two round trips again (issue 18): since batches and money movement, the lock statement read
 * six columns the function did not return through a subquery each (batch and item reference, rail, expected
 * completion, hold reason and since), and a decision that set money-movement fields wrote them with an UPDATE of its
 * own after the function's (a second round trip, and a second version of the payout row, with every index of the
 * table written again). Now `lock_payout_for_transition` returns those columns and `apply_payout_transition` takes
 * the money-movement fields (`p_money_movement`: a JSON object whose keys are the columns to set, null clears one) and
 * writes them in its one UPDATE of the payout. The lock also returns the sealed IBAN and national id (still sealed:
 * only the beneficiary vault's opener in the service opens them, and only when a decider asks), so a dispatch does not
 * read them in a round trip of their own. A dispatch's new attempt is inserted with its first send claimed
 * (`p_new_attempt_first_send_at`: send_count 1, ambiguous since and last sent then), where an UPDATE of the row just
 * inserted claimed it in a third round trip.
 *
 * The balance-hold trigger clears a hold the row still has when the payout leaves pending (NEW, not OLD): with one
 * UPDATE, a decision that moves the payout on and gives it another hold reason (a closed rail) keeps that reason, as
 * the second UPDATE did before; for every other writer NEW is OLD there, so nothing else changes.
 */
export class FoldMoneyMovementIntoTransitions1797350000000 implements MigrationInterface {
  name = 'FoldMoneyMovementIntoTransitions1797350000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "lock_payout_for_transition"`);
    await queryRunner.query(
      replaced(
        replaced(
          LOCK_WITH_APPROVAL,
          `scheduled_for timestamptz, approval jsonb, ${ATTEMPT_COLUMNS}`,
          `scheduled_for timestamptz, approval jsonb, batch_id uuid, item_reference text, rail text,
        expected_completion_at timestamptz, hold_reason text, hold_since timestamptz, iban_encrypted text,
        national_id_encrypted text, ${ATTEMPT_COLUMNS}`,
        ),
        `v.scheduled_for, v.approval, ${attemptValues('a')}`,
        `v.scheduled_for, v.approval, v.batch_id, v.item_reference, v.rail,
            v.expected_completion_at, v.hold_reason, v.hold_since, v.iban_encrypted, v.national_id_encrypted,
            ${attemptValues('a')}`,
      ),
    );
    await queryRunner.query(`DROP FUNCTION "apply_payout_transition"`);
    await queryRunner.query(
      replaced(
        replaced(
          replaced(
            APPLY_WITH_APPROVAL,
            'p_approval jsonb, p_vote jsonb',
            'p_approval jsonb, p_vote jsonb, p_money_movement jsonb, p_new_attempt_first_send_at timestamptz',
          ),
          `INSERT INTO payout_attempts (id, payout_id, provider, reference, status, submitted_at, created_at, updated_at)
          VALUES (p_new_attempt_id, p_payout_id, p_new_attempt_provider, p_new_attempt_reference, p_new_attempt_status,
            p_new_attempt_submitted_at, p_now, p_now)`,
          `-- With p_new_attempt_first_send_at, call 1 is claimed as the attempt is inserted (what claimSend would write).
          INSERT INTO payout_attempts (id, payout_id, provider, reference, status, submitted_at, created_at, updated_at,
            send_count, ambiguous_since, last_sent_at)
          VALUES (p_new_attempt_id, p_payout_id, p_new_attempt_provider, p_new_attempt_reference, p_new_attempt_status,
            p_new_attempt_submitted_at, p_now, p_now,
            CASE WHEN p_new_attempt_first_send_at IS NULL THEN 0 ELSE 1 END, p_new_attempt_first_send_at,
            p_new_attempt_first_send_at)`,
        ),
        'approval = COALESCE(p_approval, approval)',
        `approval = COALESCE(p_approval, approval),
            -- A key present sets its column (a JSON null clears it); an absent key, or no object, keeps it.
            rail = CASE WHEN p_money_movement ? 'rail' THEN p_money_movement->>'rail' ELSE rail END,
            expected_completion_at = CASE WHEN p_money_movement ? 'expected_completion_at'
              THEN (p_money_movement->>'expected_completion_at')::timestamptz ELSE expected_completion_at END,
            hold_reason = CASE WHEN p_money_movement ? 'hold_reason'
              THEN p_money_movement->>'hold_reason' ELSE hold_reason END,
            scheduled_for = CASE WHEN p_money_movement ? 'scheduled_for'
              THEN (p_money_movement->>'scheduled_for')::timestamptz ELSE scheduled_for END`,
      ),
    );
    await queryRunner.query(orReplace(replaced(END_BALANCE_HOLD, 'OLD.hold_reason', 'NEW.hold_reason')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(orReplace(END_BALANCE_HOLD));
    await queryRunner.query(`DROP FUNCTION "apply_payout_transition"`);
    await queryRunner.query(APPLY_WITH_APPROVAL);
    await queryRunner.query(`DROP FUNCTION "lock_payout_for_transition"`);
    await queryRunner.query(LOCK_WITH_APPROVAL);
  }
}

const orReplace = (createFunction: string) => replaced(createFunction, 'CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
