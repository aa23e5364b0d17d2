/**
 * Why an adapter call failed, in terms a UI can act on:
 * - `NOT_FOUND`: the object or message does not exist for this viewer (also answered when the viewer
 *   may not open it, so that existence never leaks);
 * - `INVALID_INPUT`: the request was refused as written (empty text, too long, malformed id);
 * - `UNAUTHENTICATED`: no valid credentials; `FORBIDDEN`: known viewer, action not allowed;
 * - `NETWORK`: the backend could not be reached or the connection dropped — retrying may help;
 * - `INTERNAL`: the backend failed.
 */
export type RseErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NETWORK'
  | 'INTERNAL';

const CODES: ReadonlySet<string> = new Set<RseErrorCode>([
  'NOT_FOUND',
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NETWORK',
  'INTERNAL',
]);

/** The one error type adapters throw, so elements can say what happened whatever the backend. */
export class RseError extends Error {
  override readonly name = 'RseError';

  constructor(
    readonly code: RseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Whether trying the same call again later may succeed. */
  get retryable(): boolean {
    return this.code === 'NETWORK' || this.code === 'INTERNAL';
  }
}

/** Whether a string names a known error code (used when decoding wire errors). */
export function isRseErrorCode(code: unknown): code is RseErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/** Any thrown value as an {@link RseError}; unknown failures become `INTERNAL`. */
export function toRseError(error: unknown): RseError {
  if (error instanceof RseError) return error;
  if (error instanceof Error) return new RseError('INTERNAL', error.message, { cause: error });
  return new RseError('INTERNAL', String(error));
}
