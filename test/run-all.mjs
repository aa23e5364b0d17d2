#!/usr/bin/env node
/**
 * `npm test`: every gate, in order, each in its own runner, then one line summing them all —
 * `N passed, N failed` — so CI and people read one verdict. Each runner's own output streams through.
 * A step that fails does not stop the others (one run shows everything broken), but makes the exit
 * code non-zero.
 *
 * Options: `--only name,name` runs some steps (names below); `--skip name,name` leaves some out.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules/.bin', name);

/** Test files below `dir` (relative to the root), sorted for a stable order. */
function testFiles(dir) {
  const found = [];
  if (!existsSync(join(root, dir))) return found;
  const walk = (path) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.test.ts')) found.push(relative(root, full));
    }
  };
  walk(join(root, dir));
  return found.sort();
}

// With no file, `node --test` would go looking for tests of its own: run nothing instead.
const nodeTest = (files, extra = []) =>
  files.length === 0 ? [process.execPath, ['-e', '']] : [process.execPath, ['--conditions=source', '--import', 'tsx', '--test', ...extra, ...files]];

/** Counts from node's test runner (`# pass N`, `# fail N`). */
const nodeCounts = (out) => ({ passed: lastNumber(out, /^# pass (\d+)/gm), failed: lastNumber(out, /^# fail (\d+)/gm) });
/** Counts from web-test-runner's summary (`N passed, N failed`). */
const wtrCounts = (out) => ({ passed: lastNumber(out, /(\d+) passed/g), failed: lastNumber(out, /(\d+) failed/g) });
/** Counts from vitest's summary (`Tests  2 failed | 10 passed (12)`). */
const vitestCounts = (out) => {
  const line = out.split('\n').find((l) => /^\s*Tests\s/.test(l)) ?? '';
  return { passed: lastNumber(line, /(\d+) passed/g), failed: lastNumber(line, /(\d+) failed/g) };
};
/** A gate without test counts (lint, typecheck, build) counts as one check. */
const gateCounts = () => ({ passed: 0, failed: 0 });

function lastNumber(text, pattern) {
  let value = 0;
  for (const match of text.matchAll(pattern)) value = Number(match[1]);
  return value;
}

const steps = [
  { name: 'lint', command: [bin('eslint'), ['.', '--max-warnings=0']], counts: gateCounts },
  { name: 'typecheck', command: [bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']], counts: gateCounts },
  { name: 'build', command: [process.execPath, ['scripts/build.mjs']], counts: gateCounts },
  { name: 'unit', command: nodeTest([...testFiles('test/core'), ...testFiles('test/adapter-graphql'), ...testFiles('test/locales'), ...testFiles('test/server'), ...testFiles('test/size'), ...testFiles('test/types')]), counts: nodeCounts },
  { name: 'conformance', command: nodeTest(testFiles('test/conformance')), counts: nodeCounts },
  { name: 'security', command: nodeTest([...testFiles('test/security'), ...testFiles('test/abuse')], ['--test-concurrency=1']), counts: nodeCounts },
  { name: 'elements', command: [bin('web-test-runner'), []], counts: wtrCounts },
  { name: 'stories', command: [bin('vitest'), ['run', '--project=storybook']], counts: vitestCounts },
  { name: 'storybook', command: nodeTest(testFiles('test/storybook')), counts: nodeCounts },
  { name: 'reliability', command: nodeTest(testFiles('test/reliability'), ['--test-concurrency=1']), counts: nodeCounts },
  { name: 'e2e', command: nodeTest([...testFiles('test/e2e'), ...testFiles('test/xss')], ['--test-concurrency=1']), counts: nodeCounts },
];

function option(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? null : new Set((process.argv[at + 1] ?? '').split(','));
}
const only = option('--only');
const skip = option('--skip') ?? new Set();

// Strip colours before reading counts: runners colour their summaries when they see a terminal.
// eslint-disable-next-line no-control-regex -- matching the escape character is the point
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

function run(step) {
  const [command, args] = step.command;
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const collect = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    collect(child.stdout, process.stdout);
    collect(child.stderr, process.stderr);
    child.on('close', (code) => {
      const counts = step.counts(output.replace(ANSI, ''));
      // A gate or a runner that failed without counting a failure (import error, crash) counts as one.
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      if (code === 0 && step.counts === gateCounts) counts.passed = 1;
      resolvePromise({ name: step.name, code, seconds: (Date.now() - started) / 1000, ...counts });
    });
  });
}

const results = [];
for (const step of steps) {
  if ((only && !only.has(step.name)) || skip.has(step.name)) continue;
  console.log(`\n=== ${step.name} ===`);
  results.push(await run(step));
}

console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`${String(passed)} passed, ${String(failed)} failed`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
