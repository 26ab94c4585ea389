import { sql, type Transaction } from "kysely";
import type { DB } from "./schema.ts";

/** Next value of a numbering sequence (e.g. per platform and year, or per platform and day), in the caller's transaction. */
export async function nextCodeSequence(trx: Transaction<DB>, scope: string): Promise<number> {
  const row = await trx
    .insertInto("code_sequence")
    .values({ scope, last_value: 1 })
    .onConflict((oc) => oc.column("scope").doUpdateSet({ last_value: sql`code_sequence.last_value + 1` }))
    .returning("last_value")
    .executeTakeFirstOrThrow();
  return row.last_value;
}
