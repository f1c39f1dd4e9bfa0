import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Hands kysely a database whose `prepare` reuses statements by SQL text. kysely's SQLite
 * connection prepares every query anew; preparing costs more than running a small statement, and
 * the station runs the same few dozen statements thousands of times (an import of 10,000 records,
 * every card's commit). Bounded, least-recently-used first out.
 */
export function withStatementCache(database: SqliteDatabase, maxStatements = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      return database.close();
    },
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > maxStatements) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
