/**
 * `@rse/adapter-graphql`: the {@link RseAdapter} for backends implementing this package's
 * `schema.graphql` (exported as `@rse/adapter-graphql/schema.graphql`), such as `@rse/server`.
 *
 * @module
 */
export { createGraphQLAdapter, type GraphQLAdapterOptions } from './graphql-adapter.js';
export type { TokenProvider, TokenRequest } from './token-source.js';
