import * as fs from 'fs';
import * as path from 'path';
import { DEFAULTS_DOC, defaultsDocWithTable, readDefaults } from '../../scripts/lib/defaults-table';
import * as defaults from '../../src/private/defaults';

const root = path.join(__dirname, '..', '..');

describe('defaults module and docs/defaults.md table', () => {
  test('every default has a reason and a section', () => {
    const entries = readDefaults(root);
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(defaults).sort());
    for (const entry of entries) {
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(entry.section).not.toBe('');
    }
  });

  test('the docs/defaults.md "Defaults and why" table is current (npx projen docs:defaults)', () => {
    const doc = fs.readFileSync(path.join(root, DEFAULTS_DOC), 'utf8');
    expect(doc).toEqual(defaultsDocWithTable(root));
  });
});
