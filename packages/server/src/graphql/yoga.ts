import { GraphQLError, parse, type ParseOptions, type Source } from 'graphql';
import { createSchema, createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { AccessControl } from '../access/access-control.js';
import type { RseLogger } from '../logger.js';
import type { LiveEvents } from '../live/live-events.js';
import type { RseStore } from '../storage/rse-store.js';
import { maskError } from './errors.js';
import { createResolvers, type RseContext } from './resolvers.js';

/** Where the protocol is served, queries, mutations and the event stream alike. */
export const GRAPHQL_PATH = '/graphql';

/**
 * The most lexical tokens a request document may have. The client's operations use under 100 and
 * GraphiQL's introspection query about 300; graphql-js overflows its stack on a few thousand nested list
 * literals, which would otherwise be answered with a 500.
 */
const MAX_DOCUMENT_TOKENS = 1000;

/** The largest request body accepted: a maximal message in the worst JSON escaping, with room to spare. */
const MAX_REQUEST_BODY_BYTES = 256 * 1024;

/** The Yoga server of one app, with the viewer handed in by the HTTP layer as server context. */
export type RseYoga = YogaServerInstance<RseContext, RseContext>;

/** Everything the GraphQL layer needs. */
export interface RseYogaOptions {
  readonly schemaSource: string;
  readonly store: RseStore;
  readonly live: LiveEvents;
  readonly access: AccessControl;
  readonly logger: RseLogger;
}

/** Yoga serving `schema.graphql` with the store's resolvers, SSE on the same endpoint and no extras. */
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
    plugins: [limitDocumentTokens(), requestErrorsAreInvalidInput()],
  });
}

function limitDocumentTokens(): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source: string | Source, parseOptions?: ParseOptions) =>
        parse(source, {
          ...parseOptions,
          maxLexicalTokens: MAX_DOCUMENT_TOKENS,
          // graphql before 16.12 knows only the old name; the range in package.json still allows it.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          maxTokens: MAX_DOCUMENT_TOKENS,
        }),
      );
    },
  };
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
