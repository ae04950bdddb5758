import type { BatchItemError } from './batch-errors';

/** What the checks across items read of each item: its position and the fields that must agree between items. */
export interface ItemFacts {
  index: number;
  line?: number;
  itemReference?: string;
  currency?: string;
}

const where = (item: ItemFacts) => (item.line !== undefined ? `line ${item.line}` : `item ${item.index}`);

const itemError = (item: ItemFacts, field: string, message: string): BatchItemError => ({
  index: item.index,
  ...(item.itemReference !== undefined ? { itemReference: item.itemReference } : {}),
  ...(item.line !== undefined ? { line: item.line } : {}),
  field,
  message,
});

/**
 * Every itemReference after its first use: each repeat is an error naming where it was first used (the first use
 * itself is not, so fixing the repeats makes the batch valid).
 */
export function duplicateReferenceErrors(items: readonly ItemFacts[]): BatchItemError[] {
  const first = new Map<string, ItemFacts>();
  const errors: BatchItemError[] = [];
  for (const item of items) {
    if (item.itemReference === undefined) continue;
    const earlier = first.get(item.itemReference);
    if (earlier === undefined) first.set(item.itemReference, item);
    else errors.push(itemError(item, 'itemReference', `repeats the itemReference of ${where(earlier)}`));
  }
  return errors;
}

/**
 * One batch, one currency: the batch's currency is the one most items have (the first seen among equals), and every
 * item in another currency is an error naming both.
 */
export function currencyOf(items: readonly ItemFacts[]): { currency?: string; errors: BatchItemError[] } {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.currency !== undefined) counts.set(item.currency, (counts.get(item.currency) ?? 0) + 1);
  }
  let currency: string | undefined;
  for (const [candidate, count] of counts) {
    if (currency === undefined || count > (counts.get(currency) ?? 0)) currency = candidate;
  }
  const errors = items
    .filter((item) => item.currency !== undefined && item.currency !== currency)
    .map((item) =>
      itemError(item, 'currency', `is ${item.currency}, but the batch is in ${currency}: one batch, one currency`),
    );
  return { ...(currency !== undefined ? { currency } : {}), errors };
}

/** The item count against BATCH_MAX_ITEMS, and a batch must hold at least one item. */
export function itemCountErrors(count: number, maxItems: number): BatchItemError[] {
  if (count === 0) return [{ field: 'items', message: 'holds no item: a batch needs at least one' }];
  if (count > maxItems) return [{ field: 'items', message: `holds ${count} items; a batch holds at most ${maxItems}` }];
  return [];
}
