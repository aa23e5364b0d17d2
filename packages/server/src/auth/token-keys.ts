import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { secureUrl } from '../http/secure-url.js';
import type { RseStore } from '../storage/rse-store.js';
import { devSecret } from './dev-secret.js';
import { JWKS_URL_ENV, PUBLIC_KEY_ENV, SECRET_ENV, fromEnvironment } from './token-settings.js';

/** One way to check a token's signature: a key or a key set, and the algorithms it may have signed with. */
export interface VerificationKey {
  /** Where the key comes from, for the operator's log ("RSE_JWT_SECRET", "JWKS https://…"). */
  readonly source: string;
  /** The `alg` values this key verifies; a token announcing another `alg` is never tried against it. */
  readonly algorithms: readonly string[];
  readonly key: Uint8Array | KeyObject | JWTVerifyGetKey;
}

/** The keys of one server: those it verifies with, and the HS256 secrets it signs with (when it has them). */
export interface TokenKeys {
  readonly verification: readonly VerificationKey[];
  /** Signs {@link RseApp.issueToken}: the configured secret, else in dev mode the dev secret; else `null`. */
  readonly signingSecret: Uint8Array | null;
  /** Signs `/dev/token` answers: the dev secret in dev mode, `null` otherwise. */
  readonly devSecret: Uint8Array | null;
}

/** Where the keys come from; see {@link resolveTokenKeys}. */
export interface TokenKeySource {
  readonly dev: boolean;
  /** An HS256 secret; wins over `RSE_JWT_SECRET`. */
  readonly jwtSecret?: string | undefined;
  /** A PEM public key (RSA for RS256, EC P-256/P-384 for ES256/ES384); else `RSE_JWT_PUBLIC_KEY`. */
  readonly jwtPublicKey?: string | undefined;
  /** The identity provider's JWKS URL (https, or http on loopback); else `RSE_JWKS_URL`. */
  readonly jwksUrl?: string | undefined;
  readonly store: RseStore;
  readonly warn: (message: string) => void;
}

const MIN_SECRET_BYTES = 32;
/** Asymmetric algorithms a JWKS key may sign with; symmetric keys never come from a public key set. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
/** How long the server waits for the identity provider's key set before refusing the token. */
const JWKS_TIMEOUT_MS = 3000;

/**
 * Every key the server verifies bearer tokens with, from explicit options or the environment:
 * - an HS256 secret: the explicit one, else `RSE_JWT_SECRET`;
 * - in dev mode only, the dev secret kept in the database, which signs dev tokens and nothing else a
 *   production server would accept: a server started without dev mode never reads it, so the dev
 *   tokens of a database once used for a demo are worthless there;
 * - a PEM public key (`RSE_JWT_PUBLIC_KEY`: the PEM text or a file path);
 * - a remote JWKS (`RSE_JWKS_URL`), fetched and cached by jose.
 * Several may be configured at once; a token is checked against those whose algorithms include its `alg`.
 * Throws a `TypeError` for an unusable key or URL, so a misconfigured server refuses to start.
 */
export function resolveTokenKeys(source: TokenKeySource): TokenKeys {
  const verification: VerificationKey[] = [];
  const secret = hmacSecret(source);
  if (secret) verification.push({ source: secret.source, algorithms: ['HS256'], key: secret.key });
  const dev = source.dev ? devSecret(source.store) : null;
  if (dev) verification.push({ source: 'the dev secret', algorithms: ['HS256'], key: dev });
  const pem = source.jwtPublicKey ?? publicKeyFromEnvironment();
  if (pem !== undefined) verification.push(publicKey(pem));
  const jwksUrl = source.jwksUrl ?? fromEnvironment(JWKS_URL_ENV);
  if (jwksUrl !== undefined) verification.push(remoteKeySet(jwksUrl));
  if (verification.length === 0) {
    source.warn(`No token key is configured (${SECRET_ENV}, ${PUBLIC_KEY_ENV} or ${JWKS_URL_ENV}): every request will be refused as UNAUTHENTICATED.`);
  }
  return { verification, signingSecret: secret?.key ?? dev, devSecret: dev };
}

function hmacSecret(source: TokenKeySource): { source: string; key: Uint8Array } | null {
  if (source.jwtSecret !== undefined) return { source: 'the configured JWT secret', key: checkedSecret(source.jwtSecret, source.warn) };
  const fromEnv = fromEnvironment(SECRET_ENV);
  return fromEnv === undefined ? null : { source: SECRET_ENV, key: checkedSecret(fromEnv, source.warn) };
}

function checkedSecret(secret: string, warn: (message: string) => void): Uint8Array {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    warn(`The JWT secret is shorter than ${String(MIN_SECRET_BYTES)} bytes; HS256 tokens signed with it are easy to forge.`);
  }
  return bytes;
}

function publicKeyFromEnvironment(): string | undefined {
  const value = fromEnvironment(PUBLIC_KEY_ENV);
  if (value === undefined || value.includes('-----BEGIN')) return value;
  // Not PEM text: a path, which keeps multi-line PEM out of service manager files.
  return readFileSync(value, 'utf8');
}

/** A PEM public key and the one algorithm family its type allows (an RSA key never verifies ES256). */
function publicKey(pem: string): VerificationKey {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new TypeError('The JWT public key is not a PEM public key (-----BEGIN PUBLIC KEY-----).', { cause: error });
  }
  return { source: 'the configured public key', algorithms: algorithmsFor(key), key };
}

function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new TypeError('The JWT public key is an RSA key shorter than 2048 bits.');
      return ['RS256', 'RS384', 'RS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1' || curve === 'P-256') return ['ES256'];
      if (curve === 'secp384r1' || curve === 'P-384') return ['ES384'];
      throw new TypeError(`The JWT public key uses an unsupported curve (${String(curve)}); use P-256 (ES256) or P-384 (ES384).`);
    }
    case 'ed25519':
      return ['EdDSA'];
    default:
      throw new TypeError(`The JWT public key type ${String(key.asymmetricKeyType)} is not supported; use RSA (RS256) or EC P-256 (ES256).`);
  }
}

/** The identity provider's key set, fetched and cached by jose. */
function remoteKeySet(url: string): VerificationKey {
  const parsed = secureUrl(url, 'JWKS URL');
  return {
    source: `JWKS ${parsed.origin}${parsed.pathname}`,
    algorithms: JWKS_ALGORITHMS,
    key: createRemoteJWKSet(parsed, { timeoutDuration: JWKS_TIMEOUT_MS }),
  };
}
