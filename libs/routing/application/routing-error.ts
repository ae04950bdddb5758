/** One invalid input, named by its path in the request (`match.minAmount`, `targets[1].weight`). */
export interface RoutingFieldError {
  field: string;
  message: string;
}

export const ROUTING_ERROR_CODES = ['validation_failed', 'not_found'] as const;
export type RoutingErrorCode = (typeof ROUTING_ERROR_CODES)[number];

/** An expected failure of a routing admin call; the problem filter maps `code` to the HTTP status. */
export class RoutingError extends Error {
  override readonly name = 'RoutingError';
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
    readonly errors?: readonly RoutingFieldError[],
  ) {
    super(message);
  }

  static invalid(errors: readonly RoutingFieldError[]): RoutingError {
    return new RoutingError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}
