import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The node flags `npm run start:<app>` passes (`exec node <flags> dist/…`): package.json declares each process's
 * heap budget once (docs/decisions/0017-heap-budget.md), and `npm start` runs the apps with the same flags.
 */
export function startFlags(root, app) {
  const script = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts[`start:${app}`] ?? '';
  const flags = /^exec node ((?:--\S+ )*)dist\//.exec(script);
  if (!flags) throw new Error(`package.json start:${app} is not "exec node [flags] dist/…": ${script}`);
  return flags[1].split(' ').filter(Boolean);
}
