import { RseError } from '@rse/core';
import type { PersonRecord } from '../storage/records.js';
import type { RseStore } from '../storage/rse-store.js';
import type { TokenVerifier } from './token-verifier.js';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

/** Who a request acts for, and until when its token is accepted. */
export interface Session {
  readonly person: PersonRecord;
  /** Epoch ms after which the token is refused; a live stream opened with it ends then. */
  readonly validUntil: number;
}

/** Turns a request's `Authorization` header into the person it acts for. */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly store: RseStore,
  ) {}

  /**
   * The person an `Authorization` header acts for. Throws `UNAUTHENTICATED` for a missing, malformed,
   * forged, expired or foreign token and for a person who does not exist (any more), systems included.
   */
  async authenticate(authorization: string | undefined): Promise<PersonRecord> {
    return (await this.session(authorization)).person;
  }

  /** The person an `Authorization` header acts for, and until when (epoch ms) its token is accepted. */
  async session(authorization: string | undefined): Promise<Session> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) throw new RseError('UNAUTHENTICATED', 'A bearer token is required.');
    const { subject, validUntil } = await this.verifier.verify(token);
    const person = this.store.people.person(subject);
    if (!person) throw new RseError('UNAUTHENTICATED', 'The token names no known person.');
    return { person, validUntil };
  }
}
