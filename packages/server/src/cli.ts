import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_ACCESS_CACHE_TTL_MS, DEFAULT_ACCESS_TIMEOUT_MS } from './access/http-access-policy.js';
import { ACCESS_RULES_ENV, ACCESS_URL_ENV } from './access/resolve-access-policy.js';
import { AUDIENCE_ENV, CLOCK_TOLERANCE_SECONDS, ISSUER_ENV, JWKS_URL_ENV, PUBLIC_KEY_ENV, SECRET_ENV, TOKEN_AUDIENCE, TOKEN_ISSUER } from './auth/token-settings.js';
import { DEV_ERP_SECRET, ERP_SECRET_ENV } from './erp/erp-secret.js';
import { GRAPHQL_PATH } from './graphql/yoga.js';
import { ERP_EVENTS_PATH } from './http/erp-events-route.js';
import { startRseServer } from './server.js';

const USAGE = `Usage: rse-server [options]

Serves the RSE GraphQL protocol (schema.graphql of @rse/adapter-graphql) on SQLite.

Options:
  --port <n>                TCP port (default 4000; 0 picks a free one)
  --host <h>                interface to bind (default 127.0.0.1)
  --db <file>               SQLite database, created when missing (default .data/rse.sqlite)
  --dev                     demo mode: seed an appliance retailer, keep a generated JWT secret in the
                            database (used in dev mode only), serve GET /dev/people and
                            GET /dev/token?person=<id>, let everyone open every object unless an access
                            policy is given, and accept ERP events signed with "${DEV_ERP_SECRET}"
                            unless ${ERP_SECRET_ENV} is set
  --cors-origin <url>       allow cross-origin calls from this origin (repeatable; default: none)

Authentication (bearer JWTs: subject = person id, exp required, ${String(CLOCK_TOLERANCE_SECONDS)} s clock tolerance):
  --jwks-url <url>          verify RS256/ES256 tokens with the identity provider's key set
                            (https; http on localhost only); env ${JWKS_URL_ENV}
  --jwt-public-key <file>   verify tokens with this PEM public key (RSA: RS256, EC P-256: ES256);
                            env ${PUBLIC_KEY_ENV} (the PEM text or a file path)
  --jwt-issuer <iss>        the issuer tokens must name (default "${TOKEN_ISSUER}"); env ${ISSUER_ENV}
  --jwt-audience <aud>      the audience tokens must name (default "${TOKEN_AUDIENCE}"); env ${AUDIENCE_ENV}
  HS256 tokens are verified with the secret in ${SECRET_ENV}; in dev mode also with the dev
  secret, which signs /dev/token answers and is never used without --dev. Without any key every
  request is refused.

Access policy (who may open which record; exactly one is required outside dev mode):
  --access-url <url>        ask the ERP: POST {personId, objects: [{system, type, id}]}, expect
                            {canOpen: [booleans]}; fails closed; signed with ${ERP_SECRET_ENV} when
                            set; env ${ACCESS_URL_ENV}
  --access-timeout <ms>     how long the ERP gets to answer (default ${String(DEFAULT_ACCESS_TIMEOUT_MS)})
  --access-cache <ms>       how long an ERP answer is reused (default ${String(DEFAULT_ACCESS_CACHE_TTL_MS)})
  --access-rules <file>     decide from a JSON rules file, re-read when it changes;
                            env ${ACCESS_RULES_ENV}
  --open-access             let everyone open every object (an explicit choice outside dev mode)

  -h, --help                show this help

ERP back ends post events to ${ERP_EVENTS_PATH}, signed with HMAC-SHA256 and the secret in
${ERP_SECRET_ENV}; when it is unset (and not in dev mode) that endpoint does not exist.
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: '.data/rse.sqlite' },
      dev: { type: 'boolean', default: false },
      'cors-origin': { type: 'string', multiple: true, default: [] },
      'jwks-url': { type: 'string' },
      'jwt-public-key': { type: 'string' },
      'jwt-issuer': { type: 'string' },
      'jwt-audience': { type: 'string' },
      'access-url': { type: 'string' },
      'access-timeout': { type: 'string' },
      'access-cache': { type: 'string' },
      'access-rules': { type: 'string' },
      'open-access': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Not a port: ${values.port}`);

  const server = await startRseServer({
    port,
    host: values.host,
    db: values.db,
    dev: values.dev,
    corsOrigins: values['cors-origin'],
    ...defined({
      jwksUrl: values['jwks-url'],
      jwtPublicKey: values['jwt-public-key'] === undefined ? undefined : readFileSync(values['jwt-public-key'], 'utf8'),
      jwtIssuer: values['jwt-issuer'],
      jwtAudience: values['jwt-audience'],
      accessUrl: values['access-url'],
      accessTimeoutMs: milliseconds(values['access-timeout'], '--access-timeout'),
      accessCacheTtlMs: milliseconds(values['access-cache'], '--access-cache'),
      accessRules: values['access-rules'],
      openAccess: values['open-access'] ? true : undefined,
    }),
  });
  const endpoint = `${server.url}${GRAPHQL_PATH}`;
  console.log(`RSE server on ${endpoint} (stream: ${endpoint} with Accept: text/event-stream)`);
  if (values.dev) console.log(`Dev mode: people at ${server.url}/dev/people, tokens at ${server.url}/dev/token?person=<id>`);
  if (values.dev || (process.env[ERP_SECRET_ENV] ?? '') !== '') console.log(`ERP events: POST ${server.url}${ERP_EVENTS_PATH}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second Ctrl-C means "now", even if a stream is slow to end.
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`${signal} received, shutting down…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A non-negative whole number of milliseconds from a flag, or `undefined` when the flag is absent. */
function milliseconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`${flag} takes a whole number of milliseconds, not ${value}`);
  return ms;
}

/** `options` without its `undefined` entries (the app's options are exact: absent means "default"). */
function defined<T extends Record<string, unknown>>(options: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

main().catch((error: unknown) => {
  console.error(`rse-server: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`\n${USAGE}`);
  }
  process.exitCode = 1;
});
