/**
 * The entry of the self-contained bundle `dist/cdn/rse.js`, for ERP screens that load one script tag:
 * registers every element and brings the GraphQL adapter, so `configure()` can be called at once.
 *
 * @module
 */
export * from './define.js';
export { createGraphQLAdapter, type GraphQLAdapterOptions } from '@rse/adapter-graphql';
// The in-memory backend is for stories and tests; ERP pages talk to a server, so it stays out of here.
export { RseClient, RseError, objectKey, parseMarkup } from '@rse/core';
