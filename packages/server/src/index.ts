/**
 * `@rse/server`: the reference RSE backend. It implements `schema.graphql` from `@rse/adapter-graphql`
 * with graphql-yoga on SQLite, streams live events over Server-Sent Events on the same `/graphql`
 * endpoint, and authenticates every request with an HS256 bearer JWT.
 *
 * @module
 */
export { createRseApp, type PersonRegistration, type RseApp, type RseAppOptions } from './app.js';
export { startRseServer, type RseServer, type RseServerOptions } from './server.js';
export { SECRET_ENV, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.js';
export { GRAPHQL_PATH } from './graphql/yoga.js';
export { DEV_TOKEN_LIFETIME } from './http/dev-routes.js';
export type { RseLogger } from './logger.js';
export type { ObjectRegistration } from './storage/records.js';
