/**
 * A production-configured server for the security tests: not in dev mode, HS256 tokens signed by the
 * test, an access rules file in a temporary folder (rewritten by tests to grant and withdraw), a
 * temporary SQLite file, port 0. Camille may open everything; Jonas only Berlin's orders.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRseServer, type RseLogger, type RseServer, type RseServerOptions } from '@rse/server';
import { signToken } from './wire.js';

/** The HS256 secret of every security test server. */
export const SECRET = 'security tests: an HS256 secret well over 32 bytes';
/** The ERP events secret of every security test server. */
export const ERP_SECRET = 'security tests: the ERP events secret, 32+ bytes';

/** Person A: may open everything. */
export const A = 'camille';
/** Person B: may open Berlin's orders only. */
export const B = 'jonas';

/** An order both may open. */
export const BERLIN_ORDER = { system: 'ERP', type: 'SalesOrder', id: 'B-100' } as const;
/** An order only A may open. */
export const LYON_ORDER = { system: 'ERP', type: 'SalesOrder', id: 'L-200' } as const;
/** An order that does not exist. */
export const MISSING_ORDER = { system: 'ERP', type: 'SalesOrder', id: 'X-999' } as const;
/** A feed both belong to. */
export const FEED = 'sales-floor';

/** Camille sees all; Jonas sees the orders whose Region field says Berlin. */
export const RULES = {
  rules: [
    { people: [A], objects: '*' },
    { people: [B], objects: { type: 'SalesOrder', where: { field: 'Region', equals: 'Berlin' } } },
  ],
};

/** Nobody but Camille sees anything. */
export const RULES_WITHOUT_B = { rules: [{ people: [A], objects: '*' }] };

/** A running test server and what tests need around it. */
export interface SecureServer {
  readonly server: RseServer;
  readonly url: string;
  readonly dir: string;
  readonly rulesFile: string;
  /** What the server logged. */
  readonly logLines: string[];
  /** Replaces the rules file atomically (write, then rename), as an operator's tool would. */
  writeRules(rules: unknown): void;
  token(personId: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a server with the people, objects and feed above; `title` and `fields` of the Lyon order may carry a canary. */
export async function startSecureServer(
  options: { lyonTitle?: string; lyonFields?: { label: string; value: string }[]; server?: Partial<RseServerOptions> } = {},
): Promise<SecureServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rse-security-'));
  const rulesFile = join(dir, 'access-rules.json');
  const writeRules = (rules: unknown): void => {
    const next = `${rulesFile}.next`;
    writeFileSync(next, JSON.stringify(rules));
    renameSync(next, rulesFile);
  };
  writeRules(RULES);
  const logLines: string[] = [];
  const logger: RseLogger = {
    info: (message) => logLines.push(`info ${message}`),
    warn: (message) => logLines.push(`warn ${message}`),
    error: (message, error) => logLines.push(`error ${message} ${String(error)}`),
  };
  const server = await startRseServer({
    db: join(dir, 'rse.sqlite'),
    port: 0,
    jwtSecret: SECRET,
    erpSecret: ERP_SECRET,
    accessRules: rulesFile,
    logger,
    ...options.server,
  });
  server.app.registerPerson({ id: A, name: 'Camille Laurent', title: 'Sales manager' });
  server.app.registerPerson({ id: B, name: 'Jonas Weber', title: 'Seller — Berlin' });
  server.app.registerObject({ ...BERLIN_ORDER, title: 'Order B-100', fields: [{ label: 'Region', value: 'Berlin' }] });
  server.app.registerObject({
    ...LYON_ORDER,
    title: options.lyonTitle ?? 'Order L-200',
    fields: [{ label: 'Region', value: 'Lyon' }, ...(options.lyonFields ?? [])],
  });
  server.app.registerFeed({ id: FEED, name: 'Sales floor', memberIds: [A, B] });
  return {
    server,
    url: server.url,
    dir,
    rulesFile,
    logLines,
    writeRules,
    token: (personId) => signToken(personId, SECRET),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
