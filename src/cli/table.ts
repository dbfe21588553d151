/**
 * Plain-text and Markdown tables for the scripts' output.
 */

/** Columns padded to the widest cell, two spaces apart; the header is underlined. */
export function textTable(header: string[], rows: string[][], indent: string = ''): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => indent + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table; `rightAligned` lists the column indexes of numbers. */
export function markdownTable(header: string[], rows: string[][], rightAligned: number[] = []): string {
  const separator = header.map((_, i) => (rightAligned.includes(i) ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(separator), ...rows.map(line)].join('\n');
}
