/**
 * The ERP access callback: questions merged into one call per person, answers cached briefly, requests
 * signed, and every failure — timeout, refused connection, redirect, error status, malformed answer —
 * read as "no" (fail closed), logged, and not cached.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { HttpAccessPolicy, type RseLogger } from '@rse/server';
import { sleep } from './wire.js';

interface Question {
  personId: string;
  objects: { system: string | null; type: string; id: string }[];
  headers: IncomingMessage['headers'];
  body: string;
}

const order = (id: string) => ({ system: 'ERP', type: 'SalesOrder', id });

describe('HttpAccessPolicy', () => {
  let erp: Server;
  let url: string;
  const questions: Question[] = [];
  /** How the stub ERP answers; replaced per test. */
  let answer: (question: Question, res: ServerResponse) => void;
  const logged: string[] = [];
  const logger: RseLogger = { info: () => undefined, warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  const policies: HttpAccessPolicy[] = [];
  const policy = (options: Partial<ConstructorParameters<typeof HttpAccessPolicy>[0]> = {}): HttpAccessPolicy => {
    const created = new HttpAccessPolicy({ url, logger, ...options });
    policies.push(created);
    return created;
  };
  /** Camille may open even order ids, nobody else anything. */
  const byRule = (question: Question, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ canOpen: question.objects.map((o) => question.personId === 'camille' && Number(o.id) % 2 === 0) }));
  };

  before(async () => {
    erp = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const parsed = JSON.parse(body) as Omit<Question, 'headers' | 'body'>;
        const question = { ...parsed, headers: req.headers, body };
        questions.push(question);
        answer(question, res);
      });
    });
    await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${String((erp.address() as AddressInfo).port)}/access`;
  });
  after(async () => {
    for (const created of policies) created.close();
    erp.closeAllConnections();
    await new Promise((resolve) => erp.close(resolve));
  });
  beforeEach(() => {
    questions.length = 0;
    logged.length = 0;
    answer = byRule;
  });

  test('merges the questions of one turn into one call per person, in order, without duplicates', async () => {
    const access = policy();
    const asked = [
      ...Array.from({ length: 30 }, (_, i) => access.canOpen('camille', order(String(i)))),
      access.canOpen('camille', order('4')),
      access.canOpenMany('camille', [order('100'), order('101')]),
      access.canOpen('jonas', order('2')),
    ];
    const answers = await Promise.all(asked);
    assert.deepEqual(answers.slice(0, 30), Array.from({ length: 30 }, (_, i) => i % 2 === 0));
    assert.deepEqual(answers.slice(30), [true, [true, false], false]);
    assert.equal(questions.length, 2, 'one call for camille, one for jonas');
    const camille = questions.find((q) => q.personId === 'camille');
    assert.ok(camille);
    assert.equal(camille.objects.length, 32);
    assert.deepEqual(camille.objects[0], { system: 'ERP', type: 'SalesOrder', id: '0' });
  });

  test('splits large questions into calls of at most 500 objects', async () => {
    const answers = await policy().canOpenMany('camille', Array.from({ length: 1200 }, (_, i) => order(String(i))));
    assert.equal(answers.filter(Boolean).length, 600);
    assert.deepEqual(questions.map((q) => q.objects.length).sort((a, b) => a - b), [200, 500, 500]);
  });

  test('reuses answers for the TTL, then asks again (so a withdrawal is seen)', async () => {
    const access = policy({ cacheTtlMs: 300 });
    assert.equal(await access.canOpen('camille', order('2')), true);
    answer = (question, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ canOpen: question.objects.map(() => false) }));
    };
    assert.equal(await access.canOpen('camille', order('2')), true, 'cached');
    assert.equal(questions.length, 1);
    await sleep(350);
    assert.equal(await access.canOpen('camille', order('2')), false, 'withdrawn after the TTL');
    assert.equal(questions.length, 2);
  });

  test('signs each call with the shared secret, like ERP events', async () => {
    const secret = 'the ERP secret, long enough to be a real one';
    await policy({ signingSecret: secret }).canOpen('camille', order('2'));
    const [question] = questions;
    const timestamp = String(question?.headers['x-rse-timestamp']);
    const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(question?.body ?? '').digest('hex');
    assert.equal(question?.headers['x-rse-signature'], `sha256=${expected}`);
    assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 5);
  });

  const failures: [string, (question: Question, res: ServerResponse) => void][] = [
    ['HTTP 500', (_q, res) => res.writeHead(500).end('{"canOpen":[true]}')],
    ['HTTP 503', (_q, res) => res.writeHead(503).end()],
    ['HTTP 302 to an open door', (_q, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/yes' }).end()],
    ['not JSON', (_q, res) => res.writeHead(200).end('<html>yes</html>')],
    ['no canOpen', (_q, res) => res.writeHead(200).end('{"allowed":[true]}')],
    ['strings for booleans', (_q, res) => res.writeHead(200).end('{"canOpen":["true"]}')],
    ['too few verdicts', (_q, res) => res.writeHead(200).end('{"canOpen":[]}')],
    ['too many verdicts', (_q, res) => res.writeHead(200).end('{"canOpen":[true,true]}')],
    ['a null', (_q, res) => res.writeHead(200).end('null')],
    ['too slow', (_q, res) => setTimeout(() => res.writeHead(200).end('{"canOpen":[true]}'), 400)],
  ];
  for (const [name, failing] of failures) {
    test(`fails closed and logs: ${name}`, async () => {
      answer = failing;
      const access = policy({ timeoutMs: 150 });
      assert.equal(await access.canOpen('camille', order('2')), false);
      assert.ok(logged.some((line) => line.includes(url)), logged.join('\n'));
      // A failure is not cached: once the ERP answers properly, the next question is answered.
      answer = byRule;
      assert.equal(await access.canOpen('camille', order('2')), true);
    });
  }

  test('refuses plain http beyond loopback: anyone on the way could answer "yes"', () => {
    assert.throws(() => new HttpAccessPolicy({ url: 'http://erp.example.com/access', logger }), /must use https/);
    assert.throws(() => new HttpAccessPolicy({ url: 'not a url', logger }), /not a URL/);
  });

  test('fails closed when the ERP cannot be reached at all', async () => {
    const access = policy({ url: 'http://127.0.0.1:1/access' });
    assert.deepEqual(await access.canOpenMany('camille', [order('2'), order('4')]), [false, false]);
    assert.equal(logged.length, 1);
  });
});
