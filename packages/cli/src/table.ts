/** Plain-text tables for terminals: columns padded to their widest cell, a rule under the header. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = '  ',
): string {
  const width = (s: string): number => Array.from(s).length;
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const line = (cells: readonly string[]): string =>
    (indent + cells.map((cell, c) => cell + ' '.repeat((widths[c] ?? 0) - width(cell))).join('  ')).trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
