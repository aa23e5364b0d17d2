import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/** Where Debian's Chromium lives; `CHROMIUM_PATH` overrides it. Nothing here ever downloads a browser. */
// An empty CHROMIUM_PATH (as CI templates leave it) means the default too, hence `||`.
// eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags that keep Chromium quiet and reliable on the closed CI network: no sandbox (root in a container),
 * no GPU, /tmp instead of a small /dev/shm, and no background calls home that would only time out.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the system Chromium through playwright-core, headless unless `HEADED=1`. Extra `args` are
 * appended to {@link CHROMIUM_ARGS}; other options pass through to Playwright.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH; ` +
        'never let a tool download its own browser.',
    );
  }
  const { args = [], ...rest } = options;
  return chromium.launch({
    headless: process.env.HEADED !== '1',
    ...rest,
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...args],
  });
}
