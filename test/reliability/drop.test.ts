/**
 * Stream-drop tests: a subscriber's connections go through a loopback TCP proxy that the test cuts,
 * while the server (in this process) keeps running and another person keeps posting to it directly
 * (see `drop-rig.ts`).
 *
 * 1. The stream is cut while 50 messages are posted: after it resumes, the subscriber's client has
 *    received each of them exactly once, in storage order — as raw activity events (what the client's
 *    activity hub got), on a thread subscription, and in its thread store (what the UI renders).
 * 2. The gap is longer than the server replays (`MAX_REPLAY` stored events): the server refuses to
 *    resume, the client opens a fresh stream and reads the thread again — and must end up showing
 *    every message once, also when it had posted something itself meanwhile.
 *
 * Run: node --conditions=source --import tsx --test test/reliability/drop.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message, ThreadEvent } from '@rse/core';
import { MAX_REPLAY } from '../../packages/server/src/live/live-events.js';
import { ORDER, RESUME_TIMEOUT_MS, SETTLE_MS, judge, outage, startDropRig } from './drop-rig.js';
import { duplicates, eventually, inversions, postedIds, sleep, total } from './harness.js';

test('the stream is cut while 50 messages are posted: after resume, each arrives exactly once, in storage order', { timeout: 30_000 }, async (t) => {
  const r = await startDropRig(t);
  // A thread subscription too, on the same adapter (behind the proxy): the other resumable stream.
  const threadEvents: ThreadEvent[] = [];
  const threadErrors: unknown[] = [];
  const threadStream = r.recording.subscribeThread(ORDER, { next: (event) => threadEvents.push(event), error: (error) => threadErrors.push(error) });
  t.after(() => {
    threadStream.close();
  });
  await threadStream.ready;

  // One at a time with a pause, so the cut falls between live posts: 10 while the stream is up, 30
  // while it is cut and every reconnection is refused, then the last 10 right away, racing the replay.
  const posted: Message[] = [];
  const postPaced = async (from: number, to: number): Promise<void> => {
    for (let seq = from; seq <= to; seq++) {
      posted.push(...(await r.post(seq, seq)));
      await sleep(20);
    }
  };
  const started = Date.now();
  await postPaced(1, 10);
  const before = { passed: r.proxy.passed, newestReads: r.recording.threadReads.newest };
  r.proxy.down();
  const cutAt = Date.now();
  await postPaced(11, 40);
  // Down until the client has tried to reconnect and been refused at least once (its first retry
  // waits 1–2 s), so the resume really follows failed attempts.
  await eventually(() => r.proxy.refused > 0, 'a refused reconnection attempt', 10_000);
  await sleep(200);
  r.proxy.up();
  const upAt = Date.now();
  await postPaced(41, 50);

  const ids = new Set(posted.map((m) => m.id));
  const activity = (): string[] => postedIds(r.recording.activity).filter((id) => ids.has(id));
  const thread = (): string[] => threadEvents.map((e) => e.message.id).filter((id) => ids.has(id));
  const shown = (): string[] => r.state().messages.filter(r.ours).map((m) => m.id);
  await eventually(
    () => new Set(activity()).size === 50 && new Set(thread()).size === 50 && new Set(shown()).size === 50,
    'all 50 messages through every path',
    RESUME_TIMEOUT_MS,
    () => `activity ${String(activity().length)}, thread stream ${String(thread().length)}, store ${String(shown().length)}`,
  );
  const allAt = Date.now();
  await sleep(SETTLE_MS);

  const storageOrder = (await r.stored()).map((m) => m.id);
  const position = new Map(storageOrder.map((id, index) => [id, index]));
  console.log(`
drop test: 50 posts; stream cut after 10, reconnections refused for ${String(upAt - cutAt)} ms (30 posted meanwhile), 10 posted after
  resumed: all 50 delivered ${String(allAt - upAt)} ms after connections were let through again (${String(allAt - started)} ms from the first post)
  proxy: ${String(r.proxy.cutConnections)} connections cut, ${String(r.proxy.refused)} refused while down, ${String(r.proxy.passed - before.passed)} passed after
  subscriber wire: activity (re)connections ${String(total(r.wire.sent, 'RseActivity'))}, thread-stream (re)connections ${String(total(r.wire.sent, 'RseThreadEvents'))}, failed in transport ${String(total(r.wire.failed))}
  activity events: ${String(activity().length)} (${String(duplicates(activity()).count)} duplicated, ${String(inversions(activity().map((id) => position.get(id) ?? -1)))} out of order); hub streams opened ${String(r.recording.activityStreams)}; newest-page reads after the cut ${String(r.recording.threadReads.newest - before.newestReads)}
  thread-stream events: ${String(thread().length)} (${String(duplicates(thread()).count)} duplicated); store shows ${String(shown().length)} (${String(duplicates(shown()).count)} duplicated); store live-flag changes ${JSON.stringify(r.liveChanges)}
`);

  assert.equal(storageOrder.length, 50);
  assert.deepEqual(storageOrder, posted.map((m) => m.id), 'stored in the order posted');
  assert.ok(r.proxy.cutConnections > 0 && r.proxy.refused > 0, 'the stream really was cut and reconnections refused');
  assert.deepEqual(activity(), storageOrder, 'activity events: each once, in storage order');
  assert.deepEqual(thread(), storageOrder, 'thread-stream events: each once, in storage order');
  assert.deepEqual(shown(), storageOrder, 'the thread store shows each once, in storage order');
  assert.equal(r.state().pending.length, 0);
  assert.equal(r.recording.activityStreams, 1, 'the activity stream resumed; the hub never had to start over');
  assert.deepEqual(threadErrors, []);
});

test(`a gap longer than the server replays (${String(MAX_REPLAY)} events): the client reads the thread again and shows every message once`, { timeout: 30_000 }, async (t) => {
  const r = await startDropRig(t);
  await r.post(1, 5);
  const gap = MAX_REPLAY + 40;
  let posted: Message[] = [];
  const { streamsBefore, reads } = await outage(r, 5, async () => {
    posted = await r.post(6, 5 + gap, 8);
  });
  const events = r.recording.activity.length;
  const v = await judge(r, posted.at(-1)!);
  console.log(`
gap test: ${String(gap)} posted while the subscriber was cut off (the server replays at most ${String(MAX_REPLAY)})
  refetch: hub streams ${String(streamsBefore)} -> ${String(r.recording.activityStreams)} [${r.recording.streamErrors.join(' | ')}], pages read ${String(r.recording.threadReads.newest - reads.newest)} newest + ${String(r.recording.threadReads.older - reads.older)} older; live events for the gap ${String(r.recording.activity.length - events)}
  store after the refetch and ${String(v.olderPages)} older pages: shows ${String(v.shown)} of ${String(v.stored.length)}, missing ${String(v.missing.length)}${v.missingRange}, duplicated ${String(v.duplicated)}, out of storage order ${String(v.outOfOrder)}, hasOlder ${String(r.state().hasOlder)}
`);
  assert.ok(r.recording.streamErrors.some((e) => e.startsWith('INVALID_INPUT')), `the resume was refused as too far behind: ${r.recording.streamErrors.join(' | ')}`);
  assert.equal(v.stored.length, 5 + gap);
  assert.equal(v.duplicated, 0, 'no message shown twice');
  assert.equal(v.missing.length, 0, `${String(v.missing.length)} messages${v.missingRange} can never be shown (hasOlder ${String(r.state().hasOlder)})`);
  assert.equal(v.outOfOrder, 0, 'shown in storage order');
});

test('a gap longer than the server replays, during which the subscriber posted too: the refetch still reaches every message', { timeout: 30_000 }, async (t) => {
  // Only the subscriber's live stream is cut; its posts still reach the server, so its own message is
  // in its store (delivered by the outbox) before the refetch, in the middle of what it missed.
  const r = await startDropRig(t, { streamsOnly: true });
  await r.post(1, 5);
  const half = Math.ceil(MAX_REPLAY / 2) + 10;
  let last: Message[] = [];
  const own: { message: Message | null } = { message: null };
  const { streamsBefore, reads } = await outage(r, 5, async () => {
    await r.post(6, 5 + half, 8);
    own.message = await r.store.post(r.text(6 + half));
    await eventually(() => r.state().messages.some((m) => m.id === own.message?.id), 'its own message shown (from the outbox) before the refetch', 5000);
    last = await r.post(7 + half, 6 + 2 * half, 8);
  });
  const v = await judge(r, last.at(-1)!);
  console.log(`
gap with own post: ${String(2 * half + 1)} posted while the stream was down, the subscriber's own message #${String(6 + half)} in the middle
  refetch: hub streams ${String(streamsBefore)} -> ${String(r.recording.activityStreams)} [${r.recording.streamErrors.join(' | ')}], pages read ${String(r.recording.threadReads.newest - reads.newest)} newest + ${String(r.recording.threadReads.older - reads.older)} older
  store after the refetch and ${String(v.olderPages)} older pages: shows ${String(v.shown)} of ${String(v.stored.length)}, missing ${String(v.missing.length)}${v.missingRange}, duplicated ${String(v.duplicated)}, out of storage order ${String(v.outOfOrder)}, hasOlder ${String(r.state().hasOlder)}
`);
  assert.ok(r.recording.streamErrors.some((e) => e.startsWith('INVALID_INPUT')), 'the resume was refused as too far behind');
  assert.equal(v.stored.length, 6 + 2 * half);
  assert.equal(v.duplicated, 0, 'no message shown twice');
  assert.equal(
    v.missing.length,
    0,
    `${String(v.missing.length)} of ${String(v.stored.length)} messages${v.missingRange} can never be shown: the refetch stopped at the page holding ` +
      `the subscriber's own message — which it had from its outbox — though it had missed everything before it too (hasOlder ${String(r.state().hasOlder)})`,
  );
});

test('while the stream is cut, the thread store does not claim to be live', { timeout: 30_000 }, async (t) => {
  // `ThreadState.live` is documented as "whether live events are flowing"; elements show it. While
  // reconnection attempts keep failing, nothing flows, and the reader should be able to tell.
  const r = await startDropRig(t);
  assert.equal(r.state().live, true);
  r.proxy.down();
  const cutAt = Date.now();
  let notLiveAfter: number | null = null;
  try {
    await eventually(() => !r.state().live, 'the store saying it is not live', 6000);
    notLiveAfter = Date.now() - cutAt;
  } catch {
    // Judged below.
  }
  // Stay cut long enough for reconnection attempts to be refused: the flag must stay false meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const stillLiveWhileCut = r.state().live;
  const refused = r.proxy.refused;
  r.proxy.up();
  await eventually(() => r.state().live, 'the store live again', RESUME_TIMEOUT_MS);
  console.log(`
live flag: stream cut for 6 s, ${String(refused)} reconnection attempts refused; store live flag went false ${notLiveAfter === null ? 'never' : `after ${String(notLiveAfter)} ms`}; changes ${JSON.stringify(r.liveChanges)}
`);
  assert.ok(refused > 0, 'reconnection attempts were refused');
  assert.equal(stillLiveWhileCut, false, 'the store went back to live while the stream was still cut');
  assert.notEqual(
    notLiveAfter,
    null,
    `the store said live: true for 6 s while the stream was cut and ${String(refused)} reconnection attempts failed — the adapter retries ` +
      'inside graphql-sse (up to 8 attempts, about 2 minutes) without telling the hub, so ActivityHub never calls live(false)',
  );
});
