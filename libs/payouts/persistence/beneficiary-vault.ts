import type { EntityManager } from 'typeorm';
import { PayoutError } from '../domain';
import type { BeneficiaryForSubmission, BeneficiaryVault } from '../application';
import type { PiiCipher } from './pii-cipher';

/**
 * The only code that opens a sealed IBAN or national id, for the provider adapter's request body. What it returns
 * must go to the provider and nowhere else: not to a log line, an event, an error message or an API answer.
 */
export class SealedBeneficiaryVault implements BeneficiaryVault {
  constructor(
    private readonly manager: EntityManager,
    private readonly cipher: PiiCipher,
  ) {}

  async loadBeneficiaryForSubmission(payoutId: string): Promise<BeneficiaryForSubmission> {
    const rows: SealedBeneficiaryRow[] = await this.manager.query(
      'SELECT beneficiary_name, iban_encrypted, national_id_encrypted FROM payouts WHERE id = $1',
      [payoutId],
    );
    const row = rows[0];
    if (!row) throw new PayoutError('not_found', `payout ${payoutId} does not exist`);
    return openBeneficiary(this.cipher, row);
  }
}

/** The sealed columns of a payout row, as the vault and the transition lock read them. */
export interface SealedBeneficiaryRow {
  beneficiary_name: string;
  iban_encrypted: string;
  national_id_encrypted: string | null;
}

/** Opens a payout row's sealed beneficiary (the vault's rule, for the rows the transition lock read as well). */
export function openBeneficiary(cipher: PiiCipher, row: SealedBeneficiaryRow): BeneficiaryForSubmission {
  return {
    name: row.beneficiary_name,
    iban: cipher.open(row.iban_encrypted, 'payout.iban'),
    ...(row.national_id_encrypted === null
      ? {}
      : { nationalId: cipher.open(row.national_id_encrypted, 'payout.national_id') }),
  };
}
