/**
 * `npm run bench`: the performance figures of RSE Elements against the real server (a child process,
 * SQLite in a temporary folder) and headless Chromium, each beside a baseline measured in the same run.
 * It prints a table as it goes, then the same table in Markdown for README's "Performance" section,
 * and exits non-zero when a target is missed (listing which). Figures, not tests: not part of `npm test`.
 *
 * Run after `npm run build` (the pages use `packages/elements/dist/cdn/rse.js`):
 *   node --conditions=source --import tsx test/bench/run.ts [--only badges,thread,latency,fanout,throughput]
 * `RSE_BENCH_CDN_DIR=<folder>` benchmarks another build of `rse.js` than `packages/elements/dist/cdn`.
 *
 * Every wait is bounded, and the whole run is stopped after {@link RUN_BUDGET_MS} whatever happens.
 * All traffic stays on 127.0.0.1.
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import type { ObjectRegistration } from '@rse/server';
import { launchChromium } from '../helpers/chromium.js';
import { devToken, postMessage, type ObjectInput } from './lib/graphql.js';
import { count, errorRow, markdownTable, textTable, type Row } from './lib/report.js';
import { startBenchServer, type BenchServer } from './lib/server-process.js';
import { measureBadges } from './measure/badges.js';
import { measureFanout } from './measure/fanout.js';
import { measureLatency } from './measure/latency.js';
import { measureLongThread } from './measure/long-thread.js';
import { measureThroughput } from './measure/throughput.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The bundle the pages load (see `server.ts`; `RSE_BENCH_CDN_DIR` points at another build). */
const BUNDLE = join(process.env.RSE_BENCH_CDN_DIR ?? join(REPO_ROOT, 'packages', 'elements', 'dist', 'cdn'), 'rse.js');
/** The whole run, start to finish: past this it stops, reports what it has and fails. */
const RUN_BUDGET_MS = 5 * 60_000;

/** What is measured, with the issue's sizes. */
const CONFIG = {
  badges: 1_000,
  /** Badge objects that have messages: every tenth, with 1 to 3 messages each. */
  badgesWithMessagesEvery: 10,
  /** Each mode, alternated: its median is compared, so an odd count, and more than 3 on a noisy 2-core machine. */
  badgeRuns: 5,
  threadMessages: 10_000,
  threadRuns: 3,
  plainThreadRuns: 2,
  latencyPosts: 40,
  latencyGapMs: 50,
  streams: 1_000,
  throughputConnections: 10,
  throughputSeconds: 5,
} as const;

const STEPS = ['badges', 'thread', 'latency', 'fanout', 'throughput'] as const;
type Step = (typeof STEPS)[number];

const ORDER: Omit<ObjectInput, 'id'> = { system: 'ERP', type: 'SalesOrder' };
const badgeId = (i: number) => `B${String(i).padStart(4, '0')}`;
const FANOUT_OBJECT: ObjectInput = { ...ORDER, id: 'BENCH-FANOUT' };
const THROUGHPUT_OBJECT: ObjectInput = { ...ORDER, id: 'BENCH-LOAD' };
/** The demo's own order: the two people of the latency test talk where the demo's people do. */
const LATENCY_ORDER_ID = '4711';
const PEOPLE = ['camille', 'jonas', 'amira', 'lucas'] as const;

