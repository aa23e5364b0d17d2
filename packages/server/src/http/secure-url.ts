const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `url` parsed, when the server may trust what it fetches there: https, or plain http on loopback only
 * (tests, a co-located ERP adapter). Anyone on the path of a remote http call could answer in the
 * ERP's or the identity provider's name — grant access, or substitute signing keys. Throws a
 * `TypeError` naming `what` otherwise, so such a server refuses to start.
 */
export function secureUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new TypeError(`The ${what} is not a URL: ${url}`, { cause: error });
  }
  const loopback = LOOPBACK_HOSTS.has(parsed.hostname) || parsed.hostname.startsWith('127.');
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new TypeError(`The ${what} must use https (plain http only on localhost): ${parsed.origin}`);
  }
  return parsed;
}
