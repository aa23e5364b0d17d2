import { parseArgs } from 'node:util';
import { SECRET_ENV } from './auth.js';
import { DEV_ERP_SECRET, ERP_SECRET_ENV } from './erp/erp-secret.js';
import { GRAPHQL_PATH } from './graphql/yoga.js';
import { ERP_EVENTS_PATH } from './http/erp-events-route.js';
import { startRseServer } from './server.js';

const USAGE = `Usage: rse-server [options]

Serves the RSE GraphQL protocol (schema.graphql of @rse/adapter-graphql) on SQLite.

Options:
  --port <n>            TCP port (default 4000; 0 picks a free one)
  --host <h>            interface to bind (default 127.0.0.1)
  --db <file>           SQLite database, created when missing (default .data/rse.sqlite)
  --dev                 demo mode: seed an appliance retailer, keep a generated JWT secret in the
                        database, serve GET /dev/people and GET /dev/token?person=<id>, and accept
                        ERP events signed with "${DEV_ERP_SECRET}" unless ${ERP_SECRET_ENV} is set
  --cors-origin <url>   allow cross-origin calls from this origin (repeatable; default: none)
  -h, --help            show this help

Without --dev, bearer tokens are HS256 JWTs (issuer "rse", audience "rse", subject = person id)
signed with the secret in ${SECRET_ENV}; when it is unset every request is refused.

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

main().catch((error: unknown) => {
  console.error(`rse-server: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`\n${USAGE}`);
  }
  process.exitCode = 1;
});
