// UI5 configuration that must be set before the first UI5 component boots (see ui5-entry.js).
import { setDefaultFontLoading } from '@ui5/webcomponents-base/dist/config/Fonts.js';

// UI5 would fetch its "72" font from a public CDN, which the page's CSP (font-src 'self') refuses and
// a closed network cannot reach. demo.css declares the same faces from the local copy that
// demo/rollup.config.mjs puts in demo/dist/fonts/.
setDefaultFontLoading(false);
