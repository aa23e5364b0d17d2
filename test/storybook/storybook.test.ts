/**
 * Storybook for designers, checked from the outside: `npm run storybook -- --ci` starts and serves, and
 * the static build (`npm run build-storybook`) holds a story — with a play function, which
 * `vitest --project=storybook` runs — for every state of every element, every host theme, every
 * language and right-to-left. The table below is the list designers review; a story renamed or
 * dropped fails here, not silently in the published Storybook.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Each element's states (what the reader sees → the story's export name), as listed in issue #7. */
const STATES: Record<string, Record<string, string>> = {
  'Elements/Object thread': {
    'with messages': 'Playground',
    loading: 'Loading',
    empty: 'Empty',
    'load error and retry': 'ErrorState',
    'not found': 'NotFound',
    'restricted record': 'RestrictedRecord',
    forbidden: 'Forbidden',
    'no object': 'NoObject',
    'no client': 'NoClient',
    replies: 'Replies',
    'long thread': 'LongThread',
    'very long thread (virtualized)': 'VeryLongThread',
    'long text': 'LongText',
    'hostile text': 'HostileText',
    'outbox: sending': 'Sending',
    'outbox: offline': 'Offline',
    'outbox: failed': 'FailedMessage',
    'mention warning': 'MentionWarning',
    'shares and system events': 'SharesAndSystemEvents',
    'filter: system events': 'FilterSystemEvents',
  },
  'Elements/Object badge': {
    'counts and unread, opens the record': 'Playground',
    loading: 'Loading',
    zero: 'Zero',
    counts: 'Counts',
    unread: 'Unread',
    compact: 'Compact',
    error: 'ErrorState',
    'no object': 'NoObject',
    'a list of 50 rows': 'ListOf50Rows',
  },
  'Elements/Share button': {
    'share flow': 'Playground',
    closed: 'Closed',
    'icon only': 'IconOnly',
    'sheet open': 'OpenSheet',
    'no feeds': 'NoFeeds',
    'feeds error': 'FeedsError',
    sending: 'Sending',
    'failed send': 'FailedSend',
    'alert kind': 'AlertKind',
    'no object': 'NoObject',
  },
  'Elements/Feed': {
    items: 'Playground',
    loading: 'Loading',
    empty: 'Empty',
    'load error and retry': 'ErrorState',
    'not found': 'NotFound',
    'no client': 'NoClient',
    'filter: requests': 'RequestsFilter',
    'filter: alerts': 'AlertsFilter',
    'filter: hashtag': 'HashtagFilter',
    'filters match nothing': 'FilteredEmpty',
    '"N new"': 'LiveItems',
    'long feed': 'LongFeed',
  },
};

/** Every element, shown in each host theme, each language and right-to-left (story-level globals). */
const VARIANTS: Record<string, string> = {
  'Fiori theme': 'FioriTheme',
  'Redwood theme': 'RedwoodTheme',
  English: 'English',
  French: 'French',
  German: 'German',
  'right-to-left': 'RTL',
};

interface IndexEntry {
  type: 'story' | 'docs';
  id: string;
  title: string;
  exportName?: string;
  tags?: string[];
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** Runs `npm run <script> -- <args>` from the root in its own process group; output is kept for failure messages. */
function npmRun(script: string, args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn('npm', ['run', script, '--', ...args], {
    cwd: ROOT,
    // Its own group, so stopping it stops npm, the shell and storybook under it in one signal.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', resolveExit);
  });
  return { child, output: () => output, exited };
}

/** Stops a process group started by {@link npmRun}: SIGTERM, then SIGKILL if it lingers. */
async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid ?? 0), name);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const gone = await Promise.race([
    exited.then(() => true),
    new Promise<boolean>((r) => {
      setTimeout(() => {
        r(false);
      }, 5000);
    }),
  ]);
  // npm may exit before its children: make sure nothing of the group survives either way.
  signal('SIGKILL');
  if (!gone) await exited;
}

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
async function waitFor200(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  const server = { exited: false };
  void exited.then(() => (server.exited = true));
  for (;;) {
    if (server.exited) throw new Error('the process exited before it served');
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) return response;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${String(timeoutMs)} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('`npm run storybook -- --ci` starts and serves the stories', { timeout: 180_000 }, async () => {
  const port = await freePort();
  // `-p` given again after the script's own `-p 6006`: the last one wins.
  const { child, output, exited } = npmRun('storybook', ['--ci', '-p', String(port)]);
  const started = Date.now();
  try {
    const index = await waitFor200(`http://127.0.0.1:${String(port)}/index.json`, exited, 150_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- storybook output ---\n${output()}`);
    });
    const entries = ((await index.json()) as { entries: Record<string, IndexEntry> }).entries;
    assert.ok(Object.keys(entries).length > 0, 'the dev server lists stories');
    const iframe = await fetch(`http://127.0.0.1:${String(port)}/iframe.html`);
    assert.equal(iframe.status, 200);
    console.log(`storybook dev --ci served index.json after ${String(Date.now() - started)} ms`);
  } finally {
    await stopGroup(child, exited);
  }
});

test('the static build has a story, with a play function, for every state, theme, language and direction', { timeout: 300_000 }, async () => {
  const out = await mkdtemp(join(tmpdir(), 'rse-storybook-'));
  const started = Date.now();
  try {
    const { child, output, exited } = npmRun('build-storybook', ['-o', out]);
    let code: number | null;
    try {
      code = await exited;
    } finally {
      await stopGroup(child, exited);
    }
    assert.equal(code, 0, `build-storybook failed:\n${output()}`);
    console.log(`storybook build took ${String(Date.now() - started)} ms`);

    const { entries } = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
    const stories = Object.values(entries).filter((entry) => entry.type === 'story');
    const missing: string[] = [];
    for (const [title, states] of Object.entries(STATES)) {
      for (const [what, exportName] of [...Object.entries(states), ...Object.entries(VARIANTS)]) {
        const story = stories.find((s) => s.title === title && s.exportName === exportName);
        if (!story) missing.push(`${title}: ${what} (export ${exportName})`);
        else if (!story.tags?.includes('play-fn')) missing.push(`${title}: ${what} has no play function`);
      }
    }
    assert.deepEqual(missing, [], 'stories missing from the static build');

    // Every story asserts what it shows: none without a play function, so `npm test` checks them all.
    const unchecked = stories.filter((s) => !s.tags?.includes('play-fn')).map((s) => s.id);
    assert.deepEqual(unchecked, [], 'stories without a play function');
    // Every element has its docs page, generated from custom-elements.json.
    for (const title of Object.keys(STATES)) {
      assert.ok(Object.values(entries).some((e) => e.type === 'docs' && e.title === title), `${title} has a docs page`);
    }
    console.log(`${String(stories.length)} stories in the static build`);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
