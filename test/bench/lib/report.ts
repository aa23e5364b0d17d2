/** Figures, their targets, and the two renderings of the result table (aligned text and Markdown). */

/** Whether a row met its target. `info` rows have none; `error` rows could not be measured. */
export type Verdict = 'pass' | 'fail' | 'info' | 'error';

/** One line of the table. */
export interface Row {
  readonly measurement: string;
  /** The figure measured, formatted. */
  readonly result: string;
  /** The same figure without the optimisation, formatted, or '' when there is none. */
  readonly baseline: string;
  /** `baseline / result` (or the reverse for throughput), formatted, or ''. */
  readonly ratio: string;
  readonly target: string;
  readonly verdict: Verdict;
  /** Why a row failed or could not be measured. */
  readonly note?: string;
}

/** The value at quantile `q` (0..1) of `values`, by nearest rank; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** `1,234` */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

/** `12.3 ms` under 100 ms, `1,234 ms` above. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 100 ? `${value.toFixed(1)} ms` : `${count(value)} ms`;
}

/** `23.4×` */
export function times(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value < 10 ? `${value.toFixed(1)}×` : `${count(value)}×`;
}

const VERDICT_LABEL: Readonly<Record<Verdict, string>> = { pass: 'pass', fail: 'FAIL', info: '—', error: 'ERROR' };
const HEADERS = ['Measurement', 'Result', 'Baseline', 'Ratio', 'Target', 'Status'] as const;

function cells(row: Row): string[] {
  return [row.measurement, row.result, row.baseline, row.ratio, row.target, VERDICT_LABEL[row.verdict]];
}

/** The table as aligned plain text, for the console. */
export function textTable(rows: readonly Row[]): string {
  const all = [[...HEADERS], ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((line) => (line[i] ?? '').length)));
  const format = (line: readonly string[]) =>
    line
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [format(HEADERS), rule, ...rows.map((row) => format(cells(row)))].join('\n');
}

/** The table as GitHub Markdown, for the README's "Performance" section. */
export function markdownTable(rows: readonly Row[]): string {
  const escape = (cell: string) => (cell === '' ? ' ' : cell.replaceAll('|', '\\|'));
  const line = (values: readonly string[]) => `| ${values.map(escape).join(' | ')} |`;
  return [line(HEADERS), '|---|--:|--:|--:|---|---|', ...rows.map((row) => line(cells(row)))].join('\n');
}

/** A row for a measurement that could not be made, with the reason. */
export function errorRow(measurement: string, error: unknown): Row {
  // The first line only: a browser error's stack would break the table.
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return { measurement, result: '—', baseline: '', ratio: '', target: '', verdict: 'error', note: reason };
}
