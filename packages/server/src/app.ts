import type { IncomingMessage, ServerResponse } from 'node:http';
import { RseError } from '@rse/core';
import { AccessControl } from './access/access-control.js';
import type { AccessPolicy } from './access/access-policy.js';
import { resolveAccessPolicy } from './access/resolve-access-policy.js';
import { Authenticator, type Session } from './auth/authenticator.js';
import { hasDevSecret } from './auth/dev-secret.js';
import { resolveTokenKeys } from './auth/token-keys.js';
import { TokenIssuer } from './auth/token-issuer.js';
import { AUDIENCE_ENV, ISSUER_ENV, TOKEN_AUDIENCE, TOKEN_ISSUER, fromEnvironment } from './auth/token-settings.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { seedDevData } from './dev-seed.js';
import { resolveErpSecret } from './erp/erp-secret.js';
import { createRseYoga, GRAPHQL_PATH, MAX_REQUEST_BODY_BYTES } from './graphql/yoga.js';
import { CorsPolicy } from './http/cors.js';
import { handleDevRoute } from './http/dev-routes.js';
import { ERP_EVENTS_PATH, handleErpEvent } from './http/erp-events-route.js';
import { graphQLRequestRefusal, readGraphQLBody, type Refusal } from './http/graphql-request.js';
import { sendGraphQLError, sendJson, sendNotFound } from './http/respond.js';
import { LiveEvents } from './live/live-events.js';
import { CONSOLE_LOGGER, type RseLogger } from './logger.js';
import { loadSchemaSource } from './schema-source.js';
import { openDatabase, type SqliteDatabase } from './storage/database.js';
import type { FeedRegistration, ObjectRegistration } from './storage/records.js';
import { RseStore } from './storage/rse-store.js';

/** What {@link createRseApp} takes. */
export interface RseAppOptions {
  /** SQLite file (created with its folder when missing), or `':memory:'`. */
  readonly db: string;
  /**
   * Dev mode: seeds the demo retailer into an empty database, keeps a generated JWT secret in it (used
   * in dev mode only), serves `/dev/people` and `/dev/token`, and lets everyone open every object unless
   * an access policy is configured. Never on a server reachable by others.
   */
  readonly dev?: boolean;
  /**
   * The HS256 secret for bearer tokens; else env `RSE_JWT_SECRET`. In dev mode the dev secret kept in the
   * database is accepted too, and signs `/dev/token` answers.
   */
  readonly jwtSecret?: string;
  /** A PEM public key (RSA: RS256, EC P-256: ES256) tokens are verified with; else env `RSE_JWT_PUBLIC_KEY`. */
  readonly jwtPublicKey?: string;
  /** The identity provider's JWKS URL (https; http on loopback only); else env `RSE_JWKS_URL`. */
  readonly jwksUrl?: string;
  /** The `iss` tokens must carry; else env `RSE_JWT_ISSUER`, else `'rse'`. */
  readonly jwtIssuer?: string;
  /** The `aud` tokens must carry; else env `RSE_JWT_AUDIENCE`, else `'rse'`. */
  readonly jwtAudience?: string;
  /**
   * Who may open which object, as the host decides (see {@link AccessPolicy}). Configure exactly one of
   * `accessPolicy`, `accessUrl`, `accessRules` and `openAccess`; outside dev mode one is required.
   */
  readonly accessPolicy?: AccessPolicy;
  /** The ERP's access endpoint (see `HttpAccessPolicy`); else env `RSE_ACCESS_URL`. */
  readonly accessUrl?: string;
  /** How long the ERP gets to answer an access question; 1500 ms by default. */
  readonly accessTimeoutMs?: number;
  /** How long an ERP access answer is reused; 3000 ms by default. */
  readonly accessCacheTtlMs?: number;
  /** A JSON rules file (see `RulesAccessPolicy`), re-read when it changes; else env `RSE_ACCESS_RULES`. */
  readonly accessRules?: string;
  /** Outside dev mode, lets everyone open every object; refused by omission, so it must be asked for. */
  readonly openAccess?: boolean;
  /**
   * The shared secret ERP back ends sign `POST /erp/events` with; defaults to env `RSE_ERP_SECRET`, then in
   * dev mode to `DEV_ERP_SECRET` (`dev-erp-secret`). Without one the endpoint does not exist (404).
   */
  readonly erpSecret?: string;
  /** Origins (`https://erp.example.com`) allowed to call cross-origin; none by default (same-origin only). */
  readonly corsOrigins?: readonly string[];
  /** Where warnings and unexpected errors go; the console by default. */
  readonly logger?: RseLogger;
}

/** A person as {@link RseApp.registerPerson} takes it. */
export interface PersonRegistration {
  readonly id: string;
  readonly name: string;
  readonly title?: string | null;
  readonly avatarUrl?: string | null;
}

/** The reference backend, ready to be mounted on any Node HTTP server. */
export interface RseApp {
  /**
   * Answers `/graphql` (queries, mutations and, with `Accept: text/event-stream`, subscriptions over
   * SSE), `POST /erp/events` when an ERP secret is set, `/dev/*` in dev mode, and a JSON 404 for
   * anything else.
   */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Makes an ERP object known, or replaces its title, link and card fields; unknown objects answer
   * `NOT_FOUND`. Throws a `TypeError` for an invalid registration (an unsafe `url`, oversized fields).
   */
  registerObject(object: ObjectRegistration): void;
  /**
   * Creates a feed, or updates its name and description and replaces its members (as a directory sync
   * would). Throws a `TypeError` for an unknown member.
   */
  registerFeed(feed: FeedRegistration): void;
  /** Adds a person, or updates their name, title and picture (as an identity sync would). */
  registerPerson(person: PersonRegistration): void;
  /**
   * Signs an HS256 bearer token for `personId` valid for `lifetime` (default `'12h'`), e.g. after the
   * host's own login. Rejects when the server has no HS256 secret (it verifies an identity provider's
   * tokens only).
   */
  issueToken(personId: string, lifetime?: string): Promise<string>;
  /** Ends live streams, stops answering and closes the database. Safe to call more than once. */
  close(): Promise<void>;
}

