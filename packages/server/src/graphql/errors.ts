import { GraphQLError } from 'graphql';
import { RseError, isRseErrorCode } from '@rse/core';

/** An {@link RseError} as the GraphQL error the protocol promises: same message, `extensions.code`. */
export function toGraphQLError(error: RseError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code } });
}

/** Runs resolver work, turning its `RseError`s into protocol errors; anything else stays unexpected. */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RseError) throw toGraphQLError(error);
    throw error;
  }
}

/**
 * Yoga's `maskError`: every error leaves the server with a protocol code. Errors the server raised on
 * purpose keep their message; errors graphql-js raised about the request itself (syntax, validation,
 * variable coercion) become `INVALID_INPUT`; anything else is a bug or an outage and becomes a generic
 * `INTERNAL`, which Yoga then logs with its stack (returning a different error is what makes it log).
 */
export function maskError(error: unknown): Error {
  if (error instanceof GraphQLError) {
    const original = error.originalError;
    if (original instanceof RseError) return withCode(error, original.message, original.code);
    if (original === undefined || original instanceof GraphQLError) {
      const code = error.extensions.code;
      if (isRseErrorCode(code)) return error;
      // Yoga marks its own failures `unexpected`; they are the server's fault, not the request's.
      if (error.extensions.unexpected === true) return internal(error);
      // Mutated in place rather than copied: a copy would make Yoga log every mistyped query as a fault.
      (error.extensions as Record<string, unknown>).code = 'INVALID_INPUT';
      return error;
    }
    return internal(error);
  }
  if (error instanceof RseError) return toGraphQLError(error);
  return internal();
}

function internal(error?: GraphQLError): GraphQLError {
  return new GraphQLError('Internal server error.', { path: error?.path, extensions: { code: 'INTERNAL' } });
}

function withCode(error: GraphQLError, message: string, code: string): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}
