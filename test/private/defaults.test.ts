import * as fs from 'fs';
import * as path from 'path';
import * as defaults from '../../src/private/defaults';

// The README's "Defaults and why" table must name every default of src/private/defaults.ts.
describe('README defaults table', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split('## Defaults and why')[1]?.split('\n## ')[0] ?? '';
  const documented = new Set([...section.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));

  test('the README has the table', () => {
    expect(section).toContain('| Setting | Default | Why | Constant |');
  });

  test.each(Object.keys(defaults))('%s is documented in the README table', (name) => {
    expect(documented).toContain(name);
  });

  test('every constant the README names exists', () => {
    for (const name of documented) {
      expect(Object.keys(defaults)).toContain(name);
    }
  });
});
