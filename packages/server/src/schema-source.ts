import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The protocol's SDL, read from `@rse/adapter-graphql`: the adapter package owns the schema and the
 * server implements it, so the two can never drift. Resolved through the package's exports, which works
 * from `src` and `dist` alike.
 */
export function loadSchemaSource(): string {
  return readFileSync(fileURLToPath(import.meta.resolve('@rse/adapter-graphql/schema.graphql')), 'utf8');
}
