import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/helpers/chromium-flags.mjs';

/** Element tests in real Chromium (Debian's; nothing here may download a browser). */
export default {
  files: ['test/elements/**/*.test.ts'],
  // Packages resolve each other to their TypeScript sources through the `source` export condition.
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      },
    }),
  ],
  concurrency: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
};
