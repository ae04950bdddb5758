import { v7 as uuidv7 } from 'uuid';

/** Time-ordered UUIDs, like the provider's (`01927b3c-9c1f-7a3a-...`). */
export const newPientegraId = (): string => uuidv7();

/**
 * `W-<year>-<7 digits>`, as in the provider's example. The sequence survives reset, so a reset sandbox never
 * hands a second withdrawal the reference number of one the service already stores.
 */
export class ReferenceNumbers {
  private sequence = 0;

  next(at: Date): string {
    this.sequence += 1;
    return `W-${at.getUTCFullYear()}-${String(this.sequence).padStart(7, '0')}`;
  }
}
