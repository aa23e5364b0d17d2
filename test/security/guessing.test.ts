/**
 * Guessing: B knows the protocol and tries to reach A's thread on an order B may not open by guessing
 * — 1,000 message ids to reply to, the cursors A's own pages carry, and cursors crafted for every
 * storage position. Nothing answers with a message, a text or a count, and nothing is stored.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import * as op from './operations.js';
import { A, B, BERLIN_ORDER, FEED, LYON_ORDER, startSecureServer } from './secure-server.js';
import { craftCursor, json, openRawStream, postGraphQL, sleep, type RawAnswer } from './wire.js';

interface WireMessage {
  id: string;
  text: string;
  object: { id: string };
  replies: WireMessage[];
}

test('B guessing message ids and cursors of a forbidden thread gets nothing', { timeout: 90_000 }, async () => {
  const s = await startSecureServer();
  const [tokenA, tokenB] = [await s.token(A), await s.token(B)];
  const asA = async (query: string, variables: Record<string, unknown>): Promise<RawAnswer> => {
    const answer = await postGraphQL(s.url, query, variables, tokenA);
    assert.equal(json(answer).errors, undefined, answer.text);
    return answer;
  };
  try {
    // A's forbidden thread: top-level messages, replies, shares to the common feed.
    const secrets: WireMessage[] = [];
    for (let i = 0; i < 12; i += 1) {
      const input = { object: LYON_ORDER, text: `Lyon secret ${String(i)}`, clientId: randomUUID(), ...(i % 3 === 2 && secrets[0] ? { replyTo: secrets[0].id } : {}) };
      secrets.push(json(await asA(op.POST, { input })).data?.postMessage as WireMessage);
    }
    const share = { object: LYON_ORDER, text: 'Lyon secret share', clientId: randomUUID(), intent: 'INFORMATION', feedIds: [FEED], personIds: [B] };
    secrets.push(json(await asA(op.SHARE, { input: share })).data?.share as WireMessage);
    // Something B may see, interleaved, so pages and replays have real content around the secrets.
    for (let i = 0; i < 3; i += 1) await asA(op.POST, { input: { object: BERLIN_ORDER, text: `Berlin ${String(i)}`, clientId: randomUUID() } });
    const secretIds = new Set(secrets.map((m) => m.id));
    /** Whether a body carries anything of the forbidden thread: an id, a text, or the order itself. */
    const leaks = (text: string): boolean => text.includes('Lyon secret') || text.includes(LYON_ORDER.id) || [...secretIds].some((id) => text.includes(id));

    // A's own cursors of the thread, page by page (one message per page), and of the feed.
    const stolenCursors: string[] = [];
    for (const query of [
      (before: string | null) => postGraphQL(s.url, op.THREAD, { object: LYON_ORDER, before, limit: 1 }, tokenA).then((a) => json(a).data?.thread),
      (before: string | null) => postGraphQL(s.url, op.FEED, { feedId: FEED, before, limit: 1 }, tokenA).then((a) => json(a).data?.feed),
    ]) {
      let before: string | null = null;
      do {
        before = ((await query(before)) as { nextCursor: string | null }).nextCursor;
        if (before !== null) stolenCursors.push(before);
      } while (before !== null);
    }
    assert.ok(stolenCursors.length >= 5, 'A paged through cursors');
    const craftedCursors = [...Array.from({ length: 40 }, (_, seq) => craftCursor(seq)), craftCursor(Number.MAX_SAFE_INTEGER), 'MA', 'AA', '-1', 'MDAx'];

    // 1,000 message ids to reply to: the real ones among random and sequential-looking guesses.
    const guesses = [...secretIds, ...Array.from({ length: 1000 - secretIds.size }, (_, i) => (i % 2 === 0 ? randomUUID() : `msg-${String(i)}`))];
    assert.equal(guesses.length, 1000);
    const replyBodies = new Set<string>();
    for (let start = 0; start < guesses.length; start += 50) {
      const batch = guesses.slice(start, start + 50);
      const answers = await Promise.all(
        batch.flatMap((replyTo) => [
          postGraphQL(s.url, op.POST, { input: { object: BERLIN_ORDER, text: 'guess', clientId: randomUUID(), replyTo } }, tokenB),
          postGraphQL(s.url, op.POST, { input: { object: LYON_ORDER, text: 'guess', clientId: randomUUID(), replyTo } }, tokenB),
        ]),
      );
      for (const answer of answers) {
        assert.equal(json(answer).errors?.[0]?.extensions?.code, 'NOT_FOUND', answer.text);
        assert.ok(!leaks(answer.text), answer.text);
        replyBodies.add(answer.text);
      }
    }
    // Two answers only, whatever was guessed: "no such object" (Lyon) and "no such message" (Berlin).
    assert.equal(replyBodies.size, 2, [...replyBodies].join('\n'));

    // Every cursor, on every read B can make.
    for (const cursor of [...stolenCursors, ...craftedCursors]) {
      const answers = [
        await postGraphQL(s.url, op.THREAD, { object: LYON_ORDER, before: cursor }, tokenB),
        await postGraphQL(s.url, op.THREAD, { object: BERLIN_ORDER, before: cursor }, tokenB),
        await postGraphQL(s.url, op.FEED, { feedId: FEED, before: cursor }, tokenB),
        await postGraphQL(s.url, op.FEED, { before: cursor }, tokenB),
      ];
      const lyonCode = json(answers[0]!).errors?.[0]?.extensions?.code;
      assert.ok(lyonCode === 'NOT_FOUND', `thread of the forbidden order with ${cursor}: ${String(lyonCode)}`);
      for (const answer of answers) assert.ok(!leaks(answer.text), `cursor ${cursor}: ${answer.text}`);
    }
    // Resuming streams from any position replays nothing of the forbidden thread.
    for (const cursor of [craftCursor(0), ...stolenCursors.slice(0, 5)]) {
      const activity = await openRawStream(s.url, tokenB, op.ACTIVITY, { after: cursor });
      const thread = await openRawStream(s.url, tokenB, op.THREAD_EVENTS, { object: LYON_ORDER, after: cursor });
      await activity.waitFor((events) => events.length >= 1);
      await Promise.race([thread.ended, sleep(2000)]);
      await sleep(100);
      activity.close();
      thread.close();
      assert.ok(!leaks(activity.text()), activity.text());
      assert.ok(!leaks(thread.text()), thread.text());
      assert.match(thread.text(), /"code":"NOT_FOUND"/);
    }

    // Nothing B tried was stored: A's thread and B's own thread are as they were.
    const lyon = json(await asA(op.THREAD, { object: LYON_ORDER, limit: 100 })).data?.thread as { items: WireMessage[] };
    const berlin = json(await asA(op.THREAD, { object: BERLIN_ORDER, limit: 100 })).data?.thread as { items: WireMessage[] };
    const all = (items: WireMessage[]): WireMessage[] => items.flatMap((m) => [m, ...m.replies]);
    assert.equal(all(lyon.items).length, secrets.length);
    assert.deepEqual(all(berlin.items).map((m) => m.text), ['Berlin 0', 'Berlin 1', 'Berlin 2']);
    assert.ok(!all(lyon.items).some((m) => m.text === 'guess'));
  } finally {
    await s.close();
  }
});