function selectedSteps(): Set<Step> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  if (!values.only) return new Set(STEPS);
  const wanted = values.only.split(',').map((s) => s.trim());
  const unknown = wanted.filter((s) => !(STEPS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown step(s) ${unknown.join(', ')}; steps are ${STEPS.join(', ')}`);
  return new Set(wanted as Step[]);
}

/** The packages inside `rse.js`; the server runs from its sources, so it is never stale. */
const BUNDLED_PACKAGES = ['core', 'adapter-graphql', 'elements'] as const;

/** The most recently modified source file of the bundled packages, to warn when the bundle is older. */
function newestSource(packagesDir: string): { path: string; mtimeMs: number } | null {
  let newest: { path: string; mtimeMs: number } | null = null;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const { mtimeMs } = statSync(path);
        if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
      }
    }
  };
  for (const pkg of BUNDLED_PACKAGES) {
    const src = join(packagesDir, pkg, 'src');
    if (existsSync(src)) walk(src);
  }
  return newest;
}

/** Runs `work` in bounded concurrency: enough to seed quickly, not enough to be a load test. */
async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/** Posts 1–3 messages (as Jonas) on every tenth badge object; returns what each badge should show. */
async function seedBadges(server: BenchServer, token: string): Promise<Record<string, number>> {
  const expected: Record<string, number> = {};
  const posts: { id: string; n: number }[] = [];
  for (let i = 0; i < CONFIG.badges; i += CONFIG.badgesWithMessagesEvery) {
    const id = badgeId(i);
    const total = (i % 3) + 1;
    expected[id] = total;
    for (let n = 0; n < total; n++) posts.push({ id, n });
  }
  await inParallel(posts, 8, ({ id, n }) =>
    postMessage(server.url, token, { ...ORDER, id }, `Order ${id}: note ${String(n + 1)} #bench`, `seed-${id}-${String(n)}`),
  );
  return expected;
}

/** Undo steps (browser, server and its temporary folder), run last-in first-out on every way out. */
const cleanups: (() => Promise<void>)[] = [];
const CLEANUP_TIMEOUT_MS = 10_000;

let cleaning: Promise<void> | undefined;

/**
 * Runs the cleanups, once, within {@link CLEANUP_TIMEOUT_MS}; every caller (the normal end, Ctrl+C, the
 * watchdog) waits for the same run, so none exits while another is still deleting files.
 */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      (async () => {
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      })(),
      new Promise<void>((done) => {
        timer = setTimeout(done, CLEANUP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
  })();
  return cleaning;
}

