/**
 * Tokens: every way a bearer token can be wrong is answered 401 UNAUTHENTICATED and executes nothing;
 * dev tokens die with dev mode; RS256 tokens are checked against a JWKS served on loopback and ES256
 * ones against a PEM key; and the adapter asks its provider for a fresh token after a 401 and retries
 * once, for queries and mutations and for subscription setup.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { createGraphQLAdapter, type TokenRequest } from '@rse/adapter-graphql';
import { RseError } from '@rse/core';
import { startRseServer } from '@rse/server';
import * as op from './operations.js';
import { A, BERLIN_ORDER, SECRET, startSecureServer, type SecureServer } from './secure-server.js';
import { json, postGraphQL, signToken } from './wire.js';

const INVALID = '{"errors":[{"message":"The bearer token is invalid or expired.","extensions":{"code":"UNAUTHENTICATED"}}]}';
const now = (): number => Math.floor(Date.now() / 1000);

/** An asymmetric token with the expected claims, overridable. */
function signAsymmetric(key: CryptoKey, alg: string, kid: string | undefined, claims: { subject?: string; audience?: string } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg, ...(kid === undefined ? {} : { kid }) })
    .setSubject(claims.subject ?? A)
    .setIssuer('rse')
    .setAudience(claims.audience ?? 'rse')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

