import { AdminCallError, type ErrorCode } from '@libs/platform/errors';

/** The codes a routing admin call can fail with (`FieldError.field` names a path: `targets[1].weight`). */
export const ROUTING_ERROR_CODES = ['validation_failed', 'not_found'] as const satisfies readonly ErrorCode[];
export type RoutingErrorCode = (typeof ROUTING_ERROR_CODES)[number];

/** An expected failure of a routing admin call; the problem filter maps `code` to the HTTP status. */
export class RoutingError extends AdminCallError<RoutingErrorCode> {
  override readonly name = 'RoutingError';
}
