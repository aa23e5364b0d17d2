/**
 * 2. A 10,000-message thread already in the client's cache, virtualized vs plain rendering: message
 * elements in the DOM, the time from insertion until the first frame that shows messages has been
 * painted, and whether the list opens at the newest message (where a reader expects it; the plain list
 * does).
 */
import type { Browser } from 'playwright-core';
import { callBench, openBenchPage } from '../lib/browser.js';
import { count, median, ms, times, type Row } from '../lib/report.js';

interface RenderRun {
  readonly ms: number;
  readonly articles: number;
  readonly messages: number;
  /** Whether the newest message was in view at once or within 2 s, as when a reader opens a thread. */
  readonly newestInView: boolean;
  readonly scroll: { readonly top: number; readonly height: number } | null;
}

const MAX_ELEMENTS = 300;
const TARGET_RATIO = 10;
const PREPARE_TIMEOUT_MS = 60_000;
const RENDER_TIMEOUT_MS = 30_000;

/** One render in a fresh page, or the reason the page cannot render that way. */
async function runOnce(browser: Browser, baseUrl: string, messages: number, virtualization: boolean): Promise<RenderRun | string> {
  const bench = await openBenchPage(browser, baseUrl);
  try {
    const prepared = await callBench<{ loaded: number }>(bench.page, 'prepareThread', { count: messages, timeoutMs: PREPARE_TIMEOUT_MS }, PREPARE_TIMEOUT_MS + 10_000);
    if (prepared.loaded !== messages) throw new Error(`only ${String(prepared.loaded)} of ${String(messages)} messages reached the client's cache`);
    const run = await callBench<RenderRun | { unsupported: string }>(
      bench.page,
      'renderThread',
      { virtualization, timeoutMs: RENDER_TIMEOUT_MS },
      RENDER_TIMEOUT_MS + 10_000,
    );
    if (bench.problems.length) console.warn(`  page errors: ${bench.problems.slice(0, 3).join(' | ')}`);
    return 'unsupported' in run ? run.unsupported : run;
  } finally {
    await bench.close();
  }
}

function describe(run: RenderRun | string): string {
  if (typeof run === 'string') return `not measured: ${run}`;
  const where = run.newestInView ? 'opened at the newest message' : `newest message NOT in view (scrollTop ${count(run.scroll?.top ?? Number.NaN)} of ${count(run.scroll?.height ?? Number.NaN)} px)`;
  return `${ms(run.ms)}, ${count(run.articles)} message elements, ${where}`;
}

/** Renders `runs` times virtualized and `plainRuns` times plain, alternating, and compares medians. */
export async function measureLongThread(browser: Browser, baseUrl: string, messages: number, runs: number, plainRuns: number): Promise<Row[]> {
  const virtualized: RenderRun[] = [];
  const plain: RenderRun[] = [];
  let plainMissing: string | null = null;
  for (let i = 0; i < Math.max(runs, plainRuns); i++) {
    if (i < runs) {
      const run = await runOnce(browser, baseUrl, messages, true);
      console.log(`  virtualized: ${describe(run)}`);
      if (typeof run === 'string') throw new Error(run);
      virtualized.push(run);
    }
    if (i < plainRuns && plainMissing === null) {
      const run = await runOnce(browser, baseUrl, messages, false);
      console.log(`  plain:       ${describe(run)}`);
      if (typeof run === 'string') plainMissing = run;
      else plain.push(run);
    }
  }
  const n = count(messages);
  const elements = Math.max(...virtualized.map((r) => r.articles));
  const plainElements = plain.length ? median(plain.map((r) => r.articles)) : Number.NaN;
  const time = median(virtualized.map((r) => r.ms));
  const plainTime = plain.length ? median(plain.map((r) => r.ms)) : Number.NaN;
  const speedup = plainTime / time;
  const missing = plainMissing === null ? undefined : `no plain baseline: ${plainMissing}`;
  return [
    {
      measurement: `${n}-message thread: message elements in the DOM`,
      result: count(elements),
      baseline: count(plainElements),
      ratio: times(plainElements / elements),
      target: `≤ ${String(MAX_ELEMENTS)}`,
      verdict: elements <= MAX_ELEMENTS ? 'pass' : 'fail',
      note: missing,
    },
    {
      measurement: `${n}-message thread: insertion → first messages painted`,
      result: ms(time),
      baseline: ms(plainTime),
      ratio: times(speedup),
      target: `≥ ${String(TARGET_RATIO)}× faster`,
      verdict: plain.length === 0 ? 'error' : speedup >= TARGET_RATIO ? 'pass' : 'fail',
      note: missing,
    },
    {
      measurement: `${n}-message thread: opens scrolled to the newest message`,
      result: virtualized.every((r) => r.newestInView) ? 'yes' : 'no',
      baseline: plain.length ? (plain.every((r) => r.newestInView) ? 'yes' : 'no') : '—',
      ratio: '',
      target: 'yes',
      verdict: virtualized.every((r) => r.newestInView) ? 'pass' : 'fail',
      note: virtualized.every((r) => r.newestInView)
        ? undefined
        : `virtualized: no, the newest message is rendered out of view (list scrollTop ${count(virtualized.find((r) => !r.newestInView)?.scroll?.top ?? Number.NaN)} of ${count(virtualized.find((r) => !r.newestInView)?.scroll?.height ?? Number.NaN)} px)`,
    },
  ];
}
