import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObjectRegistration } from '@rse/server';
import type { ChildMessage, ParentMessage } from '../server.js';

const SERVER_ENTRY = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'server.ts');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
/** Server log lines echoed to the console; the rest are only counted. */
const ECHOED_LOG_LINES = 5;

/** The bench server running in its child process. */
export interface BenchServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** Warnings and errors the server logged so far. */
  readonly logged: { warn: number; error: number };
  /** How many TCP connections the server holds open right now. */
  connections(): Promise<number>;
  /** Stops the child and deletes its database. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Forks `server.ts` with a fresh SQLite file in a temporary folder and the given objects registered,
 * and resolves once it listens on 127.0.0.1.
 */
export async function startBenchServer(objects: readonly ObjectRegistration[]): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rse-bench-'));
  const objectsFile = join(dir, 'objects.json');
  writeFileSync(objectsFile, JSON.stringify(objects));
  // The parent's own flags (`--conditions=source --import tsx`) are inherited, so the child runs TypeScript too.
  const child = fork(SERVER_ENTRY, ['--db', join(dir, 'bench.sqlite'), '--objects', objectsFile, '--remove-on-exit', dir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const logged = { warn: 0, error: 0 };
  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'log') return;
    logged[message.level]++;
    if (logged.warn + logged.error <= ECHOED_LOG_LINES) console.warn(`  [server ${message.level}] ${message.message}`);
  });

  let url: string;
  try {
    url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => {
        fail(new Error(`the bench server did not start within ${String(START_TIMEOUT_MS / 1000)} s`));
      }, START_TIMEOUT_MS);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'listening') {
          clearTimeout(timer);
          done(message.url);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the bench server exited with code ${String(code)} before listening`));
      });
    });
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    logged,
    connections: () => askConnections(child),
    close: () =>
      (closing ??= stopChild(child).finally(() => {
        rmSync(dir, { recursive: true, force: true });
      })),
  };
}

function askConnections(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      fail(new Error('the bench server did not say how many connections it holds'));
    }, STOP_TIMEOUT_MS);
    const onMessage = (message: ChildMessage): void => {
      if (message.type !== 'connections') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      done(message.count);
    };
    child.on('message', onMessage);
    child.send({ type: 'connections' } satisfies ParentMessage);
  });
}

/** Asks the child to close; kills it (by its own pid) when it does not exit in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => {
    done();
  }));
  if (child.connected) child.send({ type: 'close' } satisfies ParentMessage);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