async function main(): Promise<number> {
  const started = performance.now();
  const steps = selectedSteps();
  if (!existsSync(BUNDLE)) {
    console.error(`bench: ${BUNDLE} is missing; run npm run build first.`);
    return 2;
  }
  const stale = newestSource(join(REPO_ROOT, 'packages'));
  if (stale && stale.mtimeMs > statSync(BUNDLE).mtimeMs) {
    console.warn(`bench: warning: ${relative(REPO_ROOT, stale.path)} is newer than the bundle; the figures are for the last build (npm run build).`);
  }

  const rows: Row[] = [];
  const watchdog = setTimeout(() => {
    console.error(`\nbench: stopped after ${String(RUN_BUDGET_MS / 60_000)} minutes; figures so far:`);
    console.log(textTable(rows));
    void cleanUp().finally(() => process.exit(3));
  }, RUN_BUDGET_MS);

  const objects: ObjectRegistration[] = [
    ...Array.from({ length: CONFIG.badges }, (_, i) => ({ ...ORDER, id: badgeId(i), title: `Bench order ${badgeId(i)}` })),
    { ...FANOUT_OBJECT, title: 'Bench: fan-out' },
    { ...THROUGHPUT_OBJECT, title: 'Bench: load' },
  ];
  console.log('bench: starting the server (child process, fresh SQLite file)…');
  const server = await startBenchServer(objects);
  cleanups.push(() => server.close());
  let browser: Browser | undefined;
  try {
    const tokens = Object.fromEntries(await Promise.all(PEOPLE.map(async (p) => [p, await devToken(server.url, p)] as const)));
    const camille = tokens.camille!;
    const jonas = tokens.jonas!;
    console.log(`bench: server at ${server.url}`);

    const step = async (name: Step, title: string, measure: () => Promise<Row[]>): Promise<void> => {
      if (!steps.has(name)) return;
      console.log(`\n${title}`);
      try {
        rows.push(...(await measure()));
      } catch (error) {
        console.error(`  failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`);
        rows.push(errorRow(title, error));
      }
    };
    const needsBrowser = ['badges', 'thread', 'latency'].some((s) => steps.has(s as Step));
    if (needsBrowser) {
      // Ctrl+C is this script's to handle: it closes the browser in order with everything else.
      browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false });
      const opened = browser;
      cleanups.push(() => opened.close());
    }
    const chromium = () => browser!;

    await step('badges', `1. ${count(CONFIG.badges)} badges, batching on vs off`, async () => {
      const expected = await seedBadges(server, jonas);
      const ids = Array.from({ length: CONFIG.badges }, (_, i) => badgeId(i));
      return measureBadges(chromium(), server.url, { ids, expected, token: camille }, CONFIG.badgeRuns);
    });
    await step('thread', `2. ${count(CONFIG.threadMessages)}-message thread, virtualized vs plain`, () =>
      measureLongThread(chromium(), server.url, CONFIG.threadMessages, CONFIG.threadRuns, CONFIG.plainThreadRuns),
    );
    await step('latency', `3. Post → render latency, two browser contexts (camille → jonas)`, () =>
      measureLatency(chromium(), server.url, {
        senderToken: camille,
        receiverToken: jonas,
        objectId: LATENCY_ORDER_ID,
        posts: CONFIG.latencyPosts,
        gapMs: CONFIG.latencyGapMs,
      }),
    );
    // The browser is done: closing it now keeps its processes out of the server-only figures.
    await browser?.close();
    await step('fanout', `4. One post → ${count(CONFIG.streams)} open activity streams`, () =>
      measureFanout(server.url, {
        streams: CONFIG.streams,
        tokens: PEOPLE.map((p) => tokens[p]!),
        posterToken: camille,
        object: FANOUT_OBJECT,
        serverConnections: () => server.connections(),
      }),
    );
    await step('throughput', `5. Server throughput (autocannon, ${String(CONFIG.throughputConnections)} connections, ${String(CONFIG.throughputSeconds)} s each)`, () =>
      measureThroughput(server.url, {
        token: camille,
        object: THROUGHPUT_OBJECT,
        connections: CONFIG.throughputConnections,
        seconds: CONFIG.throughputSeconds,
      }),
    );
    if (server.logged.warn + server.logged.error > 0) {
      console.warn(`\nbench: the server logged ${String(server.logged.warn)} warning(s) and ${String(server.logged.error)} error(s)`);
    }
  } finally {
    clearTimeout(watchdog);
    await cleanUp();
  }

  const seconds = (performance.now() - started) / 1000;
  const missed = rows.filter((r) => r.verdict === 'fail' || r.verdict === 'error');
  console.log(`\nResults (total ${seconds.toFixed(1)} s)\n`);
  console.log(textTable(rows));
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    console.log('');
    for (const r of notes) console.log(`  ${r.measurement}: ${r.note ?? ''}`);
  }
  console.log(`\nMarkdown (for README's "Performance" section):\n`);
  console.log(markdownTable(rows));
  const cores = cpus();
  const load = loadavg()[0] ?? 0;
  console.log(
    `\nMeasured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` in ${seconds.toFixed(0)} s: ${String(cores.length)} × ${cores[0]?.model.trim() ?? 'CPU'}, ` +
      `Node ${process.version}, headless Chromium, loopback, SQLite; load average ${load.toFixed(1)}. ` +
      'Baseline: the same page with batching off / virtualization off.',
  );
  // Other work on the machine shows in every figure, the p95 latency most: say so beside a failure.
  if (load > cores.length) console.warn(`bench: the machine was busy (load ${load.toFixed(1)} on ${String(cores.length)} cores); rerun before trusting a miss.`);
  if (missed.length) {
    console.error(`\nbench: ${String(missed.length)} target(s) missed:`);
    for (const r of missed) console.error(`  - ${r.measurement}: ${r.verdict === 'error' ? 'not measured' : `${r.result} (target ${r.target})`}${r.note ? ` — ${r.note}` : ''}`);
    return 1;
  }
  console.log('\nbench: every target met.');
  return 0;
}

let stopping = false;
const interrupt = (): void => {
  if (stopping) process.exit(130);
  stopping = true;
  console.error('\nbench: interrupted; cleaning up');
  void cleanUp().finally(() => process.exit(130));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

// Exit explicitly: an idle keep-alive socket must not keep a finished run waiting.
main().then(
  (code) => process.exit(stopping ? 130 : code),
  (error: unknown) => {
    console.error('bench:', error);
    process.exit(2);
  },
);
