import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import type { RegionsService } from "../regions/regions-service.ts";
import { type ExemptionReason, mustTender, offPlatformReportStatus, type ProcurementKind, type ProjectFunding } from "./domain/trade-catalog.ts";

export interface ExemptionRequest {
  projectName: string;
  kind: ProcurementKind;
  estimateFen: number;
  funding: ProjectFunding;
  departmentCode: string;
  approvalLevel: "province" | "city" | "county";
  approvalDivisionCode: string;
  reason: ExemptionReason;
  explanation: string;
}

/**
 * 应进必进: a project that must be tendered cannot skip the platform. The only way around it is an
 * exemption approved by its supervisory department, one request, one review, one decision (一事一审一批);
 * the deal made off the platform must then be reported within 20 days, and a late report is flagged.
 */
export class ExemptionService {
  constructor(
    private readonly deps: Deps,
    private readonly regions: RegionsService,
    private readonly calendar: CalendarService,
  ) {}

  async request(ctx: ActionContext, input: ExemptionRequest) {
    const assessment = mustTender({ funding: input.funding, parts: [{ kind: input.kind, estimatedPriceFen: input.estimateFen }] });
    if (!assessment.compulsory) {
      throw new AppError(
        "CONFLICT",
        { zh: "该项目不属于依法必须招标的项目，无需申请不招标", en: "The project need not be tendered: no exemption is needed" },
        { extra: { reasons: assessment.reasons } },
      );
    }
    const { platformCode } = await this.regions.route({ approvalLevel: input.approvalLevel, divisionCode: input.approvalDivisionCode });
    return change(this.deps, async (trx) => {
      const department = await trx.selectFrom("department").select("code").where("code", "=", input.departmentCode).executeTakeFirst();
      if (!department) throw new AppError("DEPARTMENT_UNKNOWN");
      const row = await trx
        .insertInto("tender_exemption")
        .values({
          platform_code: platformCode,
          department_code: input.departmentCode,
          tenderer_subject_id: ctx.actor.subjectId as number,
          project_name: input.projectName,
          kind: input.kind,
          estimate_fen: input.estimateFen,
          funding: JSON.stringify(input.funding),
          reason: input.reason,
          explanation: input.explanation,
          must_tender: JSON.stringify(assessment),
          status: "pending",
          requested_by: ctx.actor.userId as number,
          requested_at: this.deps.clock.now(),
          decided_by: null,
          decided_at: null,
          decision_note: null,
          contract_signed_at: null,
          contract_amount_fen: null,
          counterparty_uscc: null,
          reported_at: null,
          report_due: null,
          report_late: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "exemption.request", objectType: "tender_exemption", objectId: row.id });
      return { id: row.id, status: "pending" as const };
    });
  }

  /** The project's supervisory department decides; never the person who asked. */
  decide(ctx: ActionContext, id: number, decision: "approved" | "rejected", note: string) {
    return change(this.deps, async (trx) => {
      const request = await trx.selectFrom("tender_exemption").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!request) throw notFound({ zh: "不招标申请", en: "The exemption request" });
      if (request.department_code !== ctx.actor.departmentCode)
        throw new AppError("FORBIDDEN_SCOPE", { zh: "只能由项目的行业监管部门审批", en: "Only the project's supervisory department decides" });
      if (request.status !== "pending") throw new AppError("CONFLICT", { zh: "该申请已审批", en: "Already decided" });
      const requester = await trx.selectFrom("user_account").select("person_id").where("id", "=", request.requested_by).executeTakeFirstOrThrow();
      if (request.requested_by === ctx.actor.userId || (requester.person_id !== null && requester.person_id === ctx.actor.personId)) {
        throw new AppError("SELF_APPROVAL");
      }
      await trx
        .updateTable("tender_exemption")
        .set({ status: decision, decided_by: ctx.actor.userId, decided_at: this.deps.clock.now(), decision_note: note })
        .where("id", "=", id)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: `exemption.${decision}`, objectType: "tender_exemption", objectId: id });
      return { id, status: decision };
    });
  }

  /** 场外交易报告: the deal made under an approved exemption, due within 20 days of the contract. */
  async report(ctx: ActionContext, id: number, input: { contractSignedAt: Date; amountFen: number; counterpartyUscc: string }) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const request = await trx.selectFrom("tender_exemption").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!request) throw notFound({ zh: "不招标申请", en: "The exemption request" });
      if (request.tenderer_subject_id !== ctx.actor.subjectId) throw new AppError("FORBIDDEN_SCOPE");
      if (request.status !== "approved")
        throw new AppError("STATE_INVALID", { zh: "只有经批准不招标的项目才能报告场外交易", en: "Only an approved exemption can be reported" });
      if (request.reported_at) throw new AppError("CONFLICT", { zh: "已报告", en: "Already reported" });
      const now = this.deps.clock.now();
      const status = offPlatformReportStatus({ triggerTime: input.contractSignedAt, reportedTime: now, asOf: now }, calendar);
      await trx
        .updateTable("tender_exemption")
        .set({
          contract_signed_at: input.contractSignedAt,
          contract_amount_fen: input.amountFen,
          counterparty_uscc: input.counterpartyUscc,
          reported_at: now,
          report_due: status.deadline,
          report_late: status.late,
        })
        .where("id", "=", id)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: status.late ? "exemption.report.late" : "exemption.report",
        objectType: "tender_exemption",
        objectId: id,
        detail: { daysLate: status.daysLate },
      });
      return { id, reportDue: status.deadline, late: status.late, daysLate: status.daysLate };
    });
  }

  async list(actor: Actor) {
    let q = this.deps.db.selectFrom("tender_exemption").selectAll();
    if (actor.role === "supervisor") q = q.where("department_code", "=", actor.departmentCode ?? "");
    else if (actor.role !== "inspector") q = q.where("tenderer_subject_id", "=", actor.subjectId ?? -1);
    const rows = await q.orderBy("id", "desc").limit(200).execute();
    return rows.map((r) => ({
      id: r.id,
      projectName: r.project_name,
      kind: r.kind,
      estimateFen: r.estimate_fen,
      reason: r.reason,
      explanation: r.explanation,
      status: r.status,
      departmentCode: r.department_code,
      requestedAt: r.requested_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionNote: r.decision_note,
      reportDue: r.report_due,
      reportedAt: r.reported_at?.toISOString() ?? null,
      reportLate: r.report_late,
    }));
  }
}
