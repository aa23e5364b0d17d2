import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { createRseApp, startRseServer, type RseLogger, type RseServer } from '@rse/server';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'packages/server/src/cli.ts');
const ORDER_4711 = { system: 'ERP', type: 'SalesOrder', id: '4711' };
const SECRET = 'a test secret that is long enough for HS256 use';

interface GraphQLAnswer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function graphql(server: RseServer, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLAnswer['body'] };
}

async function devToken(server: RseServer, personId: string): Promise<string> {
  const response = await fetch(`${server.url}/dev/token?person=${personId}`);
  assert.equal(response.status, 200);
  return ((await response.json()) as { token: string }).token;
}

function sign(personId: string, options: { secret?: string; expiresAt?: number; issuer?: string } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(personId)
    .setIssuer(options.issuer ?? 'rse')
    .setAudience('rse')
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 600)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

const POST = `mutation Post($input: PostMessageInput!) { postMessage(input: $input) { id text } }`;
const THREAD = `query Thread($object: ObjectInput!) { thread(object: $object) { items { text replies { text } } nextCursor } }`;

/** Collects a logger's lines, so tests can check what reaches the operator (and keep the output clean). */
function recordingLogger(): RseLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message, error) => lines.push(`error ${message} ${String(error)}`),
  };
}

