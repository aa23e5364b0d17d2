/**
 * The manifest (custom-elements.json, which drives the docs, Storybook and the VS Code custom data) and
 * the TypeScript declarations must describe the same tags and events. This reads both and fails on any
 * drift; it also compiles element-typings.ts on its own, as an integrator's project would, against the
 * sources and against the built declarations. Needs `npm run build` first (it reads the build output).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const elements = join(root, 'packages/elements');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(elements, path), 'utf8'));

interface Described {
  name: string;
  description?: string;
  type?: { text: string };
  expandedType?: { text: string };
}
interface Declaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Described[];
  events?: Partial<Described>[];
  cssProperties?: Described[];
  cssParts?: Described[];
}
interface Manifest {
  modules: { path: string; declarations?: Declaration[] }[];
}
interface HtmlData {
  tags: { name: string; description: string; attributes: { name: string; description?: string; values: { name: string }[] }[] }[];
}
interface CssData {
  properties: { name: string; description?: string }[];
  pseudoElements: { name: string; description?: string }[];
}

const manifest = readJson('custom-elements.json') as Manifest;
const tagged = manifest.modules.flatMap((module) => module.declarations ?? []).filter((declaration) => declaration.tagName);
const manifestEvents = new Map<string, string | undefined>();
for (const element of tagged) for (const event of element.events ?? []) if (event.name) manifestEvents.set(event.name, event.type?.text);

/** Entries of one `declare global { interface <name> { … } }` map, across the elements' sources. */
interface Entry {
  key: string;
  type: string;
  file: string;
}
function globalMapEntries(): Map<string, Entry[]> {
  const maps = new Map<string, Entry[]>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
    );
  for (const path of walk(join(elements, 'src'))) {
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isModuleDeclaration(node) && node.name.text === 'global' && node.body && ts.isModuleBlock(node.body)) {
        for (const statement of node.body.statements) {
          if (!ts.isInterfaceDeclaration(statement)) continue;
          const list = maps.get(statement.name.text) ?? [];
          for (const member of statement.members) {
            if (!ts.isPropertySignature(member) || !member.type) continue;
            const key = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : member.name.getText();
            list.push({ key, type: member.type.getText(), file: relative(elements, path) });
          }
          maps.set(statement.name.text, list);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return maps;
}
const maps = globalMapEntries();
const tagMap = new Map((maps.get('HTMLElementTagNameMap') ?? []).map((entry) => [entry.key, entry]));
const eventMap = new Map((maps.get('GlobalEventHandlersEventMap') ?? []).map((entry) => [entry.key, entry]));

describe('manifest and HTMLElementTagNameMap', () => {
  it('the manifest has the elements', () => {
    assert.ok(tagged.length >= 5, `only ${String(tagged.length)} tagged elements in custom-elements.json`);
  });

  for (const element of tagged) {
    const tag = element.tagName ?? '';
    it(`<${tag}> is declared as ${element.name}, in its registration file`, () => {
      const entry = tagMap.get(tag);
      assert.ok(entry, `<${tag}> is missing from HTMLElementTagNameMap`);
      assert.equal(entry.type, element.name);
      assert.match(entry.file, new RegExp(`/${tag}\\.ts$`), 'declare the tag beside its defineElement() call');
    });
  }

  it('declares no tag the manifest does not document', () => {
    const documented = new Set(tagged.map((element) => element.tagName));
    assert.deepEqual([...tagMap.keys()].filter((tag) => !documented.has(tag)), []);
  });
});

describe('manifest and GlobalEventHandlersEventMap', () => {
  for (const element of tagged) {
    for (const event of element.events ?? []) {
      it(`<${element.tagName ?? ''}> ${event.name ?? '(unnamed)'} is documented, typed and declared`, () => {
        assert.ok(event.name, `an event of ${element.name} has no name: add a @fires line for ${event.type?.text ?? 'it'}`);
        assert.ok(event.description, `${event.name} of ${element.name} has no @fires description`);
        assert.ok(event.type?.text, `${event.name} of ${element.name} has no event class in the manifest`);
        const entry = eventMap.get(event.name);
        assert.ok(entry, `${event.name} is missing from GlobalEventHandlersEventMap`);
        assert.equal(entry.type, event.type.text, `${event.name} is declared with another type`);
        assert.match(entry.file, /(\.events|error-event)\.ts$/, 'event augmentations live beside their event classes');
      });
    }
  }

  it('declares no event that no element documents', () => {
    assert.deepEqual([...eventMap.keys()].filter((name) => !manifestEvents.has(name)), []);
  });

  it('declares every event class (static type = rse-…) under its own name', () => {
    const classes = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .filter((declaration) => declaration.kind === 'class' && declaration.name.endsWith('Event'));
    assert.ok(classes.length > 0);
    for (const declaration of classes) {
      const entry = [...eventMap.values()].find((each) => each.type === declaration.name);
      assert.ok(entry, `${declaration.name} is not in GlobalEventHandlersEventMap`);
    }
  });
});

describe('VS Code custom data', () => {
  const html = readJson('vscode.html-custom-data.json') as HtmlData;
  const css = readJson('vscode.css-custom-data.json') as CssData;

  for (const element of tagged) {
    const tag = element.tagName ?? '';
    it(`lists <${tag}> with its attributes, descriptions and events`, () => {
      const data = html.tags.find((each) => each.name === tag);
      assert.ok(data, `<${tag}> is missing from vscode.html-custom-data.json`);
      assert.ok(data.description.trim(), `<${tag}> has no description (add @summary)`);
      assert.doesNotMatch(data.description, /undefined/);
      const attributes = element.attributes ?? [];
      assert.deepEqual(data.attributes.map((each) => each.name).sort(), attributes.map((each) => each.name).sort());
      for (const attribute of attributes) {
        const entry: HtmlData['tags'][number]['attributes'][number] | undefined = data.attributes.find((each) => each.name === attribute.name);
        assert.ok(entry, `${tag}[${attribute.name}] is missing`);
        assert.ok(attribute.description, `${tag}[${attribute.name}] has no description in the manifest`);
        assert.equal(entry.description, attribute.description);
        // A union of literals (an alias is spelled out as expandedType) becomes the completion list.
        const type = (attribute.expandedType ?? attribute.type)?.text ?? '';
        const literals = [...type.matchAll(/'([^']*)'/g)].map((match) => match[1]);
        assert.deepEqual(entry.values.map((value) => value.name), literals, `${tag}[${attribute.name}] values`);
      }
      for (const event of element.events ?? []) assert.ok(data.description.includes(`**${event.name ?? ''}**`), `${event.name ?? ''} is not described`);
    });

    it(`lists the CSS custom properties and parts of <${tag}>`, () => {
      for (const property of element.cssProperties ?? []) {
        const entry = css.properties.find((each) => each.name === property.name);
        assert.ok(entry, `${property.name} is missing from vscode.css-custom-data.json`);
        assert.ok(entry.description, `${property.name} has no description`);
      }
      for (const part of element.cssParts ?? []) {
        assert.ok(css.pseudoElements.some((each) => each.name === `::part(${part.name})`), `::part(${part.name}) is missing`);
      }
    });
  }

  it('ships with the package', () => {
    const pkg = readJson('package.json') as { files: string[]; exports: Record<string, unknown> };
    for (const file of ['vscode.html-custom-data.json', 'vscode.css-custom-data.json']) {
      assert.ok(pkg.files.includes(file), `${file} is not in package.json#files`);
      assert.equal(pkg.exports[`./${file}`], `./${file}`, `${file} is not in package.json#exports`);
    }
  });
});

describe('what an integrator compiles', () => {
  const typings = join(root, 'test/types/element-typings.ts');
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config, 'tsconfig.json does not parse');

  // `source` resolves @rse/elements to src/, no condition to the built dist/*.d.ts that npm ships.
  for (const [label, conditions] of [['sources', ['source']], ['built declarations', []]] as const) {
    it(`element-typings.ts compiles alone against the ${label}`, () => {
      if (label === 'built declarations') assert.ok(existsSync(join(elements, 'dist/define.d.ts')), 'run `npm run build` first');
      const program = ts.createProgram([typings], { ...config.options, customConditions: [...conditions], types: [] });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
        const where = diagnostic.file ? `${relative(root, diagnostic.file.fileName)}:${String(diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1)}: ` : '';
        return where + ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      });
      assert.deepEqual(diagnostics, []);
    });
  }
});
