// The demo's UI5 Web Components: the Fiori shell and screens around the RSE elements. UI5 imports bare
// module names, so this file is bundled by demo/rollup.config.mjs into demo/dist/ui5.js (a step of
// `npm run build`); the page itself stays unbundled and loads the result.
//
// The configuration module comes first: ES modules run in import order, and UI5 reads its font
// setting when the first component boots.
import './ui5-config.js';

import { registerThemePropertiesLoader } from '@ui5/webcomponents-base/dist/asset-registries/Themes.js';
import { getTheme, setTheme } from '@ui5/webcomponents-base/dist/config/Theme.js';


import '@ui5/webcomponents/dist/Bar.js';
import '@ui5/webcomponents/dist/Breadcrumbs.js';
import '@ui5/webcomponents/dist/BreadcrumbsItem.js';
import '@ui5/webcomponents/dist/Button.js';
import '@ui5/webcomponents/dist/Input.js';
import '@ui5/webcomponents/dist/Label.js';
import '@ui5/webcomponents/dist/Link.js';
import '@ui5/webcomponents/dist/Option.js';
import '@ui5/webcomponents/dist/Select.js';
import '@ui5/webcomponents/dist/Table.js';
import '@ui5/webcomponents/dist/TableCell.js';
import '@ui5/webcomponents/dist/TableHeaderCell.js';
import '@ui5/webcomponents/dist/TableHeaderRow.js';
import '@ui5/webcomponents/dist/TableRow.js';
import '@ui5/webcomponents/dist/TableSelectionSingle.js';
import '@ui5/webcomponents/dist/Tag.js';
import '@ui5/webcomponents/dist/Text.js';
import '@ui5/webcomponents/dist/Title.js';
import '@ui5/webcomponents/dist/Toolbar.js';
import '@ui5/webcomponents-fiori/dist/DynamicPage.js';
import '@ui5/webcomponents-fiori/dist/DynamicPageHeader.js';
import '@ui5/webcomponents-fiori/dist/DynamicPageTitle.js';
import '@ui5/webcomponents-fiori/dist/ShellBar.js';
import '@ui5/webcomponents-fiori/dist/ShellBarBranding.js';
import '@ui5/webcomponents-icons/dist/refresh.js';

// Only the three themes of the shell's theme switcher. Horizon is every package's built-in default;
// the other two are registered here, per package, from the packages' own JS modules (UI5's Assets.js
// would register all ten themes through JSON imports, most of which this demo never shows). Each is a
// lazy chunk of the bundle, fetched the first time someone picks that theme.
const THEMES = {
  '@ui5/webcomponents-theming': {
    sap_horizon_dark: () => import('@ui5/webcomponents-theming/dist/generated/themes/sap_horizon_dark/parameters-bundle.css.js'),
    sap_horizon_hcb: () => import('@ui5/webcomponents-theming/dist/generated/themes/sap_horizon_hcb/parameters-bundle.css.js'),
  },
  '@ui5/webcomponents': {
    sap_horizon_dark: () => import('@ui5/webcomponents/dist/generated/themes/sap_horizon_dark/parameters-bundle.css.js'),
    sap_horizon_hcb: () => import('@ui5/webcomponents/dist/generated/themes/sap_horizon_hcb/parameters-bundle.css.js'),
  },
  '@ui5/webcomponents-fiori': {
    sap_horizon_dark: () => import('@ui5/webcomponents-fiori/dist/generated/themes/sap_horizon_dark/parameters-bundle.css.js'),
    sap_horizon_hcb: () => import('@ui5/webcomponents-fiori/dist/generated/themes/sap_horizon_hcb/parameters-bundle.css.js'),
  },
};
for (const [pkg, themes] of Object.entries(THEMES)) {
  for (const [theme, load] of Object.entries(themes)) {
    // The base package's parameters (--sapBrandColor…) go on :root, where our elements read them;
    // the component packages' on each component's :host, as UI5's own registration does.
    registerThemePropertiesLoader(pkg, theme, async () => (await load()).default, pkg === '@ui5/webcomponents-theming' ? 'root' : 'host');
  }
}

/** The themes the shell offers, in menu order. */
export const SHELL_THEMES = [
  { id: 'sap_horizon', name: 'Horizon' },
  { id: 'sap_horizon_dark', name: 'Horizon Dark' },
  { id: 'sap_horizon_hcb', name: 'Horizon High Contrast Black' },
];

export { getTheme, setTheme };
