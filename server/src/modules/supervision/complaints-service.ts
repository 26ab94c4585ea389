import type { Selectable, Transaction } from "kysely";
import { startOfCivilDay, toCivilDate, type WorkingCalendar } from "../../platform/calendar/working-days.ts";
import type { ComplaintMatter, DB, ProcurementChallengeTable, RestrictedAction } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import type { CreditService } from "../credit/credit-service.ts";
import {
  checkComplaintAcceptance,
  checkComplaintDecision,
  checkComplaintTimely,
  complaintAcceptanceDue,
  complaintDeadline,
  complaintDecisionDue,
} from "../tendering/domain/time-limits.ts";
import { lockSection, readSection } from "../tendering/section-access.ts";
import { COMPLAINT_WINDOWS, type ComplaintRegime, regimeOfIndustry, windowEnd } from "./domain/complaint-windows.ts";

export interface FileComplaintInput {
  matter: ComplaintMatter;
  /** The prior objection (required for the matters of 条例22/44/54). */
  objectionId?: number;
  /** The prior 质疑 (政府采购: required for every matter, 政府采购法55). */
  challengeId?: number;
  /** When the complainant knew, for a matter that needs no objection first. */
  knownAt?: Date;
  /** The subject complained about; the project's tenderer by default. */
  respondentUscc?: string;
  content: string;
  basis: string;
}

export interface ComplaintCreditInput {
  subjectUscc: string;
  kind: "violation" | "blacklist";
  reason: string;
  documentNo: string;
  restrictedActions: RestrictedAction[];
  endsAt?: Date;
}

export interface DecideComplaintInput {
  decision: "upheld" | "dismissed";
  text: string;
  reversal?: "cancel_award";
  credit?: ComplaintCreditInput;
}

type ComplaintRow = Awaited<ReturnType<typeof loadComplaint>>;

/** A complaint just filed: neither its acceptance nor its decision has been made (both filing paths). */
const NOT_YET_DECIDED = {
  accepted: null,
  acceptance_decided_at: null,
  acceptance_decided_by: null,
  acceptance_note: null,
  acceptance_late: null,
  decision: null,
  decision_text: null,
  decided_at: null,
  decided_by: null,
  decision_due: null,
  decision_late: null,
  reversal: null,
  credit_record_id: null,
} as const;

/**
 * 电子监督系统 · 投诉 (set 404): a bidder complains to the project's supervising department after its
 * objection was answered (条例60); the department decides acceptance within 3 working days and the
 * complaint within 30 (条例61); an accepted complaint suspends the award and the contract until decided
 * (条例62); an upheld complaint may reverse a step (cancel the candidates / award) and both outcomes may be
 * linked to credit. Decisions are published. Only the supervising department decides — never the trading
 * centre (管办分离). The windows are those of {@link COMPLAINT_WINDOWS} ('works' for now).
 */
export class ComplaintsService {
  constructor(
    private readonly deps: Deps,
    private readonly calendar: CalendarService,
    private readonly credit: CreditService,
  ) {}

