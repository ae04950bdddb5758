import type { FieldError } from '@libs/platform/errors';

/**
 * One problem of a batch request. `index` is the item's 0-based position in `items` (for CSV: among the data rows);
 * `line` (CSV only) its 1-based first line in the file, the header being line 1. A problem of the request as a whole
 * (a wrong CSV header, too many items, a batch-level field) has no `index`.
 */
export interface BatchItemError extends FieldError {
  index?: number;
  itemReference?: string;
  line?: number;
}

/** `422 batch_invalid`: every problem found, for every invalid item; nothing was stored. */
export class BatchInvalidError extends Error {
  readonly code = 'batch_invalid' as const;

  constructor(readonly errors: readonly BatchItemError[]) {
    const invalidItems = new Set(errors.map((error) => error.index).filter((index) => index !== undefined)).size;
    super(
      invalidItems > 0
        ? `the batch is not valid: ${invalidItems} invalid item${invalidItems === 1 ? '' : 's'}, nothing was stored`
        : `the batch is not valid: ${errors.map((error) => `${error.field}: ${error.message}`).join('; ')}`,
    );
    this.name = 'BatchInvalidError';
  }
}
