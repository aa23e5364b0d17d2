import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

/**
 * Cross-origin access for the configured origins only. With none configured (the default) the server
 * sends no CORS headers at all and browsers keep it same-origin. Yoga's own CORS is switched off because
 * it answers any origin by default and echoes a single configured origin regardless of the request.
 */
export class CorsPolicy {
  private readonly origins: ReadonlySet<string>;

  constructor(origins: readonly string[] = []) {
    this.origins = new Set(origins);
  }

  /**
   * Adds CORS headers when the request's origin is allowed, and answers preflights. Returns `true` when
   * the request was a preflight and has been answered.
   */
  apply(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && this.origins.has(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method !== 'OPTIONS') return false;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept');
      res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
    }
    // Without the allow headers a browser refuses the actual request; nothing else needs saying.
    res.writeHead(204, { 'Content-Length': '0' });
    res.end();
    return true;
  }
}