describe('dev mode', () => {
  let server: RseServer;
  before(async () => {
    server = await startRseServer({ db: ':memory:', dev: true, port: 0, logger: recordingLogger() });
  });
  after(() => server.close());

  test('lists the seeded people and signs tokens that act for them', async () => {
    const people = (await (await fetch(`${server.url}/dev/people`)).json()) as { id: string; name: string; title: string }[];
    for (const id of ['camille', 'jonas', 'amira', 'lucas']) assert.ok(people.some((p) => p.id === id), id);
    assert.equal(people.find((p) => p.id === 'camille')?.title, 'Seller — Lyon');
    const { status, body } = await graphql(server, '{ me { id name } }', {}, await devToken(server, 'jonas'));
    assert.equal(status, 200);
    assert.deepEqual(body.data, { me: { id: 'jonas', name: 'Jonas Weber' } });
  });

  test('token requests name a known person', async () => {
    assert.equal((await fetch(`${server.url}/dev/token?person=nobody`)).status, 404);
    assert.equal((await fetch(`${server.url}/dev/token`)).status, 400);
    assert.equal((await fetch(`${server.url}/dev/token?person=camille`, { method: 'POST' })).status, 405);
  });

  test('seeds sales order 4711 with a conversation, a reply and markup', async () => {
    const { body } = await graphql(server, THREAD, { object: ORDER_4711 }, await devToken(server, 'amira'));
    const items = (body.data?.thread as { items: { text: string; replies: { text: string }[] }[] }).items;
    const texts = items.flatMap((m) => [m.text, ...m.replies.map((r) => r.text)]).join('\n');
    assert.ok(items.some((m) => m.replies.length > 0), 'one message has a reply');
    assert.match(texts, /@lucas/);
    assert.match(texts, /#\w+/);
    assert.match(texts, /\[\[ERP:Product:TV-LCD-55\]\]/);
  });

  test('seeds feeds per store, object cards and shares on the sales floor', async () => {
    const feedNames = async (personId: string): Promise<string[]> => {
      const { body } = await graphql(server, '{ feeds { name } }', {}, await devToken(server, personId));
      return (body.data?.feeds as { name: string }[]).map((feed) => feed.name);
    };
    assert.deepEqual(await feedNames('camille'), ['Lyon store', 'Sales floor']);
    assert.deepEqual(await feedNames('jonas'), ['Berlin store', 'Sales floor']);
    assert.deepEqual(await feedNames('amira'), ['Berlin store', 'Lyon store', 'Sales floor']);
    const token = await devToken(server, 'sofia');
    const cards = await graphql(
      server,
      'query($objects: [ObjectInput!]!) { objects(objects: $objects) { title url fields { label } } }',
      { objects: [ORDER_4711, { system: 'ERP', type: 'Product', id: 'BOX-TV-4K' }] },
      token,
    );
    assert.deepEqual(cards.body.data?.objects, [
      { title: 'Sales order 4711 — Boulanger Lyon', url: '#/orders/4711', fields: [{ label: 'Customer' }, { label: 'Net value' }, { label: 'Delivery date' }, { label: 'Seller' }] },
      { title: '4K TV box', url: '#/products/BOX-TV-4K', fields: [{ label: 'Stock' }, { label: 'Warehouse' }] },
    ]);
    const feed = await graphql(server, '{ feed(feedId: "sales-floor") { items { kind share { intent } } } }', {}, token);
    const intents = (feed.body.data?.feed as { items: { share: { intent: string } }[] }).items.map((m) => m.share.intent);
    assert.deepEqual(intents.sort(), ['INFORMATION', 'REQUEST']);
    const people = await graphql(server, '{ people(search: "we") { id } }', {}, token);
    assert.deepEqual(people.body.data?.people, [{ id: 'jonas' }], 'a word of the name; ERP systems never appear');
  });

  test('requests without a valid token are refused with 401 and store nothing', async () => {
    const object = { system: 'ERP', type: 'SalesOrder', id: '4712' };
    const input = { object, text: 'should not be stored', clientId: 'refused-1' };
    const forged = await sign('camille', { secret: 'another secret, not the server one, long enough' });
    const foreign = await sign('camille', { issuer: 'someone-else' });
    for (const token of [undefined, 'not-a-jwt', forged, foreign]) {
      const { status, body } = await graphql(server, POST, { input }, token);
      assert.equal(status, 401, `token ${String(token)}`);
      assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
      assert.equal(body.data, undefined);
    }
    const { body } = await graphql(server, THREAD, { object }, await devToken(server, 'camille'));
    assert.deepEqual(body.data, { thread: { items: [], nextCursor: null } });
  });

  test('the event stream is refused without a token too', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { threadEvents(object: { type: "SalesOrder", id: "4711" }) { kind } }' }),
    });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as GraphQLAnswer['body']).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  });

  test('a resumed stream replays what was stored after its cursor, after READY', async () => {
    const token = await devToken(server, 'camille');
    const object = { system: 'ERP', type: 'SalesOrder', id: '4713' };
    const posted: string[] = [];
    for (const text of ['first', 'second', 'third']) {
      const { body } = await graphql(server, POST, { input: { object, text, clientId: `replay-${text}` } }, token);
      posted.push((body.data?.postMessage as { id: string }).id);
    }
    // Cursors are opaque: take the start position from a fresh stream's READY instead of computing one.
    const fresh = await readEvents(server, token, object, null, 1);
    const start = fresh[0]?.cursor;
    assert.equal(fresh[0]?.kind, 'READY');
    const { body } = await graphql(server, POST, { input: { object, text: 'fourth', clientId: 'replay-fourth' } }, token);
    const fourth = (body.data?.postMessage as { id: string }).id;
    const resumed = await readEvents(server, token, object, start ?? null, 2);
    assert.deepEqual(resumed.map((e) => e.kind), ['READY', 'MESSAGE_POSTED']);
    // Older messages would have been replayed first: the first one replayed is the one after the cursor.
    assert.equal(resumed[1]?.message?.id, fourth);
    assert.equal(posted.length, 3);
    const malformed = await readEvents(server, token, object, 'not-a-cursor', 1);
    assert.equal(malformed[0]?.error, 'INVALID_INPUT');
  });

  test('malformed requests are INVALID_INPUT, never 500', async () => {
    const token = await devToken(server, 'camille');
    const nested = `{ me(x: ${'['.repeat(3000)}${']'.repeat(3000)}) { id } }`;
    for (const query of ['{ me { id }', '{ nope }', nested]) {
      const { status, body } = await graphql(server, query, {}, token);
      assert.ok(status < 500, `status ${String(status)}`);
      assert.equal(body.errors?.[0]?.extensions?.code, 'INVALID_INPUT');
    }
    const form = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: 'query=mutation{postMessage(input:{object:{type:"SalesOrder",id:"4711"},text:"csrf",clientId:"f"}){id}}',
    });
    assert.equal(form.status, 415);
  });

  test('unknown paths answer a JSON 404 and no CORS headers are sent by default', async () => {
    const response = await fetch(`${server.url}/elsewhere`, { headers: { origin: 'https://evil.example' } });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'Not found.' });
    const preflight = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
  });
});

interface StreamEvent {
  kind?: string;
  cursor?: string | null;
  message?: { id: string } | null;
  error?: string;
}

