import * as fs from 'fs';
import * as path from 'path';
import { readDefaults, readmeWithDefaultsTable } from '../../scripts/lib/defaults-table';
import * as defaults from '../../src/private/defaults';

const root = path.join(__dirname, '..', '..');

describe('defaults module and README table', () => {
  test('every default has a reason and a section', () => {
    const entries = readDefaults(root);
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(defaults).sort());
    for (const entry of entries) {
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(entry.section).not.toBe('');
    }
  });

  test('the README "Defaults and why" table is current (npx projen readme:defaults)', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toEqual(readmeWithDefaultsTable(root));
  });
});
