import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

const config: StorybookConfig = {
  framework: '@storybook/web-components-vite',
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  // The build machines have no route to the telemetry endpoint; every attempt would only time out.
  core: { disableTelemetry: true },
  // `@storybook/addon-vitest` applies this same viteFinal when it runs the stories under Vitest, so
  // Storybook and `npm run test:stories` compile the packages identically.
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: {
        // Vite 6+ replaces its defaults when `conditions` is set, so keep them and put `source` first:
        // workspace packages then resolve to their TypeScript sources, with no prior `npm run build`.
        conditions: ['source', ...defaultClientConditions],
      },
      // Storybook's web-components renderer imports lit/directive-helpers.js, which Vite's dependency
      // scan misses under Vitest; served unbundled it drags in a second lit-html beside the pre-bundled
      // one ("Multiple versions of Lit loaded"), and templates then cross two Lit runtimes.
      // @lit/localize is listed for a similar reason: found only once an element imports it, it made Vite
      // re-optimize mid-run and reload the page under a running play function.
      optimizeDeps: { include: ['lit/directive-helpers.js', '@lit/localize'] },
      // Legacy decorators need no option here: Vite 8's oxc transform reads `experimentalDecorators` and
      // `useDefineForClassFields: false` from the tsconfig.json nearest to each file (root and packages).
    }),
};

export default config;
