import { fileURLToPath } from 'node:url';

const STUB = fileURLToPath(new URL('../packages/adapter-graphql/graphql-stub.js', import.meta.url));

/**
 * A rollup plugin for our browser bundles: graphql-request's imports of `graphql` get the stub above,
 * since the adapter never asks graphql-js to parse or print (see the stub's comment).
 */
export function graphqlStub() {
  return {
    name: 'rse-graphql-stub',
    resolveId(source, importer) {
      if (source === 'graphql' && importer?.includes('/graphql-request/')) return STUB;
      return null;
    },
  };
}
