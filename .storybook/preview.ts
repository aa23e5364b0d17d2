/// <reference types="vite/client" />
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

interface ManifestEntry {
  name: string;
  privacy?: string;
  static?: boolean;
  description?: string;
  fieldName?: string;
}
interface ManifestDeclaration {
  members?: ManifestEntry[];
  attributes?: ManifestEntry[];
}
interface Manifest {
  modules?: { declarations?: ManifestDeclaration[] }[];
}

/**
 * The manifest as the docs table should show it. Storybook lists every member, private ones included,
 * and lists each attribute again beside its property; here each input gets one row, under its
 * property name (the story args' name), with its attribute named in the description.
 */
function publicApi(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules?.map((module) => ({
      ...module,
      declarations: module.declarations?.map((declaration) => {
        const members = (declaration.members ?? [])
          .filter((member) => (member.privacy ?? 'public') === 'public' && !member.static)
          .map((member) => {
            const attribute = declaration.attributes?.find((a) => a.fieldName === member.name);
            return attribute ? { ...member, description: `${member.description ?? ''} Attribute: \`${attribute.name}\`.`.trim() } : member;
          });
        const attributes = declaration.attributes?.filter((a) => !members.some((m) => m.name === a.fieldName));
        return { ...declaration, members, attributes };
      }),
    })),
  };
}

// `cem analyze` writes the manifest during the build, so a fresh checkout may not have it yet. A glob
// import yields an empty record for a missing file instead of failing the bundle; controls then come
// only from each story's own argTypes. (`@storybook/web-components-vite` re-exports
// `@storybook/web-components`; the root package.json declares only the former.)
const manifests = import.meta.glob<Manifest>('../packages/elements/custom-elements.json', { eager: true, import: 'default' });
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(publicApi(manifest));

/**
 * Host themes: the elements fall back to the ERP's own theme variables, so a story shows what a Fiori
 * or Redwood page would look like by setting those variables, not ours. Values approximate SAP Horizon
 * and Oracle Redwood (light); "none" shows our own defaults.
 */
const THEMES: Record<string, Record<string, string>> = {
  none: {},
  fiori: {
    '--sapFontFamily': '"72", "72full", Arial, Helvetica, sans-serif',
    '--sapBackgroundColor': '#f5f6f7',
    '--sapTextColor': '#1d2d3e',
    '--sapContent_LabelColor': '#556b82',
    '--sapGroup_ContentBackground': '#ffffff',
    '--sapGroup_ContentBorderColor': '#d9d9d9',
    '--sapList_AlternatingBackground': '#f5f6f7',
    '--sapBrandColor': '#0070f2',
    '--sapLinkColor': '#0064d9',
    '--sapNegativeTextColor': '#aa0808',
    '--sapContent_FocusColor': '#0032a5',
    '--sapElement_BorderCornerRadius': '0.75rem',
    background: '#f5f6f7',
  },
  redwood: {
    '--oj-core-font-family': '"Oracle Sans", -apple-system, "Segoe UI", "Helvetica Neue", Arial, sans-serif',
    '--oj-core-text-color-primary': 'rgb(22 21 19)',
    '--oj-core-text-color-secondary': 'rgb(22 21 19 / 70%)',
    '--oj-core-bg-color-content': 'rgb(255 255 255)',
    '--oj-core-neutral-contrast': 'rgb(245 244 242)',
    '--oj-core-divider-color': 'rgb(22 21 19 / 12%)',
    '--oj-core-brand-color': 'rgb(34 126 158)',
    '--oj-link-text-color': 'rgb(34 126 158)',
    '--oj-core-danger-3': 'rgb(179 49 31)',
    '--oj-core-focus-border-color': 'rgb(22 21 19)',
    background: 'rgb(251 249 248)',
  },
};

/**
 * Wraps every story in the language, direction and theme chosen in the toolbar. The elements resolve
 * `lang` and `dir` from their ancestors, as they would from an ERP shell; a story that sets `lang` on
 * the element itself still wins, which is the documented precedence.
 */
const withHostContext: Decorator = (story, { globals }) => {
  const locale = String(globals.locale ?? 'en');
  const direction = globals.direction === 'rtl' ? 'rtl' : 'ltr';
  const theme = THEMES[String(globals.theme ?? 'none')] ?? {};
  return html`<div lang=${locale} dir=${direction} style=${styleMap({ padding: '1rem', ...theme })}>${story()}</div>`;
};

const preview: Preview = {
  decorators: [withHostContext],
  globalTypes: {
    locale: {
      description: 'Language (lang) of the page around the element',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        dynamicTitle: true,
        items: [
          { value: 'en', title: 'English' },
          { value: 'fr', title: 'Français' },
          { value: 'de', title: 'Deutsch' },
        ],
      },
    },
    direction: {
      description: 'Writing direction (dir) of the page around the element',
      toolbar: {
        title: 'Direction',
        icon: 'transfer',
        dynamicTitle: true,
        items: [
          { value: 'ltr', title: 'Left to right' },
          { value: 'rtl', title: 'Right to left' },
        ],
      },
    },
    theme: {
      description: 'Host ERP theme the element inherits',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        dynamicTitle: true,
        items: [
          { value: 'none', title: 'RSE defaults' },
          { value: 'fiori', title: 'SAP Fiori (Horizon)' },
          { value: 'redwood', title: 'Oracle Redwood' },
        ],
      },
    },
  },
  initialGlobals: { locale: 'en', direction: 'ltr', theme: 'none' },
  parameters: {
    // The decorator already pads; Storybook's own padding would double it.
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
