import type { ValueTransformer } from 'typeorm';

/** Postgres `bigint` <-> JS `bigint` for nullable amount columns: node-postgres hands them over as strings. */
export const nullableAmountTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (value === null || value === undefined ? value : value.toString()),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};
