/**
 * Crash test: five clients post 1,000 messages to one thread while the real server process is killed
 * (SIGKILL) and restarted on the same port and database three times. Nothing may be lost, nothing
 * duplicated, each client's order must be kept in storage, and every client's thread store — what its
 * `<rse-object-thread>` renders — must show each message exactly once.
 *
 * The clients are four people plus a second tab of one of them (two `RseClient`s, one person), each
 * with its own adapter, outbox and activity stream, all on order 4711 (dev mode: everyone may open it).
 *
 * Run: node --conditions=source --import tsx --test test/reliability/fault.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import { RseClient, type Message, type ThreadState, type ThreadStore } from '@rse/core';
import {
  RecordingAdapter,
  countingFetch,
  devTokenProvider,
  duplicates,
  eventually,
  fetchDevToken,
  inversions,
  postedIds,
  readWholeThread,
  sleep,
  total,
  type WireCounters,
} from './harness.js';
import { ServerProcess, freePort } from './server-process.js';

const ORDER = { system: 'ERP', type: 'SalesOrder', id: '4711' } as const;
/** Four people, and Camille in a second tab. */
const CLIENTS = [
  { name: 'c1', person: 'camille' },
  { name: 'c2', person: 'camille' },
  { name: 'c3', person: 'jonas' },
  { name: 'c4', person: 'amira' },
  { name: 'c5', person: 'lucas' },
] as const;
const PER_CLIENT = 200;
const TOTAL = CLIENTS.length * PER_CLIENT;
/** Restarts happen once this many messages were acknowledged overall. */
const KILL_AT_ACKED = [150, 450, 750];
/** How long the server stays dead each time. */
const DOWN_MS = 800;
/** The pause between two posts of one client (a person typing fast), with some jitter. */
const POST_EVERY_MS = 30;
/** The whole test, server starts included. */
const TEST_TIMEOUT_MS = 150_000;
/** How long the outboxes get to empty once posting is over. */
const DRAIN_TIMEOUT_MS = 60_000;
/** How long the thread stores get to catch up once the outboxes are empty. */
const CATCH_UP_TIMEOUT_MS = 20_000;

const RUN = Math.random().toString(36).slice(2, 8);
const text = (client: string, seq: number): string => `Reliability run ${RUN}: message ${String(seq)} from ${client}`;
const TEXT = new RegExp(`^Reliability run ${RUN}: message (\\d+) from (c\\d)$`, 'u');

/** ` (first: "…" shown before "…")` for the first pair of `ids` out of storage order, or nothing. */
function firstInversion(ids: readonly string[], position: ReadonlyMap<string, number>, stored: readonly Message[]): string {
  const label = (id: string | undefined): string => {
    const [, seq, client] = TEXT.exec(stored[position.get(id ?? '') ?? -1]?.text ?? '') ?? [];
    return `${client ?? '?'} #${seq ?? '?'}`;
  };
  for (let i = 1; i < ids.length; i++) {
    if ((position.get(ids[i] ?? '') ?? 0) < (position.get(ids[i - 1] ?? '') ?? 0)) return ` (first: ${label(ids[i - 1])} shown before ${label(ids[i])})`;
  }
  return '';
}

interface Tab {
  readonly name: string;
  readonly person: string;
  readonly adapter: RecordingAdapter;
  readonly client: RseClient;
  readonly store: ThreadStore;
  state: ThreadState;
  /** Times the store went from live to not live (the hub lost its stream). */
  liveDrops: number;
  /** Highest attempt count seen per client id (for the retry figure). */
  readonly attempts: Map<string, number>;
  /** Stops listening to the store and the outbox. */
  stop: () => void;
}

