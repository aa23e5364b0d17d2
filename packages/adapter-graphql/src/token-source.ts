import { RseError } from '@rse/core';

/** What a token provider is told each time it is asked. */
export interface TokenRequest {
  /**
   * `true` when the server has just refused the previous token (HTTP 401, `UNAUTHENTICATED`): a provider
   * that caches tokens should bypass its cache and return a new one.
   */
  readonly refresh: boolean;
}

/** A host function returning the bearer token, e.g. from the ERP's SSO session. */
export type TokenProvider = (request: TokenRequest) => string | Promise<string>;

/**
 * The adapter's bearer token: a fixed string, or a provider asked before every request and every stream
 * (re)connection. After a 401 the adapter asks for a fresh one ({@link headers} with `refresh`) and
 * retries once; concurrent refreshes share one call to the provider, so twenty requests refused at once
 * cost one refresh.
 */
export class TokenSource {
  private refreshing: Promise<string> | undefined;

  constructor(private readonly token: string | TokenProvider | undefined) {}

  /** Whether asking again may give another token (a fixed string never changes, so retrying is pointless). */
  get refreshable(): boolean {
    return typeof this.token === 'function';
  }

  /** The authorization header (none without a token); `refresh` asks the provider for a new token first. */
  async headers(refresh = false): Promise<Record<string, string>> {
    return toHeaders(await (refresh ? this.refreshed() : this.ask(false)));
  }

  /**
   * The authorization header at once when the token is at hand (a fixed string, or a provider that
   * answers synchronously), else the same as {@link headers}. A request sent with it leaves in the
   * current tick: awaiting even a ready token would queue the request behind every microtask already
   * waiting — on a page inserting 1,000 badges, their first updates, ~10 ms.
   */
  headersNow(): Record<string, string> | Promise<Record<string, string>> {
    const answer = this.ask(false);
    return typeof answer === 'string' ? toHeaders(answer) : answer.then(toHeaders);
  }

  private refreshed(): Promise<string> {
    return (this.refreshing ??= Promise.resolve(this.ask(true)).finally(() => {
      this.refreshing = undefined;
    }));
  }

  /** The token as the source has it: a string when it is at hand, else the provider's promise. */
  private ask(refresh: boolean): string | Promise<string> {
    const { token } = this;
    if (typeof token !== 'function') {
      // A page built without types may pass a number: it goes out as text, as it always did.
      const given: unknown = token;
      return typeof given === 'string' ? given : typeof given === 'number' ? String(given) : '';
    }
    try {
      const answer = token({ refresh });
      return typeof answer === 'string'
        ? answer
        : Promise.resolve(answer).catch((error: unknown) => {
            throw tokenError(error);
          });
    } catch (error) {
      return Promise.reject(tokenError(error));
    }
  }
}

function toHeaders(token: string): Record<string, string> {
  return token === '' ? {} : { authorization: `Bearer ${token}` };
}

/** Why a provider gave no token, as the adapter reports it. */
function tokenError(error: unknown): RseError {
  if (error instanceof RseError) return error;
  // fetch() rejects with a TypeError when the network is down: retryable, so the outbox keeps the
  // message. Anything else (an expired SSO session) means "sign in again".
  if (error instanceof TypeError) return new RseError('NETWORK', 'No token could be obtained: the network is unreachable.', { cause: error });
  return new RseError('UNAUTHENTICATED', 'No token could be obtained.', { cause: error });
}
