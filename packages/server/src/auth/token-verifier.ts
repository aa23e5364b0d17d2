import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { RseError } from '@rse/core';
import type { VerificationKey } from './token-keys.js';
import { CLOCK_TOLERANCE_SECONDS } from './token-settings.js';

/** What a verified token says about its bearer. */
export interface VerifiedToken {
  /** The person id (`sub`). */
  readonly subject: string;
  /** Epoch ms after which the token is refused: `exp` plus the clock tolerance. */
  readonly validUntil: number;
}

/** What a token must say besides being well signed. */
export interface TokenExpectations {
  readonly issuer: string;
  readonly audience: string;
}

/** jose's failures that mean "this token is bad", as opposed to "the key set could not be fetched". */
const TOKEN_FAULTS = new Set([
  'ERR_JWS_INVALID',
  'ERR_JWT_INVALID',
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

/**
 * Checks bearer JWTs: signature (against the keys whose algorithms include the token's `alg`; `none`
 * is never among them), issuer, audience, expiry and not-before with {@link CLOCK_TOLERANCE_SECONDS} of
 * tolerance, and the presence of `sub` and `exp` (a token without expiry is refused).
 */
export class TokenVerifier {
  constructor(
    private readonly keys: readonly VerificationKey[],
    private readonly expectations: TokenExpectations,
    private readonly warn: (message: string) => void,
  ) {}

  /** The subject (person id) of a valid token. Throws `UNAUTHENTICATED` otherwise, whatever the reason. */
  async subject(token: string): Promise<string> {
    return (await this.verify(token)).subject;
  }

  /**
   * The subject of a valid token and the instant (epoch ms) it stops being accepted: its `exp` plus the
   * clock tolerance. Throws `UNAUTHENTICATED` otherwise, whatever the reason.
   */
  async verify(token: string): Promise<VerifiedToken> {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (error) {
      throw invalid(error);
    }
    const candidates = this.keys.filter((key) => typeof alg === 'string' && key.algorithms.includes(alg));
    let lastError: unknown = new Error(`No key verifies alg ${String(alg)}.`);
    for (const candidate of candidates) {
      try {
        const options = {
          algorithms: [...candidate.algorithms],
          issuer: this.expectations.issuer,
          audience: this.expectations.audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['sub', 'exp'],
        };
        const { key } = candidate;
        const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
        if (typeof payload.sub === 'string' && payload.sub !== '') {
          // `exp` is a required claim, so jose has checked it is a number.
          return { subject: payload.sub, validUntil: ((payload.exp ?? 0) + CLOCK_TOLERANCE_SECONDS) * 1000 };
        }
        lastError = new Error('The token has an empty subject.');
      } catch (error) {
        // An unreachable identity provider is the operator's problem, not the caller's: say it in the log.
        if (!(error instanceof errors.JOSEError) || !TOKEN_FAULTS.has(error.code)) {
          this.warn(`Checking a token against ${candidate.source} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        lastError = error;
      }
    }
    throw invalid(lastError);
  }
}

/** One answer for every bad token, so a caller learns nothing about which check failed. */
function invalid(cause: unknown): RseError {
  return new RseError('UNAUTHENTICATED', 'The bearer token is invalid or expired.', { cause });
}
