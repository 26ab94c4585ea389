import type { Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import type { Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";

/** Locks a lot's row (phase transitions, applications). */
export async function lockLot(trx: Transaction<DB>, lotId: number) {
  const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", lotId).forUpdate().executeTakeFirst();
  if (!lot) throw notFound({ zh: "标的", en: "The lot" });
  return lot;
}

/** Locks an application and reads its lot. */
export async function lockApplication(trx: Transaction<DB>, applicationId: number) {
  const application = await trx.selectFrom("auction_bidder").selectAll().where("id", "=", applicationId).forUpdate().executeTakeFirst();
  if (!application) throw notFound({ zh: "竞买申请", en: "The application" });
  const lot = await trx.selectFrom("auction_lot").selectAll().where("id", "=", application.lot_id).executeTakeFirstOrThrow();
  return { application, lot };
}

/** The trading centre acts on the lots of its own platform. */
export function assertSamePlatform(actor: Actor, platformCode: string) {
  if (actor.role === "centre_staff" && actor.platformCode !== platformCode) throw new AppError("FORBIDDEN_SCOPE");
}
