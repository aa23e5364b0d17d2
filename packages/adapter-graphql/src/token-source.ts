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
    const value = refresh ? await this.refreshed() : await this.ask(false);
    return value === '' ? {} : { authorization: `Bearer ${value}` };
  }

  private refreshed(): Promise<string> {
    return (this.refreshing ??= this.ask(true).finally(() => {
      this.refreshing = undefined;
    }));
  }

  private async ask(refresh: boolean): Promise<string> {
    const { token } = this;
    try {
      return typeof token === 'function' ? await token({ refresh }) : (token ?? '');
    } catch (error) {
      if (error instanceof RseError) throw error;
      // fetch() rejects with a TypeError when the network is down: retryable, so the outbox keeps the
      // message. Anything else (an expired SSO session) means "sign in again".
      if (error instanceof TypeError) throw new RseError('NETWORK', 'No token could be obtained: the network is unreachable.', { cause: error });
      throw new RseError('UNAUTHENTICATED', 'No token could be obtained.', { cause: error });
    }
  }
}