test(`${String(CLIENTS.length)} clients post ${String(TOTAL)} messages while the server is killed and restarted ${String(KILL_AT_ACKED.length)} times`, { timeout: TEST_TIMEOUT_MS }, async (t) => {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'rse-reliability-'));
  const server = new ServerProcess(await freePort(), join(dir, 'rse.sqlite'));
  const tabs: Tab[] = [];
  let failed = true;
  t.after(async () => {
    for (const tab of tabs) {
      tab.stop();
      tab.client.close();
    }
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  t.after(() => {
    // Shown only when something failed, next to the assertion: what the server said last.
    if (failed) console.log(`--- last server output ---\n${server.log.slice(-30).join('\n')}`);
  });

  await server.start();
  const graphqlUrl = `${server.url}/graphql`;
  const wire: WireCounters = { sent: new Map(), failed: new Map() };
  const tokens = { tokenFetches: 0 };

  for (const { name, person } of CLIENTS) {
    const adapter = new RecordingAdapter(
      createGraphQLAdapter({ url: graphqlUrl, token: devTokenProvider(server.url, person, tokens), fetch: countingFetch(wire) }),
    );
    const client = new RseClient({ adapter });
    const store = client.thread(ORDER);
    const tab: Tab = {
      name,
      person,
      adapter,
      client,
      store,
      state: store.state,
      liveDrops: 0,
      attempts: new Map(),
      stop: () => undefined,
    };
    const unsubscribe = store.subscribe((state) => {
      if (tab.state.live && !state.live) tab.liveDrops++;
      tab.state = state;
    });
    const unwatch = client.outbox.subscribe((entries) => {
      for (const entry of entries) tab.attempts.set(entry.clientId, Math.max(entry.attempts, tab.attempts.get(entry.clientId) ?? 0));
    });
    tab.stop = () => {
      unsubscribe();
      unwatch();
    };
    tabs.push(tab);
  }
  await eventually(() => tabs.every((tab) => tab.state.status === 'ready' && tab.state.live), 'every thread store ready and live', 10_000);

  // Posting: each client posts its 200 messages at a typing pace, without waiting for the server —
  // what piles up during an outage waits in the outbox.
  let acked = 0;
  const refused: string[] = [];
  const sent: Promise<Message | null>[] = [];
  const posting = tabs.map(async (tab) => {
    for (let seq = 1; seq <= PER_CLIENT; seq++) {
      sent.push(
        tab.store.post(text(tab.name, seq)).then(
          (message) => {
            acked++;
            return message;
          },
          (error: unknown) => {
            refused.push(`${tab.name} #${String(seq)}: ${String(error)}`);
            return null;
          },
        ),
      );
      await sleep(POST_EVERY_MS * (0.5 + Math.random()));
    }
  });

  // Chaos: kill the server at spread-out moments, keep it down a while, start it again.
  const restarts: { atAcked: number; at: number; downMs: number }[] = [];
  const chaos = (async () => {
    for (const threshold of KILL_AT_ACKED) {
      await eventually(() => acked >= threshold || refused.length > 0, `${String(threshold)} messages acknowledged`, 60_000);
      if (refused.length > 0) return;
      const atAcked = acked;
      const down = Date.now();
      await server.kill();
      await sleep(DOWN_MS);
      await server.start();
      restarts.push({ atAcked, at: down - started, downMs: Date.now() - down });
    }
  })();
  // Awaited below, after the posting; a failed restart must not count as unhandled meanwhile.
  chaos.catch(() => undefined);

  await Promise.all(posting);
  await chaos;
  await eventually(
    () => tabs.every((tab) => tab.client.outbox.entries.length === 0) || refused.length > 0,
    'every outbox empty',
    DRAIN_TIMEOUT_MS,
    () => tabs.map((tab) => `${tab.name}: ${String(tab.client.outbox.entries.length)} left`).join(', '),
  );
  await Promise.all(sent);
  const drained = Date.now();
  assert.deepEqual(refused, [], 'no post may be refused for good');
  assert.equal(restarts.length, KILL_AT_ACKED.length, 'every planned restart happened');

  // The truth: a fresh read of the whole thread, as a newcomer would see it.
  const stored = (await readWholeThread(graphqlUrl, await fetchDevToken(server.url, 'sofia'), ORDER)).filter((m) => TEXT.test(m.text));
  const position = new Map(stored.map((m, index) => [m.id, index]));
  const keys = stored.map((m) => {
    const [, seq, client] = TEXT.exec(m.text) ?? [];
    return { client: client ?? '?', seq: Number(seq) };
  });
  const storedKeys = keys.map((k) => `${k.client}#${String(k.seq)}`);
  const storedDuplicates = duplicates(storedKeys);
  const missing = CLIENTS.flatMap(({ name }) =>
    Array.from({ length: PER_CLIENT }, (_, i) => `${name}#${String(i + 1)}`).filter((key) => !storedKeys.includes(key)),
  );
  const outOfOrder = CLIENTS.map(({ name }) => ({ name, backwards: inversions(keys.filter((k) => k.client === name).map((k) => k.seq)) })).filter(
    (c) => c.backwards > 0,
  );

  // Each client's view: the store after reading every older page, once the live events caught up.
  const storeIds = (tab: Tab): string[] => tab.state.messages.filter((m) => TEXT.test(m.text)).map((m) => m.id);
  await eventually(
    () => tabs.every((tab) => new Set(storeIds(tab)).size >= stored.length && tab.state.pending.length === 0),
    'every thread store showing every stored message',
    CATCH_UP_TIMEOUT_MS,
    () => tabs.map((tab) => `${tab.name}: ${String(new Set(storeIds(tab)).size)}/${String(stored.length)}`).join(', '),
  ).catch(() => undefined); // Judged below, message by message.
  for (const tab of tabs) {
    while (tab.store.state.hasOlder) await tab.store.loadOlder();
  }
  const views = tabs.map((tab) => {
    const ids = storeIds(tab);
    const shown = new Set(ids);
    const events = postedIds(tab.adapter.activity).filter((id) => position.has(id));
    return {
      tab,
      shown: shown.size,
      duplicated: duplicates(ids),
      missing: stored.filter((m) => !shown.has(m.id)).length,
      pending: tab.state.pending.length,
      orderInversions: inversions(ids.map((id) => position.get(id) ?? -1)),
      firstInversion: firstInversion(ids, position, stored),
      events: events.length,
      eventDuplicates: duplicates(events),
      eventInversions: inversions(events.map((id) => position.get(id) ?? -1)),
    };
  });

  // Figures.
  const retries = tabs.reduce((sum, tab) => sum + [...tab.attempts.values()].reduce((s, a) => s + Math.max(0, a - 1), 0), 0);
  const retriedMessages = tabs.reduce((sum, tab) => sum + [...tab.attempts.values()].filter((a) => a > 1).length, 0);
  console.log(`
fault test (run ${RUN}): ${String(TOTAL)} posts by ${String(CLIENTS.length)} clients, ${String(restarts.length)} SIGKILL restarts
  time: ${((drained - started) / 1000).toFixed(1)} s until every outbox was empty, ${((Date.now() - started) / 1000).toFixed(1)} s in all
  restarts: ${restarts.map((r) => `at ${String(r.atAcked)} acked (${String(r.at)} ms), down ${String(r.downMs)} ms`).join('; ')}
  outbox retries: ${String(retries)} extra attempts for ${String(retriedMessages)} messages; postMessage requests ${String(total(wire.sent, 'RsePostMessage'))}, of which failed in transport ${String(total(wire.failed, 'RsePostMessage'))}
  streams: activity (re)connections ${String(total(wire.sent, 'RseActivity'))} (failed ${String(total(wire.failed, 'RseActivity'))}); streams given up and reopened by the hub ${String(tabs.reduce((s, tab) => s + tab.adapter.activityStreams - 1, 0))}; token fetches ${String(tokens.tokenFetches)}
  stored: ${String(stored.length)} messages, ${String(storedDuplicates.count)} duplicated, ${String(missing.length)} missing, ${String(outOfOrder.length)} clients out of order
${views
  .map(
    (v) =>
      `  ${v.tab.name} (${v.tab.person}): store shows ${String(v.shown)}, duplicated ${String(v.duplicated.count)}, missing ${String(v.missing)}, pending ${String(v.pending)}; ` +
      `order vs storage: ${String(v.orderInversions)} inversions${v.firstInversion}; live events ${String(v.events)} (dup ${String(v.eventDuplicates.count)}, out of order ${String(v.eventInversions)}); ` +
      `hub streams ${v.tab.adapter.streamLog
        .map((l) => `[opened ${String(l.opened)}, ready ${String(l.ready)}, ${String(l.events)} events, ended ${String(l.ended)}${l.error ? ` ${l.error}` : ''}]`)
        .join(' ')}, newest-page reads ${String(v.tab.adapter.threadReads.newest)}, live drops ${String(v.tab.liveDrops)}`,
  )
  .join('\n')}
`);

  assert.equal(storedDuplicates.count, 0, `duplicated in storage: ${storedDuplicates.examples.join(', ')}`);
  assert.deepEqual(missing.slice(0, 10), [], `${String(missing.length)} messages lost`);
  assert.equal(stored.length, TOTAL);
  assert.deepEqual(outOfOrder, [], "each client's messages are stored in the order it posted them");
  for (const v of views) {
    assert.equal(v.duplicated.count, 0, `${v.tab.name}'s thread shows a message twice: ${v.duplicated.examples.join(', ')}`);
    assert.equal(v.pending, 0, `${v.tab.name} still shows pending messages`);
    assert.equal(v.missing, 0, `${v.tab.name}'s thread misses ${String(v.missing)} of ${String(stored.length)} messages (store shows ${String(v.shown)})`);
    assert.equal(v.eventDuplicates.count, 0, `${v.tab.name} received a live event twice`);
    assert.equal(v.eventInversions, 0, `${v.tab.name} received live events out of storage order`);
  }
  failed = false;
});
