/**
 * The part of autocannon 8's programmatic API the bench uses (the package ships no types; its README,
 * "autocannon(opts[, cb])", is the source). Kept here rather than adding `@types/autocannon`.
 */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      /** The target, e.g. `http://127.0.0.1:4000/graphql`. */
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      /** The requests to send in turn, each possibly rewritten per request by `setupRequest`. */
      requests?: RequestSpec[];
      /** A response whose body this refuses is counted in `mismatches`. */
      verifyBody?: (body: string) => boolean;
      /** Seconds before a request counts as a timeout. */
      timeout?: number;
    }

    /** One request of a sequence. */
    interface RequestSpec {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      /** Called before each send; returns the request to send (Content-Length is computed from its body). */
      setupRequest?: (request: RequestSpec) => RequestSpec;
    }

    /** Per-second (requests, throughput) or per-request (latency, ms) distribution. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p99: number;
    }

    interface Result {
      requests: Histogram;
      latency: Histogram;
      throughput: Histogram;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      '2xx': number;
      /** Seconds actually run. */
      duration: number;
    }
  }

  /** Runs a load test; without a callback the returned instance is also a promise of the result. */
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;

  export = autocannon;
}
