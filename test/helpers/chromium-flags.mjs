/**
 * How every browser tool of the repo launches Chromium: Playwright scripts (`chromium.ts`),
 * web-test-runner and the Storybook project of Vitest all read these, so a flag is added once.
 * Plain JavaScript so that the `.mjs` configs can import it without a TypeScript loader.
 */

/** Where Debian's Chromium lives; `CHROMIUM_PATH` overrides it. Nothing here ever downloads a browser. */
// An empty CHROMIUM_PATH (as CI templates leave it) means the default too, hence `||`.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * The features Playwright itself switches off (playwright-core 1.65, `chromiumSwitches.ts`): among them
 * PaintHolding, HTTPS upgrades and the network-time and search calls home. Chromium keeps only the last
 * `--disable-features` of a command line, and ours comes after Playwright's, so ours must repeat them.
 * `test/e2e/chromium-flags.test.ts` fails, naming the feature, when a Playwright upgrade adds one.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The browser's own address-bar popup is a web page (chrome://omnibox-popup) that Chromium 156 loads in
 * a renderer of its own for every new window, and a Playwright context is a new window: measured on a
 * 2-core machine, ~300 ms of module parsing per context, one core busy for the first ~400 ms of every
 * test page. Headless, the popup never shows.
 */
export const OMNIBOX_POPUP_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

/**
 * Flags that keep Chromium quiet and reliable on the closed CI network: no sandbox (root in a
 * container), no GPU, /tmp instead of a small /dev/shm, no background calls home that would only time
 * out, and no address-bar popup page (see {@link OMNIBOX_POPUP_FEATURES}).
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
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUP_FEATURES].join(',')}`,
];
