import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getVsCodeCssCustomData, getVsCodeHtmlCustomData } from 'custom-element-vs-code-integration';

const OUTDIR = 'packages/elements';

/**
 * Gives every event of an element its name and its class. The analyzer records `dispatchEvent(new
 * RseErrorEvent(…))` as a nameless event of type `RseErrorEvent`, and a `@fires rse-error` line as a
 * typeless event named `rse-error`: one event, listed twice and half-described each time. Event classes
 * carry their name in `static readonly type = 'rse-…'`, which pairs the two.
 */
function eventTypesPlugin() {
  return {
    name: 'rse-event-types',
    packageLinkPhase({ customElementsManifest }) {
      const declarations = customElementsManifest.modules.flatMap((module) => module.declarations ?? []);
      const nameOfClass = new Map();
      for (const declaration of declarations) {
        if (declaration.kind !== 'class' || !declaration.name.endsWith('Event')) continue;
        const type = declaration.members?.find((member) => member.static && member.name === 'type');
        const name = /^'(rse-[a-z-]+)'$/.exec(type?.default ?? '')?.[1];
        if (name) nameOfClass.set(declaration.name, name);
      }
      const classOfName = new Map([...nameOfClass].map(([className, name]) => [name, className]));
      for (const element of declarations.filter((declaration) => declaration.customElement)) {
        const byName = new Map();
        // Named (documented) events first, so the list keeps the order of the `@fires` lines.
        const events = [...(element.events ?? [])].sort((a, b) => Number(!a.name) - Number(!b.name));
        for (const event of events) {
          const name = event.name ?? nameOfClass.get(event.type?.text);
          if (!name) continue;
          const className = event.type?.text ?? classOfName.get(name);
          const merged = { ...byName.get(name), ...event, name };
          if (className) merged.type = { text: className };
          merged.description ??= byName.get(name)?.description;
          if (merged.description === undefined) delete merged.description;
          byName.set(name, merged);
        }
        if (element.events) element.events = [...byName.values()];
      }
    },
  };
}

/**
 * Spells out string-literal unions (`type ThreadFilter = 'all' | 'conversation' | 'system'`) as
 * `expandedType` on the attributes and fields that use them, so editors can offer the values instead
 * of the alias's name.
 */
function expandedTypesPlugin() {
  const unions = new Map();
  return {
    name: 'rse-expanded-types',
    collectPhase({ ts, node }) {
      if (!ts.isTypeAliasDeclaration(node) || !ts.isUnionTypeNode(node.type)) return;
      const literals = node.type.types.every((member) => ts.isLiteralTypeNode(member));
      if (literals) unions.set(node.name.text, node.type.types.map((member) => member.getText()).join(' | '));
    },
    packageLinkPhase({ customElementsManifest }) {
      const expand = (item) => {
        const expanded = unions.get(item.type?.text ?? '');
        if (expanded) item.expandedType = { text: expanded };
      };
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          (declaration.attributes ?? []).forEach(expand);
          (declaration.members ?? []).filter((member) => member.kind === 'field').forEach(expand);
        }
      }
    },
  };
}

/**
 * Writes VS Code's HTML and CSS custom data (`html.customData`, `css.customData`) from the finished
 * manifest, with custom-element-vs-code-integration. Written here rather than through its own plugin so
 * the files are plain, stable JSON (no prettier pass) and so CSS properties without a default do not
 * read "(default: undefined)" — our descriptions say the default in words.
 */
function vsCodeCustomDataPlugin() {
  const options = { typesSrc: 'expandedType', hideMethodDocs: true, hideLogs: true };
  const write = (file, text) => {
    const data = JSON.parse(text);
    const clean = (entry) => {
      if (typeof entry.description === 'string') entry.description = entry.description.replaceAll(' _(default: undefined)_', '');
    };
    for (const list of [data.tags, data.properties, data.pseudoElements]) (list ?? []).forEach(clean);
    writeFileSync(join(OUTDIR, file), `${JSON.stringify(data, null, 2)}\n`);
  };
  return {
    name: 'rse-vscode-custom-data',
    packageLinkPhase({ customElementsManifest }) {
      write('vscode.html-custom-data.json', getVsCodeHtmlCustomData(customElementsManifest, options));
      write('vscode.css-custom-data.json', getVsCodeCssCustomData(customElementsManifest, options));
    },
  };
}

/**
 * Orders the manifest's modules by path. The analyzer lists them in the order its file search returns
 * them, which changes from one checkout to another, so every build rewrote the manifest and the VS Code
 * data in a new order.
 */
function stableOrderPlugin() {
  return {
    name: 'rse-stable-order',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

/** `cem analyze --litelement` reads this: the manifest describes the elements package's public API. */
export default {
  globs: ['packages/elements/src/**/*.ts'],
  exclude: ['packages/elements/src/**/*.styles.ts', 'packages/elements/src/locales/**', 'packages/elements/src/cdn-entry.ts', 'packages/elements/src/cdn-memory-entry.ts'],
  outdir: OUTDIR,
  litelement: true,
  dev: false,
  // In order: the custom data is written from the manifest the first three complete.
  plugins: [stableOrderPlugin(), eventTypesPlugin(), expandedTypesPlugin(), vsCodeCustomDataPlugin()],
};
