import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';

/**
 * DataLoader ships one CommonJS file and the dev server serves ES modules; rollup's commonjs plugin
 * does not convert it under the dev server, so wrap that one file (it only assigns module.exports).
 */
const dataloaderAsModule = {
  name: 'dataloader-as-module',
  transform(context) {
    if (!context.path.includes('/node_modules/dataloader/index.js')) return undefined;
    return { body: `const module = { exports: {} }; const exports = module.exports;\n${context.body}\nexport default module.exports;` };
  },
};

/** Element tests in real Chromium (Debian's; nothing here may download a browser). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: ['test/elements/**/*.test.ts'],
  // Packages resolve each other to their TypeScript sources through the `source` export condition.
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  plugins: [
    dataloaderAsModule,
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  concurrency: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
};
