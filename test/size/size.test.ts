import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { BUDGETS_KIB, formatSizes, measureSizes, overBudget } from '../../scripts/size.mjs';

interface Figure {
  bytes: number;
  gzipBytes: number;
}
type Sizes = Record<'cdn' | 'badges', Figure>;

const measure: () => Promise<Sizes> = measureSizes;
const over = overBudget as (sizes: Sizes, budgets?: Record<string, number>) => string[];
const format = formatSizes as (sizes: Sizes, budgets?: Record<string, number>) => string;
const budgets = BUDGETS_KIB as Record<'cdn' | 'badges', number>;

test('the bundles stay within their size budgets (min+gzip)', { skip: !existsSync('packages/elements/dist/cdn/rse.js') && 'run npm run build first' }, async () => {
  const sizes = await measure();
  console.log(format(sizes));
  assert.deepEqual(over(sizes), []);
  assert.ok(sizes.cdn.gzipBytes > 10 * 1024, 'the CDN bundle holds the elements (a near-empty file means a broken build)');
});

test('the size check fails, saying by how much, when a budget is exceeded', () => {
  const sizes: Sizes = { cdn: { bytes: 200_000, gzipBytes: 57 * 1024 }, badges: { bytes: 80_000, gzipBytes: 20 * 1024 } };
  const problems = over(sizes);
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /^cdn: 57 KiB min\+gzip is over its 56 KiB budget/);
  assert.deepEqual(over(sizes, { ...budgets, cdn: 60 }), []);
});
