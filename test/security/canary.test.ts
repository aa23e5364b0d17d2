/**
 * The canary: a unique string planted in a thread, a reply, a share, an ERP event, an object's title
 * and a card field that person B may not open. B then runs every query, every mutation and every live
 * stream (with a replay from the very first position) while A keeps posting, and the canary must
 * appear in zero bytes of anything B receives. A second test checks that forbidden and nonexistent
 * objects answer byte for byte alike, and take about the same time.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { signErpEvent } from '@rse/server';
import * as op from './operations.js';
import { A, B, BERLIN_ORDER, ERP_SECRET, FEED, LYON_ORDER, MISSING_ORDER, startSecureServer } from './secure-server.js';
import { craftCursor, json, openRawStream, postGraphQL, rawStreamBody, sleep, type RawAnswer } from './wire.js';

const INTENTS = [null, 'INFORMATION', 'REQUEST', 'ALERT'];

test('the canary reaches B in zero bytes: queries, mutations, streams and replay', { timeout: 60_000 }, async () => {
  const CANARY = `CANARY-${randomUUID()}`;
  const s = await startSecureServer({ lyonTitle: `Order L-200 ${CANARY}`, lyonFields: [{ label: 'Margin', value: CANARY }] });
  const [tokenA, tokenB] = [await s.token(A), await s.token(B)];
  /** Every body B received, whole. */
  const toB: string[] = [];
  const asB = async (query: string, variables: Record<string, unknown> = {}): Promise<RawAnswer> => {
    const answer = await postGraphQL(s.url, query, variables, tokenB);
    toB.push(answer.text);
    return answer;
  };
  const asA = async (query: string, variables: Record<string, unknown> = {}): Promise<RawAnswer> => {
    const answer = await postGraphQL(s.url, query, variables, tokenA);
    assert.equal(json(answer).errors, undefined, answer.text);
    return answer;
  };
  try {
    // B listens before anything is planted, as a page left open would.
    const activity = await openRawStream(s.url, tokenB, op.ACTIVITY, {});
    const berlinThread = await openRawStream(s.url, tokenB, op.THREAD_EVENTS, { object: BERLIN_ORDER });
    await activity.waitFor((events) => events.length >= 1);
    await berlinThread.waitFor((events) => events.length >= 1);

    // Plant the canary everywhere B must not look.
    const secret = json(await asA(op.POST, { input: { object: LYON_ORDER, text: `Margin ${CANARY} #canary`, clientId: randomUUID() } })).data?.postMessage as { id: string };
    await asA(op.POST, { input: { object: LYON_ORDER, text: `Reply ${CANARY}`, clientId: randomUUID(), replyTo: secret.id } });
    for (const intent of ['INFORMATION', 'REQUEST']) {
      await asA(op.SHARE, { input: { object: LYON_ORDER, text: `Share ${CANARY} #canary`, clientId: randomUUID(), intent, feedIds: [FEED], personIds: [B] } });
    }
    await asA(op.SHARE, { input: { object: LYON_ORDER, text: `Alert ${CANARY}`, clientId: randomUUID(), intent: 'ALERT', severity: 'CRITICAL', feedIds: [FEED], personIds: [] } });
    const event = JSON.stringify({
      id: `erp-${randomUUID()}`,
      object: { ...LYON_ORDER, title: `Order L-200 ${CANARY}`, fields: [{ label: 'Region', value: 'Lyon' }, { label: 'Note', value: CANARY }] },
      text: `ERP says ${CANARY} #canary`,
      alert: { severity: 'critical', feeds: [FEED] },
    });
    const erp = await fetch(`${s.url}/erp/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signErpEvent(ERP_SECRET, event) }, body: event });
    assert.equal(erp.status, 201);

    // A keeps posting — canaries on Lyon, plain messages on Berlin — while B does everything.
    let posting = true;
    let posted = 0;
    const keepPosting = (async () => {
      while (posting) {
        await asA(op.POST, { input: { object: LYON_ORDER, text: `Still ${CANARY} ${String(posted)}`, clientId: randomUUID() } });
        await asA(op.POST, { input: { object: BERLIN_ORDER, text: `Berlin news ${String(posted)}`, clientId: randomUUID() } });
        posted += 1;
        await sleep(100);
      }
    })();

    await asB(op.ME);
    await asB(op.FEEDS);
    for (const feedId of [null, FEED]) {
      for (const intent of INTENTS) {
        for (const filters of [{}, { objectType: 'SalesOrder' }, { hashtag: 'canary' }]) {
          // Every page, one item at a time, so no page boundary hides a half-shown item.
          let before: string | null = null;
          for (let page = 0; page < 50; page += 1) {
            const answer = await asB(op.FEED, { feedId, intent, ...filters, before, limit: 1 });
            before = (json(answer).data?.feed as { nextCursor: string | null } | undefined)?.nextCursor ?? null;
            if (before === null) break;
          }
        }
      }
    }
    for (const object of [LYON_ORDER, BERLIN_ORDER]) {
      await asB(op.THREAD, { object });
      await asB(op.THREAD, { object, before: craftCursor(1_000_000), limit: 100 });
      await asB(op.CHECK_ACCESS, { object, personIds: [A, B] });
      await asB(op.MARK_READ, { object });
    }
    await asB(op.COUNTS, { objects: [LYON_ORDER, BERLIN_ORDER, MISSING_ORDER] });
    await asB(op.OBJECTS, { objects: [LYON_ORDER, BERLIN_ORDER, MISSING_ORDER] });
    for (const search of ['', 'a', 'Camille', 'CANARY', CANARY]) await asB(op.PEOPLE, { search });
    await asB(op.POST, { input: { object: LYON_ORDER, text: 'let me in', clientId: randomUUID() } });
    await asB(op.POST, { input: { object: BERLIN_ORDER, text: 'replying across', clientId: randomUUID(), replyTo: secret.id } });
    await asB(op.POST, { input: { object: LYON_ORDER, text: 'replying inside', clientId: randomUUID(), replyTo: secret.id } });
    await asB(op.SHARE, { input: { object: LYON_ORDER, text: 'sharing it', clientId: randomUUID(), intent: 'INFORMATION', feedIds: [FEED], personIds: [] } });
    for (const object of [LYON_ORDER]) {
      toB.push((await rawStreamBody(s.url, tokenB, op.THREAD_EVENTS, { object })).text);
      toB.push((await rawStreamBody(s.url, tokenB, op.THREAD_EVENTS, { object, after: craftCursor(0) })).text);
    }
    // A resume from the very first position replays everything stored, as B may see it.
    const replay = await openRawStream(s.url, tokenB, op.ACTIVITY, { after: craftCursor(0) });
    const berlinReplay = await openRawStream(s.url, tokenB, op.THREAD_EVENTS, { object: BERLIN_ORDER, after: craftCursor(0) });
    await sleep(300);
    posting = false;
    await keepPosting;
    assert.ok(posted >= 3, `A posted ${String(posted)} rounds while B worked`);
    // The live streams must have carried A's Berlin messages: they were alive, only filtered.
    await activity.waitFor((events) => events.filter((e) => e.payload.data?.activity?.message?.text.startsWith('Berlin news') === true).length >= posted);
    await berlinThread.waitFor((events) => events.filter((e) => e.payload.data?.threadEvents?.message?.text.startsWith('Berlin news') === true).length >= posted);
    await sleep(300);
    for (const stream of [activity, berlinThread, replay, berlinReplay]) {
      stream.close();
      toB.push(stream.text());
    }
    assert.ok(replay.events.some((e) => e.payload.data?.activity?.message?.text === 'Berlin news 0'), 'the replay carried what B may see');

    const leaks = toB.filter((body) => body.includes(CANARY));
    assert.deepEqual(leaks, [], `the canary reached B in ${String(leaks.length)} of ${String(toB.length)} bodies`);
    assert.ok(toB.length >= 45, `B's bodies searched: ${String(toB.length)}`);
    // The test is not vacuous: A, who may open the order, does receive the canary everywhere it was planted.
    assert.ok((await asA(op.THREAD, { object: LYON_ORDER })).text.includes(CANARY));
    assert.ok((await asA(op.OBJECTS, { objects: [LYON_ORDER] })).text.includes(CANARY));
    assert.ok((await asA(op.FEED, { feedId: FEED, hashtag: 'canary' })).text.includes(CANARY));
    const replayA = await openRawStream(s.url, tokenA, op.ACTIVITY, { after: craftCursor(0) });
    await replayA.waitFor((events) => events.some((e) => e.payload.data?.activity?.message?.text.includes(CANARY) === true));
    replayA.close();
  } finally {
    await s.close();
  }
});

