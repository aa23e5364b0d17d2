/**
 * 1. A page of 1,000 badges: requests sent, and the time from insertion until every badge has painted
 * its count, with the client's batching on and off.
 */
import type { Browser } from 'playwright-core';
import { callBench, countGraphQL, openBenchPage } from '../lib/browser.js';
import { count, median, ms, times, type Row } from '../lib/report.js';

/** The badges' objects, what each should show, and whose page it is. */
export interface BadgeSetup {
  readonly ids: readonly string[];
  /** Object id → the total the server holds for it (absent means 0). */
  readonly expected: Readonly<Record<string, number>>;
  readonly token: string;
}

interface BadgeRun {
  readonly ms: number;
  /** The first frame after insertion (its callbacks, before it is styled and painted). */
  readonly firstFrameMs: number | null;
  /** The insertion, epoch ms. */
  readonly insertedAt: number;
  readonly total: number;
  readonly painted: number;
  readonly timedOut: number;
  readonly errors: readonly string[];
  readonly wrong: readonly string[];
}

interface Measured extends BadgeRun {
  readonly countRequests: number;
  /** Since insertion: when the first counts request was sent, and when the last one was answered. */
  readonly firstCountSent: number;
  readonly lastCountDone: number;
  readonly streams: number;
  readonly graphql: number;
}

const TARGET_RATIO = 20;
const RUN_TIMEOUT_MS = 30_000;
/** After the last badge painted, how long requests are still counted (a late duplicate would show). */
const SETTLE_MS = 300;

async function runOnce(browser: Browser, baseUrl: string, setup: BadgeSetup, batching: boolean): Promise<Measured> {
  const bench = await openBenchPage(browser, baseUrl);
  try {
    const counter = countGraphQL(bench.page);
    const run = await callBench<BadgeRun>(
      bench.page,
      'badges',
      { token: setup.token, batching, ids: setup.ids, expected: setup.expected, timeoutMs: RUN_TIMEOUT_MS },
      RUN_TIMEOUT_MS + 10_000,
    );
    await bench.page.waitForTimeout(SETTLE_MS);
    counter.stop();
    if (bench.problems.length) console.warn(`  page errors: ${bench.problems.slice(0, 3).join(' | ')}`);
    return {
      ...run,
      countRequests: counter.traffic.counts,
      firstCountSent: Math.min(...counter.traffic.countTimes.map((t) => t.sentAt)) - run.insertedAt,
      lastCountDone: Math.max(...counter.traffic.countTimes.map((t) => t.doneAt)) - run.insertedAt,
      streams: counter.traffic.streams,
      graphql: counter.traffic.all,
    };
  } finally {
    await bench.close();
  }
}

function describe(run: Measured): string {
  return (
    `${ms(run.ms)}, ${String(run.painted)}/${String(run.total)} painted; ${String(run.countRequests)} count request(s), ` +
    `${String(run.streams)} stream(s), ${String(run.graphql)} POST /graphql; first frame at ${ms(run.firstFrameMs ?? Number.NaN)}, ` +
    `counts sent from ${ms(run.firstCountSent)}, answered by ${ms(run.lastCountDone)}`
  );
}

function problemsOf(runs: readonly Measured[]): string[] {
  return runs.flatMap((run) => [
    ...(run.timedOut ? [`${String(run.timedOut)} badge(s) never painted`] : []),
    ...run.errors.map((e) => `error state: ${e}`),
    ...run.wrong.map((w) => `wrong count: ${w}`),
  ]);
}

/** Alternates batching off and on `runs` times each, after one warm-up, and compares the medians. */
export async function measureBadges(browser: Browser, baseUrl: string, setup: BadgeSetup, runs: number): Promise<Row[]> {
  const n = count(setup.ids.length);
  const warmUp = await runOnce(browser, baseUrl, setup, true);
  console.log(`  warm-up (batched): ${describe(warmUp)}`);
  // Badges that do not paint now will not later: stop here rather than wait out every run's timeout.
  const broken = problemsOf([warmUp]);
  if (broken.length) throw new Error(`badges do not paint their counts: ${broken.slice(0, 3).join('; ')}`);
  const batched: Measured[] = [];
  const unbatched: Measured[] = [];
  for (let i = 0; i < runs; i++) {
    const off = await runOnce(browser, baseUrl, setup, false);
    console.log(`  batching off: ${describe(off)}`);
    unbatched.push(off);
    const on = await runOnce(browser, baseUrl, setup, true);
    console.log(`  batching on:  ${describe(on)}`);
    batched.push(on);
  }
  const problems = problemsOf([...batched, ...unbatched]);
  const allPainted = problems.length === 0;
  const requestsOn = Math.max(...batched.map((r) => r.countRequests));
  const streamsOn = Math.max(...batched.map((r) => r.streams));
  const requestsOff = median(unbatched.map((r) => r.countRequests));
  const timeOn = median(batched.map((r) => r.ms));
  const timeOff = median(unbatched.map((r) => r.ms));
  const speedup = timeOff / timeOn;
  const oneRequest = batched.every((r) => r.countRequests === 1 && r.streams === 1);
  return [
    {
      measurement: `${n} badges: count requests (+ event streams)`,
      result: `${count(requestsOn)} (+${count(streamsOn)})`,
      baseline: count(requestsOff),
      ratio: times(requestsOff / requestsOn),
      target: 'exactly 1 (+1)',
      verdict: oneRequest && allPainted ? 'pass' : 'fail',
      note: oneRequest ? problems[0] : `batched runs sent ${batched.map((r) => `${String(r.countRequests)}+${String(r.streams)}`).join(', ')}`,
    },
    {
      measurement: `${n} badges: insertion → all counts painted`,
      result: ms(timeOn),
      baseline: ms(timeOff),
      ratio: times(speedup),
      target: `≥ ${String(TARGET_RATIO)}× faster`,
      verdict: speedup >= TARGET_RATIO && allPainted ? 'pass' : 'fail',
      note: allPainted ? undefined : problems.slice(0, 3).join('; '),
    },
  ];
}
