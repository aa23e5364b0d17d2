import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenIssuer } from '../auth/token-issuer.js';
import type { RseStore } from '../storage/rse-store.js';
import { sendJson } from './respond.js';

/** How long a dev token lasts. */
export const DEV_TOKEN_LIFETIME = '12h';

interface DevAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

/**
 * The dev-mode helpers that let a demo log in without an identity provider: `GET /dev/people` lists who
 * can be impersonated and `GET /dev/token?person=<id>` signs a token for them. Only mounted with `dev`.
 */
export async function handleDevRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  store: RseStore,
  issuer: TokenIssuer,
): Promise<void> {
  const answer = await devAnswer(req, url, store, issuer);
  sendJson(res, answer.status, answer.body, answer.headers);
}

async function devAnswer(req: IncomingMessage, url: URL, store: RseStore, issuer: TokenIssuer): Promise<DevAnswer> {
  if (url.pathname !== '/dev/people' && url.pathname !== '/dev/token') return { status: 404, body: { error: 'Not found.' } };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return { status: 405, body: { error: 'Use GET.' }, headers: { Allow: 'GET, HEAD' } };
  }
  if (url.pathname === '/dev/people') return { status: 200, body: store.people.all() };
  const personId = url.searchParams.get('person');
  if (personId === null || personId === '') return { status: 400, body: { error: 'Name a person: /dev/token?person=<id>.' } };
  if (!store.people.person(personId)) return { status: 404, body: { error: 'No such person.' } };
  return { status: 200, body: { token: await issuer.issue(personId, DEV_TOKEN_LIFETIME) } };
}
