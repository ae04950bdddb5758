import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { CANCEL_REASON_MAX_LENGTH } from '../../application';

/** The body of a cancel; the use case checks the reason, since whether it is required depends on whose payout it is. */
export class CancelPayoutDto {
  @ApiPropertyOptional({
    type: String,
    example: 'duplicate of payout 0193a1b2-…, reported by the client',
    maxLength: CANCEL_REASON_MAX_LENGTH,
    description:
      "optional for your own payout; required (with the scope ops:write) to cancel another client's, and audited",
  })
  @Allow()
  reason?: unknown;
}
