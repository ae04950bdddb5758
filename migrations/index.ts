// Every migration, in order. `npm run migration:generate -- <verb-noun>` writes a new file here; add it to this list
// (a test fails when a file in this folder is missing from it). A shipped migration is never edited.
import { CreatePayouts1795391212679 } from './1795391212679-create-payouts';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [CreatePayouts1795391212679];
