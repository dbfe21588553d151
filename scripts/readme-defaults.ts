// Regenerate the README's "Defaults and why" table from src/private/defaults.ts.
import * as fs from 'fs';
import * as path from 'path';
import { readmeWithDefaultsTable } from './lib/defaults-table';

const root = path.join(__dirname, '..');
fs.writeFileSync(path.join(root, 'README.md'), readmeWithDefaultsTable(root));
console.log('README.md: defaults table regenerated');
