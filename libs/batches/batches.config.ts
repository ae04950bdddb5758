import { defineSlice, integer } from '@libs/platform/config';

/** Limits of `POST /v1/payout-batches` (programs.md "Batches"). */
export const batchesConfig = defineSlice('batches', {
  maxItems: integer(1, 100_000)('BATCH_MAX_ITEMS', {
    description: 'most items one batch may hold; one more is refused with 422 batch_invalid and nothing is stored',
    default: '10000',
  }),
  maxBytes: integer(1024, 1024 * 1024 * 1024)('BATCH_MAX_BYTES', {
    description:
      'largest batch request body in bytes (JSON or CSV), read as it streams in; a larger one is refused with 413',
    default: String(16 * 1024 * 1024),
  }),
});
