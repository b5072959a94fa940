import type { SelectQueryBuilder } from 'kysely';
import type { LabDatabase } from './database.ts';
import type { LabQueries } from './tables.ts';

/** How many rows something may hold at most (a stage's accounts, a class's workspaces), and what an insert past that gets. */
export interface RowCap {
  max: number;
  refusal: () => Error;
}

/**
 * Counts and inserts under `lockKey`'s lock, so inserts racing each other, in this process or
 * another sharing the database, cannot all see room for the last place. Throws `cap.refusal()`
 * when there is none.
 */
export function insertWithinCap<T>(
  database: LabDatabase,
  lockKey: string,
  cap: RowCap,
  work: { count: (trx: LabQueries) => Promise<number>; insert: (trx: LabQueries) => Promise<T> },
): Promise<T> {
  return database.lockedTransaction(lockKey, async (trx) => {
    if ((await work.count(trx)) >= cap.max) throw cap.refusal();
    return work.insert(trx);
  });
}

/** The number of rows `query` selects. */
export async function countRows<DB, TB extends keyof DB>(query: SelectQueryBuilder<DB, TB, object>): Promise<number> {
  // The builder's row type is generic here, so TypeScript cannot see the column this select adds.
  const row = (await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirst()) as { count: number | string } | undefined;
  // PostgreSQL's count is a BIGINT: a number with our type parser, a string without.
  return Number(row?.count ?? 0);
}
