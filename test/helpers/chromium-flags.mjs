/**
 * How every browser tool of the repo launches Chromium: Playwright scripts (`chromium.ts`),
 * web-test-runner and the Storybook project of Vitest all read these, so a flag is added once.
 * Plain JavaScript so that the `.mjs` configs can import it without a TypeScript loader.
 */

/** Where Debian's Chromium lives; `CHROMIUM_PATH` overrides it. Nothing here ever downloads a browser. */
// An empty CHROMIUM_PATH (as CI templates leave it) means the default too, hence `||`.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Flags that keep Chromium quiet and reliable on the closed CI network: no sandbox (root in a
 * container), no GPU, /tmp instead of a small /dev/shm, and no background calls home that would only
 * time out.
 *
 * The browser's own address-bar popup is a web page (chrome://omnibox-popup) that Chromium loads in a
 * renderer of its own for every new window, and a Playwright context is a new window: measured on a
 * 2-core machine, it parses ~300 ms of chrome://resources modules per context and keeps one core busy
 * for the first ~400 ms of every test page. Headless, the popup never shows, so it is switched off:
 * the benchmark's page of 1,000 badges went from 170–190 ms to 118–122 ms (median of 8), the same
 * page left idle for 300 ms first measures 106–117 ms.
 *
 * @type {readonly string[]}
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
];
