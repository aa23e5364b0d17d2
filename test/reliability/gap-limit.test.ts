/**
 * A very long outage: more is posted while a subscriber's stream is cut than the thread store reads
 * back after a drop (it reads page by page, up to 100 pages of 30 — `MAX_GAP_PAGES` in
 * `packages/core/src/client/thread-store.ts`). Whatever the store does past that limit, no message
 * may become unreachable: after the refetch, scrolling back must reach every one, each once.
 *
 * Kept apart from `drop.test.ts` because posting 3,100 messages takes a few seconds.
 *
 * Run: node --conditions=source --import tsx --test test/reliability/gap-limit.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_PAGE_SIZE, type Message } from '@rse/core';
import { judge, outage, startDropRig } from './drop-rig.js';

/** Pages the store reads back after a drop before it stops (thread-store.ts). */
const GAP_PAGES_READ = 100;
const GAP = GAP_PAGES_READ * DEFAULT_PAGE_SIZE + 100;

test(`a gap of ${String(GAP)} messages, more than the store reads back after a drop: every message stays reachable`, { timeout: 60_000 }, async (t) => {
  const r = await startDropRig(t, { streamsOnly: true });
  await r.post(1, 5);
  let posted: Message[] = [];
  const started = Date.now();
  const { streamsBefore, reads } = await outage(r, 5, async () => {
    posted = await r.post(6, 5 + GAP, 16);
  });
  const refetched = Date.now();
  const v = await judge(r, posted.at(-1)!);
  console.log(`
gap-limit test: ${String(GAP)} posted while the stream was down (${String(refetched - started)} ms including the refetch)
  refetch: hub streams ${String(streamsBefore)} -> ${String(r.recording.activityStreams)}, pages read ${String(r.recording.threadReads.newest - reads.newest)} newest + ${String(r.recording.threadReads.older - reads.older)} older (${String(v.olderPages)} of them by scrolling back)
  store: shows ${String(v.shown)} of ${String(v.stored.length)}, missing ${String(v.missing.length)}${v.missingRange}, duplicated ${String(v.duplicated)}, out of storage order ${String(v.outOfOrder)}, hasOlder ${String(r.state().hasOlder)}
`);
  assert.equal(v.stored.length, 5 + GAP);
  assert.equal(v.duplicated, 0, 'no message shown twice');
  assert.equal(
    v.missing.length,
    0,
    `${String(v.missing.length)} messages${v.missingRange} can never be shown: the refetch stopped reading back at its page limit, ` +
      `and hasOlder is ${String(r.state().hasOlder)}, so scrolling back cannot reach them either`,
  );
});
