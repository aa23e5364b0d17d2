import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/helpers/chromium-flags.mjs';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/**
 * Vitest runs only the stories here: each story's play function becomes a test in Chromium. Unit,
 * element and end-to-end tests under test/ have their own runners, so the one project takes its files
 * from Storybook's `stories` glob alone (the plugin sets `include`) and nothing else.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        // The plugin also applies .storybook/main.ts's viteFinal; stating `source` here too keeps this
        // project correct on its own if that hook ever changes.
        resolve: { conditions: ['source', ...defaultClientConditions] },
        test: {
          name: 'storybook',
          browser: {
            enabled: true,
            headless: true,
            // Debian's Chromium, never a downloaded one (there is no route to the download hosts), with the
            // flags every browser tool of the repo shares (see test/helpers/chromium-flags.mjs).
            provider: playwright({
              launchOptions: {
                executablePath: CHROMIUM_PATH,
                args: [...CHROMIUM_ARGS],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
