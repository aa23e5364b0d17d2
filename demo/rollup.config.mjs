import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/**
 * The demo's UI5 bundle: demo/ui5-entry.js and the UI5 Web Components it imports, resolved from
 * node_modules into one ES module, demo/dist/ui5.js (git-ignored), which demo/serve.ts serves as
 * /dist/ui5.js. A step of `npm run build` (scripts/build.mjs). It also copies SAP's "72" font from
 * @sap-theming/theming-base-content (a dependency of @ui5/webcomponents-theming) to demo/dist/fonts/,
 * since the page's CSP only loads fonts from its own origin.
 */
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const FONTS = ['72-Regular.woff2', '72-Bold.woff2'];

// Chunk names carry content hashes: start from an empty folder, so old chunks do not pile up.
rmSync(out, { recursive: true, force: true });

/** Copies the font files next to the bundle; a missing package only costs the look, not the build. */
function copyFonts() {
  return {
    name: 'copy-72-font',
    writeBundle() {
      try {
        const require = createRequire(import.meta.url);
        const pkg = dirname(require.resolve('@sap-theming/theming-base-content/package.json', { paths: [require.resolve('@ui5/webcomponents-theming/package.json')] }));
        mkdirSync(join(out, 'fonts'), { recursive: true });
        for (const font of FONTS) copyFileSync(join(pkg, 'content/Base/baseLib/baseTheme/fonts', font), join(out, 'fonts', font));
      } catch (error) {
        this.warn(`the 72 font was not copied (${error.message}); the demo falls back to Arial`);
      }
    },
  };
}

function onwarn(warning, warn) {
  // UI5's modules import each other in circles by design; harmless.
  if (warning.code === 'CIRCULAR_DEPENDENCY') return;
  // TypeScript's decorator helper in UI5's modules reads a top-level `this`; rollup rewrites it, correctly.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
}

export default {
  input: join(here, 'ui5-entry.js'),
  output: {
    dir: out,
    entryFileNames: 'ui5.js',
    // The dark and high-contrast theme parameters: loaded when a theme is first picked.
    chunkFileNames: 'chunks/[name]-[hash].js',
    format: 'es',
    sourcemap: true,
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'] }),
    terser({ format: { comments: false }, ecma: 2022, module: true }),
    copyFonts(),
  ],
  onwarn,
};
