/**
 * 3. Post → render latency between two people on the real server: A posts through its page's client,
 * B's page notes the first frame that shows each message. Both pages run on this machine's clock, and
 * each text carries its own send time.
 */
import type { Browser } from 'playwright-core';
import { callBench, openBenchPage, type BenchPage } from '../lib/browser.js';
import { count, ms, quantile, type Row } from '../lib/report.js';

/** Who talks, where, and how much. */
export interface LatencySetup {
  readonly senderToken: string;
  readonly receiverToken: string;
  readonly objectId: string;
  readonly posts: number;
  /** Pause after each post is confirmed, so the measurement sees latency, not a queue. */
  readonly gapMs: number;
}

const TARGET_P95_MS = 150;
const OPEN_TIMEOUT_MS = 20_000;
const WARM_UP_POSTS = 5;
/** After the last post, how long the receiver gets to show the stragglers. */
const DRAIN_MS = 5_000;

async function openThread(browser: Browser, baseUrl: string, token: string, objectId: string): Promise<BenchPage> {
  const bench = await openBenchPage(browser, baseUrl);
  try {
    await callBench(bench.page, 'openLiveThread', { token, objectId, timeoutMs: OPEN_TIMEOUT_MS }, OPEN_TIMEOUT_MS + 5_000);
    return bench;
  } catch (error) {
    await bench.close();
    throw error;
  }
}

export async function measureLatency(browser: Browser, baseUrl: string, setup: LatencySetup): Promise<Row[]> {
  const sender = await openThread(browser, baseUrl, setup.senderToken, setup.objectId);
  let receiver: BenchPage | undefined;
  try {
    receiver = await openThread(browser, baseUrl, setup.receiverToken, setup.objectId);
    // Unwatched posts first: connections, JIT and SQLite statements are warm when the clock runs.
    await callBench(sender.page, 'postSeries', { prefix: 'bench-warm', count: WARM_UP_POSTS, gapMs: setup.gapMs }, 30_000);
    await callBench(receiver.page, 'watchArrivals', { prefix: 'bench-lat' }, 5_000);
    const postBudget = setup.posts * (setup.gapMs + 2_000);
    await callBench(sender.page, 'postSeries', { prefix: 'bench-lat', count: setup.posts, gapMs: setup.gapMs }, postBudget);
    let seen: [number, number, number][] = [];
    const deadline = Date.now() + DRAIN_MS;
    do {
      seen = await callBench<[number, number, number][]>(receiver.page, 'arrivals', {}, 5_000);
      if (seen.length >= setup.posts) break;
      await receiver.page.waitForTimeout(100);
    } while (Date.now() < deadline);
    const latencies = seen.map(([, sentAt, seenAt]) => seenAt - sentAt);
    const missing = setup.posts - seen.length;
    const p50 = quantile(latencies, 0.5);
    const p95 = quantile(latencies, 0.95);
    console.log(
      `  ${String(seen.length)}/${String(setup.posts)} shown; p50 ${ms(p50)}, p95 ${ms(p95)}, max ${ms(Math.max(...latencies))}`,
    );
    for (const bench of [sender, receiver]) {
      if (bench.problems.length) console.warn(`  page errors: ${bench.problems.slice(0, 3).join(' | ')}`);
    }
    const note = missing > 0 ? `${String(missing)} of ${String(setup.posts)} posts never showed on the other page` : undefined;
    return [
      {
        measurement: `Post → other person's screen, p50 (${count(setup.posts)} posts)`,
        result: ms(p50),
        baseline: '',
        ratio: '',
        target: '',
        verdict: missing > 0 ? 'fail' : 'info',
        note,
      },
      {
        measurement: `Post → other person's screen, p95 (${count(setup.posts)} posts)`,
        result: ms(p95),
        baseline: '',
        ratio: '',
        target: `≤ ${String(TARGET_P95_MS)} ms`,
        verdict: missing === 0 && p95 <= TARGET_P95_MS ? 'pass' : 'fail',
        note,
      },
    ];
  } finally {
    await receiver?.close();
    await sender.close();
  }
}
