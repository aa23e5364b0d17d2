/**
 * The rig of the stream-drop tests: a dev server in this process, a loopback TCP proxy in front of it
 * (see `tcp-proxy.ts`), a subscribing `RseClient` whose connections go through the proxy, and a poster
 * that talks to the server directly. Cutting the proxy drops the subscriber's live stream while the
 * server keeps running and the poster keeps posting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import { RseClient, type Message, type RseAdapter, type ThreadState, type ThreadStore } from '@rse/core';
import { startRseServer, type RseServer } from '@rse/server';
import { RecordingAdapter, countingFetch, devTokenProvider, duplicates, eventually, fetchDevToken, inversions, readWholeThread, sleep, type WireCounters } from './harness.js';
import { TcpProxy } from './tcp-proxy.js';

/** How long a stream may take to come back after the proxy lets connections through again. */
export const RESUME_TIMEOUT_MS = 15_000;
/** Waited after everything arrived: whatever would arrive twice arrives now. */
export const SETTLE_MS = 300;

/** The order every drop test talks about (seeded, no messages yet). */
export const ORDER = { system: 'ERP', type: 'SalesOrder', id: '4712' } as const;
/** Who subscribes (behind the proxy). */
export const SUBSCRIBER = 'amira';
/** Who posts (directly). */
export const POSTER = 'jonas';

export interface DropRig {
  readonly server: RseServer;
  readonly proxy: TcpProxy;
  /** The subscriber's adapter, as its client sees it (recording what the client's hub receives). */
  readonly recording: RecordingAdapter;
  /** The subscriber's wire counts. */
  readonly wire: WireCounters;
  readonly client: RseClient;
  /** The subscriber's thread store of {@link ORDER}, subscribed as an element would. */
  readonly store: ThreadStore;
  /** The store's latest state. */
  readonly state: () => ThreadState;
  /** Live-flag changes of the store, in order. */
  readonly liveChanges: boolean[];
  /** The poster's adapter, straight to the server. */
  readonly poster: RseAdapter;
  /** The text of this rig's message number `seq`. */
  readonly text: (seq: number) => string;
  /** Whether a message is one of this rig's. */
  readonly ours: (message: Message) => boolean;
  /** The number in one of this rig's texts. */
  readonly seqOf: (message: Message) => number;
  /** Posts messages `from`..`to` as the poster, `parallel` at a time (storage order is read back, never assumed). */
  post(from: number, to: number, parallel?: number): Promise<Message[]>;
  /** This rig's messages as stored, in storage order (a fresh read of the whole thread). */
  stored(): Promise<Message[]>;
  /** Loads older pages in the store for as long as it says there are some (at most `limit`); returns how many. */
  scrollBack(limit?: number): Promise<number>;
}

/**
 * Starts the rig. By default every connection of the subscriber goes through the proxy; with
 * `streamsOnly`, only its live streams do (the adapter's `streamUrl`) and its reads and posts reach the
 * server directly — a stream that dies while requests still work.
 */
