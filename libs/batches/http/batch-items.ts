import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { flattenValidationErrors } from '@libs/platform/http';
import type { BatchItemCandidate } from '../application';
import type { BatchItemError } from '../domain';
import { BatchFieldsDto, BatchItemDto, ITEM_REFERENCE_MAX_LENGTH } from './dto/create-batch.dto';

/** What the global ValidationPipe applies to a single payout's body, applied to each item. */
const ITEM_VALIDATION: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  validationError: { target: false, value: false },
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One item's shape, checked by the decorators of POST /v1/payouts' body (BatchItemDto extends CreatePayoutDto): its
 * problems, or the item as CreatePayout reads a body. Its reference and currency are kept even when invalid elsewhere,
 * to name the item in errors and to check one currency across the batch.
 */
export function candidateOf(raw: unknown, index: number, line?: number): BatchItemCandidate {
  const at = { index, ...(line !== undefined ? { line } : {}) };
  if (!isPlainObject(raw)) return { ...at, errors: [{ field: 'item', message: 'must be an object (a payout body)' }] };
  const itemReference =
    typeof raw.itemReference === 'string' && raw.itemReference.length > 0
      ? { itemReference: raw.itemReference.slice(0, ITEM_REFERENCE_MAX_LENGTH) }
      : {};
  const currency =
    typeof raw.currency === 'string' && /^[A-Z]{3}$/.test(raw.currency) ? { currency: raw.currency } : {};
  const item = plainToInstance(BatchItemDto, raw);
  const errors = flattenValidationErrors(validateSync(item, ITEM_VALIDATION));
  return { ...at, ...itemReference, ...currency, ...(errors.length === 0 ? { input: item } : {}), errors };
}

/** The problems of a JSON batch's own fields (reference, description, metadata; nothing else beside `items`). */
export function batchFieldProblems(fields: Record<string, unknown>): BatchItemError[] {
  const dto = plainToInstance(BatchFieldsDto, fields);
  return flattenValidationErrors(validateSync(dto, ITEM_VALIDATION));
}
