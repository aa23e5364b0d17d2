import { GraphQLError, type ExecutionResult } from 'graphql';
import { createSchema, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { AccessControl } from '../access/access-control.js';
import type { RseLogger } from '../logger.js';
import type { LiveEvents } from '../live/live-events.js';
import type { RseStore } from '../storage/rse-store.js';
import { maskError } from './errors.js';
import { limitDocumentTokens, requestLimitRules } from './request-limits.js';
import { createResolvers, type RseContext } from './resolvers.js';

/** Where the protocol is served, queries, mutations and the event stream alike. */
export const GRAPHQL_PATH = '/graphql';

/**
 * The largest request body accepted: a maximal message in the worst JSON escaping (10,000 × `\uXXXX`,
 * 60 KB) with room to spare. The HTTP layer enforces it before Yoga sees the request (413); Yoga's own
 * check stays as a second line.
 */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024;

// "Did you mean …?" hints, which graphql-js adds to validation and coercion errors: outside dev mode
// they would spell out the schema to whoever probes it with misspelled names.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** The Yoga server of one app, with the viewer handed in by the HTTP layer as server context. */
export type RseYoga = YogaServerInstance<RseContext, RseContext>;

/** Everything the GraphQL layer needs. */
export interface RseYogaOptions {
  readonly schemaSource: string;
  readonly store: RseStore;
  readonly live: LiveEvents;
  readonly access: AccessControl;
  readonly logger: RseLogger;
  /** Dev mode: introspection and "Did you mean" hints stay on. */
  readonly dev: boolean;
}

/**
 * Yoga serving `schema.graphql` with the store's resolvers, SSE on the same endpoint and no extras: no
 * batching, no GraphiQL, no multipart, masked errors, a token, depth and alias limit on every document,
 * and outside dev mode no introspection and no "Did you mean" hints.
 */
export function createRseYoga(options: RseYogaOptions): RseYoga {
  const { logger } = options;
  return createYoga<RseContext>({
    schema: createSchema<RseContext>({
      typeDefs: options.schemaSource,
      resolvers: createResolvers(options.store, options.live, options.access),
    }),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: false,
    landingPage: false,
    // The HTTP layer answers CORS itself (see CorsPolicy); Yoga's default allows every origin.
    cors: false,
    multipart: false,
    // A JSON array of operations is one request doing the work of many, past every per-request limit.
    batching: false,
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    maskedErrors: { maskError },
    logging: {
      debug: () => undefined,
      info: () => undefined,
      warn: (...args: unknown[]) => {
        logger.warn(args.map(String).join(' '));
      },
      error: (...args: unknown[]) => {
        logger.error('GraphQL request failed unexpectedly.', args.length === 1 ? args[0] : args);
      },
    },
    plugins: [limitDocumentTokens(), requestLimitRules({ dev: options.dev }), requestErrorsAreInvalidInput(), refusalsAre4xx({ dev: options.dev })],
  });
}

/**
 * Syntax and validation errors carry the protocol's `INVALID_INPUT`. Registered before Yoga's own
 * plugins, which only fill in a code (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`) when none is set.
 */
function requestErrorsAreInvalidInput(): Plugin {
  const mark = (error: GraphQLError): void => {
    (error.extensions as Record<string, unknown>).code ??= 'INVALID_INPUT';
  };
  return {
    onParse() {
      return ({ result }) => {
        if (result instanceof GraphQLError) mark(result);
      };
    },
    onValidate() {
      return ({ result }) => {
        for (const error of result as readonly GraphQLError[]) mark(error);
      };
    },
  };
}

/**
 * The last look at every answer before it is written. A request refused as a whole — syntax, validation,
 * variables, or a resolver's `INVALID_INPUT` that left no data — answers HTTP 400 whatever the `Accept`
 * header (graphql-js's errors are otherwise 200 for `application/json` clients), so a refusal is never
 * mistaken for success by a proxy, a log or a monitor. Live streams (`text/event-stream`) keep the
 * protocol's shape: a refused subscription is the stream's one error event. Outside dev mode "Did you
 * mean" hints are cut from every message; nothing internal (`originalError`) ever leaves.
 */
function refusalsAre4xx(options: { readonly dev: boolean }): Plugin {
  return {
    onResultProcess({ request, result }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const single = result as ExecutionResult;
      const stream = /text\/event-stream/i.test(request.headers.get('accept') ?? '');
      for (const error of single.errors ?? []) {
        const extensions = error.extensions as Record<string, unknown>;
        delete extensions.originalError;
        if (!options.dev) error.message = error.message.replace(SUGGESTION, '');
        if (!stream && single.data == null && extensions.code === 'INVALID_INPUT') {
          const http = (extensions.http ?? {}) as { status?: number };
          // `spec: false`: Yoga would otherwise skip the status for clients that accept application/json.
          extensions.http = { ...http, status: http.status ?? 400, spec: false };
        }
      }
    },
  };
}
