#!/usr/bin/env node
/**
 * Builds every package in dependency order: tsc (JS + declarations, one-to-one with source), then the
 * rollup bundle, then the custom-elements manifest, then the demo's UI5 bundle. Run from anywhere: `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);

const steps = [
  ['core', bin('tsc'), ['-p', 'packages/core/tsconfig.build.json']],
  ['adapter-graphql', bin('tsc'), ['-p', 'packages/adapter-graphql/tsconfig.build.json']],
  ['elements', bin('tsc'), ['-p', 'packages/elements/tsconfig.build.json']],
  ['server', bin('tsc'), ['-p', 'packages/server/tsconfig.build.json']],
  ['bundle', bin('rollup'), ['-c', '--silent']],
  ['manifest', bin('cem'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet']],
  // The demo's UI5 Web Components (demo/ui5-entry.js → demo/dist/ui5.js), which `npm start` serves.
  ['demo-ui5', bin('rollup'), ['-c', 'demo/rollup.config.mjs', '--silent']],
];

for (const [name, command, args] of steps) {
  const started = Date.now();
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    console.error(`build: ${name} failed`);
    process.exit(status ?? 1);
  }
  console.log(`build: ${name} (${String(Date.now() - started)} ms)`);
}