/** Path prefix of the dev-mode helpers. */
const DEV_PREFIX = '/dev/';

/**
 * Opens the database and builds the app: storage, authentication, the GraphQL layer and its HTTP
 * routing. Async so that future storage backends may connect without an API change.
 */
export function createRseApp(options: RseAppOptions): Promise<RseApp> {
  try {
    return Promise.resolve(buildApp(options));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function buildApp(options: RseAppOptions): RseApp {
  const db = openDatabase(options.db);
  try {
    return assembleApp(db, options);
  } catch (error) {
    db.close();
    throw error;
  }
}

function assembleApp(db: SqliteDatabase, options: RseAppOptions): RseApp {
  const logger = options.logger ?? CONSOLE_LOGGER;
  const warn = (message: string): void => {
    logger.warn(message);
  };
  const dev = options.dev ?? false;
  const store = new RseStore(db);
  const erpSecret = resolveErpSecret({ dev, erpSecret: options.erpSecret, warn });
  // Before anything else is written: a server without an access policy must not start at all.
  const policy = resolveAccessPolicy({ ...options, dev, erpSecret, store, logger });
  if (dev) seedDevData(store);
  else if (hasDevSecret(store)) warn('This database was used in dev mode; its dev token secret is ignored, and dev tokens are refused.');
  const keys = resolveTokenKeys({ dev, jwtSecret: options.jwtSecret, jwtPublicKey: options.jwtPublicKey, jwksUrl: options.jwksUrl, store, warn });
  const claims = {
    issuer: options.jwtIssuer ?? fromEnvironment(ISSUER_ENV) ?? TOKEN_ISSUER,
    audience: options.jwtAudience ?? fromEnvironment(AUDIENCE_ENV) ?? TOKEN_AUDIENCE,
  };
  const authenticator = new Authenticator(new TokenVerifier(keys.verification, claims, warn), store);
  const issuer = new TokenIssuer(keys.signingSecret, claims);
  // Dev tokens are signed with the dev secret only, whatever else is configured: no other server accepts them.
  const devIssuer = new TokenIssuer(keys.devSecret, claims);
  const access = new AccessControl(policy, store, logger);
  const live = new LiveEvents(store, access);
  const yoga = createRseYoga({ schemaSource: loadSchemaSource(), store, live, access, logger, dev });
  const cors = new CorsPolicy(options.corsOrigins);
  let closed = false;

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors.apply(req, res)) return;
    // Method, content type and declared size first: nothing is read or verified for a request that
    // cannot be served (see graphQLRequestRefusal on why only JSON POSTs).
    const refusal = graphQLRequestRefusal(req, MAX_REQUEST_BODY_BYTES);
    if (refusal) {
      sendRefusal(res, refusal);
      return;
    }
    let session: Session;
    try {
      session = await authenticator.session(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof RseError)) throw error;
      sendGraphQLError(res, 401, 'UNAUTHENTICATED', error.message, { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    const body = await readGraphQLBody(req, MAX_REQUEST_BODY_BYTES);
    if ('refusal' in body) {
      sendRefusal(res, body.refusal);
      return;
    }
    // Yoga takes a body parsed upstream as Express' body-parser leaves it, on `req.body`: the bytes were
    // read here under the size cap and decoded strictly, so Yoga never decodes them leniently itself.
    (req as IncomingMessage & { body?: unknown }).body = body.params;
    await yoga.handle(req, res, { viewer: session.person, validUntil: session.validUntil });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (closed) {
      sendJson(res, 503, { error: 'The server is shutting down.' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === GRAPHQL_PATH) {
      await serveGraphQL(req, res);
    } else if (erpSecret !== null && url.pathname === ERP_EVENTS_PATH) {
      // Server to server: no CORS, no bearer token; the signature is the authentication.
      await handleErpEvent(req, res, { secret: erpSecret, store, live });
    } else if (dev && url.pathname.startsWith(DEV_PREFIX)) {
      await handleDevRoute(req, res, url, store, devIssuer);
    } else {
      sendNotFound(res);
    }
  }

  const app: RseApp = {
    handler(req, res) {
      route(req, res).catch((error: unknown) => {
        logger.error(`${req.method ?? '?'} ${new URL(req.url ?? '/', 'http://localhost').pathname} failed.`, error);
        if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error.' });
        else res.destroy();
      });
    },
    registerObject(object) {
      store.objects.register(object);
    },
    registerFeed(feed) {
      store.feeds.register(feed);
    },
    registerPerson(person) {
      store.people.register(person);
    },
    issueToken(personId, lifetime = '12h') {
      if (!store.people.person(personId)) return Promise.reject(new RseError('NOT_FOUND', 'No such person.'));
      return issuer.issue(personId, lifetime);
    },
    async close() {
      if (closed) return;
      closed = true;
      live.closeAll();
      policy.close?.();
      await yoga.dispose();
      db.close();
    },
  };
  return app;
}

/** Answers a request refused before GraphQL saw it, in the protocol's error shape. */
function sendRefusal(res: ServerResponse, refusal: Refusal): void {
  sendGraphQLError(res, refusal.status, 'INVALID_INPUT', refusal.message, refusal.headers);
}
