// Regenerate docs/limits.md from src/private/limits/.
import * as fs from 'fs';
import * as path from 'path';
import { LIMITS_DOC, limitsDoc } from './lib/limits-doc';

fs.writeFileSync(path.join(__dirname, '..', LIMITS_DOC), limitsDoc());
console.log(`${LIMITS_DOC}: regenerated`);
