/**
 * The real `rse-server` CLI as a child process, so a test can SIGKILL it (a crash: no shutdown, no
 * `complete` on streams, sockets cut by the kernel) and start it again on the same port and database.
 *
 * Every child this module starts is remembered and SIGKILLed (by its own pid) when the test process
 * exits, whatever happened: a failing assertion never leaves a server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO_ROOT, 'packages/server/src/cli.ts');
/** How long a (re)start may take before the test gives up. */
const START_TIMEOUT_MS = 20_000;
/** How long a graceful stop may take before the child is killed. */
const STOP_TIMEOUT_MS = 5_000;
/** Server output lines kept for a failure report. */
const KEPT_LOG_LINES = 200;

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

/** A TCP port nobody listens on right now (the OS picks it; it is free again once we close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

/** One `rse-server --dev` on a fixed port and database file, started and killed at will. */
export class ServerProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The last lines the server printed, across restarts. */
  readonly log: string[] = [];
  /** How many times the server was started. */
  starts = 0;
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly db: string,
  ) {
    this.url = `http://127.0.0.1:${String(port)}`;
  }

  /** Starts the server and resolves once `GET /dev/people` answers 200. */
  async start(): Promise<void> {
    if (this.child) throw new Error('the server is already running');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, '--port', String(this.port), '--db', this.db, '--dev'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    this.starts++;
    const start = this.starts;
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        this.log.push(`[start ${String(start)}] ${line}`);
        if (this.log.length > KEPT_LOG_LINES) this.log.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('exit', () => {
      running.delete(child);
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the server exited before answering:\n${this.log.slice(-20).join('\n')}`);
      }
      try {
        const response = await fetch(`${this.url}/dev/people`, { signal: AbortSignal.timeout(1000) });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(`the server did not answer within ${String(START_TIMEOUT_MS)} ms:\n${this.log.slice(-20).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills the server with SIGKILL, as a crash would, and resolves once it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => {
      resolve();
    }));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server gracefully (SIGTERM), killing it if it does not exit in time. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => {
      resolve();
    }));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