  /** 投诉: by a registered bidder of the section, within 10 days of the objection's reply. */
  async file(ctx: ActionContext, sectionId: number, input: FileComplaintInput) {
    const calendar = await this.calendar.calendar();
    const windows = COMPLAINT_WINDOWS.works;
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      const subjectId = ctx.actor.subjectId;
      if (subjectId === null) throw new AppError("FORBIDDEN_SCOPE");
      const registered = await trx
        .selectFrom("bid_registration")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", subjectId)
        .executeTakeFirst();
      if (!registered) throw new AppError("NOT_REGISTERED");
      if ((await regimeOf(trx, project.department_code)) === "procurement")
        return this.fileProcurementIn(trx, ctx, { sectionId, platformCode: section.platform_code, project, subjectId }, input, calendar);
      if (input.challengeId !== undefined)
        throw new AppError("VALIDATION_FAILED", { zh: "质疑仅适用于政府采购项目", en: "A challenge (质疑) belongs to government procurement" });
      const now = this.deps.clock.now();
      let knownTime: Date;
      if (windows.objectionFirst.includes(input.matter)) {
        if (input.objectionId === undefined) {
          throw new AppError(
            "VALIDATION_FAILED",
            { zh: "就招标文件、开标、评标结果投诉的，应当先向招标人提出异议（条例第六十条）", en: "This matter must first be objected to the tenderer" },
            { extra: { basis: windows.complaint.basis } },
          );
        }
        const objection = await trx.selectFrom("tender_objection").selectAll().where("id", "=", input.objectionId).executeTakeFirst();
        if (!objection || objection.section_id !== sectionId || objection.raised_by_subject_id !== subjectId)
          throw notFound({ zh: "异议", en: "The objection" });
        if (objection.kind !== input.matter)
          throw new AppError("VALIDATION_FAILED", { zh: "投诉事项须与异议事项一致", en: "The complaint's matter is the objection's" });
        if (objection.replied_at) knownTime = objection.replied_at;
        else if (toCivilDate(now) > objection.reply_due) knownTime = startOfCivilDay(objection.reply_due);
        else
          throw new AppError("STATE_INVALID", {
            zh: `异议尚未答复，答复期至 ${objection.reply_due}；答复或答复期满后方可投诉`,
            en: `The objection is awaiting its reply (due ${objection.reply_due}); complain after the reply or its due date`,
          });
        const earlier = await trx.selectFrom("complaint").select("id").where("objection_id", "=", objection.id).executeTakeFirst();
        if (earlier)
          throw new AppError("CONFLICT", { zh: "已就该异议提出投诉", en: "A complaint on this objection exists" }, { extra: { complaintId: earlier.id } });
      } else {
        if (input.objectionId !== undefined || !input.knownAt)
          throw new AppError("VALIDATION_FAILED", {
            zh: "其他事项的投诉须写明知道之日，不附异议",
            en: "Other matters give the day known, without an objection",
          });
        if (input.knownAt.getTime() > now.getTime())
          throw new AppError("VALIDATION_FAILED", { zh: "知道之日不能晚于现在", en: "The day known is not in the future" });
        knownTime = input.knownAt;
      }
      const timely = checkComplaintTimely({ knownTime, complaintTime: now }, calendar);
      if (!timely.ok)
        throw new AppError("TIME_LIMIT", { zh: timely.zh, en: timely.en }, { extra: { rule: timely.rule, basis: timely.basis, latest: timely.latest } });

      const respondentId = await respondentIn(trx, sectionId, project, subjectId, input.respondentUscc);
      const row = await trx
        .insertInto("complaint")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          department_code: project.department_code,
          complainant_subject_id: subjectId,
          complainant_user: ctx.actor.userId as number,
          respondent_subject_id: respondentId,
          matter: input.matter,
          objection_id: input.objectionId ?? null,
          content: input.content,
          basis: input.basis,
          known_at: knownTime,
          submitted_at: now,
          deadline: complaintDeadline({ knownTime }, calendar),
          acceptance_due: complaintAcceptanceDue(now, calendar),
          ...NOT_YET_DECIDED,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "supervision.complaint.file",
        objectType: "complaint",
        objectId: row.id,
        detail: { matter: input.matter },
      });
      return this.viewIn(trx, row.id, true);
    });
  }

  /**
   * 受理: the supervising department decides within 3 working days; a late decision is recorded and
   * flagged, not refused. Acceptance suspends the award and the contract until the decision.
   */
  async decideAcceptance(ctx: ActionContext, complaintId: number, input: { accept: boolean; note?: string }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { complaint, project } = await this.lock(trx, ctx.actor, complaintId);
      if (complaint.accepted !== null) throw new AppError("CONFLICT", { zh: "已作出是否受理的决定", en: "Acceptance is decided already" });
      const now = this.deps.clock.now();
      const late = acceptanceCheck(complaint, now, calendar);
      await trx
        .updateTable("complaint")
        .set({
          accepted: input.accept,
          acceptance_decided_at: now,
          acceptance_decided_by: ctx.actor.userId,
          acceptance_note: input.note ?? null,
          acceptance_late: !late.ok,
          decision_due: input.accept ? decisionDueOf(complaint, now, calendar) : null,
        })
        .where("id", "=", complaintId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: input.accept ? "supervision.complaint.accept" : "supervision.complaint.reject",
        objectType: "complaint",
        objectId: complaintId,
        detail: { late: !late.ok },
      });
      if (input.accept) {
        await this.deps.events.publish(trx, {
          topic: `subject:${project.tenderer_subject_id}`,
          type: "supervision.complaint.accepted",
          at: now.toISOString(),
          data: { complaintId, sectionId: complaint.section_id, suspended: true },
        });
      }
      return this.viewIn(trx, complaintId, true);
    });
  }

  /** 处理决定: upheld or dismissed, within 30 working days (late: flagged), with an optional reversal and credit record. */
  async decide(ctx: ActionContext, complaintId: number, input: DecideComplaintInput) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { complaint, section, project } = await this.lock(trx, ctx.actor, complaintId);
      if (complaint.accepted !== true) throw new AppError("STATE_INVALID", { zh: "投诉未受理", en: "The complaint is not accepted" });
      if (complaint.decision !== null) throw new AppError("CONFLICT", { zh: "已作出处理决定", en: "The complaint is decided already" });
      if (input.reversal && input.decision !== "upheld")
        throw new AppError("VALIDATION_FAILED", { zh: "只有投诉成立时才能纠正", en: "Only an upheld complaint reverses a step" });
      if (input.credit) {
        const target = input.decision === "upheld" ? complaint.respondent_subject_id : complaint.complainant_subject_id;
        const subject = await trx.selectFrom("subject").select("uscc").where("id", "=", target).executeTakeFirstOrThrow();
        if (subject.uscc !== input.credit.subjectUscc.toUpperCase()) {
          throw new AppError("VALIDATION_FAILED", {
            zh: input.decision === "upheld" ? "投诉成立的，信用记录针对被投诉人" : "驳回投诉的，信用记录只能针对投诉人（恶意投诉）",
            en:
              input.decision === "upheld"
                ? "An upheld complaint records credit against the respondent"
                : "A dismissed complaint records credit against the complainant only",
          });
        }
      }
      const now = this.deps.clock.now();
      const late =
        complaint.regime === "works"
          ? checkComplaintDecision({ acceptedTime: complaint.acceptance_decided_at as Date, decisionTime: now }, calendar)
          : { ok: complaint.decision_due === null || toCivilDate(now) <= complaint.decision_due };
      if (input.reversal === "cancel_award") {
        if (section.status !== "publicity" && section.status !== "awarded") {
          throw new AppError(
            "STATE_INVALID",
            { zh: "只能在公示或定标后、签订合同前撤销中标候选人或中标结果", en: "The candidates or the award are cancelled before the contract only" },
            { extra: { status: section.status } },
          );
        }
        const award = await trx.selectFrom("tender_award").selectAll().where("section_id", "=", complaint.section_id).executeTakeFirstOrThrow();
        await trx.deleteFrom("tender_award").where("section_id", "=", complaint.section_id).execute();
        await this.deps.audit.record(trx, ctx, {
          action: "award.cancel.complaint",
          objectType: "tender_award",
          objectId: complaint.section_id,
          detail: {
            complaintId,
            previous: {
              candidates: award.candidates,
              publicityStart: award.publicity_start.toISOString(),
              publicityEnd: award.publicity_end.toISOString(),
              winnerSubjectId: award.winner_subject_id,
              winnerPriceFen: award.winner_price_fen,
              awardedAt: award.awarded_at?.toISOString() ?? null,
            },
          },
        });
        await trx.updateTable("tender_section").set({ status: "evaluated" }).where("id", "=", complaint.section_id).execute();
        await this.deps.audit.record(trx, ctx, {
          action: "award.cancel.status",
          objectType: "tender_section",
          objectId: complaint.section_id,
          detail: { complaintId, from: section.status },
        });
      }
      let creditRecordId: number | null = null;
      if (input.credit) {
        const c = input.credit;
        creditRecordId = (
          await this.credit.recordIn(trx, ctx, {
            subjectUscc: c.subjectUscc,
            kind: c.kind,
            reason: c.reason,
            documentNo: c.documentNo,
            restrictedActions: c.restrictedActions,
            ...(c.endsAt ? { endsAt: c.endsAt } : {}),
            public: true,
          })
        ).id;
      }
      await trx
        .updateTable("complaint")
        .set({
          decision: input.decision,
          decision_text: input.text,
          decided_at: now,
          decided_by: ctx.actor.userId,
          decision_late: !late.ok,
          reversal: input.reversal ?? null,
          credit_record_id: creditRecordId,
          published: true,
        })
        .where("id", "=", complaintId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: `supervision.complaint.${input.decision}`,
        objectType: "complaint",
        objectId: complaintId,
        detail: { late: !late.ok, reversal: input.reversal ?? null, creditRecordId },
      });
      await this.deps.events.publish(trx, {
        topic: `subject:${project.tenderer_subject_id}`,
        type: "supervision.complaint.decided",
        at: now.toISOString(),
        data: { complaintId, sectionId: complaint.section_id, decision: input.decision, reversal: input.reversal ?? null },
      });
      return this.viewIn(trx, complaintId, true);
    });
  }

  /** Complaints in the actor's scope: its department (supervisor), all (inspector), its own (bidder). */
  async list(actor: Actor, filter: { sectionId?: number } = {}) {
    let q = this.deps.db.selectFrom("complaint").select("id").orderBy("id");
    if (actor.role === "supervisor") q = q.where("department_code", "=", actor.departmentCode ?? "");
    else if (actor.role === "bidder") q = q.where("complainant_subject_id", "=", actor.subjectId ?? -1);
    else if (actor.role !== "inspector") throw new AppError("FORBIDDEN_SCOPE");
    if (filter.sectionId !== undefined) q = q.where("section_id", "=", filter.sectionId);
    const ids = await q.execute();
    const out = [];
    for (const { id } of ids) out.push(await this.viewIn(this.deps.db, id, actor.role !== "bidder"));
    return out;
  }

  /** Public (set 404 COMPLAINT_INFO): decided complaints, without the complainant's phone and e-mail. */
  async published(filter: { sectionId?: number } = {}) {
    let q = this.deps.db
      .selectFrom("complaint as c")
      .innerJoin("tender_section as s", "s.id", "c.section_id")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .innerJoin("subject as complainant", "complainant.id", "c.complainant_subject_id")
      .innerJoin("subject as respondent", "respondent.id", "c.respondent_subject_id")
      .innerJoin("department as d", "d.code", "c.department_code")
      .leftJoin("credit_record as cr", "cr.id", "c.credit_record_id")
      .select([
        "c.id",
        "c.section_id",
        "c.content",
        "c.basis",
        "c.submitted_at",
        "c.acceptance_decided_at",
        "c.decision",
        "c.decision_text",
        "c.decided_at",
        "c.reversal",
        "c.credit_record_id",
        "c.regime",
        "p.name as project_name",
        "p.tender_project_code",
        "s.section_code",
        "s.name as section_name",
        "s.unified_deal_code",
        "complainant.name as complainant_name",
        "respondent.name as respondent_name",
        "respondent.uscc as respondent_uscc",
        "d.name as department_name",
        "cr.restricted_actions",
        "cr.starts_at",
        "cr.ends_at",
      ])
      .where("c.published", "=", true)
      .orderBy("c.id");
    if (filter.sectionId !== undefined) q = q.where("c.section_id", "=", filter.sectionId);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      sectionId: r.section_id,
      TENDER_PROJECT_NAME: r.project_name,
      TENDER_PROJECT_CODE: r.tender_project_code,
      BID_SECTION_CODE: r.section_code,
      BID_SECTION_NAME: r.section_name,
      UNIFIED_DEAL_CODE: r.unified_deal_code,
      COMPLAINT_NAME: r.complainant_name,
      COMPLAINTED_BODY_NAME: r.respondent_name,
      /** Dictionary 2001 is not in the reference; the code is a 统一社会信用代码. */
      COMPLAINTED_BODY_TYPE: null,
      COMPLAINTED_BODY_CODE: r.respondent_uscc,
      DISSENT_REASON: r.basis,
      COMPLAINT_CONTENT: r.content,
      COMPLAINT_DATE: r.submitted_at.toISOString(),
      ACCEPT_DATE: r.acceptance_decided_at?.toISOString() ?? null,
      HANDLE_RESULT: `${r.decision === "upheld" ? "投诉成立" : "投诉不成立，驳回"}${r.reversal === "cancel_award" ? "；撤销中标候选人公示/中标结果" : ""}：${r.decision_text ?? ""}`,
      HANDLE_BASIS: COMPLAINT_WINDOWS[r.regime].decision.basis,
      HANDLE_DATE: r.decided_at?.toISOString() ?? null,
      CONFINED_ACTION: r.restricted_actions ?? [],
      START_DATE: r.starts_at?.toISOString() ?? null,
      END_DATE: r.ends_at?.toISOString() ?? null,
      DEALING_UNIT: r.department_name,
      ENTER_CREDIT_PLAT: r.credit_record_id !== null,
      /** Decisions are sealed by the audit log; no separate handler signature is kept yet. */
      SIGNATURE: null,
    }));
  }

  /**
   * 质疑 (政府采购法52): a supplier of the section challenges the purchaser or its agency within 7 working
   * days of the day it knew (or should have known) its rights were harmed; the reply is due in 7 working days.
   */
  async raiseChallenge(ctx: ActionContext, sectionId: number, input: { matter: ChallengeMatter; knownAt: Date; content: string }) {
    const calendar = await this.calendar.calendar();
    const windows = COMPLAINT_WINDOWS.procurement;
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      if ((await regimeOf(trx, project.department_code)) !== "procurement")
        throw new AppError("STATE_INVALID", {
          zh: "该项目不属于政府采购（监管部门非财政部门），请按招标投标法提出异议",
          en: "Not a government procurement project: raise an objection (异议) instead",
        });
      const subjectId = ctx.actor.subjectId;
      if (subjectId === null) throw new AppError("FORBIDDEN_SCOPE");
      const registered = await trx
        .selectFrom("bid_registration")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", subjectId)
        .executeTakeFirst();
      if (!registered) throw new AppError("NOT_REGISTERED");
      const now = this.deps.clock.now();
      if (input.knownAt.getTime() > now.getTime())
        throw new AppError("VALIDATION_FAILED", { zh: "知道之日不能晚于现在", en: "The day known is not in the future" });
      const window = windows.objection[input.matter];
      const deadline = windowEnd(window, input.knownAt, calendar) as string;
      if (toCivilDate(now) > deadline)
        throw new AppError(
          "TIME_LIMIT",
          {
            zh: `质疑应当在知道或者应知其权益受到损害之日起7个工作日内提出，最迟 ${deadline}`,
            en: `A challenge is raised within 7 working days of knowing, by ${deadline}`,
          },
          { extra: { rule: "CHALLENGE_TOO_LATE", basis: window.basis, latest: deadline } },
        );
      const row = await trx
        .insertInto("procurement_challenge")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          matter: input.matter,
          raised_by_subject_id: subjectId,
          raised_by: ctx.actor.userId as number,
          addressee_subject_id: project.agency_subject_id ?? project.tenderer_subject_id,
          known_at: input.knownAt,
          raised_at: now,
          deadline,
          content: input.content,
          reply_due: windowEnd(windows.objectionReply, now, calendar) as string,
          reply: null,
          replied_by: null,
          replied_at: null,
          reply_late: null,
          complaint_id: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "supervision.challenge.raise",
        objectType: "procurement_challenge",
        objectId: row.id,
        detail: { matter: input.matter },
      });
      await this.deps.events.publish(trx, {
        topic: `subject:${project.tenderer_subject_id}`,
        type: "procurement.challenge.raised",
        at: now.toISOString(),
        data: { challengeId: row.id, sectionId },
      });
      return challengeView(await trx.selectFrom("procurement_challenge").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow(), true);
    });
  }

  /** 质疑答复 (政府采购法53): by the purchaser or its agency; a reply after 7 working days is recorded and flagged. */
  async replyChallenge(ctx: ActionContext, challengeId: number, reply: string) {
    return change(this.deps, async (trx) => {
      const challenge = await trx.selectFrom("procurement_challenge").selectAll().where("id", "=", challengeId).forUpdate().executeTakeFirst();
      if (!challenge) throw notFound({ zh: "质疑", en: "The challenge" });
      const { project } = await lockSection(trx, challenge.section_id);
      if (ctx.actor.subjectId === null || (ctx.actor.subjectId !== project.tenderer_subject_id && ctx.actor.subjectId !== project.agency_subject_id))
        throw new AppError("FORBIDDEN_SCOPE", { zh: "只有采购人或其采购代理机构可以答复质疑", en: "Only the purchaser or its agency answers" });
      if (challenge.replied_at) throw new AppError("CONFLICT", { zh: "该质疑已答复", en: "Already answered" });
      const now = this.deps.clock.now();
      const late = toCivilDate(now) > challenge.reply_due;
      await trx
        .updateTable("procurement_challenge")
        .set({ reply, replied_by: ctx.actor.userId, replied_at: now, reply_late: late })
        .where("id", "=", challengeId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "supervision.challenge.reply",
        objectType: "procurement_challenge",
        objectId: challengeId,
        detail: { late },
      });
      return challengeView(await trx.selectFrom("procurement_challenge").selectAll().where("id", "=", challengeId).executeTakeFirstOrThrow(), true);
    });
  }

  /** 质疑 of a section: the purchaser's side and the authorities see all, a supplier its own. */
  async challenges(actor: Actor, sectionId: number) {
    const { project, section } = await readSection(this.deps.db, sectionId);
    const authority =
      actor.role === "inspector" ||
      (actor.role === "supervisor" && actor.departmentCode === project.department_code) ||
      (actor.role === "centre_staff" && actor.platformCode === section.platform_code);
    const owner = actor.subjectId !== null && (actor.subjectId === project.tenderer_subject_id || actor.subjectId === project.agency_subject_id);
    let q = this.deps.db.selectFrom("procurement_challenge").selectAll().where("section_id", "=", sectionId);
    if (!authority && !owner) q = q.where("raised_by_subject_id", "=", actor.subjectId ?? -1);
    const rows = await q.orderBy("id").execute();
    return rows.map((r) => challengeView(r, authority || owner));
  }

  /**
   * 投诉 (政府采购法55, 94号令17): after the 质疑's reply, or once its reply period has run out, within 15
   * working days after the reply period, to the 财政 department; acceptance review within 5 working days.
   */
  private async fileProcurementIn(
    trx: Transaction<DB>,
    ctx: ActionContext,
    at: { sectionId: number; platformCode: string; project: ProjectParties; subjectId: number },
    input: FileComplaintInput,
    calendar: WorkingCalendar,
  ) {
    const windows = COMPLAINT_WINDOWS.procurement;
    const { sectionId, project, subjectId } = at;
    if (input.challengeId === undefined || input.objectionId !== undefined || input.knownAt !== undefined || input.matter === "other")
      throw new AppError(
        "VALIDATION_FAILED",
        { zh: "政府采购项目的投诉应当先提出质疑，并写明所依据的质疑（政府采购法第五十五条）", en: "A procurement complaint follows a challenge (质疑)" },
        { extra: { basis: windows.complaint.basis } },
      );
    const challenge = await trx.selectFrom("procurement_challenge").selectAll().where("id", "=", input.challengeId).executeTakeFirst();
    if (!challenge || challenge.section_id !== sectionId || challenge.raised_by_subject_id !== subjectId) throw notFound({ zh: "质疑", en: "The challenge" });
    if (challenge.matter !== input.matter)
      throw new AppError("VALIDATION_FAILED", { zh: "投诉事项须与质疑事项一致", en: "The complaint's matter is the challenge's" });
    const now = this.deps.clock.now();
    const today = toCivilDate(now);
    if (!challenge.replied_at && today <= challenge.reply_due)
      throw new AppError("STATE_INVALID", {
        zh: `质疑尚未答复，答复期至 ${challenge.reply_due}；答复或答复期满后方可投诉`,
        en: `The challenge is awaiting its reply (due ${challenge.reply_due}); complain after the reply or its due date`,
      });
    if (challenge.complaint_id !== null)
      throw new AppError(
        "CONFLICT",
        { zh: "已就该质疑提出投诉", en: "A complaint on this challenge exists" },
        { extra: { complaintId: challenge.complaint_id } },
      );
    const deadline = windowEnd(windows.complaint, startOfCivilDay(challenge.reply_due), calendar) as string;
    if (today > deadline)
      throw new AppError(
        "TIME_LIMIT",
        {
          zh: `投诉应当在质疑答复期满后15个工作日内提出，最迟 ${deadline}`,
          en: `A complaint is filed within 15 working days after the reply period, by ${deadline}`,
        },
        { extra: { rule: "COMPLAINT_TOO_LATE", basis: windows.complaint.basis, latest: deadline } },
      );
    const respondentId = await respondentIn(trx, sectionId, project, subjectId, input.respondentUscc);
    const row = await trx
      .insertInto("complaint")
      .values({
        regime: "procurement",
        section_id: sectionId,
        platform_code: at.platformCode,
        department_code: project.department_code,
        complainant_subject_id: subjectId,
        complainant_user: ctx.actor.userId as number,
        respondent_subject_id: respondentId,
        matter: input.matter,
        objection_id: null,
        content: input.content,
        basis: input.basis,
        known_at: challenge.replied_at ?? startOfCivilDay(challenge.reply_due),
        submitted_at: now,
        deadline,
        acceptance_due: windowEnd(windows.acceptance, now, calendar) as string,
        ...NOT_YET_DECIDED,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(trx, ctx, {
      action: "supervision.complaint.file",
      objectType: "complaint",
      objectId: row.id,
      detail: { matter: input.matter, regime: "procurement", challengeId: challenge.id },
    });
    await trx.updateTable("procurement_challenge").set({ complaint_id: row.id }).where("id", "=", challenge.id).execute();
    await this.deps.audit.record(trx, ctx, {
      action: "supervision.challenge.complained",
      objectType: "procurement_challenge",
      objectId: challenge.id,
      detail: { complaintId: row.id },
    });
    return this.viewIn(trx, row.id, true);
  }

  private async lock(trx: Transaction<DB>, actor: Actor, complaintId: number) {
    const head = await trx.selectFrom("complaint").select(["section_id", "department_code"]).where("id", "=", complaintId).executeTakeFirst();
    if (!head) throw notFound({ zh: "投诉", en: "The complaint" });
    if (actor.role !== "supervisor" || actor.departmentCode !== head.department_code) {
      throw new AppError("FORBIDDEN_SCOPE", { zh: "只有项目的监管部门可以处理该投诉", en: "Only the project's supervising department handles this complaint" });
    }
    const { section, project } = await lockSection(trx, head.section_id);
    const complaint = await loadComplaint(trx, complaintId, true);
    return { complaint, section, project };
  }

  private async viewIn(db: Deps["db"] | Transaction<DB>, complaintId: number, authority: boolean) {
    const c = await loadComplaint(db, complaintId, false);
    const challenge =
      c.regime === "procurement"
        ? await db.selectFrom("procurement_challenge").select("id").where("complaint_id", "=", complaintId).executeTakeFirst()
        : undefined;
    const names = await db
      .selectFrom("tender_section as s")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .innerJoin("subject as respondent", (j) => j.on("respondent.id", "=", c.respondent_subject_id))
      .innerJoin("subject as complainant", (j) => j.on("complainant.id", "=", c.complainant_subject_id))
      .select([
        "s.name as section_name",
        "s.section_code",
        "p.id as project_id",
        "p.name as project_name",
        "respondent.name as respondent_name",
        "respondent.uscc as respondent_uscc",
        "complainant.name as complainant_name",
        "complainant.uscc as complainant_uscc",
      ])
      .where("s.id", "=", c.section_id)
      .executeTakeFirstOrThrow();
    const flags = [
      ...(c.acceptance_late ? [{ rule: "COMPLAINT_ACCEPTANCE_LATE", basis: COMPLAINT_WINDOWS[c.regime].acceptance.basis, latest: c.acceptance_due }] : []),
      ...(c.decision_late ? [{ rule: "COMPLAINT_DECISION_LATE", basis: COMPLAINT_WINDOWS[c.regime].decision.basis, latest: c.decision_due }] : []),
    ];
    return {
      id: c.id,
      regime: c.regime,
      sectionId: c.section_id,
      departmentCode: c.department_code,
      status: statusOf(c),
      suspendsSection: c.accepted === true && c.decision === null,
      matter: c.matter,
      objectionId: c.objection_id,
      challengeId: challenge?.id ?? null,
      complainantSubjectId: authority ? c.complainant_subject_id : undefined,
      respondentSubjectId: c.respondent_subject_id,
      projectId: names.project_id,
      projectName: names.project_name,
      sectionName: names.section_name,
      sectionCode: names.section_code,
      complainantName: names.complainant_name,
      complainantUscc: names.complainant_uscc,
      respondentName: names.respondent_name,
      respondentUscc: names.respondent_uscc,
      content: c.content,
      basis: c.basis,
      knownAt: c.known_at.toISOString(),
      submittedAt: c.submitted_at.toISOString(),
      deadline: c.deadline,
      accepted: c.accepted,
      acceptanceDecidedAt: c.acceptance_decided_at?.toISOString() ?? null,
      acceptanceNote: c.acceptance_note,
      acceptanceDue: c.acceptance_due,
      acceptanceLate: c.acceptance_late,
      decision: c.decision,
      decisionText: c.decision_text,
      decidedAt: c.decided_at?.toISOString() ?? null,
      decisionDue: c.decision_due,
      decisionLate: c.decision_late,
      reversal: c.reversal,
      creditRecordId: c.credit_record_id,
      published: c.published,
      flags,
    };
  }
}

function statusOf(c: ComplaintRow) {
  if (c.accepted === null) return "submitted" as const;
  if (c.accepted === false) return "rejected" as const;
  return c.decision === null ? ("accepted" as const) : ("decided" as const);
}

async function loadComplaint(db: Deps["db"] | Transaction<DB>, complaintId: number, forUpdate: boolean) {
  let q = db.selectFrom("complaint").selectAll().where("id", "=", complaintId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound({ zh: "投诉", en: "The complaint" });
  return row;
}

/**
 * 条例62: while an accepted complaint about the section awaits its decision the procedure is suspended:
 * the award and the contract refuse. Call inside the change, after locking the section.
 */
export async function assertNotSuspendedByComplaint(trx: Transaction<DB>, sectionId: number) {
  const pending = await trx
    .selectFrom("complaint")
    .select(["id", "decision_due"])
    .where("section_id", "=", sectionId)
    .where("accepted", "=", true)
    .where("decision", "is", null)
    .orderBy("id")
    .executeTakeFirst();
  if (pending) {
    throw new AppError(
      "STATE_INVALID",
      {
        zh: `投诉（编号 ${pending.id}）已受理、尚未作出处理决定，招标投标活动暂停`,
        en: `Complaint ${pending.id} is accepted and undecided: the procedure is suspended`,
      },
      { extra: { complaintId: pending.id, decisionDue: pending.decision_due, basis: "招标投标法实施条例第六十二条" } },
    );
  }
}

type ChallengeMatter = "document" | "opening" | "candidates";
type ProjectParties = { tenderer_subject_id: number; agency_subject_id: number | null; department_code: string };
type ChallengeRow = Selectable<ProcurementChallengeTable>;

/** The regime of the project supervised by `departmentCode` (财政: 政府采购). */
async function regimeOf(db: Deps["db"] | Transaction<DB>, departmentCode: string): Promise<ComplaintRegime> {
  const department = await db.selectFrom("department").select("industry").where("code", "=", departmentCode).executeTakeFirst();
  return regimeOfIndustry(department?.industry ?? "");
}

/** The respondent: the project's tenderer by default, or its agency or another registered bidder of the section. */
async function respondentIn(trx: Transaction<DB>, sectionId: number, project: ProjectParties, subjectId: number, uscc: string | undefined) {
  if (!uscc) return project.tenderer_subject_id;
  const respondent = await trx.selectFrom("subject").select("id").where("uscc", "=", uscc.toUpperCase()).executeTakeFirst();
  const bidder = respondent
    ? await trx
        .selectFrom("bid_registration")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", respondent.id)
        .executeTakeFirst()
    : undefined;
  const party = respondent && (respondent.id === project.tenderer_subject_id || respondent.id === project.agency_subject_id || bidder);
  if (!respondent || !party || respondent.id === subjectId)
    throw new AppError("VALIDATION_FAILED", {
      zh: "被投诉人须为该项目的招标人、代理机构或该标段的其他投标人",
      en: "The respondent is the project's tenderer, its agency or another bidder of the section",
    });
  return respondent.id;
}

/** Whether the acceptance decision at `now` is within its window (works: 3 working days; procurement: 5). */
function acceptanceCheck(complaint: ComplaintRow, now: Date, calendar: WorkingCalendar): { ok: boolean } {
  if (complaint.regime === "works") return checkComplaintAcceptance({ receivedTime: complaint.submitted_at, acceptanceDecisionTime: now }, calendar);
  return { ok: toCivilDate(now) <= complaint.acceptance_due };
}

/** The decision's due date once accepted: works from the acceptance (条例61), procurement from receipt (法56). */
function decisionDueOf(complaint: ComplaintRow, acceptedAt: Date, calendar: WorkingCalendar): string {
  if (complaint.regime === "works") return complaintDecisionDue(acceptedAt, calendar);
  const window = COMPLAINT_WINDOWS.procurement.decision;
  const from = "from" in window && window.from === "complaint" ? complaint.submitted_at : acceptedAt;
  return windowEnd(window, from, calendar) as string;
}

function challengeView(r: ChallengeRow, authority: boolean) {
  return {
    id: r.id,
    sectionId: r.section_id,
    matter: r.matter,
    content: r.content,
    knownAt: r.known_at.toISOString(),
    raisedAt: r.raised_at.toISOString(),
    deadline: r.deadline,
    replyDue: r.reply_due,
    complaintId: r.complaint_id,
    reply: r.reply,
    repliedAt: r.replied_at?.toISOString() ?? null,
    replyLate: r.reply_late,
    raisedBySubjectId: authority ? r.raised_by_subject_id : undefined,
    flags: r.reply_late ? [{ rule: "CHALLENGE_REPLY_LATE", basis: COMPLAINT_WINDOWS.procurement.objectionReply.basis, latest: r.reply_due }] : [],
  };
}
