import { plainTextProblem } from '@libs/platform/text';
import { RoutingError } from './routing-error';

/** Who changes routing and why; both go to the audit log with the change. */
export interface AdminCommand {
  actorClientId: string;
  reason: string;
}

export const REASON_MAX_LENGTH = 500;

/** The trimmed reason, or a validation error naming `reason`. */
export function reasonOrThrow(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') throw RoutingError.invalid([{ field: 'reason', message: 'is required: say why you change this' }]);
  if (text.length > REASON_MAX_LENGTH) {
    throw RoutingError.invalid([{ field: 'reason', message: `must be at most ${REASON_MAX_LENGTH} characters` }]);
  }
  const problem = plainTextProblem(text);
  if (problem) throw RoutingError.invalid([{ field: 'reason', message: problem }]);
  return text;
}
