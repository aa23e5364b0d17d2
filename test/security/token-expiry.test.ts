/**
 * A live stream lives no longer than the token that opened it. A token is checked when a stream opens;
 * without more, a stream opened a minute before the token expires would keep pushing for as long as the
 * connection holds — hours after the session ended, or after the identity provider stopped renewing it.
 * The server ends each stream when its token stops being accepted (`exp` plus the 30 s clock tolerance);
 * the client then reconnects with a fresh token and resumes from its cursor, so nothing is missed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import { RseClient } from '@rse/core';
import * as op from './operations.js';
import { A, LYON_ORDER, SECRET, startSecureServer, type SecureServer } from './secure-server.js';
import { openRawStream, postGraphQL, signToken, sleep, type StreamEvent } from './wire.js';

/** The clock tolerance the server grants past `exp` (token-settings.ts). */
const TOLERANCE_S = 30;
/** How late past its token's end a stream may still be open. */
const SLACK_MS = 1500;

const posted = (events: readonly StreamEvent[]): string[] =>
  events.flatMap((e) => {
    const event = e.payload.data?.activity ?? e.payload.data?.threadEvents;
    return event?.kind === 'MESSAGE_POSTED' && event.message ? [event.message.text] : [];
  });

/** A token that the server accepts for about `seconds` more: its `exp` is already inside the tolerance. */
function tokenEndingIn(seconds: number): Promise<string> {
  return signToken(A, SECRET, { expiresAt: Math.floor(Date.now() / 1000) - TOLERANCE_S + seconds });
}

describe('live streams and token expiry', () => {
  let s: SecureServer;

  before(async () => {
    s = await startSecureServer();
  });
  after(async () => {
    await s.close();
  });

  test('streams end when their token stops being accepted; a stream with a valid token goes on', { timeout: 20_000 }, async () => {
    const fresh = await s.token(A);
    const shortLived = await tokenEndingIn(3);
    const validUntil = (Math.floor(Date.now() / 1000) + 3) * 1000;
    const activity = await openRawStream(s.url, shortLived, op.ACTIVITY, {});
    const thread = await openRawStream(s.url, shortLived, op.THREAD_EVENTS, { object: LYON_ORDER });
    const control = await openRawStream(s.url, fresh, op.ACTIVITY, {});
    try {
      const before = `before expiry ${randomUUID()}`;
      assert.equal((await postGraphQL(s.url, op.POST, { input: { object: LYON_ORDER, text: before, clientId: randomUUID() } }, fresh)).status, 200);
      await activity.waitFor((events) => posted(events).includes(before));
      await thread.waitFor((events) => posted(events).includes(before));

      const ended = await Promise.race([Promise.all([activity.ended, thread.ended]).then(() => Date.now()), sleep(8000).then(() => null)]);
      assert.ok(ended !== null, 'the streams were still open 8 s after their token expired');
      assert.ok(ended <= validUntil + SLACK_MS, `the streams ended ${String(ended - validUntil)} ms after the token did`);
      // Ended when the token did, not when the connection was opened plus some fixed time.
      assert.ok(ended >= validUntil - SLACK_MS, `the streams ended ${String(validUntil - ended)} ms before the token did`);

      const afterwards = `after expiry ${randomUUID()}`;
      assert.equal((await postGraphQL(s.url, op.POST, { input: { object: LYON_ORDER, text: afterwards, clientId: randomUUID() } }, fresh)).status, 200);
      await control.waitFor((events) => posted(events).includes(afterwards));
      assert.deepEqual(posted(activity.events), [before]);
      assert.deepEqual(posted(thread.events), [before]);
    } finally {
      activity.close();
      thread.close();
      control.close();
    }
  });

  test('a client whose token provider renews it reopens its stream at each expiry, stays live and misses nothing', { timeout: 30_000 }, async () => {
    // Each call signs a token the server accepts for 3 s more, as an ERP session that renews often would:
    // the client's live stream is ended about three times while messages keep coming.
    let streamsOpened = 0;
    const adapter = createGraphQLAdapter({
      url: `${s.url}/graphql`,
      token: () => tokenEndingIn(3),
      fetch: (input, init) => {
        if (new Headers(init?.headers).get('accept')?.includes('text/event-stream')) streamsOpened += 1;
        return fetch(input, init);
      },
    });
    const client = new RseClient({ adapter });
    const store = client.thread(LYON_ORDER);
    const seen = new Set<string>();
    let wentLive = false;
    let droppedAfterLive = 0;
    const release = store.subscribe((state) => {
      if (state.live) wentLive = true;
      else if (wentLive) droppedAfterLive += 1;
      if (state.status === 'ready') for (const message of state.messages) seen.add(message.text);
    });
    const fresh = await s.token(A);
    try {
      const texts: string[] = [];
      const until = Date.now() + 9000;
      while (Date.now() < until) {
        const text = `renewed ${String(texts.length)} ${randomUUID()}`;
        assert.equal((await postGraphQL(s.url, op.POST, { input: { object: LYON_ORDER, text, clientId: randomUUID() } }, fresh)).status, 200);
        texts.push(text);
        await sleep(500);
      }
      const deadline = Date.now() + 8000;
      while (texts.some((text) => !seen.has(text)) && Date.now() < deadline) await sleep(50);
      assert.deepEqual(
        texts.filter((text) => !seen.has(text)),
        [],
        'messages posted while the stream was renewing its token never reached the client',
      );
      // The stream was ended and reopened (one activity stream for the page: 1 + about 3 renewals)…
      assert.ok(streamsOpened >= 3, `${String(streamsOpened)} stream(s) opened: the server never ended the stream at its token's expiry`);
      // …and the thread never said it had stopped being live.
      assert.ok(wentLive, 'the thread never went live');
      assert.equal(droppedAfterLive, 0, 'the thread stopped claiming to be live at a token renewal');
    } finally {
      release();
      client.close();
    }
  });
});
