/**
 * The string catalogue: French source `msg()` calls, XLIFF for translators, generated runtime templates.
 * Holds the rules that let one element speak a different language from its neighbour (see
 * packages/elements/src/locales/index.ts), and that the XLIFF files, the generated modules and the
 * source never drift apart: a string added to the source without a translation fails here.
 *
 *   node --conditions=source --import tsx --test test/locales/catalogue.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { configureLocalization, str } from '@lit/localize';
import { messagesFor, SUPPORTED_LOCALES, type Messages } from '../../packages/elements/src/locales/index.js';
import { plural } from '../../packages/elements/src/locales/plural.js';
import { source } from '../../packages/elements/src/locales/source.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TARGETS = ['en', 'de'] as const;
const sentinel = (index: number): string => `⟦${String(index)}⟧`;

type Message = (...values: string[]) => string;

/** Every message of the source as [id, function]: plural forms flattened to `key.category`. */
function sourceMessages(): [string, Message][] {
  return Object.entries(source).flatMap(([key, entry]): [string, Message][] =>
    typeof entry === 'function' ? [[key, entry]] : Object.entries(entry).map(([category, form]): [string, Message] => [`${key}.${category}`, form]),
  );
}

/** The same id's text in a built catalogue, filled with sentinels. */
function render(messages: Messages, id: string, arity: number): string {
  const [key, category] = id.split('.') as [keyof Messages, string | undefined];
  const entry = messages[key] as unknown;
  const message = category ? (entry as Record<string, Message>)[category] : entry;
  if (typeof message === 'string') return message;
  return (message as Message)(...Array.from({ length: arity }, (_, i) => sentinel(i)));
}

/** trans-unit id → target text (placeholders kept as `<x …/>`) of one XLIFF file. */
function xliffTargets(file: string): Map<string, { source: string; target: string | undefined }> {
  const xml = readFileSync(file, 'utf8');
  const units = new Map<string, { source: string; target: string | undefined }>();
  for (const match of xml.matchAll(/<trans-unit id="([^"]+)">\s*<source>([\s\S]*?)<\/source>\s*(?:<target>([\s\S]*?)<\/target>)?/gu)) {
    units.set(match[1] ?? '', { source: match[2] ?? '', target: match[3] });
  }
  return units;
}

