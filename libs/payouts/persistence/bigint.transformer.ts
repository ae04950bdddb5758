import type { ValueTransformer } from 'typeorm';

/** Postgres `bigint` <-> JS `bigint`: node-postgres hands bigint columns over as strings, never as lossy numbers. */
export const bigintTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
