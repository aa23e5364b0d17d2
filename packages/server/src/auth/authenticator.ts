import { RseError } from '@rse/core';
import type { PersonRecord } from '../storage/records.js';
import type { RseStore } from '../storage/rse-store.js';
import type { TokenVerifier } from './token-verifier.js';

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

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
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) throw new RseError('UNAUTHENTICATED', 'A bearer token is required.');
    const subject = await this.verifier.subject(token);
    const person = this.store.people.person(subject);
    if (!person) throw new RseError('UNAUTHENTICATED', 'The token names no known person.');
    return person;
  }
}
