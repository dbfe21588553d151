import * as fs from 'fs';
import * as path from 'path';

/** The guide that holds the generated table, relative to the repository root. */
export const DEFAULTS_DOC = 'docs/defaults.md';

/** Where the generated table sits in the guide. */
export const BEGIN_MARKER = '<!-- defaults-table:begin (generated from src/private/defaults.ts by `npx projen docs:defaults`) -->';
export const END_MARKER = '<!-- defaults-table:end -->';

interface DefaultEntry {
  readonly section: string;
  readonly name: string;
  readonly value: string;
  readonly reason: string;
}

/**
 * Read every `export const` of src/private/defaults.ts with its section header and its JSDoc reason.
 */
export function readDefaults(root: string): DefaultEntry[] {
  const text = fs.readFileSync(path.join(root, 'src', 'private', 'defaults.ts'), 'utf8');
  const entries: DefaultEntry[] = [];
  let section = '';
  // A section header is a comment line between two dashed comment lines.
  const pattern = /^\/\/ -{10,}\n\/\/ ([^\n]+)\n\/\/ -{10,}$|\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export const (\w+)\s*(?::[^=]+)?=\s*([^;]+);/gm;
  for (const match of text.matchAll(pattern)) {
    if (match[1] !== undefined) {
      section = match[1].trim();
      continue;
    }
    const reason = match[2].split('\n').map((line) => line.replace(/^\s*\*\s?/, '').trim()).filter(Boolean).join(' ');
    entries.push({ section, name: match[3], value: match[4].replace(/\s+/g, ' ').trim(), reason });
  }
  return entries;
}

/** The Markdown table, one bold row per section. */
export function renderDefaultsTable(root: string): string {
  const rows = ['| Constant | Default | Why |', '|---|---|---|'];
  let section = '';
  for (const entry of readDefaults(root)) {
    if (entry.section !== section) {
      section = entry.section;
      rows.push(`| **${section}** | | |`);
    }
    rows.push(`| \`${entry.name}\` | \`${entry.value.replace(/\|/g, '\\|')}\` | ${entry.reason.replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}

/** docs/defaults.md with its table regenerated. */
export function defaultsDocWithTable(root: string): string {
  const doc = fs.readFileSync(path.join(root, DEFAULTS_DOC), 'utf8');
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin < 0 || end < begin) {
    throw new Error(`${DEFAULTS_DOC} has no defaults table markers (${BEGIN_MARKER} … ${END_MARKER})`);
  }
  return `${doc.slice(0, begin + BEGIN_MARKER.length)}\n${renderDefaultsTable(root)}\n${doc.slice(end)}`;
}
