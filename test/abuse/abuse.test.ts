/**
 * Abuse: a signed-in person sends what no client would — hostile documents, hostile bodies, cross-site
 * shapes and malformed input — to a production-configured server (not dev mode, HS256 secret, access
 * rules file, temporary SQLite file, port 0). Every request is refused with a 4xx, never a 5xx; no
 * answer carries a stack frame, a file path or a "Did you mean" hint; no refused mutation stores
 * anything (counted in the database itself); nothing reaches the error log. Then the message rules:
 * refused texts store nothing, accepted ones come back byte for byte as typed, through every write path.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { MAX_MENTIONS_PER_MESSAGE, MAX_OBJECT_REFS_PER_MESSAGE, signErpEvent } from '@rse/server';
import { A, BERLIN_ORDER, ERP_SECRET, FEED, startSecureServer, type SecureServer } from '../security/secure-server.js';

/** One HTTP answer, body as received. */
interface Answer {
  readonly status: number;
  readonly text: string;
}

interface Body {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const POST = 'mutation Post($input: PostMessageInput!) { postMessage(input: $input) { id text } }';
const SHARE = 'mutation Share($input: ShareInput!) { share(input: $input) { id text } }';
const THREAD = 'query Thread($object: ObjectInput!) { thread(object: $object, limit: 100) { items { id text } } }';
/** The same mutation inlined, as a cross-site form or a GET would have to carry it. */
const INLINE_POST = `mutation { postMessage(input: { object: { system: "ERP", type: "SalesOrder", id: "B-100" }, text: "forged", clientId: "${randomUUID()}" }) { id } }`;

// A stack frame (`    at fn (file:line:col)`, `at node:internal/…`) or a path into the code anywhere in a body.
const STACK_FRAME = /\bat (?:\S+ \()?(?:file:|node:|\/|[A-Za-z]:\\)/;
const FILE_PATH = /(?:\/[\w.@-]+){2,}\.(?:[cm]?[jt]s)\b|node_modules|packages\/server|file:\/\//;

/** A message input for Berlin's order, which the test's person may open. */
function input(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { object: BERLIN_ORDER, text, clientId: randomUUID(), ...extra };
}

describe('abuse: hostile requests to a production server', { timeout: 60_000 }, () => {
  let s: SecureServer;
  let token: string;
  let db: Database.Database;

  before(async () => {
    s = await startSecureServer();
    token = await s.token(A);
    // A second, read-only connection to the server's own file: counts what was really stored.
    db = new Database(join(s.dir, 'rse.sqlite'), { readonly: true, fileMustExist: true });
  });
  after(async () => {
    db.close();
    await s.close();
  });

  const stored = (): number => (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;

  /** Any request to `/graphql`, signed in unless `headers` says otherwise. */
  async function send(init: { method?: string; headers?: Record<string, string>; body?: string | Blob | FormData | null }): Promise<Answer> {
    const response = await fetch(`${s.url}/graphql`, {
      method: init.method ?? 'POST',
      headers: { authorization: `Bearer ${token}`, ...init.headers },
      body: init.body ?? null,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, text: await response.text() };
  }

  /** A JSON POST of `body` (serialized unless it is already a string). */
  function post(body: unknown): Promise<Answer> {
    return send({ headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  /** A 4xx, no stack, no path, no hint, in the protocol's error shape with `INVALID_INPUT`. */
  function assertRefused(answer: Answer, what: string, status?: number): Body {
    assert.ok(answer.status >= 400 && answer.status <= 499, `${what}: HTTP ${String(answer.status)} ${answer.text.slice(0, 300)}`);
    if (status !== undefined) assert.equal(answer.status, status, `${what}: ${answer.text.slice(0, 300)}`);
    assert.doesNotMatch(answer.text, STACK_FRAME, `${what} leaks a stack frame`);
    assert.doesNotMatch(answer.text, FILE_PATH, `${what} leaks a file path`);
    assert.doesNotMatch(answer.text, /did you mean/i, `${what} suggests names`);
    assert.doesNotMatch(answer.text, /originalError|stacktrace|"stack"/i, `${what} carries internals`);
    const body = JSON.parse(answer.text) as Body;
    assert.ok(body.errors && body.errors.length > 0, `${what}: no errors in ${answer.text.slice(0, 300)}`);
    assert.equal(body.errors[0]?.extensions?.code, 'INVALID_INPUT', `${what}: ${answer.text.slice(0, 300)}`);
    return body;
  }

  /** Runs `attempt` and checks that it stored no message. */
  async function storesNothing(what: string, attempt: () => Promise<unknown>): Promise<void> {
    const count = stored();
    await attempt();
    assert.equal(stored(), count, `${what} stored a message`);
  }

  test('deep nesting: a query 50 levels deep and 2,000 nested list literals are 400, not a stack overflow', async () => {
    let selection = 'id';
    for (let level = 0; level < 50; level += 1) selection = `replies { ${selection} }`;
    const deep = assertRefused(await post({ query: `query($o: ObjectInput!) { thread(object: $o) { items { ${selection} } } }`, variables: { o: BERLIN_ORDER } }), 'depth 50', 400);
    assert.match(deep.errors?.[0]?.message ?? '', /at most 10/);
    // The same depth hidden in fragments counts where they are spread.
    let fragments = 'fragment D0 on Message { id }';
    for (let level = 1; level <= 15; level += 1) fragments += ` fragment D${String(level)} on Message { replies { ...D${String(level - 1)} } }`;
    assertRefused(await post({ query: `query($o: ObjectInput!) { thread(object: $o) { items { ...D15 } } } ${fragments}`, variables: { o: BERLIN_ORDER } }), 'depth via fragments', 400);
    await storesNothing('2,000 nested list literals', async () => {
      const lists = `${'['.repeat(2000)}${']'.repeat(2000)}`;
      assertRefused(await post({ query: `mutation { postMessage(input: ${lists}) { id } }` }), '2,000 nested lists in a mutation', 400);
      assertRefused(await post({ query: `{ me(x: ${lists}) { id } }` }), '2,000 nested lists in a query', 400);
      // And the same depth of braces, objects instead of lists.
      assertRefused(await post({ query: `{ me(x: ${'{a:'.repeat(2000)}1${'}'.repeat(2000)}) { id } }` }), '2,000 nested object literals', 400);
    });
  });

  test('alias floods: 1,000 aliases, 21 aliases and aliases multiplied by fragments are 400', async () => {
    await storesNothing('alias floods', async () => {
      const thousand = Array.from({ length: 1000 }, (_, i) => `a${String(i)}: postMessage(input: { object: { system: "ERP", type: "SalesOrder", id: "B-100" }, text: "flood", clientId: "f${String(i)}" }) { id }`);
      assertRefused(await post({ query: `mutation { ${thousand.join(' ')} }` }), '1,000 aliased mutations', 400);
      assertRefused(await post({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${String(i)}: me { id }`).join(' ')} }` }), '1,000 aliased queries', 400);
      const few = await post({ query: `{ ${Array.from({ length: 21 }, (_, i) => `a${String(i)}: me { id }`).join(' ')} }` });
      assert.match(assertRefused(few, '21 aliases', 400).errors?.[0]?.message ?? '', /21 aliases; at most 20/);
      // Two aliases, doubled through 30 fragments: 2^31 fields from a document of 300 tokens.
      let bomb = 'fragment G0 on Person { a: id b: id }';
      for (let i = 1; i < 30; i += 1) bomb += ` fragment G${String(i)} on Person { ...G${String(i - 1)} ...G${String(i - 1)} }`;
      assertRefused(await post({ query: `{ me { ...G29 } } ${bomb}` }), 'aliases multiplied by fragments', 400);
    });
    // Within the limits all is well.
    const fine = await post({ query: `{ ${Array.from({ length: 20 }, (_, i) => `a${String(i)}: me { id }`).join(' ')} }` });
    assert.equal(fine.status, 200, fine.text);
  });

  test('batched arrays are 400 and run nothing', async () => {
    await storesNothing('a batch', async () => {
      const batch = Array.from({ length: 50 }, () => ({ query: POST, variables: { input: input('batched') } }));
      assertRefused(await post(batch), 'a batch of 50 mutations', 400);
      assertRefused(await post([{ query: '{ me { id } }' }]), 'a batch of one', 400);
      assertRefused(await post([]), 'an empty batch', 400);
    });
  });

  test('oversized bodies (1 MiB) are 413, declared or streamed, and store nothing', async () => {
    await storesNothing('1 MiB bodies', async () => {
      const huge = JSON.stringify({ query: POST, variables: { input: input('x'.repeat(1024 * 1024)) } });
      assertRefused(await post(huge), '1 MiB with Content-Length', 413);
      // Chunked, no length declared: refused once 256 KiB have arrived, the rest never read.
      const streamed = await new Promise<Answer>((resolve, reject) => {
        const req = request(
          `${s.url}/graphql`,
          { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, text });
            });
          },
        );
        // The server may hang up mid-upload once it has answered; only a missing answer is a failure.
        req.on('error', () => undefined);
        req.on('close', () => {
          setTimeout(() => {
            reject(new Error('no answer to a streamed 1 MiB body'));
          }, 2000).unref();
        });
        for (let offset = 0; offset < huge.length; offset += 64 * 1024) req.write(huge.slice(offset, offset + 64 * 1024));
        req.end();
      });
      assertRefused(streamed, '1 MiB streamed', 413);
    });
  });

  test('wrong types, missing and unknown names, huge ints and wrong enums are 400 and store nothing', async () => {
    await storesNothing('mistyped input', async () => {
      const cases: [string, unknown][] = [
        ['text: 123', { query: POST, variables: { input: input('x', { text: 123 }) } }],
        ['clientId: {}', { query: POST, variables: { input: input('x', { clientId: {} }) } }],
        ['object: a string', { query: POST, variables: { input: input('x', { object: 'ERP:SalesOrder:B-100' }) } }],
        ['object.id: a list', { query: POST, variables: { input: input('x', { object: { ...BERLIN_ORDER, id: ['B-100'] } }) } }],
        ['an unknown input field', { query: POST, variables: { input: input('x', { txet: 'typo' }) } }],
        ['no input', { query: POST, variables: {} }],
        ['input: null', { query: POST, variables: { input: null } }],
        ['variables: an array', { query: POST, variables: [input('x')] }],
        ['variables: a string', { query: POST, variables: JSON.stringify({ input: input('x') }) }],
        ['variables: a number', { query: POST, variables: 42 }],
        ['a missing required argument', { query: 'mutation { postMessage { id } }' }],
        ['an unknown argument', { query: `mutation { postMessage(input: { object: { type: "SalesOrder", id: "B-100" }, text: "x", clientId: "y" }, force: true) { id } }` }],
        ['an unknown field', { query: 'mutation Post($input: PostMessageInput!) { postMessage(input: $input) { id txet } }', variables: { input: input('x') } }],
        ['an unknown root field', { query: '{ messages { id } }' }],
        ['an int too big (literal)', { query: `{ thread(object: { system: "ERP", type: "SalesOrder", id: "B-100" }, limit: 99999999999999999999) { nextCursor } }` }],
        ['an int too big (variable)', { query: 'query($l: Int) { thread(object: { type: "SalesOrder", id: "B-100" }, limit: $l) { nextCursor } }', variables: { l: 2 ** 53 } }],
        ['a float for an int', { query: 'query($l: Int) { thread(object: { type: "SalesOrder", id: "B-100" }, limit: $l) { nextCursor } }', variables: { l: 1.5 } }],
        ['a wrong enum value', { query: SHARE, variables: { input: input('x', { intent: 'URGENT', feedIds: [FEED], personIds: [] }) } }],
        ['an enum value in lower case', { query: SHARE, variables: { input: input('x', { intent: 'alert', severity: 'critical', feedIds: [FEED], personIds: [] }) } }],
        ['a string for a list', { query: SHARE, variables: { input: input('x', { intent: 'INFORMATION', feedIds: FEED, personIds: 7 }) } }],
        ['no query', { variables: {} }],
        ['query: a number', { query: 42 }],
        ['an empty query', { query: '' }],
        ['operationName naming nothing', { query: POST, operationName: 'Other', variables: { input: input('x') } }],
        ['two operations without a name', { query: `${POST} ${SHARE}`, variables: { input: input('x') } }],
      ];
      for (const [what, body] of cases) assertRefused(await post(body), what);
    });
  });

  test('malformed JSON and bodies that are not UTF-8 are 400 and store nothing', async () => {
    await storesNothing('malformed bodies', async () => {
      const valid = JSON.stringify({ query: POST, variables: { input: input('malformed') } });
      for (const [what, body] of [
        ['truncated JSON', valid.slice(0, -2)],
        ['trailing garbage', `${valid}}`],
        ['single quotes', valid.replaceAll('"', "'")],
        ['an empty body', ''],
        ['null', 'null'],
        ['a number', '42'],
        ['a string', '"mutation { markRead }"'],
        ['a raw control character in a string', valid.replace('malformed', 'mal\u0001formed')],
        ['a variable nested 100,000 levels', `{"query":${JSON.stringify(POST)},"variables":{"input":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`],
      ] as const) {
        assertRefused(await post(body), what, 400);
      }
      // A Latin-1 "é" where UTF-8 belongs: refused, not stored as U+FFFD.
      const at = valid.indexOf('malformed');
      const bytes = Buffer.concat([Buffer.from(valid.slice(0, at)), Buffer.from([0xe9]), Buffer.from(valid.slice(at))]);
      assertRefused(await send({ headers: { 'content-type': 'application/json' }, body: new Blob([bytes]) }), 'Latin-1 bytes', 400);
    });
  });

  test('cross-site shapes: GET, form, multipart and text/plain mutations are refused and store nothing', async () => {
    await storesNothing('cross-site shapes', async () => {
      const query = encodeURIComponent(INLINE_POST);
      assertRefused(await send({ method: 'GET' }), 'a bare GET', 405);
      const viaGet = await fetch(`${s.url}/graphql?query=${query}`, { headers: { authorization: `Bearer ${token}` } });
      assertRefused({ status: viaGet.status, text: await viaGet.text() }, 'a mutation through GET', 405);
      const queryViaGet = await fetch(`${s.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`, { headers: { authorization: `Bearer ${token}` } });
      assertRefused({ status: queryViaGet.status, text: await queryViaGet.text() }, 'a query through GET', 405);
      assertRefused(await send({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${query}` }), 'a form post', 415);
      const form = new FormData();
      form.append('operations', JSON.stringify({ query: INLINE_POST }));
      form.append('query', INLINE_POST);
      assertRefused(await send({ body: form }), 'a multipart post', 415);
      assertRefused(await send({ headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: INLINE_POST }) }), 'a text/plain post', 415);
      assertRefused(await send({ headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JSON.stringify({ query: INLINE_POST }) }), 'text/plain with a charset', 415);
      assertRefused(await send({ body: JSON.stringify({ query: INLINE_POST }) }), 'no content type', 415);
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        assertRefused(await send({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: INLINE_POST }) }), method, 405);
      }
    });
  });

  test('introspection is off and misspelled names get no suggestions', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Message") { fields { name } } }', 'query { __schema { queryType { name } } }']) {
      assertRefused(await post({ query }), `introspection ${query}`, 400);
    }
    // Each misspelling is one letter off a real name: graphql-js would offer it.
    for (const [what, body] of [
      ['a field', { query: '{ me { nam } }' }],
      ['a root field', { query: '{ thraed(object: { type: "SalesOrder", id: "B-100" }) { nextCursor } }' }],
      ['an argument', { query: '{ people(serach: "ca") { id } }' }],
      ['a type', { query: 'query($o: ObjectInpt!) { thread(object: $o) { nextCursor } }', variables: { o: BERLIN_ORDER } }],
      ['an input field', { query: POST, variables: { input: input('x', { clintId: 'y' }) } }],
      ['an enum value', { query: SHARE, variables: { input: input('x', { intent: 'ALERTS', feedIds: [FEED], personIds: [] }) } }],
    ] as const) {
      assertRefused(await post(body), `misspelled ${what}`, 400);
    }
    // __typename is not introspection of the schema and stays available.
    const typename = await post({ query: '{ __typename }' });
    assert.equal(typename.status, 200, typename.text);
  });

  test('every refusal above stored nothing, and none reached the error log', () => {
    assert.equal(stored(), 0);
    assert.deepEqual(
      s.logLines.filter((line) => line.startsWith('error')),
      [],
      'an abusive request hit an unexpected failure',
    );
  });
});

describe('abuse: message rules on every write path', { timeout: 60_000 }, () => {
  let s: SecureServer;
  let token: string;
  let db: Database.Database;

  before(async () => {
    s = await startSecureServer();
    token = await s.token(A);
    db = new Database(join(s.dir, 'rse.sqlite'), { readonly: true, fileMustExist: true });
  });
  after(async () => {
    db.close();
    await s.close();
  });

  const stored = (): number => (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  const storedText = (id: string): string | undefined => (db.prepare('SELECT text FROM messages WHERE id = ?').get(id) as { text: string } | undefined)?.text;

  async function post(body: string): Promise<Answer> {
    const response = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: response.status, text: await response.text() };
  }

  /** Sends an ERP event for Berlin's order, signed with the server's secret. */
  async function erpEvent(text: string): Promise<Answer> {
    const body = JSON.stringify({ id: `evt-${randomUUID()}`, object: BERLIN_ORDER, text });
    const response = await fetch(`${s.url}/erp/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signErpEvent(ERP_SECRET, body) }, body });
    return { status: response.status, text: await response.text() };
  }

  const postBody = (text: string): string => JSON.stringify({ query: POST, variables: { input: input(text) } });
  const shareBody = (text: string): string => JSON.stringify({ query: SHARE, variables: { input: input(text, { intent: 'INFORMATION', feedIds: [FEED], personIds: [] }) } });

  const mentions = (n: number): string => Array.from({ length: n }, (_, i) => `@${i % 2 === 0 ? 'camille' : '[Jonas](jonas)'}`).join(' ');
  const references = (n: number): string => Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `**[[SalesOrder:${String(i)}]]**` : `[[ERP:SalesOrder:${String(i)}|Order ${String(i)}]]`)).join(', ');

  test('too long, too many mentions or references, NUL and lone surrogates: INVALID_INPUT with a 4xx, nothing stored', async () => {
    const refused: [string, string, RegExp][] = [
      ['10,001 characters', JSON.stringify('a'.repeat(10_001)), /longer than 10000 characters/],
      ['10,002 UTF-16 code units of emoji', JSON.stringify(`${'😀'.repeat(5000)}ab`), /longer than 10000/],
      [`${String(MAX_MENTIONS_PER_MESSAGE + 1)} mentions`, JSON.stringify(mentions(MAX_MENTIONS_PER_MESSAGE + 1)), /at most 20 mentions/],
      [`${String(MAX_OBJECT_REFS_PER_MESSAGE + 1)} object references`, JSON.stringify(references(MAX_OBJECT_REFS_PER_MESSAGE + 1)), /at most 20 references/],
      ['a NUL', JSON.stringify('before\u0000after'), /NUL/],
      // Written as JSON escapes: JSON.stringify would keep them as escapes too, but this says what is sent.
      ['a lone high surrogate', '"before \\ud83d after"', /lone surrogate/],
      ['a lone low surrogate', '"\\ude00 at the start"', /lone surrogate/],
      ['a surrogate pair reversed', '"\\ude00\\ud83d"', /lone surrogate/],
    ];
    const count = stored();
    for (const [what, textJson, message] of refused) {
      const text = JSON.parse(textJson) as string;
      for (const [path, body] of [
        ['postMessage', postBody(text)],
        ['share', shareBody(text)],
      ] as const) {
        const answer = await post(body);
        assert.ok(answer.status >= 400 && answer.status <= 499, `${what} via ${path}: HTTP ${String(answer.status)}`);
        const error = (JSON.parse(answer.text) as Body).errors?.[0];
        assert.ok(error, `${what} via ${path}: ${answer.text.slice(0, 200)}`);
        assert.equal(error.extensions?.code, 'INVALID_INPUT', `${what} via ${path}: ${answer.text.slice(0, 200)}`);
        assert.match(error.message, message, `${what} via ${path}`);
      }
      const event = await erpEvent(text);
      assert.equal(event.status, 422, `${what} via ERP event: ${event.text}`);
      assert.match((JSON.parse(event.text) as { error: string }).error, message, `${what} via ERP event`);
    }
    assert.equal(stored(), count, 'a refused text was stored');
  });

  test('the limits themselves are accepted: 10,000 characters, 20 mentions, 20 references', async () => {
    const count = stored();
    for (const text of ['a'.repeat(10_000), mentions(MAX_MENTIONS_PER_MESSAGE), references(MAX_OBJECT_REFS_PER_MESSAGE), `${mentions(20)} ${references(20)}`]) {
      const answer = await post(postBody(text));
      assert.equal(answer.status, 200, answer.text.slice(0, 200));
      assert.equal(((JSON.parse(answer.text) as Body).data?.postMessage as { text: string }).text, text);
    }
    assert.equal(stored(), count + 4);
  });

  test('text is stored exactly as typed: spaces, tabs, CRLF and unusual Unicode, through post, share and ERP events', async () => {
    const texts = [
      '   leading and trailing spaces   ',
      '\ttabs\tinside\tand around\t',
      'Windows\r\nline\r\nendings\r\n',
      '\r\n\r\n  blank lines first\n\n\n',
      'old Mac\rline endings\r',
      'non-breaking\u00a0space, narrow\u202fone, ideographic\u3000one',
      'zero\u200bwidth\u200cjoiners\u200d and a BOM \ufeff inside',
      'e\u0301 (decomposed) vs \u00e9 (composed), Å vs A\u030a, ﬁ ligature, Ｆｕｌｌ width',
      'family 👩‍👩‍👧‍👦, flags 🇫🇷🇩🇪, skin tones 👍🏽, keycap 1️⃣, astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      'right-to-left: \u202eevil\u202c, Hebrew שלום, Arabic مرحبا, bidi isolates \u2066x\u2069',
      'line\u2028separator and paragraph\u2029separator',
      '<script>alert(1)</script> &amp; &#x3C; "quotes" \'single\' `tick` \\backslash',
      ' *not bold * _not italic _ @ # [[ ]] ',
      '\u0001\u0007\u001b[31m control characters but no NUL \u007f\u0085',
    ];
    for (const text of texts) {
      const viaPost = JSON.parse((await post(postBody(text))).text) as Body;
      const viaShare = JSON.parse((await post(shareBody(text))).text) as Body;
      const event = await erpEvent(text);
      assert.equal(event.status, 201, event.text);
      const ids = [
        (viaPost.data?.postMessage as { id: string; text: string } | undefined)?.id,
        (viaShare.data?.share as { id: string; text: string } | undefined)?.id,
        (JSON.parse(event.text) as { messageId: string }).messageId,
      ];
      for (const [index, id] of ids.entries()) {
        assert.ok(id, `${JSON.stringify(text)} path ${String(index)}: ${JSON.stringify([viaPost, viaShare])}`);
        // The very code units in the database, and on the wire back.
        assert.equal(storedText(id), text, `stored ${JSON.stringify(text)} via path ${String(index)}`);
      }
      assert.equal((viaPost.data?.postMessage as { text: string }).text, text);
      assert.equal((viaShare.data?.share as { text: string }).text, text);
    }
    const page = JSON.parse((await post(JSON.stringify({ query: THREAD, variables: { object: BERLIN_ORDER } }))).text) as Body;
    const read = (page.data?.thread as { items: { text: string }[] }).items.map((item) => item.text);
    for (const text of texts) assert.equal(read.filter((t) => t === text).length, 3, `read back ${JSON.stringify(text)}`);
  });

  test('ERP events in another encoding are 400, not stored with replacement characters', async () => {
    const count = stored();
    const body = Buffer.concat([Buffer.from(`{"id":"evt-latin1","object":${JSON.stringify(BERLIN_ORDER)},"text":"Caf`), Buffer.from([0xe9]), Buffer.from(' ferm\xe9"}', 'latin1')]);
    const response = await fetch(`${s.url}/erp/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...signErpEvent(ERP_SECRET, body) }, body });
    assert.equal(response.status, 400, await response.clone().text());
    assert.match(((await response.json()) as { error: string }).error, /UTF-8/);
    assert.equal(stored(), count);
  });
});
