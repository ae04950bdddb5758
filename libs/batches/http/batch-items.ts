import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidatorOptions } from 'class-validator';
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

/** How plainToInstance builds a DTO from a plain object: its prototype, and the properties it makes DTOs of. */
interface InstancePlan {
  prototype: object;
  nested: [string, InstancePlan][];
}

/**
 * Learnt once per DTO from plainToInstance itself: each validated property is given an empty object, and those it
 * turns into a class instance (`@Type`) are nested DTOs, learnt the same way. class-transformer's generic walk costs
 * about as much per item as the validation; a 10,000-item batch builds its items from this plan instead (same
 * prototypes, same values; batch-items.spec.ts checks both give the same problems).
 */
function instancePlanOf(type: ClassConstructor<object>): InstancePlan {
  const properties = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(type, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  const probe = plainToInstance(type, Object.fromEntries([...properties].map((name) => [name, {}]))) as Record<
    string,
    unknown
  >;
  const nested: [string, InstancePlan][] = [];
  for (const name of properties) {
    const value = probe[name];
    if (isPlainObject(value) && value.constructor !== Object) {
      nested.push([name, instancePlanOf(value.constructor as ClassConstructor<object>)]);
    }
  }
  return { prototype: type.prototype as object, nested };
}

function instanceOf<T>(plan: InstancePlan, raw: Record<string, unknown>): T {
  const instance = Object.assign(Object.create(plan.prototype) as Record<string, unknown>, raw);
  for (const [name, nestedPlan] of plan.nested) {
    const value = raw[name];
    if (isPlainObject(value)) instance[name] = instanceOf(nestedPlan, value);
    // An array where a DTO is expected: plainToInstance makes a DTO of each object in it (and validation then says
    // the property must be an object, and what is wrong in each).
    else if (Array.isArray(value)) {
      instance[name] = value.map((element: unknown) =>
        isPlainObject(element) ? instanceOf(nestedPlan, element) : element,
      );
    }
  }
  return instance as T;
}

let itemPlan: InstancePlan | undefined;

/** A batch item as plainToInstance(BatchItemDto, raw) gives it, built from the learnt plan. */
export function itemInstanceOf(raw: Record<string, unknown>): BatchItemDto {
  itemPlan ??= instancePlanOf(BatchItemDto);
  return instanceOf<BatchItemDto>(itemPlan, raw);
}

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
  const item = itemInstanceOf(raw);
  const errors = flattenValidationErrors(validateSync(item, ITEM_VALIDATION));
  return { ...at, ...itemReference, ...currency, ...(errors.length === 0 ? { input: item } : {}), errors };
}

/** The problems of a JSON batch's own fields (reference, description, metadata; nothing else beside `items`). */
export function batchFieldProblems(fields: Record<string, unknown>): BatchItemError[] {
  const dto = plainToInstance(BatchFieldsDto, fields);
  return flattenValidationErrors(validateSync(dto, ITEM_VALIDATION));
}
