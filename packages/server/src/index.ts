/**
 * `@rse/server`: the reference RSE backend. It implements `schema.graphql` from `@rse/adapter-graphql`
 * with graphql-yoga on SQLite, streams live events over Server-Sent Events on the same `/graphql`
 * endpoint, authenticates every request with an HS256 bearer JWT, and takes signed events from ERP back
 * ends on `POST /erp/events`.
 *
 * @module
 */
export { createRseApp, type PersonRegistration, type RseApp, type RseAppOptions } from './app.js';
export { startRseServer, type RseServer, type RseServerOptions } from './server.js';
export { SECRET_ENV, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth.js';
export { DEV_ERP_SECRET, ERP_SECRET_ENV } from './erp/erp-secret.js';
export {
  ERP_SIGNATURE_HEADER,
  ERP_TIMESTAMP_HEADER,
  ERP_TIMESTAMP_TOLERANCE_SECONDS,
  signErpEvent,
  type ErpSignatureHeaders,
} from './erp/erp-signature.js';
export { GRAPHQL_PATH } from './graphql/yoga.js';
export { DEV_TOKEN_LIFETIME } from './http/dev-routes.js';
export { ERP_EVENTS_PATH, MAX_ERP_EVENT_BYTES } from './http/erp-events-route.js';
export type { RseLogger } from './logger.js';
export type { FeedRegistration, ObjectRegistration } from './storage/records.js';
