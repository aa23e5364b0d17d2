/**
 * Revocation: B follows an order live (activity and threadEvents) while A posts every 200 ms; the ERP
 * withdraws B's access mid-stream. B must receive nothing posted on it later than 5 s after the
 * withdrawal — with the rules file (rewritten) and with the ERP's HTTP endpoint (whose answers the
 * server caches for 3 s).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import * as op from './operations.js';
import { A, B, BERLIN_ORDER, RULES, RULES_WITHOUT_B, startSecureServer, type SecureServer } from './secure-server.js';
import { openRawStream, postGraphQL, sleep, type StreamEvent } from './wire.js';

/** The delay the security model promises between a withdrawal and the last delivery. */
const REVOCATION_BUDGET_MS = 5000;
const POST_EVERY_MS = 200;

/** Runs the scenario on a started server; `withdraw` and `grant` change B's access the way the policy reads it. */
async function revocationScenario(t: TestContext, s: SecureServer, withdraw: () => void, grant: () => void): Promise<void> {
  const [tokenA, tokenB] = [await s.token(A), await s.token(B)];
  const activity = await openRawStream(s.url, tokenB, op.ACTIVITY, {});
  const thread = await openRawStream(s.url, tokenB, op.THREAD_EVENTS, { object: BERLIN_ORDER });
  const postedBerlin = (events: readonly StreamEvent[]): StreamEvent[] =>
    events.filter((e) => {
      const event = e.payload.data?.activity ?? e.payload.data?.threadEvents;
      return event?.kind === 'MESSAGE_POSTED';
    });
  let posting = true;
  const sent: { at: number; text: string }[] = [];
  const poster = (async () => {
    while (posting) {
      const text = `Berlin update ${String(sent.length)}`;
      const answer = await postGraphQL(s.url, op.POST, { input: { object: BERLIN_ORDER, text, clientId: randomUUID() } }, tokenA);
      assert.equal(answer.status, 200, answer.text);
      sent.push({ at: Date.now(), text });
      await sleep(POST_EVERY_MS);
    }
  })();
  try {
    await activity.waitFor((events) => postedBerlin(events).length >= 3);
    await thread.waitFor((events) => postedBerlin(events).length >= 3);
    const withdrawnAt = Date.now();
    withdraw();
    // Keep posting well past the budget, so a late delivery would be seen.
    await sleep(REVOCATION_BUDGET_MS + 1500);
    const lastActivity = postedBerlin(activity.events).at(-1)?.at ?? 0;
    const lastThread = postedBerlin(thread.events).at(-1)?.at ?? 0;
    t.diagnostic(`last delivery ${String(lastActivity - withdrawnAt)} ms (activity) and ${String(lastThread - withdrawnAt)} ms (thread) after the withdrawal`);
    assert.ok(sent.some((m) => m.at > withdrawnAt + REVOCATION_BUDGET_MS), 'A was still posting after the budget');
    assert.ok(lastActivity < withdrawnAt + REVOCATION_BUDGET_MS, `activity delivered ${String(lastActivity - withdrawnAt)} ms after the withdrawal`);
    assert.ok(lastThread < withdrawnAt + REVOCATION_BUDGET_MS, `threadEvents delivered ${String(lastThread - withdrawnAt)} ms after the withdrawal`);
    // The thread stream ended as for an object that does not exist; the activity stream lives on, filtered.
    await Promise.race([thread.ended, sleep(1000)]);
    assert.match(thread.text(), /"code":"NOT_FOUND"[^\n]*\n\nevent: complete/);
    const seenBefore = postedBerlin(activity.events).length;
    grant();
    await activity.waitFor((events) => postedBerlin(events).length > seenBefore, REVOCATION_BUDGET_MS + 1000);
  } finally {
    posting = false;
    await poster;
    activity.close();
    thread.close();
  }
}

test('withdrawing access in the rules file stops live delivery within 5 s', { timeout: 30_000 }, async (t) => {
  const s = await startSecureServer();
  try {
    await revocationScenario(
      t,
      s,
      () => {
        s.writeRules(RULES_WITHOUT_B);
      },
      () => {
        s.writeRules(RULES);
      },
    );
  } finally {
    await s.close();
  }
});

test('withdrawing access at the ERP endpoint stops live delivery within 5 s (3 s cache)', { timeout: 30_000 }, async (t) => {
  let allowB = true;
  let calls = 0;
  const erp: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls += 1;
      const question = JSON.parse(body) as { personId: string; objects: unknown[] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ canOpen: question.objects.map(() => question.personId !== B || allowB) }));
    });
  });
  await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
  const s = await startSecureServer({ server: { accessRules: undefined, accessUrl: `http://127.0.0.1:${String((erp.address() as AddressInfo).port)}/access` } });
  try {
    await revocationScenario(
      t,
      s,
      () => {
        allowB = false;
      },
      () => {
        allowB = true;
      },
    );
    t.diagnostic(`${String(calls)} calls to the ERP`);
  } finally {
    await s.close();
    erp.closeAllConnections();
    await new Promise((resolve) => erp.close(resolve));
  }
});
