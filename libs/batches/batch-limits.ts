/** BATCH_MAX_BYTES and BATCH_MAX_ITEMS as the api reads them (batchesConfig). */
export interface BatchLimits {
  maxBytes: number;
  maxItems: number;
}

export const BATCH_LIMITS = Symbol('BATCH_LIMITS');
