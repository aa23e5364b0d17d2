import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { graphqlStub } from './scripts/rollup-graphql-stub.mjs';

/**
 * Rollup bundles what tsc already compiled (`packages/*\/dist`), so there is one TypeScript compile and
 * the bundle is exactly the published modules. Per-element ES modules are tsc's one-to-one output;
 * rollup only makes the self-contained script-tag bundle.
 */
const plugins = () => [
  graphqlStub(),
  // Lit's html`` and css`` literals keep their indentation and comments; terser cannot touch them.
  minifyHTML(),
  nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'] }),
  // Two compress passes: ~1% smaller for a second of build time.
  terser({ format: { comments: false }, ecma: 2022, module: true, compress: { passes: 2 } }),
];

function onwarn(warning, warn) {
  // The circular imports inside lit and graphql-sse are known and harmless.
  if (warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
}

/**
 * Rollup bundles what tsc already compiled (`packages/*\/dist`), so there is one TypeScript compile and
 * the bundle is exactly the published modules. Per-element ES modules are tsc's one-to-one output;
 * rollup only makes the self-contained script-tag bundles.
 */
export default [
  {
    input: 'packages/elements/dist/cdn-entry.js',
    output: {
      file: 'packages/elements/dist/cdn/rse.js',
      format: 'es',
      sourcemap: true,
      // One file for script-tag ERP screens: lazy chunks would need a second request and a base URL.
      inlineDynamicImports: true,
    },
    plugins: plugins(),
    onwarn,
  },
  {
    input: 'packages/elements/dist/cdn-memory-entry.js',
    output: { file: 'packages/elements/dist/cdn/rse-memory.js', format: 'es', sourcemap: true },
    plugins: plugins(),
    onwarn,
  },
];
