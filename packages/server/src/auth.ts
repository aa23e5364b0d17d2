import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { RseError } from '@rse/core';
import type { RseStore } from './storage/rse-store.js';
import type { PersonRecord } from './storage/records.js';

/** The `iss` of every token the server accepts. */
export const TOKEN_ISSUER = 'rse';
/** The `aud` of every token the server accepts. */
export const TOKEN_AUDIENCE = 'rse';

/** The environment variable holding the HS256 secret outside dev mode. */
export const SECRET_ENV = 'RSE_JWT_SECRET';

const DEV_SECRET_SETTING = 'dev_jwt_secret';
const MIN_SECRET_BYTES = 32;
const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

/** Where the signing secret comes from; see {@link resolveSecret}. */
export interface SecretSource {
  readonly dev: boolean;
  /** An explicit secret; wins over everything else. */
  readonly jwtSecret?: string | undefined;
  readonly store: RseStore;
  readonly warn: (message: string) => void;
}

/**
 * The HS256 secret: an explicit one; in dev mode one generated once and kept in the settings table (so
 * dev tokens survive a restart on the same database); otherwise `RSE_JWT_SECRET`. `null` when there is
 * none, and then every request is refused.
 */
export function resolveSecret(source: SecretSource): Uint8Array | null {
  if (source.jwtSecret !== undefined) return checkedSecret(source.jwtSecret, source.warn);
  if (source.dev) {
    const stored = source.store.settingOrInsert(DEV_SECRET_SETTING, randomBytes(32).toString('base64url'));
    return new Uint8Array(Buffer.from(stored, 'base64url'));
  }
  const fromEnvironment = process.env[SECRET_ENV];
  if (fromEnvironment === undefined || fromEnvironment === '') {
    source.warn(`${SECRET_ENV} is not set: every request will be refused as UNAUTHENTICATED.`);
    return null;
  }
  return checkedSecret(fromEnvironment, source.warn);
}

function checkedSecret(secret: string, warn: (message: string) => void): Uint8Array {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    warn(`The JWT secret is shorter than ${String(MIN_SECRET_BYTES)} bytes; HS256 tokens signed with it are easy to forge.`);
  }
  return bytes;
}

/** Issues and checks the bearer tokens of one server. */
export class TokenAuthority {
  constructor(
    private readonly secret: Uint8Array | null,
    private readonly store: RseStore,
  ) {}

  /** A signed token acting as `personId` for `lifetime` (a jose time span such as `'12h'`). */
  async issue(personId: string, lifetime: string): Promise<string> {
    if (!this.secret) throw new Error('No JWT secret is configured.');
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(personId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(this.secret);
  }

  /**
   * The person an `Authorization` header acts for. Throws `UNAUTHENTICATED` for a missing, malformed,
   * forged, expired or foreign token and for a person who does not exist (any more).
   */
  async authenticate(authorization: string | undefined): Promise<PersonRecord> {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (token === undefined) throw new RseError('UNAUTHENTICATED', 'A bearer token is required.');
    if (!this.secret) throw new RseError('UNAUTHENTICATED', 'The server accepts no tokens (no secret configured).');
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        requiredClaims: ['sub', 'exp'],
      });
      subject = payload.sub;
    } catch (error) {
      // jose's messages say which check failed ("exp" claim timestamp check failed) and quote no token.
      throw new RseError('UNAUTHENTICATED', 'The bearer token is invalid or expired.', { cause: error });
    }
    const person = subject === undefined ? undefined : this.store.people.person(subject);
    if (!person) throw new RseError('UNAUTHENTICATED', 'The token names no known person.');
    return person;
  }
}
