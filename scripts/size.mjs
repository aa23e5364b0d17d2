#!/usr/bin/env node
/**
 * Size budgets, measured the way peers are compared (minified + gzip):
 * - `cdn`: the self-contained bundle `packages/elements/dist/cdn/rse.js` (every element, the GraphQL adapter);
 * - `badges`: a page that needs only badges — the badge's registering entry bundled with Lit, core,
 *   `configure()` and the GraphQL adapter.
 * Run after `npm run build`. `node scripts/size.mjs` prints the figures and exits 1 over budget.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { graphqlStub } from './rollup-graphql-stub.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Ceilings in KiB (min+gzip), from the issue that set them; smaller is better. */
export const BUDGETS_KIB = { cdn: 56, badges: 32 };

const VIRTUAL_BADGE_PAGE = '\0rse-badge-page';
const BADGE_PAGE_SOURCE = `
import '@rse/elements/rse-object-badge.js';
export { configure } from '@rse/elements/configure.js';
export { createGraphQLAdapter } from '@rse/adapter-graphql';
`;

function kib(bytes) {
  return Math.round((bytes / 1024) * 10) / 10;
}

async function bundleBadgePage() {
  const bundle = await rollup({
    input: VIRTUAL_BADGE_PAGE,
    plugins: [
      {
        name: 'virtual-badge-page',
        resolveId: (id) => (id === VIRTUAL_BADGE_PAGE ? id : null),
        load: (id) => (id === VIRTUAL_BADGE_PAGE ? BADGE_PAGE_SOURCE : null),
      },
      graphqlStub(),
      minifyHTML(),
      nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'], rootDir: root }),
      terser({ format: { comments: false }, ecma: 2022, module: true, compress: { passes: 2 } }),
    ],
    onwarn: () => undefined,
  });
  const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
  await bundle.close();
  return output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('');
}

/** Measures both artefacts: `{ cdn: { bytes, gzipBytes }, badges: { … } }`. */
export async function measureSizes() {
  const cdn = await readFile(resolve(root, 'packages/elements/dist/cdn/rse.js'));
  const badges = Buffer.from(await bundleBadgePage());
  const figure = (code) => ({ bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
  return { cdn: figure(cdn), badges: figure(badges) };
}

/** The budgets a measurement breaks, as readable lines (empty when all hold). */
export function overBudget(sizes, budgets = BUDGETS_KIB) {
  return Object.entries(budgets)
    .filter(([name, limit]) => sizes[name].gzipBytes > limit * 1024)
    .map(([name, limit]) => `${name}: ${String(kib(sizes[name].gzipBytes))} KiB min+gzip is over its ${String(limit)} KiB budget`);
}

/** A table of the figures. */
export function formatSizes(sizes, budgets = BUDGETS_KIB) {
  const rows = Object.entries(sizes).map(
    ([name, { bytes, gzipBytes }]) =>
      `${name.padEnd(8)} ${String(kib(bytes)).padStart(7)} KiB min  ${String(kib(gzipBytes)).padStart(6)} KiB min+gzip  (budget ${String(budgets[name])} KiB)`,
  );
  return rows.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measureSizes();
  console.log(formatSizes(sizes));
  const problems = overBudget(sizes);
  for (const problem of problems) console.error(problem);
  process.exit(problems.length > 0 ? 1 : 0);
}
