/** The default `iss` the server expects (and puts in the tokens it signs); `--jwt-issuer` changes it. */
export const TOKEN_ISSUER = 'rse';
/** The default `aud` the server expects (and puts in the tokens it signs); `--jwt-audience` changes it. */
export const TOKEN_AUDIENCE = 'rse';

/** The environment variable holding the HS256 secret outside dev mode. */
export const SECRET_ENV = 'RSE_JWT_SECRET';
/** The environment variable holding the PEM public key (its text, or the path of a file holding it). */
export const PUBLIC_KEY_ENV = 'RSE_JWT_PUBLIC_KEY';
/** The environment variable holding the URL of the identity provider's JSON Web Key Set. */
export const JWKS_URL_ENV = 'RSE_JWKS_URL';
/** The environment variable overriding the expected `iss`. */
export const ISSUER_ENV = 'RSE_JWT_ISSUER';
/** The environment variable overriding the expected `aud`. */
export const AUDIENCE_ENV = 'RSE_JWT_AUDIENCE';

/**
 * How far the server's clock and the token issuer's may disagree, in seconds, when checking `exp` and
 * `nbf`: enough for ordinary drift, too little to matter for a stolen token.
 */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** An environment variable's value, with the empty string read as "not set". */
export function fromEnvironment(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}
