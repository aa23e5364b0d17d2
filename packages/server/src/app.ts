import type { IncomingMessage, ServerResponse } from 'node:http';
import { RseError } from '@rse/core';
import { TokenAuthority, resolveSecret } from './auth.js';
import { seedDevData } from './dev-seed.js';
import { resolveErpSecret } from './erp/erp-secret.js';
import { createRseYoga, GRAPHQL_PATH } from './graphql/yoga.js';
import { CorsPolicy } from './http/cors.js';
import { handleDevRoute } from './http/dev-routes.js';
import { ERP_EVENTS_PATH, handleErpEvent } from './http/erp-events-route.js';
import { sendGraphQLError, sendJson, sendNotFound } from './http/respond.js';
import { LiveEvents } from './live/live-events.js';
import { CONSOLE_LOGGER, type RseLogger } from './logger.js';
import { loadSchemaSource } from './schema-source.js';
import { openDatabase, type SqliteDatabase } from './storage/database.js';
import type { FeedRegistration, ObjectRegistration, PersonRecord } from './storage/records.js';
import { RseStore } from './storage/rse-store.js';

/** What {@link createRseApp} takes. */
export interface RseAppOptions {
  /** SQLite file (created with its folder when missing), or `':memory:'`. */
  readonly db: string;
  /**
   * Dev mode: seeds the demo retailer into an empty database, keeps a generated JWT secret in it and
   * serves `/dev/people` and `/dev/token`. Never on a server reachable by others.
   */
  readonly dev?: boolean;
  /** The HS256 secret for bearer tokens; defaults to the dev secret or env `RSE_JWT_SECRET`. */
  readonly jwtSecret?: string;
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
  /** Signs a bearer token for `personId` valid for `lifetime` (default `'12h'`), e.g. after an SSO login. */
  issueToken(personId: string, lifetime?: string): Promise<string>;
  /** Ends live streams, stops answering and closes the database. Safe to call more than once. */
  close(): Promise<void>;
}

/** Path prefix of the dev-mode helpers. */
const DEV_PREFIX = '/dev/';

const JSON_CONTENT_TYPE = /^application\/(graphql-response\+)?json\s*(;|$)/i;

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
  const dev = options.dev ?? false;
  const store = new RseStore(db);
  if (dev) seedDevData(store);
  const secret = resolveSecret({
    dev,
    jwtSecret: options.jwtSecret,
    store,
    warn: (message) => {
      logger.warn(message);
    },
  });
  const authority = new TokenAuthority(secret, store);
  const erpSecret = resolveErpSecret({
    dev,
    erpSecret: options.erpSecret,
    warn: (message) => {
      logger.warn(message);
    },
  });
  const live = new LiveEvents(store);
  const yoga = createRseYoga({ schemaSource: loadSchemaSource(), store, live, logger });
  const cors = new CorsPolicy(options.corsOrigins);
  let closed = false;

  async function serveGraphQL(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (cors.apply(req, res)) return;
    // Only JSON bodies: Yoga would also take form posts, which a browser sends cross-site without a
    // preflight (the TOOLCHAIN notes' CSRF pitfall). Bearer tokens already stop those; this is belt and braces.
    if (req.method === 'POST' && !JSON_CONTENT_TYPE.test(req.headers['content-type'] ?? '')) {
      sendGraphQLError(res, 415, 'INVALID_INPUT', 'Send GraphQL requests as application/json.');
      return;
    }
    let viewer: PersonRecord;
    try {
      viewer = await authority.authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof RseError)) throw error;
      sendGraphQLError(res, 401, 'UNAUTHENTICATED', error.message, { 'WWW-Authenticate': 'Bearer' });
      return;
    }
    await yoga.handle(req, res, { viewer });
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
      await handleDevRoute(req, res, url, store, authority);
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
      return authority.issue(personId, lifetime);
    },
    async close() {
      if (closed) return;
      closed = true;
      live.closeAll();
      await yoga.dispose();
      db.close();
    },
  };
  return app;
}
