// `npm run docs:config`: rewrites the configuration table in README.md from the config slices.
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_SLICES, withConfigTable } from '@libs/manifest';

const readme = readFileSync('README.md', 'utf8');
writeFileSync('README.md', withConfigTable(readme, CONFIG_SLICES));
console.log('README.md configuration table updated');
