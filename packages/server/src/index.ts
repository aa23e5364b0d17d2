/**
 * `@rse/server`: the reference RSE backend. It implements `schema.graphql` from `@rse/adapter-graphql`
 * with graphql-yoga on SQLite, streams live events over Server-Sent Events on the same `/graphql`
 * endpoint, authenticates every request with a bearer JWT (HS256 secret, RS256/ES256 public key or a
 * JWKS), asks an {@link AccessPolicy} on every read, write, count and push, and takes signed events from
 * ERP back ends on `POST /erp/events`.
 *
 * @module
 */
export { createRseApp, type PersonRegistration, type RseApp, type RseAppOptions } from './app.js';
export { closeGracefully } from './http/close-gracefully.js';
export { startRseServer, type RseServer, type RseServerOptions } from './server.js';
export {
  AUDIENCE_ENV,
  CLOCK_TOLERANCE_SECONDS,
  ISSUER_ENV,
  JWKS_URL_ENV,
  PUBLIC_KEY_ENV,
  SECRET_ENV,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
} from './auth/token-settings.js';
export { OPEN_ACCESS, type AccessPolicy } from './access/access-policy.js';
export {
  DEFAULT_ACCESS_CACHE_TTL_MS,
  DEFAULT_ACCESS_TIMEOUT_MS,
  HttpAccessPolicy,
  MAX_ACCESS_BATCH,
  type HttpAccessPolicyOptions,
} from './access/http-access-policy.js';
export {
  DEFAULT_RULES_CHECK_INTERVAL_MS,
  RulesAccessPolicy,
  type ObjectFieldsLookup,
  type RulesAccessPolicyOptions,
} from './access/rules-access-policy.js';
export { parseAccessRules, type AccessRules } from './access/access-rules.js';
export { ACCESS_RULES_ENV, ACCESS_URL_ENV } from './access/resolve-access-policy.js';
export { MAX_ACCESS_CHECKS } from './access/access-control.js';
export { DEV_ERP_SECRET, ERP_SECRET_ENV } from './erp/erp-secret.js';
export {
  ERP_SIGNATURE_HEADER,
  ERP_TIMESTAMP_HEADER,
  ERP_TIMESTAMP_TOLERANCE_SECONDS,
  signErpEvent,
  type ErpSignatureHeaders,
} from './erp/erp-signature.js';
export { GRAPHQL_PATH, MAX_REQUEST_BODY_BYTES } from './graphql/yoga.js';
export { MAX_DOCUMENT_TOKENS, MAX_QUERY_ALIASES, MAX_QUERY_DEPTH } from './graphql/request-limits.js';
export { MAX_MENTIONS_PER_MESSAGE, MAX_OBJECT_REFS_PER_MESSAGE } from './storage/message-rules.js';
export { DEV_TOKEN_LIFETIME } from './http/dev-routes.js';
export { ERP_EVENTS_PATH, MAX_ERP_EVENT_BYTES } from './http/erp-events-route.js';
export type { RseLogger } from './logger.js';
export type { FeedRegistration, ObjectRegistration } from './storage/records.js';