const scratch = mkdtempSync(join(tmpdir(), 'rse-l10n-'));
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Runs lit-localize with the repository's config, its outputs redirected under `scratch`. */
function litLocalize(command: 'extract' | 'build', outputs: { xliffDir: string; outputDir: string }): void {
  const config = JSON.parse(readFileSync(join(root, 'lit-localize.json'), 'utf8')) as Record<string, unknown> & {
    tsConfig: string;
    inputFiles: string[];
    interchange: Record<string, unknown>;
    output: Record<string, unknown>;
  };
  // Written under the scratch folder, not in the shared tree: every path made absolute.
  config.tsConfig = join(root, config.tsConfig);
  config.inputFiles = config.inputFiles.map((input) => join(root, input));
  config.interchange = { ...config.interchange, xliffDir: outputs.xliffDir };
  config.output = { ...config.output, outputDir: outputs.outputDir, localeCodesModule: join(outputs.outputDir, 'locale-codes.ts') };
  const file = join(scratch, `lit-localize.${command}.json`);
  writeFileSync(file, JSON.stringify(config));
  try {
    const run = spawnSync(join(root, 'node_modules/.bin/lit-localize'), [command, '--config', file], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, `lit-localize ${command} failed:\n${run.stdout}\n${run.stderr}`);
    assert.doesNotMatch(run.stdout + run.stderr, /error|missing/iu, `lit-localize ${command} reported problems:\n${run.stdout}\n${run.stderr}`);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('string catalogue', () => {
  it('each source message uses its values once each, in parameter order, so translations can be filled from them', () => {
    for (const [id, message] of sourceMessages()) {
      const text = message(...Array.from({ length: message.length }, (_, i) => sentinel(i)));
      const order = [...text.matchAll(/⟦(\d+)⟧/gu)].map((m) => Number(m[1]));
      assert.deepEqual(order, [...Array(message.length).keys()], `${id}: values appear as ${JSON.stringify(order)}`);
    }
  });

  it('English and German translate every source message, and fill every value', () => {
    for (const language of TARGETS) {
      const messages = messagesFor(language);
      const french = messagesFor('fr');
      for (const [id, message] of sourceMessages()) {
        const text = render(messages, id, message.length);
        assert.ok(text.trim(), `${language} ${id} is empty`);
        for (let i = 0; i < message.length; i++) assert.ok(text.includes(sentinel(i)), `${language} ${id} drops value ${String(i)}: ${text}`);
        // A translation identical to the French source is allowed only for words both languages share.
        if (text === render(french, id, message.length) && message.length === 0) {
          assert.ok(['Conversation', 'Information', 'Info', 'Message'].includes(text), `${language} ${id} is still French: ${text}`);
        }
      }
    }
  });

  it('the XLIFF files hold a target for every source message, and nothing else', () => {
    const ids = sourceMessages().map(([id]) => id).sort();
    for (const language of TARGETS) {
      const units = xliffTargets(join(root, 'packages/elements/xliff', `${language}.xlf`));
      assert.deepEqual([...units.keys()].sort(), ids, `${language}.xlf and source.ts list different messages`);
      const untranslated = [...units].filter(([, unit]) => !unit.target?.trim()).map(([id]) => id);
      assert.deepEqual(untranslated, [], `${language}.xlf has no target for these`);
    }
  });

  it('the XLIFF files are what lit-localize extract writes from the source (no stale or hand-edited sources)', () => {
    const xliffDir = join(scratch, 'xliff');
    cpSync(join(root, 'packages/elements/xliff'), xliffDir, { recursive: true });
    litLocalize('extract', { xliffDir, outputDir: join(scratch, 'unused') });
    for (const file of readdirSync(xliffDir)) {
      assert.equal(readFileSync(join(xliffDir, file), 'utf8'), readFileSync(join(root, 'packages/elements/xliff', file), 'utf8'), `${file} is stale: run npm run localize`);
    }
  });

  it('the generated runtime templates are what lit-localize build makes of the XLIFF files', () => {
    const outputDir = join(scratch, 'generated');
    litLocalize('build', { xliffDir: join(root, 'packages/elements/xliff'), outputDir });
    for (const language of TARGETS) {
      const built = readFileSync(join(outputDir, `${language}.ts`), 'utf8');
      const committed = readFileSync(join(root, 'packages/elements/src/locales/generated', `${language}.ts`), 'utf8');
      assert.equal(built, committed, `generated/${language}.ts is stale: run npm run localize`);
    }
  });

  it('an element language resolves by its primary subtag, and unknown languages get English', () => {
    assert.deepEqual([...SUPPORTED_LOCALES].sort(), ['de', 'en', 'fr']);
    assert.equal(messagesFor('fr-CA').send, 'Envoyer');
    assert.equal(messagesFor('DE-at').send, 'Senden');
    assert.equal(messagesFor('en-GB').send, 'Send');
    assert.equal(messagesFor('es').send, 'Send');
    assert.equal(messagesFor('').send, 'Send');
  });

  it('values are placed where each language puts them, and counts follow each language’s plural rules', () => {
    assert.equal(messagesFor('de').replyTo('Jonas'), 'Jonas antworten');
    assert.equal(messagesFor('fr').replyTo('Jonas'), 'Répondre à Jonas');
    assert.equal(plural('fr', 0, messagesFor('fr').badgeComments, '0'), '0 commentaire');
    assert.equal(plural('en', 0, messagesFor('en').badgeComments, '0'), '0 comments');
    assert.equal(plural('de', 1, messagesFor('de').badgeComments, '1'), '1 Kommentar');
    assert.equal(plural('en', 1200, messagesFor('en').messageCount, '1,200'), '1,200 messages');
    // A language without a catalogue gets English words, so English plural rules too: Japanese has no
    // singular, and its rules would say "1 messages".
    assert.equal(plural('ja', 1, messagesFor('ja').messageCount, '1'), '1 message');
    assert.equal(plural('zh-Hant', 1, messagesFor('zh-Hant').mentionResults, '1'), '1 person found');
  });

  it('a host page that configures lit-localize for itself cannot change our strings', async () => {
    // lit-localize announces locale changes on `window`; node has none.
    (globalThis as { window?: EventTarget }).window ??= new EventTarget();
    // The host's own catalogue happens to use ids we use too.
    const { setLocale } = configureLocalization({
      sourceLocale: 'en',
      targetLocales: ['de'],
      loadLocale: () => Promise.resolve({ templates: { send: 'HOST-SEND', replyTo: str`HOST reply`, threadHeading: 'HOST' } }),
    });
    await setLocale('de');
    assert.equal(messagesFor('fr').replyTo('Jonas'), 'Répondre à Jonas');
    assert.equal(source.send(), 'Envoyer');
    assert.equal(source.threadHeading(), 'Conversation');
    assert.equal(messagesFor('de').send, 'Senden');
  });
});