export async function startDropRig(t: TestContext, options: { streamsOnly?: boolean } = {}): Promise<DropRig> {
  const dir = mkdtempSync(join(tmpdir(), 'rse-reliability-'));
  const quiet = (): void => undefined;
  const server = await startRseServer({ db: join(dir, 'rse.sqlite'), dev: true, port: 0, logger: { info: quiet, warn: quiet, error: quiet } });
  const proxy = new TcpProxy(server.port);
  const cleanups: (() => unknown)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await proxy.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await proxy.listen();

  const wire: WireCounters = { sent: new Map(), failed: new Map() };
  const recording = new RecordingAdapter(
    createGraphQLAdapter({
      url: `${options.streamsOnly ? server.url : proxy.url}/graphql`,
      streamUrl: `${proxy.url}/graphql`,
      token: devTokenProvider(server.url, SUBSCRIBER, { tokenFetches: 0 }),
      fetch: countingFetch(wire),
    }),
  );
  const client = new RseClient({ adapter: recording });
  cleanups.push(() => {
    client.close();
  });
  const store = client.thread(ORDER);
  let state = store.state;
  const liveChanges: boolean[] = [];
  cleanups.push(
    store.subscribe((next) => {
      if (next.live !== state.live) liveChanges.push(next.live);
      state = next;
    }),
  );
  await eventually(() => state.status === 'ready' && state.live, 'the thread store ready and live', 5000);

  const poster = createGraphQLAdapter({ url: `${server.url}/graphql`, token: await fetchDevToken(server.url, POSTER) });
  cleanups.push(() => poster.close?.());
  const run = Math.random().toString(36).slice(2, 8);
  const pattern = new RegExp(`^Drop test ${run}: message (\\d+)$`, 'u');
  const ours = (message: Message): boolean => pattern.test(message.text);
  return {
    server,
    proxy,
    recording,
    wire,
    client,
    store,
    state: () => state,
    liveChanges,
    poster,
    text: (seq) => `Drop test ${run}: message ${String(seq)}`,
    ours,
    seqOf: (message) => Number(pattern.exec(message.text)?.[1] ?? NaN),
    async post(from, to, parallel = 1) {
      const posted: Message[] = [];
      for (let seq = from; seq <= to; seq += parallel) {
        const batch = Array.from({ length: Math.min(parallel, to - seq + 1) }, (_, i) => seq + i);
        const texts = batch.map((n) => ({ object: ORDER, text: `Drop test ${run}: message ${String(n)}`, clientId: `${run}-${String(n)}` }));
        posted.push(...(await Promise.all(texts.map((input) => poster.postMessage(input)))));
      }
      return posted;
    },
    async stored() {
      return (await readWholeThread(`${server.url}/graphql`, await fetchDevToken(server.url, POSTER), ORDER)).filter(ours);
    },
    async scrollBack(limit = 200) {
      let pages = 0;
      while (state.hasOlder && pages < limit) {
        await store.loadOlder();
        pages++;
      }
      return pages;
    },
  };
}

/** Cuts the subscriber off, runs `meanwhile`, lets it back, and waits for the hub's fresh stream and the store's new read. */
export async function outage(r: DropRig, shownBefore: number, meanwhile: () => Promise<void>): Promise<{ streamsBefore: number; reads: { newest: number; older: number } }> {
  await eventually(() => r.state().messages.filter(r.ours).length === shownBefore, `the first ${String(shownBefore)} messages shown live`, 5000);
  r.proxy.down();
  await meanwhile();
  const streamsBefore = r.recording.activityStreams;
  const reads = { ...r.recording.threadReads };
  r.proxy.up();
  await eventually(
    () => r.recording.activityStreams > streamsBefore && r.recording.threadReads.newest > reads.newest && r.state().live,
    'a fresh stream and a new read of the thread',
    RESUME_TIMEOUT_MS,
    () => `streams ${String(r.recording.activityStreams)}, newest-page reads ${String(r.recording.threadReads.newest)}, errors ${r.recording.streamErrors.join(' | ')}`,
  );
  return { streamsBefore, reads };
}

/** What the store shows of the rig's messages, against storage, after scrolling back as far as it lets the reader. */
export async function judge(r: DropRig, newest: Message) {
  await eventually(() => r.state().messages.some((m) => m.id === newest.id), 'the newest message shown after the refetch', 5000);
  await sleep(SETTLE_MS);
  const olderPages = await r.scrollBack();
  const stored = await r.stored();
  const shown = r.state().messages.filter(r.ours);
  const shownIds = new Set(shown.map((m) => m.id));
  const missing = stored.filter((m) => !shownIds.has(m.id));
  const position = new Map(stored.map((m, index) => [m.id, index]));
  return {
    stored,
    olderPages,
    shown: shownIds.size,
    duplicated: duplicates(shown.map((m) => m.id)).count,
    missing,
    missingRange: missing.length === 0 ? '' : ` (#${String(r.seqOf(missing[0]!))} to #${String(r.seqOf(missing.at(-1)!))})`,
    outOfOrder: inversions(shown.map((m) => position.get(m.id) ?? -1)),
  };
}
