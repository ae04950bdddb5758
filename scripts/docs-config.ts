// `npm run docs:config`: rewrites the configuration table in README.md from the config slices.
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_SLICES } from '@libs/manifest/config-slices';
import { withConfigTable } from '@libs/manifest/config-table';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withConfigTable(readme, CONFIG_SLICES));
console.log('README.md configuration table updated');
