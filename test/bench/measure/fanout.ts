/**
 * 4. One post reaching 1,000 open `activity` streams: the time from sending the mutation until the last
 * stream has parsed the event. Then every stream is closed and the server is checked to have let go.
 */
import { randomUUID } from 'node:crypto';
import { postMessage, type ObjectInput } from '../lib/graphql.js';
import { count, errorRow, ms, quantile, type Row } from '../lib/report.js';
import { ActivityStream, openStreams } from '../lib/sse-clients.js';

export interface FanoutSetup {
  readonly streams: number;
  /** Tokens the streams use in turn (several people, as on a real network). */
  readonly tokens: readonly string[];
  readonly posterToken: string;
  readonly object: ObjectInput;
  /** How many TCP connections the server holds right now. */
  readonly serverConnections: () => Promise<number>;
}

const TARGET_MS = 1_000;
const OPEN_PARALLEL = 100;
const OPEN_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 10_000;
/** Connections the parent's own `fetch` may keep alive (the post, token calls) beside the streams. */
const KEEP_ALIVE_SLACK = 2;

async function closeAll(streams: readonly ActivityStream[]): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const closed = await Promise.race([
    Promise.all(streams.map((s) => s.close())).then(() => true),
    new Promise<boolean>((done) => {
      timer = setTimeout(() => {
        done(false);
      }, CLOSE_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  return closed;
}

/** Polls the server until it holds no more connections than `limit`; false after the timeout. */
async function serverLetGo(connections: () => Promise<number>, limit: number): Promise<{ ok: boolean; count: number }> {
  const deadline = Date.now() + CLOSE_TIMEOUT_MS;
  let current = await connections();
  while (current > limit && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 100));
    current = await connections();
  }
  return { ok: current <= limit, count: current };
}

export async function measureFanout(baseUrl: string, setup: FanoutSetup): Promise<Row[]> {
  const before = await setup.serverConnections();
  const openedAt = performance.now();
  let streams: ActivityStream[] = [];
  try {
    streams = await openStreams(
      setup.streams,
      OPEN_PARALLEL,
      (i) => new ActivityStream(baseUrl, setup.tokens[i % setup.tokens.length] ?? ''),
      OPEN_TIMEOUT_MS,
    );
  } catch (error) {
    await closeAll((error as { streams?: ActivityStream[] }).streams ?? []);
    throw error;
  }
  const n = count(setup.streams);
  console.log(`  ${n} streams READY in ${ms(performance.now() - openedAt)}; server holds ${count(await setup.serverConnections())} connections`);

  let rows: Row[];
  try {
    rows = [await deliverOnce(baseUrl, setup, streams)];
  } catch (error) {
    rows = [errorRow(`One post → all ${n} open activity streams`, error)];
  }
  const closed = await closeAll(streams);
  // The bench's own fetch keeps a keep-alive connection or two (the post); streams must all be gone.
  const server = await serverLetGo(setup.serverConnections, before + KEEP_ALIVE_SLACK);
  console.log(`  closed ${n} streams; server holds ${count(server.count)} connections (before: ${count(before)})`);
  rows.push({
    measurement: `…then all ${n} streams closed: server connections left`,
    result: count(server.count),
    baseline: '',
    ratio: '',
    target: `≤ ${count(before + KEEP_ALIVE_SLACK)} (keep-alive)`,
    verdict: closed && server.ok ? 'pass' : 'fail',
    note: closed ? undefined : 'some client sockets did not close',
  });
  return rows;
}

/** Posts once and waits until every stream has the event (or the delivery timeout). */
async function deliverOnce(baseUrl: string, setup: FanoutSetup, streams: readonly ActivityStream[]): Promise<Row> {
  const n = count(streams.length);
  const clientId = `bench-fanout-${randomUUID()}`;
  const arrivals: number[] = [];
  let allArrived!: () => void;
  const done = new Promise<void>((resolve) => {
    allArrived = resolve;
  });
  let sentAt = 0;
  for (const stream of streams) {
    let got = false;
    stream.onMessage = (payload, at) => {
      if (got || payload.message?.clientId !== clientId) return;
      got = true;
      arrivals.push(at - sentAt);
      if (arrivals.length === streams.length) allArrived();
    };
  }
  sentAt = performance.now();
  const posted = postMessage(baseUrl, setup.posterToken, setup.object, 'Fan-out check: one post to every open stream.', clientId);
  // Settles only if the post fails, so a refused post ends the wait at once (and is thrown below).
  const postFailed = posted.then(
    () => new Promise<void>(() => undefined),
    () => undefined,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    done,
    postFailed,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  await posted;
  const complete = arrivals.length === streams.length;
  const last = complete ? Math.max(...arrivals) : Number.NaN;
  console.log(`  received by ${count(arrivals.length)}/${n}: first ${ms(Math.min(...arrivals))}, p50 ${ms(quantile(arrivals, 0.5))}, last ${ms(last)}`);
  return {
    measurement: `One post → all ${n} open activity streams`,
    result: ms(last),
    baseline: '',
    ratio: '',
    target: `≤ ${count(TARGET_MS)} ms`,
    verdict: complete && last <= TARGET_MS ? 'pass' : 'fail',
    note: complete ? undefined : `only ${count(arrivals.length)} of ${n} streams received it within ${count(DELIVERY_TIMEOUT_MS)} ms`,
  };
}
