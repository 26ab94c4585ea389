import type { Kysely, Transaction } from "kysely";
import { beijingMinute } from "../../platform/calendar/working-days.ts";
import type { DB, RestrictedAction } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { creditRating, restricts } from "./domain/credit-rating.ts";

export interface NewCreditRecord {
  subjectUscc: string;
  kind: "violation" | "blacklist" | "reward" | "performance";
  reason: string;
  documentNo: string;
  restrictedActions?: RestrictedAction[];
  startsAt?: Date;
  endsAt?: Date;
  public?: boolean;
}

const ACTION_NAMES: Record<RestrictedAction, string> = { register: "投标报名", bid: "投标", auction: "竞买", evaluate: "评标" };

/**
 * Credit records and sanctions (sets 300–306): decided by a supervisory department — never the trading
 * centre (管办分离) — and enforced everywhere at once through `assertNotRestricted`, the one check every
 * restricted action calls (一处失信、处处受限).
 */
export class CreditService {
  constructor(private readonly deps: Deps) {}

  record(ctx: ActionContext, input: NewCreditRecord) {
    validateCreditRecord(input);
    return change(this.deps, (trx) => recordCreditIn(this.deps, trx, ctx, input));
  }

  /** Writes a credit record inside the caller's change (e.g. closing a supervision alert). */
  recordIn(trx: Transaction<DB>, ctx: ActionContext, input: NewCreditRecord) {
    validateCreditRecord(input);
    return recordCreditIn(this.deps, trx, ctx, input);
  }

  /** 撤销: by the department that decided it. */
  revoke(ctx: ActionContext, recordId: number, reason: string) {
    return change(this.deps, async (trx) => {
      const record = await trx.selectFrom("credit_record").select(["department_code", "revoked_at"]).where("id", "=", recordId).forUpdate().executeTakeFirst();
      if (!record) throw notFound({ zh: "信用记录", en: "The credit record" });
      if (record.department_code !== ctx.actor.departmentCode)
        throw new AppError("FORBIDDEN_SCOPE", { zh: "只能由作出决定的部门撤销", en: "Only the deciding department may revoke it" });
      if (record.revoked_at) throw new AppError("CONFLICT", { zh: "已撤销", en: "Already revoked" });
      await trx.updateTable("credit_record").set({ revoked_at: this.deps.clock.now(), revoked_reason: reason }).where("id", "=", recordId).execute();
      await this.deps.audit.record(trx, ctx, { action: "credit.revoke", objectType: "credit_record", objectId: recordId });
      return { id: recordId, revoked: true };
    });
  }

  /** The records the viewer may see (the public: public records only) and the rating computed from them. */
  async profile(viewer: Actor, subjectId: number) {
    const now = this.deps.clock.now();
    const all = await this.deps.db.selectFrom("credit_record").selectAll().where("subject_id", "=", subjectId).orderBy("id", "desc").execute();
    const authority = ["supervisor", "inspector", "centre_staff", "sysadmin"].includes(viewer.role) || viewer.subjectId === subjectId;
    const inForce = (r: (typeof all)[number]) => r.revoked_at === null && (r.ends_at === null || r.ends_at.getTime() > now.getTime());
    const { score, rating } = creditRating(all.map((r) => ({ kind: r.kind, inForce: inForce(r) })));
    return {
      subjectId,
      rating,
      score,
      records: all
        .filter((r) => authority || r.public)
        .map((r) => ({
          id: r.id,
          kind: r.kind,
          reason: r.reason,
          documentNo: r.document_no,
          departmentCode: r.department_code,
          decidedAt: r.decided_at.toISOString(),
          restrictedActions: r.restricted_actions,
          startsAt: r.starts_at?.toISOString() ?? null,
          endsAt: r.ends_at?.toISOString() ?? null,
          revokedAt: r.revoked_at?.toISOString() ?? null,
          inForce: inForce(r),
        })),
    };
  }
}

function validateCreditRecord(input: NewCreditRecord) {
  if (input.kind === "blacklist" && !(input.restrictedActions?.length && input.endsAt)) {
    throw new AppError("VALIDATION_FAILED", { zh: "黑名单须写明限制的行为和期限", en: "A blacklisting names the restricted actions and the period" });
  }
}

/** The one way a credit record is written: by the acting supervisory department, audited in the same transaction. */
async function recordCreditIn(deps: Deps, trx: Transaction<DB>, ctx: ActionContext, input: NewCreditRecord) {
  const subject = await trx.selectFrom("subject").select("id").where("uscc", "=", input.subjectUscc.toUpperCase()).executeTakeFirst();
  if (!subject) throw notFound({ zh: "主体", en: "The subject" });
  const now = deps.clock.now();
  const row = await trx
    .insertInto("credit_record")
    .values({
      subject_id: subject.id,
      expert_id: null,
      kind: input.kind,
      reason: input.reason,
      document_no: input.documentNo,
      department_code: ctx.actor.departmentCode as string,
      decided_at: now,
      public: input.public ?? true,
      restricted_actions: JSON.stringify(input.restrictedActions ?? []),
      scope: "installation",
      starts_at: input.startsAt ?? now,
      ends_at: input.endsAt ?? null,
      revoked_at: null,
      revoked_reason: null,
      created_by: ctx.actor.userId as number,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await deps.audit.record(trx, ctx, { action: `credit.${input.kind}`, objectType: "credit_record", objectId: row.id });
  return { id: row.id };
}

/**
 * The one check: refuses the action when a record in force restricts it for this subject, on every
 * platform of the installation. Call it inside the change that performs the action.
 */
export async function assertNotRestricted(trx: Transaction<DB>, subjectId: number, action: RestrictedAction, now: Date) {
  const refusal = restrictionOf(await restrictionRecords(trx, [subjectId]), subjectId, action, now);
  if (refusal) throw refusal;
}

/** The unrevoked credit records of these subjects (for {@link restrictionOf}; one query for many subjects). */
export function restrictionRecords(db: Kysely<DB> | Transaction<DB>, subjectIds: readonly number[]) {
  return db
    .selectFrom("credit_record")
    .select(["id", "subject_id", "restricted_actions", "revoked_at", "starts_at", "ends_at", "document_no", "reason"])
    .where("subject_id", "in", subjectIds.length ? subjectIds : [-1])
    .where("revoked_at", "is", null)
    .execute();
}

/** The SUBJECT_RESTRICTED refusal when one of `records` in force restricts `action` for the subject, else undefined. */
export function restrictionOf(records: Awaited<ReturnType<typeof restrictionRecords>>, subjectId: number, action: RestrictedAction, now: Date) {
  const blocking = records.find((r) => r.subject_id === subjectId && restricts(r, action, now));
  if (!blocking) return undefined;
  return new AppError(
    "SUBJECT_RESTRICTED",
    {
      zh: `因失信（${blocking.document_no}：${blocking.reason}）被限制${ACTION_NAMES[action]}${blocking.ends_at ? `至北京时间 ${beijingMinute(blocking.ends_at)}` : ""}`,
      en: `Barred from ${action} by ${blocking.document_no}${blocking.ends_at ? ` until ${beijingMinute(blocking.ends_at)} Beijing time` : ""}`,
    },
    { extra: { creditRecordId: blocking.id, action } },
  );
}
