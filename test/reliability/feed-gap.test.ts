/**
 * The feed after a gap longer than the server replays: while a subscriber's stream is cut, more shares
 * reach the "Sales floor" feed than the server will replay (`MAX_REPLAY`). The server refuses to
 * resume, the client's hub starts a fresh stream, its feed store reads again — and the reader, after
 * showing the new items and scrolling back, must find every share exactly once.
 *
 * Run: node --conditions=source --import tsx --test test/reliability/feed-gap.test.ts
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeedState, Message } from '@rse/core';
import { MAX_REPLAY } from '../../packages/server/src/live/live-events.js';
import { ORDER, RESUME_TIMEOUT_MS, SETTLE_MS, startDropRig } from './drop-rig.js';
import { duplicates, eventually, sleep } from './harness.js';

const FEED = 'sales-floor';

test(`a feed after a gap longer than the server replays (${String(MAX_REPLAY)} events): every share reachable, each once`, { timeout: 30_000 }, async (t) => {
  const r = await startDropRig(t, { streamsOnly: true });
  const store = r.client.feed({ feedId: FEED });
  let state: FeedState = store.state;
  t.after(store.subscribe((next) => (state = next)));
  await eventually(() => state.status === 'ready', 'the feed ready', 5000);

  const share = async (from: number, to: number): Promise<Message[]> => {
    const shared: Message[] = [];
    for (let seq = from; seq <= to; seq += 8) {
      const batch = Array.from({ length: Math.min(8, to - seq + 1) }, (_, i) => seq + i);
      shared.push(
        ...(await Promise.all(
          batch.map((n) => r.poster.share({ object: ORDER, text: r.text(n), clientId: `feed-${String(n)}`, intent: 'information', feedIds: [FEED], personIds: [] })),
        )),
      );
    }
    return shared;
  };
  // Some history first, shown, so the refetch has something to join.
  await share(1, 5);
  await eventually(() => state.incoming === 5, '5 incoming shares', 5000);
  store.showIncoming();

  const gap = MAX_REPLAY + 40;
  r.proxy.down();
  const shared = await share(6, 5 + gap);
  const streamsBefore = r.recording.activityStreams;
  r.proxy.up();
  await eventually(
    () => r.recording.activityStreams > streamsBefore && state.items.some((m) => m.id === shared.at(-1)?.id),
    'a fresh stream and the newest share shown after the refetch',
    RESUME_TIMEOUT_MS,
    () => `streams ${String(r.recording.activityStreams)}, errors ${r.recording.streamErrors.join(' | ')}`,
  );
  await sleep(SETTLE_MS);
  store.showIncoming();
  let olderPages = 0;
  while (state.hasOlder && olderPages < 100) {
    await store.loadOlder();
    olderPages++;
  }

  const shown = state.items.filter(r.ours).map((m) => m.id);
  const shownIds = new Set(shown);
  const missing = shared.filter((m) => !shownIds.has(m.id));
  console.log(`
feed gap test: ${String(gap)} shares while the stream was down (the server replays at most ${String(MAX_REPLAY)})
  refetch: hub streams ${String(streamsBefore)} -> ${String(r.recording.activityStreams)} [${r.recording.streamErrors.join(' | ')}]
  feed after the refetch, "show new" and ${String(olderPages)} older pages: shows ${String(shownIds.size)} of ${String(5 + gap)}, missing ${String(missing.length)}${
    missing.length > 0 ? ` (#${String(r.seqOf(missing[0]!))} to #${String(r.seqOf(missing.at(-1)!))})` : ''
  }, duplicated ${String(duplicates(shown).count)}, hasOlder ${String(state.hasOlder)}
`);
  assert.ok(r.recording.streamErrors.some((e) => e.startsWith('INVALID_INPUT')), 'the resume was refused as too far behind');
  assert.equal(duplicates(shown).count, 0, 'no share shown twice');
  assert.equal(
    missing.length,
    0,
    `${String(missing.length)} shares can never be shown: the feed read only its newest page again, kept its old items and its old cursor ` +
      `(hasOlder ${String(state.hasOlder)}), so neither "show new" nor scrolling back reaches the gap`,
  );
});
