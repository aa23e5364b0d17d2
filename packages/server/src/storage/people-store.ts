import type { SqliteDatabase } from './database.js';
import type { PersonRecord } from './records.js';

/** What {@link PeopleStore.search} answers when no limit is asked for. */
export const DEFAULT_SEARCH_LIMIT = 8;
/** The most people one search answers. */
export const MAX_SEARCH_LIMIT = 50;

/** The id prefix of the people that stand for ERP systems (authors of ERP events). */
const SYSTEM_PREFIX = 'system:';

interface PersonRow {
  id: string;
  name: string;
  title: string | null;
  avatar_url: string | null;
}

/** A person as {@link PeopleStore.register} takes it. */
export interface PersonInput {
  readonly id: string;
  readonly name: string;
  readonly title?: string | null;
  readonly avatarUrl?: string | null;
}

/**
 * The people of the network. ERP systems are people too — they author ERP events — but marked as
 * systems, so they cannot log in, be searched, be addressed or be impersonated in dev mode.
 */
export class PeopleStore {
  private readonly statements;

  constructor(db: SqliteDatabase) {
    this.statements = {
      person: db.prepare<[string], PersonRow>('SELECT id, name, title, avatar_url FROM people WHERE id = ? AND is_system = 0'),
      people: db.prepare<[], PersonRow>('SELECT id, name, title, avatar_url FROM people WHERE is_system = 0 ORDER BY name, id'),
      count: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM people WHERE is_system = 0'),
      upsert: db.prepare<[string, string, string | null, string | null, number]>(
        `INSERT INTO people (id, name, title, avatar_url, is_system) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, title = excluded.title, avatar_url = excluded.avatar_url`,
      ),
      // Scores as MemoryNetwork does: 3 = name or id starts with the needle, 2 = a word of the name
      // does, 1 = either contains it. rse_fold() is the JavaScript toLowerCase registered by openDatabase.
      search: db.prepare<{ needle: string; limit: number }, PersonRow>(
        `SELECT id, name, title, avatar_url FROM (
           SELECT id, name, title, avatar_url,
             CASE
               WHEN instr(rse_fold(name), @needle) = 1 OR instr(rse_fold(id), @needle) = 1 THEN 3
               WHEN instr(' ' || rse_fold(name), ' ' || @needle) > 0 THEN 2
               WHEN instr(rse_fold(name), @needle) > 0 OR instr(rse_fold(id), @needle) > 0 THEN 1
               ELSE 0
             END AS score
           FROM people WHERE is_system = 0
         )
         WHERE score > 0
         ORDER BY score DESC, rse_fold(name), id
         LIMIT @limit`,
      ),
    };
  }

  /** The (non-system) person with this id, or `undefined`. */
  person(personId: string): PersonRecord | undefined {
    const row = this.statements.person.get(personId);
    return row && toPerson(row);
  }

  /** Everyone but systems, by name. */
  all(): PersonRecord[] {
    return this.statements.people.all().map(toPerson);
  }

  /** How many people (not systems) are stored; the dev seed runs only on an empty network. */
  count(): number {
    return this.statements.count.get()?.count ?? 0;
  }

  /** Adds a person or updates their name, title and picture. */
  register(person: PersonInput): void {
    if (person.id === '' || person.name === '') throw new TypeError('A person needs a non-empty id and name.');
    if (person.id.startsWith(SYSTEM_PREFIX)) throw new TypeError(`Person ids starting with "${SYSTEM_PREFIX}" are reserved for ERP systems.`);
    this.statements.upsert.run(person.id, person.name, person.title ?? null, person.avatarUrl ?? null, 0);
  }

  /**
   * The author of an ERP system's events (`system:ERP`, named after the system), created on first use.
   * Returns its id.
   */
  systemPerson(system: string | null): string {
    const name = system ?? 'ERP';
    const id = `${SYSTEM_PREFIX}${name}`;
    this.statements.upsert.run(id, name, null, null, 1);
    return id;
  }

  /**
   * People whose name or id contains `query` (trimmed, case-insensitive), best matches first: prefixes of
   * the name or id, then of a word of the name, then anywhere. `limit` defaults to 8, at most 50.
   */
  search(query: string, limit?: number | null): PersonRecord[] {
    const needle = query.trim().toLowerCase();
    const max = limit == null || !Number.isFinite(limit) ? DEFAULT_SEARCH_LIMIT : Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(limit)));
    return this.statements.search.all({ needle, limit: max }).map(toPerson);
  }
}

function toPerson(row: PersonRow): PersonRecord {
  return { id: row.id, name: row.name, title: row.title, avatarUrl: row.avatar_url };
}
