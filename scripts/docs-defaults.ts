// Regenerate the "Defaults and why" table of docs/defaults.md from src/private/defaults.ts.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULTS_DOC, defaultsDocWithTable } from './lib/defaults-table';

const root = path.join(__dirname, '..');
fs.writeFileSync(path.join(root, DEFAULTS_DOC), defaultsDocWithTable(root));
console.log(`${DEFAULTS_DOC}: defaults table regenerated`);
