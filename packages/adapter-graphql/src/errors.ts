import { ClientError } from 'graphql-request';
import { RseError, isRseErrorCode, type RseErrorCode } from '@rse/core';

/** A GraphQL error as it arrives in a response body: typed loosely, since any server may have sent it. */
interface WireGraphQLError {
  readonly message?: unknown;
  readonly extensions?: unknown;
}

/** The error of a GraphQL response's `errors`, keeping the server's code and message. */
export function fromGraphQLErrors(errors: readonly WireGraphQLError[], status?: number): RseError {
  const first = errors[0];
  const extensions = first?.extensions;
  const code = typeof extensions === 'object' && extensions !== null ? (extensions as { code?: unknown }).code : undefined;
  const message = typeof first?.message === 'string' && first.message !== '' ? first.message : 'The request failed.';
  // A server that is not ours may use codes of its own; fall back on what the HTTP status says.
  return new RseError(isRseErrorCode(code) ? code : codeForStatus(status ?? 200) ?? 'INTERNAL', message);
}

/** What an HTTP status means to a UI, or `undefined` for success. */
export function codeForStatus(status: number): RseErrorCode | undefined {
  if (status < 400) return undefined;
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  // Gateways and load balancers answer these while the backend is down or restarting: worth a retry.
  if (status === 502 || status === 503 || status === 504 || status === 408 || status === 429) return 'NETWORK';
  if (status >= 500) return 'INTERNAL';
  // 404 means a wrong endpoint URL here, not a missing record (those come as GraphQL errors).
  if (status === 404) return 'INTERNAL';
  return 'INVALID_INPUT';
}

/** The error a non-2xx response stands for, from its GraphQL body when it has one, else from its status. */
export async function fromResponse(response: Response): Promise<RseError> {
  const status = response.status;
  try {
    const body = (await response.json()) as { errors?: unknown };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      return fromGraphQLErrors(body.errors as WireGraphQLError[], status);
    }
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  return new RseError(codeForStatus(status) ?? 'INTERNAL', `The server answered HTTP ${String(status)}.`);
}

/** Whether `error` is fetch failing to reach the server (or giving up on it), rather than a bug. */
export function isNetworkFailure(error: unknown): boolean {
  // fetch rejects with a TypeError ("fetch failed", "Failed to fetch") for every transport failure.
  return error instanceof TypeError || (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError'));
}

/** Any failure of a query or mutation as an {@link RseError}. */
export function toAdapterError(error: unknown): RseError {
  if (error instanceof RseError) return error;
  if (error instanceof ClientError) {
    const { errors, status } = error.response;
    if (errors && errors.length > 0) return fromGraphQLErrors(errors, status);
    return new RseError(codeForStatus(status) ?? 'INTERNAL', `The server answered HTTP ${String(status)}.`, { cause: error });
  }
  if (isNetworkFailure(error)) return new RseError('NETWORK', 'The server cannot be reached.', { cause: error });
  return new RseError('INTERNAL', 'The server sent an answer the adapter does not understand.', { cause: error });
}
