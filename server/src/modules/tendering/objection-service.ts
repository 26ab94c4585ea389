import type { Transaction } from "kysely";
import { toCivilDate } from "../../platform/calendar/working-days.ts";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import {
  checkCandidateObjectionTimely,
  checkClarificationNotice,
  checkObjectionTimely,
  deadlineAfterClarification,
  objectionPause,
  objectionReplyDue,
} from "./domain/time-limits.ts";
import { openingHallTopic } from "./opening-hall.ts";
import { assertTendererSide, lockSection, readSection } from "./section-access.ts";

export type ObjectionKind = "document" | "opening" | "candidates";

/**
 * 澄清与修改 (法23, 条例21) and 异议 (条例22, 44, 54): a late clarification that affects the preparation
 * of bids moves the bid deadline; an objection to the documents must come 10 days before the deadline,
 * is answered within 3 days, and pauses the tender until answered (the deadline moves by the pause);
 * objections at the opening are answered on the spot; objections to the candidates come within the
 * publicity period.
 */
export class ObjectionService {
  constructor(
    private readonly deps: Deps,
    private readonly calendar: CalendarService,
  ) {}

  async clarify(ctx: ActionContext, sectionId: number, input: { content: string; affectsPreparation: boolean; newDeadline?: Date }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      assertTendererSide(ctx.actor, project);
      if (section.status !== "announced")
        throw new AppError("STATE_INVALID", { zh: "只能在投标截止前澄清或修改招标文件", en: "Clarifications are made before the bid deadline" });
      const now = this.deps.clock.now();
      const current = section.bid_deadline as Date;
      if (now.getTime() >= current.getTime()) throw new AppError("DEADLINE_PASSED");
      const earliest = deadlineAfterClarification(current, now, { affectsPreparation: input.affectsPreparation });
      let deadline = input.newDeadline ?? earliest;
      if (deadline.getTime() < current.getTime())
        throw new AppError("VALIDATION_FAILED", { zh: "澄清不能提前投标截止时间", en: "A clarification cannot bring the deadline forward" });
      const check = checkClarificationNotice({ clarificationTime: now, deadline, affectsPreparation: input.affectsPreparation }, calendar);
      if (!check.ok) {
        throw new AppError("TIME_LIMIT", { zh: check.zh, en: check.en }, { extra: { rule: check.rule, basis: check.basis, earliest: check.earliest } });
      }
      deadline = new Date(Math.max(deadline.getTime(), earliest.getTime()));
      const row = await trx
        .insertInto("tender_clarification")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          content: input.content,
          affects_preparation: input.affectsPreparation,
          previous_deadline: current,
          new_deadline: deadline,
          published_by: ctx.actor.userId as number,
          published_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "tender.clarification", objectType: "tender_clarification", objectId: row.id });
      if (deadline.getTime() !== current.getTime()) await this.moveDeadline(trx, ctx, sectionId, deadline, "clarification");
      return { clarificationId: row.id, previousDeadline: current.toISOString(), bidDeadline: deadline.toISOString() };
    });
  }

  async raise(ctx: ActionContext, sectionId: number, input: { kind: ObjectionKind; content: string }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section } = await lockSection(trx, sectionId);
      const subjectId = ctx.actor.subjectId as number;
      const registered = await trx
        .selectFrom("bid_registration")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", subjectId)
        .executeTakeFirst();
      if (!registered) throw new AppError("NOT_REGISTERED");
      const now = this.deps.clock.now();
      if (input.kind === "document") {
        if (section.status !== "announced")
          throw new AppError("STATE_INVALID", { zh: "对招标文件的异议应在投标截止前提出", en: "Objections to the documents come before the deadline" });
        const timely = checkObjectionTimely({ objectionTime: now, deadline: section.bid_deadline as Date, document: "tender" }, calendar);
        if (!timely.ok)
          throw new AppError("TIME_LIMIT", { zh: timely.zh, en: timely.en }, { extra: { rule: timely.rule, basis: timely.basis, latest: timely.latest } });
      } else if (input.kind === "opening") {
        if (section.status !== "opening")
          throw new AppError("STATE_INVALID", {
            zh: "对开标的异议应当在开标现场提出（条例第四十四条）",
            en: "Objections to the opening are raised during the opening",
          });
      } else {
        const award = await trx.selectFrom("tender_award").select(["publicity_start", "publicity_end"]).where("section_id", "=", sectionId).executeTakeFirst();
        if (!award || section.status !== "publicity") throw new AppError("STATE_INVALID", { zh: "尚未公示中标候选人", en: "The candidates are not published" });
        const timely = checkCandidateObjectionTimely({ objectionTime: now, publicityStart: award.publicity_start, publicityEnd: award.publicity_end });
        if (!timely.ok) throw new AppError("TIME_LIMIT", { zh: timely.zh, en: timely.en }, { extra: { rule: timely.rule, basis: timely.basis } });
      }
      const row = await trx
        .insertInto("tender_objection")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          kind: input.kind,
          raised_by_subject_id: subjectId,
          raised_by: ctx.actor.userId as number,
          raised_at: now,
          content: input.content,
          reply: null,
          replied_by: null,
          replied_at: null,
          reply_due: input.kind === "opening" ? toCivilDate(now) : objectionReplyDue(now, calendar),
          deadline_before: section.bid_deadline,
          deadline_after: null,
        })
        .returning(["id", "reply_due"])
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: `tender.objection.${input.kind}`, objectType: "tender_objection", objectId: row.id });
      if (input.kind === "opening") {
        await this.deps.events.publish(trx, {
          topic: openingHallTopic(sectionId),
          type: "objection.raised",
          at: now.toISOString(),
          data: { objectionId: row.id },
        });
      }
      return { objectionId: row.id, replyDue: row.reply_due, paused: input.kind !== "opening" };
    });
  }

  /** The tenderer (or its agency) answers; a document objection's pause moves the bid deadline. */
  async reply(ctx: ActionContext, objectionId: number, reply: string) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const objection = await trx.selectFrom("tender_objection").selectAll().where("id", "=", objectionId).forUpdate().executeTakeFirst();
      if (!objection) throw notFound({ zh: "异议", en: "The objection" });
      const { section, project } = await lockSection(trx, objection.section_id);
      assertTendererSide(ctx.actor, project);
      if (objection.replied_at) throw new AppError("CONFLICT", { zh: "该异议已答复", en: "Already answered" });
      const now = this.deps.clock.now();
      let moved: Date | null = null;
      if (objection.kind === "document" && section.status === "announced") {
        moved = objectionPause({ receivedTime: objection.raised_at, replyTime: now, deadline: section.bid_deadline as Date }, calendar).movedDeadline;
      }
      await trx
        .updateTable("tender_objection")
        .set({ reply, replied_by: ctx.actor.userId, replied_at: now, deadline_after: moved })
        .where("id", "=", objectionId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.objection.reply",
        objectType: "tender_objection",
        objectId: objectionId,
        detail: { late: toCivilDate(now) > objection.reply_due },
      });
      if (moved) await this.moveDeadline(trx, ctx, objection.section_id, moved, "objection");
      return {
        objectionId,
        repliedAt: now.toISOString(),
        late: toCivilDate(now) > objection.reply_due,
        bidDeadline: moved?.toISOString() ?? section.bid_deadline?.toISOString() ?? null,
      };
    });
  }

  /** Objections of a section: the tenderer, the authorities and the objector see them; the objector's name only the authorities. */
  async list(actor: Actor, sectionId: number) {
    const { project, section } = await readSection(this.deps.db, sectionId);
    const authority =
      actor.role === "inspector" ||
      (actor.role === "supervisor" && actor.departmentCode === project.department_code) ||
      (actor.role === "centre_staff" && actor.platformCode === section.platform_code);
    const owner = actor.subjectId !== null && (actor.subjectId === project.tenderer_subject_id || actor.subjectId === project.agency_subject_id);
    let q = this.deps.db.selectFrom("tender_objection").selectAll().where("section_id", "=", sectionId);
    if (!authority && !owner) q = q.where("raised_by_subject_id", "=", actor.subjectId ?? -1);
    const rows = await q.orderBy("id").execute();
    return rows.map((o) => ({
      id: o.id,
      kind: o.kind,
      content: o.content,
      raisedAt: o.raised_at.toISOString(),
      replyDue: o.reply_due,
      reply: o.reply,
      repliedAt: o.replied_at?.toISOString() ?? null,
      deadlineAfter: o.deadline_after?.toISOString() ?? null,
      raisedBySubjectId: authority ? o.raised_by_subject_id : undefined,
    }));
  }

  private async moveDeadline(trx: Transaction<DB>, ctx: ActionContext, sectionId: number, deadline: Date, because: string) {
    await trx.updateTable("tender_section").set({ bid_deadline: deadline }).where("id", "=", sectionId).execute();
    await this.deps.audit.record(trx, ctx, {
      action: `tender.deadline.move.${because}`,
      objectType: "tender_section",
      objectId: sectionId,
      detail: { bidDeadline: deadline.toISOString() },
    });
  }
}

/** True while an objection to the documents waits for its answer: the tender is paused (条例22). */
export async function pendingDocumentObjection(db: Deps["db"] | Transaction<DB>, sectionId: number): Promise<boolean> {
  const row = await db
    .selectFrom("tender_objection")
    .select("id")
    .where("section_id", "=", sectionId)
    .where("kind", "=", "document")
    .where("replied_at", "is", null)
    .executeTakeFirst();
  return row !== undefined;
}
