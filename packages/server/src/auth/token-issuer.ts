import { SignJWT } from 'jose';
import type { TokenExpectations } from './token-verifier.js';

/**
 * Signs HS256 tokens the server itself accepts: dev tokens, and {@link RseApp.issueToken} for hosts
 * that log people in themselves. A server configured only with a public key or a JWKS verifies tokens
 * it cannot sign: the identity provider issues them.
 */
export class TokenIssuer {
  constructor(
    private readonly secret: Uint8Array | null,
    private readonly claims: TokenExpectations,
  ) {}

  /** A signed token acting as `personId` for `lifetime` (a jose time span such as `'12h'`). */
  async issue(personId: string, lifetime: string): Promise<string> {
    if (!this.secret) throw new Error('This server has no HS256 secret to sign tokens with (it only verifies tokens from the identity provider).');
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(personId)
      .setIssuer(this.claims.issuer)
      .setAudience(this.claims.audience)
      .setIssuedAt()
      .setExpirationTime(lifetime)
      .sign(this.secret);
  }
}
