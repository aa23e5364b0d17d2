import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-flags.mjs';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-flags.mjs';

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