/** A JWKS endpoint on loopback, as an identity provider publishes its signing keys. */
async function serveJwks(keys: object[]): Promise<{ url: string; server: Server; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/.well-known/jwks.json`, server, requests: () => requests };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('bearer tokens', () => {
  let s: SecureServer;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let idpKey: CryptoKey;
  let strangerKey: CryptoKey;
  let idpPublicPem: string;

  before(async () => {
    const idp = await generateKeyPair('RS256', { extractable: true });
    idpKey = idp.privateKey;
    idpPublicPem = await exportSPKI(idp.publicKey);
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    jwks = await serveJwks([{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }]);
    s = await startSecureServer({ server: { jwksUrl: jwks.url } });
  });
  after(async () => {
    await s.close();
    await stop(jwks.server);
  });

  test('forged, expired, foreign, unsigned and confused tokens are 401 and store nothing', { timeout: 30_000 }, async () => {
    const bad: [string, Promise<string> | string][] = [
      ['forged signature', signToken(A, `${SECRET} but not quite`)],
      ['expired', signToken(A, SECRET, { expiresAt: now() - 120 })],
      ['wrong audience', signToken(A, SECRET, { audience: 'another-app' })],
      ['wrong issuer', signToken(A, SECRET, { issuer: 'someone-else' })],
      ['alg none', new UnsecuredJWT({}).setSubject(A).setIssuer('rse').setAudience('rse').setExpirationTime('10m').encode()],
      ['alg none, upper case', `${Buffer.from('{"alg":"NONE","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: A, iss: 'rse', aud: 'rse', exp: now() + 600 })).toString('base64url')}.`],
      ['no expiry', new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(A).setIssuer('rse').setAudience('rse').sign(new TextEncoder().encode(SECRET))],
      ['HS256 keyed with the public key (algorithm confusion)', new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(A).setIssuer('rse').setAudience('rse').setExpirationTime('10m').sign(new TextEncoder().encode(idpPublicPem))],
      ['RS256 from another key, same kid', signAsymmetric(strangerKey, 'RS256', 'idp-1')],
      ['RS256 from another key, no kid', signAsymmetric(strangerKey, 'RS256', undefined)],
      ['RS256 for another audience', signAsymmetric(idpKey, 'RS256', 'idp-1', { audience: 'another-app' })],
      ['garbage', 'abc.def.ghi'],
    ];
    const texts: string[] = [];
    for (const [name, token] of bad) {
      const text = `attempt: ${name} ${randomUUID()}`;
      texts.push(text);
      const answer = await postGraphQL(s.url, op.POST, { input: { object: BERLIN_ORDER, text, clientId: randomUUID() } }, await token);
      assert.equal(answer.status, 401, name);
      assert.equal(answer.headers.get('www-authenticate'), 'Bearer', name);
      // One answer for every bad token: nothing says which check failed.
      assert.equal(answer.text, INVALID, name);
    }
    const missing = await postGraphQL(s.url, op.ME, {});
    assert.equal(missing.status, 401);
    assert.equal(json(missing).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const stranger = await postGraphQL(s.url, op.ME, {}, await signToken('nobody', SECRET));
    assert.equal(stranger.status, 401);
    assert.equal(json(stranger).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const thread = await postGraphQL(s.url, op.THREAD, { object: BERLIN_ORDER, limit: 100 }, await s.token(A));
    assert.equal(json(thread).errors, undefined);
    for (const text of texts) assert.ok(!thread.text.includes(text), `stored: ${text}`);
  });

  test('valid tokens are accepted: HS256, RS256 from the JWKS, and an expiry within the clock tolerance', async () => {
    for (const token of [await signToken(A, SECRET), await signAsymmetric(idpKey, 'RS256', 'idp-1'), await signToken(A, SECRET, { expiresAt: now() - 10 })]) {
      const answer = await postGraphQL(s.url, op.ME, {}, token);
      assert.equal(answer.status, 200, answer.text);
      assert.equal((json(answer).data?.me as { id: string }).id, A);
    }
    assert.ok(jwks.requests() >= 1, 'the key set was fetched from the identity provider');
  });

  test('a stream refuses a bad token the same way, before anything is sent', async () => {
    const response = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await signToken(A, SECRET, { expiresAt: now() - 120 })}` },
      body: JSON.stringify({ query: op.ACTIVITY }),
    });
    assert.equal(response.status, 401);
    assert.equal(await response.text(), INVALID);
  });
});

test('a dev token is refused by a server started without --dev on the same database', { timeout: 30_000 }, async () => {
  // Dev mode with the production secret configured too: dev tokens are still signed with the dev secret.
  const s = await startSecureServer({ server: { dev: true, accessRules: undefined } });
  const tokenResponse = await fetch(`${s.url}/dev/token?person=camille`);
  assert.equal(tokenResponse.status, 200);
  const { token } = (await tokenResponse.json()) as { token: string };
  assert.equal((await postGraphQL(s.url, op.ME, {}, token)).status, 200);
  const file = `${s.dir}/rse.sqlite`;
  await s.server.close();
  for (const options of [{ jwtSecret: SECRET }, {}]) {
    const lines: string[] = [];
    const production = await startRseServer({
      db: file,
      port: 0,
      openAccess: true,
      ...options,
      logger: { info: () => undefined, warn: (m) => lines.push(m), error: (m) => lines.push(m) },
    });
    try {
      const answer = await postGraphQL(production.url, op.ME, {}, token);
      assert.equal(answer.status, 401, JSON.stringify(options));
      assert.equal(json(answer).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
      assert.equal((await fetch(`${production.url}/dev/token?person=camille`)).status, 404);
      assert.ok(lines.some((line) => line.includes('used in dev mode')), 'the operator is told the dev secret is ignored');
    } finally {
      await production.close();
    }
  }
  await s.close();
});

test('a PEM public key verifies ES256 tokens and nothing else', async () => {
  const key = await generateKeyPair('ES256', { extractable: true });
  const other = await generateKeyPair('ES256');
  const saved = process.env.RSE_JWT_SECRET;
  delete process.env.RSE_JWT_SECRET;
  const s = await startSecureServer({ server: { jwtSecret: undefined, jwtPublicKey: await exportSPKI(key.publicKey) } });
  try {
    assert.equal((await postGraphQL(s.url, op.ME, {}, await signAsymmetric(key.privateKey, 'ES256', undefined))).status, 200);
    for (const token of [await signAsymmetric(other.privateKey, 'ES256', undefined), await signToken(A, SECRET)]) {
      const answer = await postGraphQL(s.url, op.ME, {}, token);
      assert.equal(answer.status, 401);
      assert.equal(answer.text, INVALID);
    }
  } finally {
    await s.close();
    if (saved !== undefined) process.env.RSE_JWT_SECRET = saved;
  }
});

test('a JWKS or a public key that cannot be trusted stops the start', async () => {
  const options = { db: ':memory:', port: 0, openAccess: true, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } };
  await assert.rejects(startRseServer({ ...options, jwksUrl: 'http://idp.example.com/jwks.json' }), /must use https/);
  await assert.rejects(startRseServer({ ...options, jwtPublicKey: 'not a key' }), /not a PEM public key/);
  const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await assert.rejects(startRseServer({ ...options, jwtPublicKey: weak }), /shorter than 2048 bits/);
});

describe('the adapter after a 401', () => {
  let s: SecureServer;
  before(async () => {
    s = await startSecureServer();
  });
  after(() => s.close());

  /** A provider whose cached token has expired: only a refresh gives a valid one. */
  function expiringProvider(calls: TokenRequest[], refreshWorks = true) {
    return async (request: TokenRequest): Promise<string> => {
      calls.push(request);
      return request.refresh && refreshWorks ? s.token(A) : signToken(A, SECRET, { expiresAt: now() - 3600 });
    };
  }

  test('asks for a fresh token and retries queries and mutations once', async () => {
    const calls: TokenRequest[] = [];
    const adapter = createGraphQLAdapter({ url: `${s.url}/graphql`, token: expiringProvider(calls) });
    try {
      assert.equal((await adapter.me()).id, A);
      assert.deepEqual(calls, [{ refresh: false }, { refresh: true }]);
      calls.length = 0;
      const message = await adapter.postMessage({ object: BERLIN_ORDER, text: 'after a refresh', clientId: randomUUID() });
      assert.equal(message.text, 'after a refresh');
      assert.deepEqual(calls, [{ refresh: false }, { refresh: true }]);
    } finally {
      adapter.close?.();
    }
  });

  test('asks for a fresh token and retries a subscription setup once', async () => {
    const calls: TokenRequest[] = [];
    const adapter = createGraphQLAdapter({ url: `${s.url}/graphql`, token: expiringProvider(calls) });
    try {
      const subscription = adapter.subscribeActivity({ next: () => undefined });
      await subscription.ready;
      assert.deepEqual(calls, [{ refresh: false }, { refresh: true }]);
      subscription.close();
    } finally {
      adapter.close?.();
    }
  });

  test('gives up after one retry, and never retries a fixed token', async () => {
    const calls: TokenRequest[] = [];
    const adapter = createGraphQLAdapter({ url: `${s.url}/graphql`, token: expiringProvider(calls, false) });
    let fetches = 0;
    const fixed = createGraphQLAdapter({
      url: `${s.url}/graphql`,
      token: await signToken(A, SECRET, { expiresAt: now() - 3600 }),
      fetch: (input, init) => {
        fetches += 1;
        return fetch(input, init);
      },
    });
    try {
      await assert.rejects(adapter.me(), (error: unknown) => error instanceof RseError && error.code === 'UNAUTHENTICATED');
      assert.equal(calls.length, 2);
      calls.length = 0;
      let failure: unknown;
      const subscription = adapter.subscribeThread(BERLIN_ORDER, { next: () => undefined, error: (e) => (failure = e) });
      await assert.rejects(subscription.ready, (error: unknown) => error instanceof RseError && error.code === 'UNAUTHENTICATED');
      assert.ok(failure instanceof RseError);
      assert.deepEqual(calls, [{ refresh: false }, { refresh: true }]);
      await assert.rejects(fixed.me(), (error: unknown) => error instanceof RseError && error.code === 'UNAUTHENTICATED');
      assert.equal(fetches, 1);
    } finally {
      adapter.close?.();
      fixed.close?.();
    }
  });
});