test('forbidden and nonexistent objects answer byte for byte alike, in about the same time', { timeout: 60_000 }, async () => {
  const s = await startSecureServer();
  const [tokenA, tokenB] = [await s.token(A), await s.token(B)];
  try {
    const lyonMessage = json(await postGraphQL(s.url, op.POST, { input: { object: LYON_ORDER, text: 'Lyon only', clientId: randomUUID() } }, tokenA)).data
      ?.postMessage as { id: string };
    const clientId = randomUUID();
    /** Each operation as B, with `object` standing for the forbidden or the missing order. */
    const operations: [string, string, (object: object) => Record<string, unknown>][] = [
      ['thread', op.THREAD, (object) => ({ object })],
      ['thread with a cursor', op.THREAD, (object) => ({ object, before: craftCursor(3), limit: 5 })],
      ['thread with a malformed cursor', op.THREAD, (object) => ({ object, before: 'not a cursor' })],
      ['postMessage', op.POST, (object) => ({ input: { object, text: 'hello', clientId } })],
      ['reply', op.POST, (object) => ({ input: { object, text: 'hello', clientId, replyTo: lyonMessage.id } })],
      ['share', op.SHARE, (object) => ({ input: { object, text: 'hello', clientId, intent: 'INFORMATION', feedIds: [FEED], personIds: [] } })],
      ['markRead', op.MARK_READ, (object) => ({ object })],
      ['checkAccess', op.CHECK_ACCESS, (object) => ({ object, personIds: [A, B] })],
    ];
    for (const [name, query, variables] of operations) {
      const forbidden = await postGraphQL(s.url, query, variables(LYON_ORDER), tokenB);
      const missing = await postGraphQL(s.url, query, variables(MISSING_ORDER), tokenB);
      assert.equal(json(forbidden).errors?.[0]?.extensions?.code, 'NOT_FOUND', `${name}: ${forbidden.text}`);
      // Bodies carry no volatile field (no time, no id, no trace): they are compared as received.
      assert.equal(forbidden.text, missing.text, name);
      assert.equal(forbidden.status, missing.status, name);
      for (const header of ['content-type', 'content-length', 'cache-control']) assert.equal(forbidden.headers.get(header), missing.headers.get(header), `${name}: ${header}`);
    }
    // Replying from an order B may open to a message of the forbidden one is "no such message", like a made-up id.
    const across = await postGraphQL(s.url, op.POST, { input: { object: BERLIN_ORDER, text: 'x', clientId, replyTo: lyonMessage.id } }, tokenB);
    const madeUp = await postGraphQL(s.url, op.POST, { input: { object: BERLIN_ORDER, text: 'x', clientId, replyTo: randomUUID() } }, tokenB);
    assert.equal(json(across).errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.equal(across.text, madeUp.text);
    for (const after of [undefined, craftCursor(0), 'not a cursor']) {
      const forbidden = await rawStreamBody(s.url, tokenB, op.THREAD_EVENTS, { object: LYON_ORDER, after });
      const missing = await rawStreamBody(s.url, tokenB, op.THREAD_EVENTS, { object: MISSING_ORDER, after });
      assert.match(forbidden.text, /"code":"NOT_FOUND"/);
      assert.equal(forbidden.text, missing.text, `threadEvents after ${String(after)}`);
      assert.equal(forbidden.status, missing.status);
    }
    const [objects, counts] = [
      json(await postGraphQL(s.url, op.OBJECTS, { objects: [LYON_ORDER, MISSING_ORDER] }, tokenB)).data?.objects,
      json(await postGraphQL(s.url, op.COUNTS, { objects: [LYON_ORDER, MISSING_ORDER] }, tokenB)).data?.counts as { total: number; unread: number }[],
    ];
    assert.deepEqual(objects, [null, null]);
    assert.deepEqual(counts.map(({ total, unread }) => [total, unread]), [[0, 0], [0, 0]]);

    // Timing: alternate the two, compare medians. Both ask the policy and look the object up, so the
    // difference is noise; a policy asked on one path only (an ERP round trip) would show up here.
    const times: Record<'forbidden' | 'missing', number[]> = { forbidden: [], missing: [] };
    for (let round = 0; round < 60; round += 1) {
      for (const [kind, object] of [['forbidden', LYON_ORDER], ['missing', MISSING_ORDER]] as const) {
        const started = performance.now();
        await postGraphQL(s.url, op.THREAD, { object }, tokenB);
        times[kind].push(performance.now() - started);
      }
    }
    const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const [forbiddenMs, missingMs] = [median(times.forbidden), median(times.missing)];
    assert.ok(Math.abs(forbiddenMs - missingMs) < Math.max(3, missingMs / 2), `median forbidden ${forbiddenMs.toFixed(2)} ms, missing ${missingMs.toFixed(2)} ms`);
  } finally {
    await s.close();
  }
});