/** Reads `count` events of a threadEvents stream over raw SSE, then hangs up. */
async function readEvents(
  server: RseServer,
  token: string,
  object: object,
  after: string | null,
  count: number,
): Promise<StreamEvent[]> {
  const abort = new AbortController();
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    signal: abort.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'subscription($object: ObjectInput!, $after: String) { threadEvents(object: $object, after: $after) { kind cursor message { id } } }',
      variables: { object, after },
    }),
  });
  assert.equal(response.status, 200);
  const events: StreamEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (!block.startsWith('event: next') || data === undefined) continue;
        const result = JSON.parse(data) as { data?: { threadEvents: StreamEvent }; errors?: { extensions: { code: string } }[] };
        events.push(result.errors ? { error: result.errors[0]?.extensions.code } : (result.data?.threadEvents ?? {}));
        if (events.length >= count || result.errors) return events;
      }
    }
    return events;
  } finally {
    abort.abort();
  }
}

describe('production mode', () => {
  test('without dev there are no /dev routes, and tokens signed with the configured secret work', async () => {
    const server = await startRseServer({ db: ':memory:', port: 0, jwtSecret: SECRET, openAccess: true, logger: recordingLogger() });
    try {
      assert.equal((await fetch(`${server.url}/dev/people`)).status, 404);
      assert.equal((await fetch(`${server.url}/dev/token?person=camille`)).status, 404);
      server.app.registerPerson({ id: 'erin', name: 'Erin Example' });
      const ok = await graphql(server, '{ me { id } }', {}, await sign('erin'));
      assert.deepEqual(ok.body.data, { me: { id: 'erin' } });
      const expired = await graphql(server, '{ me { id } }', {}, await sign('erin', { expiresAt: Math.floor(Date.now() / 1000) - 60 }));
      assert.equal(expired.status, 401);
      assert.equal(expired.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
      const stranger = await graphql(server, '{ me { id } }', {}, await sign('nobody'));
      assert.equal(stranger.status, 401);
    } finally {
      await server.close();
    }
  });

  test('without an access policy the server refuses to start; two policies are refused too', async () => {
    await assert.rejects(startRseServer({ db: ':memory:', port: 0, jwtSecret: SECRET, logger: recordingLogger() }), /No access policy.*--open-access/);
    await assert.rejects(
      startRseServer({ db: ':memory:', port: 0, jwtSecret: SECRET, openAccess: true, accessUrl: 'http://127.0.0.1:9/', logger: recordingLogger() }),
      /Configure one access policy/,
    );
  });

  test('without a secret every request is UNAUTHENTICATED', async () => {
    const saved = process.env.RSE_JWT_SECRET;
    delete process.env.RSE_JWT_SECRET;
    const logger = recordingLogger();
    const server = await startRseServer({ db: ':memory:', port: 0, openAccess: true, logger });
    try {
      const { status, body } = await graphql(server, '{ me { id } }', {}, await sign('camille'));
      assert.equal(status, 401);
      assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
      assert.ok(logger.lines.some((line) => line.includes('RSE_JWT_SECRET')), 'the operator is told why');
    } finally {
      await server.close();
      if (saved !== undefined) process.env.RSE_JWT_SECRET = saved;
    }
  });

  test('CORS is answered for configured origins only', async () => {
    const origin = 'https://erp.example.com';
    const server = await startRseServer({ db: ':memory:', port: 0, jwtSecret: SECRET, corsOrigins: [origin], openAccess: true, logger: recordingLogger() });
    try {
      server.app.registerPerson({ id: 'erin', name: 'Erin Example' });
      const preflight = await fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/i);
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${await sign('erin')}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), origin);
      const other = await fetch(`${server.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    } finally {
      await server.close();
    }
  });

  test('RSE_JWT_SECRET is the secret outside dev mode', async () => {
    const saved = process.env.RSE_JWT_SECRET;
    process.env.RSE_JWT_SECRET = SECRET;
    const app = await createRseApp({ db: ':memory:', openAccess: true, logger: recordingLogger() });
    try {
      app.registerPerson({ id: 'erin', name: 'Erin Example' });
      const token = await app.issueToken('erin', '5m');
      const server = await startRseServerFor(app);
      try {
        assert.deepEqual((await graphql(server, '{ me { id } }', {}, token)).body.data, { me: { id: 'erin' } });
        assert.deepEqual((await graphql(server, '{ me { id } }', {}, await sign('erin'))).body.data, { me: { id: 'erin' } });
      } finally {
        await server.close();
      }
    } finally {
      await app.close();
      if (saved === undefined) delete process.env.RSE_JWT_SECRET;
      else process.env.RSE_JWT_SECRET = saved;
    }
  });
});

/** Mounts an existing app on a throwaway HTTP server, as the demo mounts it on its own. */
async function startRseServerFor(app: Awaited<ReturnType<typeof createRseApp>>): Promise<RseServer> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    app.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    port,
    url: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

describe('storage', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'rse-server-test-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('data and dev tokens survive closing and reopening a database file', async () => {
    const db = join(dir, 'nested', 'folder', 'rse.sqlite');
    const first = await startRseServer({ db, dev: true, port: 0, logger: recordingLogger() });
    const token = await devToken(first, 'lucas');
    const before = await graphql(first, THREAD, { object: ORDER_4711 }, token);
    const seeded = (before.body.data?.thread as { items: unknown[] }).items.length;
    const posted = await graphql(first, POST, { input: { object: ORDER_4711, text: 'Stock compté : 4 TV.', clientId: 'persist-1' } }, token);
    assert.equal(posted.status, 200);
    await first.close();

    const second = await startRseServer({ db, dev: true, port: 0, logger: recordingLogger() });
    try {
      // The same token still works: the dev secret lives in the database, not in the process.
      const after = await graphql(second, THREAD, { object: ORDER_4711 }, token);
      const items = (after.body.data?.thread as { items: { text: string }[] }).items;
      assert.equal(items.length, seeded + 1, 'the seed does not run twice');
      assert.equal(items.at(-1)?.text, 'Stock compté : 4 TV.');
      const people = (await (await fetch(`${second.url}/dev/people`)).json()) as unknown[];
      assert.equal(people.filter((p) => (p as { id: string }).id === 'camille').length, 1);
    } finally {
      await second.close();
    }
  });

  test('unexpected failures answer a generic INTERNAL and are logged, not sent', async () => {
    const db = join(dir, 'broken.sqlite');
    const logger = recordingLogger();
    const server = await startRseServer({ db, dev: true, port: 0, logger });
    try {
      const token = await devToken(server, 'camille');
      // Break the storage behind the server's back, as a disk or schema fault would.
      const saboteur = new Database(db);
      saboteur.pragma('foreign_keys = OFF');
      saboteur.exec('DROP TABLE messages');
      saboteur.close();
      const { status, body } = await graphql(server, THREAD, { object: ORDER_4711 }, token);
      assert.equal(status, 200);
      assert.equal(body.errors?.[0]?.extensions?.code, 'INTERNAL');
      assert.equal(body.errors[0].message, 'Internal server error.');
      assert.doesNotMatch(JSON.stringify(body), /messages|sqlite|stack|at /i);
      assert.ok(logger.lines.some((line) => line.startsWith('error') && /no such table/i.test(line)), logger.lines.join('\n'));
      assert.ok(!logger.lines.some((line) => line.includes(token)), 'tokens are never logged');
    } finally {
      await server.close();
    }
  });
});

describe('CLI', () => {
  function runCli(args: string[]) {
    return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  test('--help prints the usage and exits', async () => {
    const child = runCli(['--help']);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.match(output, /Usage: rse-server/);
    assert.match(output, /--port/);
    assert.match(output, /--dev/);
    for (const flag of ['--jwks-url', '--jwt-public-key', '--jwt-issuer', '--jwt-audience', '--access-url', '--access-timeout', '--access-cache', '--access-rules', '--open-access']) {
      assert.match(output, new RegExp(flag), flag);
    }
  });

  test('refuses to start outside dev mode without an access policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rse-cli-test-'));
    try {
      const child = runCli(['--port', '0', '--db', join(dir, 'cli.sqlite')]);
      let errors = '';
      child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 1);
      assert.match(errors, /No access policy/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('serves until SIGTERM, then shuts down cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rse-cli-test-'));
    const child = runCli(['--port', '0', '--db', join(dir, 'cli.sqlite'), '--dev']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /RSE server on (http:\/\/\S+)\/graphql \(stream: /.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.on('close', () => {
          reject(new Error(`exited early: ${output}`));
        });
      });
      assert.equal((await fetch(`${url}/dev/people`)).status, 200);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
