import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ObjectField, ObjectRef } from '@rse/core';
import { CONSOLE_LOGGER, type RseLogger } from '../logger.js';
import type { AccessPolicy } from './access-policy.js';
import { parseAccessRules, rulesAllow, type AccessRules } from './access-rules.js';

/** How often, at most, the rules file is checked for changes (on use: no timer runs). */
export const DEFAULT_RULES_CHECK_INTERVAL_MS = 250;

/** Stored card fields of objects, in the order asked; `null` for an object the server does not know. */
export type ObjectFieldsLookup = (objects: readonly ObjectRef[]) => (readonly ObjectField[] | null)[];

/** What {@link RulesAccessPolicy} takes. */
export interface RulesAccessPolicyOptions {
  /** The JSON rules file (format: {@link AccessRules}). */
  readonly file: string;
  /**
   * Where `where` conditions read card fields from. `createRseApp({ accessRules })` wires it to the
   * server's database; without it, rules with `where` match nothing.
   */
  readonly fieldsOf?: ObjectFieldsLookup;
  /** Default {@link DEFAULT_RULES_CHECK_INTERVAL_MS}. */
  readonly checkIntervalMs?: number;
  readonly logger?: RseLogger;
}

/**
 * Access decided by a JSON rules file, for demos, tests and small installations. The file is read at
 * start (an invalid one stops the server from starting) and re-read when it changes — checked at most
 * every 250 ms, when a decision is needed — so rewriting it withdraws access within a second. A file
 * that becomes unreadable or invalid refuses everyone until it is fixed (fail closed), and says so in
 * the log.
 */
export class RulesAccessPolicy implements AccessPolicy {
  private rules: AccessRules | null;
  private stamp: string;
  private checkedAt: number;
  private checking: Promise<void> | undefined;
  private readonly logger: RseLogger;
  private readonly interval: number;

  constructor(private readonly options: RulesAccessPolicyOptions) {
    this.logger = options.logger ?? CONSOLE_LOGGER;
    this.interval = options.checkIntervalMs ?? DEFAULT_RULES_CHECK_INTERVAL_MS;
    this.checkedAt = Date.now();
    let text: string;
    try {
      this.stamp = stampOf(statSync(options.file));
      text = readFileSync(options.file, 'utf8');
    } catch (error) {
      throw new TypeError(`The access rules file ${options.file} cannot be read.`, { cause: error });
    }
    this.rules = parse(text, options.file);
  }

  async canOpen(personId: string, object: ObjectRef): Promise<boolean> {
    return (await this.canOpenMany(personId, [object]))[0] === true;
  }

  async canOpenMany(personId: string, objects: readonly ObjectRef[]): Promise<boolean[]> {
    await this.refresh();
    const rules = this.rules;
    if (!rules) return objects.map(() => false);
    const fields = rules.usesFields && this.options.fieldsOf ? this.options.fieldsOf(objects) : [];
    return objects.map((object, index) => rulesAllow(rules, personId, object, fields[index] ?? null));
  }

  private refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < this.interval) return Promise.resolve();
    return (this.checking ??= this.reload().finally(() => {
      this.checking = undefined;
    }));
  }

  private async reload(): Promise<void> {
    // The check time is taken before looking, so a change made during the look is seen next time.
    const startedAt = Date.now();
    let stamp = 'unreadable';
    try {
      stamp = stampOf(await stat(this.options.file));
      if (stamp === this.stamp) return;
      this.rules = parse(await readFile(this.options.file, 'utf8'), this.options.file);
      this.logger.info(`Access rules reloaded from ${this.options.file}.`);
    } catch (error) {
      if (stamp !== this.stamp) {
        this.logger.error(`The access rules file ${this.options.file} is unreadable or invalid: everyone is refused until it is fixed.`, error);
      }
      this.rules = null;
    } finally {
      this.stamp = stamp;
      this.checkedAt = startedAt;
    }
  }
}

function parse(text: string, file: string): AccessRules {
  try {
    return parseAccessRules(JSON.parse(text));
  } catch (error) {
    throw new TypeError(`The access rules file ${file} is invalid: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** What changes when the file is rewritten, in place or by rename. */
function stampOf(stats: Stats): string {
  return `${String(stats.ino)}:${String(stats.size)}:${String(stats.mtimeMs)}:${String(stats.ctimeMs)}`;
}
