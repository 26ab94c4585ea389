import type { Transaction } from "kysely";
import type { WorkingCalendar } from "../../platform/calendar/working-days.ts";
import type { DB, RestrictedAction } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CreditService } from "../credit/credit-service.ts";
import { assertTendererSide } from "../tendering/section-access.ts";
import { RULES, ruleById } from "./domain/rules/catalog.ts";
import { type AlertAction, type AlertState, AlertWorkflowError, nextAlertState, runRules } from "./domain/rules/engine.ts";
import type { Finding, SupervisoryNode } from "./domain/rules/rule-types.ts";
import { loadSectionFacts } from "./section-facts.ts";

export interface AlertCreditInput {
  subjectUscc: string;
  kind: "violation" | "blacklist";
  reason: string;
  documentNo: string;
  restrictedActions: RestrictedAction[];
  endsAt?: Date;
}

export interface CloseAlertInput {
  result: string;
  credit?: AlertCreditInput;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const strictSubset = (a: readonly string[], b: readonly string[]) => a.length > 0 && a.length < b.length && a.every((x) => b.includes(x));
const withoutBidders = (evidence: Record<string, unknown>) => JSON.stringify({ ...evidence, bidders: undefined });

/**
 * 电子监督系统 · 自动预警 (set 402): the event rules run inside the change that reaches their node; the
 * findings are stored as alerts of the project's supervising department, which issues them to the
 * tenderer, receives the feedback and closes them, optionally with a credit record (一处失信、处处受限).
 */
export class AlertsService {
  constructor(
    private readonly deps: Deps,
    private readonly credit: CreditService,
  ) {}

  /**
   * Runs the event rules of `node` on the section as it stands in `trx` and stores the new findings
   * (deduplicated on section, rule and subjects; a pending alert whose subjects grew is widened).
   * A rule that fails on odd facts is skipped: supervision never blocks the trading step.
   */
  async evaluateIn(trx: Transaction<DB>, ctx: ActionContext, sectionId: number, node: SupervisoryNode, calendar: WorkingCalendar): Promise<number[]> {
    const now = this.deps.clock.now();
    const facts = await loadSectionFacts(trx, sectionId, now, calendar);
    const findings = runRules(RULES, node, facts, { onError: () => {} });
    if (findings.length === 0) return [];
    const { platform_code, tender_project_id } = await trx
      .selectFrom("tender_section")
      .select(["platform_code", "tender_project_id"])
      .where("id", "=", sectionId)
      .executeTakeFirstOrThrow();
    const { department_code } = await trx.selectFrom("tender_project").select("department_code").where("id", "=", tender_project_id).executeTakeFirstOrThrow();
    const existing = await trx.selectFrom("alert").select(["id", "rule_id", "state", "subjects", "evidence"]).where("section_id", "=", sectionId).execute();
    const raised: number[] = [];
    for (const f of findings) {
      const subjects = [...(f.subjects ?? [])].sort();
      const same = existing.filter((a) => a.rule_id === f.ruleId);
      if (same.some((a) => sameSet(a.subjects, subjects))) continue;
      const widen = same.find((a) => a.state === "pending" && strictSubset(a.subjects, subjects) && withoutBidders(a.evidence) === withoutBidders(f.evidence));
      if (widen) {
        await trx
          .updateTable("alert")
          .set({ subjects: JSON.stringify(subjects), message: JSON.stringify(f.message), evidence: JSON.stringify(f.evidence) })
          .where("id", "=", widen.id)
          .execute();
        widen.subjects = subjects;
        await this.deps.audit.record(trx, ctx, {
          action: "supervision.alert.widen",
          objectType: "alert",
          objectId: widen.id,
          detail: { ruleId: f.ruleId, node },
        });
        continue;
      }
      const row = await trx
        .insertInto("alert")
        .values({
          section_id: sectionId,
          platform_code,
          department_code,
          rule_id: f.ruleId,
          node: f.node ?? node,
          severity: f.severity ?? "yellow",
          message: JSON.stringify(f.message),
          evidence: JSON.stringify(f.evidence),
          subjects: JSON.stringify(subjects),
          raised_at: now,
          issued_at: null,
          issued_by: null,
          notice: null,
          feedback: null,
          feedback_at: null,
          feedback_by: null,
          closed_at: null,
          closed_by: null,
          handling_result: null,
          credit_record_id: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) continue;
      existing.push({ id: row.id, rule_id: f.ruleId, state: "pending", subjects, evidence: f.evidence });
      raised.push(row.id);
      await this.deps.audit.record(trx, ctx, {
        action: "supervision.alert.raise",
        objectType: "alert",
        objectId: row.id,
        detail: { ruleId: f.ruleId, node, severity: f.severity },
      });
    }
    return raised;
  }

  /**
   * Stores one finding of a batch (cross-project) rule as an alert hung on `anchor` — the latest section
   * the finding concerns — for that section's supervising department, audited like the event alerts.
   * The batch runner dedupes on its finding key (the (section, rule, subjects) index skips cross_project).
   */
  async raiseBatchIn(
    trx: Transaction<DB>,
    ctx: ActionContext,
    anchor: { sectionId: number; platformCode: string; departmentCode: string },
    f: Finding,
    detail: Record<string, unknown> = {},
  ): Promise<number> {
    const row = await trx
      .insertInto("alert")
      .values({
        section_id: anchor.sectionId,
        platform_code: anchor.platformCode,
        department_code: anchor.departmentCode,
        rule_id: f.ruleId,
        node: f.node ?? "cross_project",
        severity: f.severity ?? "yellow",
        message: JSON.stringify(f.message),
        evidence: JSON.stringify(f.evidence),
        subjects: JSON.stringify([...(f.subjects ?? [])].sort()),
        raised_at: this.deps.clock.now(),
        issued_at: null,
        issued_by: null,
        notice: null,
        feedback: null,
        feedback_at: null,
        feedback_by: null,
        closed_at: null,
        closed_by: null,
        handling_result: null,
        credit_record_id: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(trx, ctx, {
      action: "supervision.alert.raise",
      objectType: "alert",
      objectId: row.id,
      detail: { ruleId: f.ruleId, node: f.node ?? "cross_project", severity: f.severity, ...detail },
    });
    return row.id;
  }

  /** The alerts the actor supervises: its department (supervisor), its platform (centre), all (inspector). */
  async list(actor: Actor, filter: { sectionId?: number; state?: AlertState } = {}) {
    let q = this.deps.db
      .selectFrom("alert as a")
      .innerJoin("tender_section as s", "s.id", "a.section_id")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .selectAll("a")
      .select(["s.section_code", "s.name as section_name", "s.unified_deal_code", "p.id as project_id", "p.tender_project_code", "p.name as project_name"])
      .orderBy("a.id");
    if (actor.role === "supervisor") q = q.where("a.department_code", "=", actor.departmentCode ?? "");
    else if (actor.role === "centre_staff") q = q.where("a.platform_code", "=", actor.platformCode ?? "");
    else if (actor.role !== "inspector") throw new AppError("FORBIDDEN_SCOPE");
    if (filter.sectionId !== undefined) q = q.where("a.section_id", "=", filter.sectionId);
    if (filter.state) q = q.where("a.state", "=", filter.state);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      sectionId: r.section_id,
      sectionCode: r.section_code,
      sectionName: r.section_name,
      unifiedDealCode: r.unified_deal_code,
      projectId: r.project_id,
      tenderProjectCode: r.tender_project_code,
      projectName: r.project_name,
      platformCode: r.platform_code,
      departmentCode: r.department_code,
      ruleId: r.rule_id,
      ruleName: ruleById(r.rule_id)?.name ?? null,
      basis: ruleById(r.rule_id)?.basis ?? null,
      node: r.node,
      severity: r.severity,
      state: r.state,
      message: r.message,
      evidence: r.evidence,
      subjects: r.subjects,
      raisedAt: r.raised_at.toISOString(),
      issuedAt: r.issued_at?.toISOString() ?? null,
      notice: r.notice,
      feedback: r.feedback,
      feedbackAt: r.feedback_at?.toISOString() ?? null,
      closedAt: r.closed_at?.toISOString() ?? null,
      handlingResult: r.handling_result,
      creditRecordId: r.credit_record_id,
    }));
  }

  /** Projects under the actor's supervision with their sections' status and open alert counts. */
  async projects(actor: Actor) {
    let q = this.deps.db.selectFrom("tender_project").select(["id", "tender_project_code", "name", "department_code", "platform_code", "method"]).orderBy("id");
    if (actor.role === "supervisor") q = q.where("department_code", "=", actor.departmentCode ?? "");
    else if (actor.role !== "inspector") throw new AppError("FORBIDDEN_SCOPE");
    const projects = await q.execute();
    if (projects.length === 0) return [];
    const sections = await this.deps.db
      .selectFrom("tender_section")
      .select(["id", "tender_project_id", "section_code", "name", "status"])
      .where(
        "tender_project_id",
        "in",
        projects.map((p) => p.id),
      )
      .orderBy("id")
      .execute();
    const open =
      sections.length === 0
        ? []
        : await this.deps.db
            .selectFrom("alert")
            .select(["section_id", "severity", (eb) => eb.fn.countAll<number>().as("n")])
            .where(
              "section_id",
              "in",
              sections.map((s) => s.id),
            )
            .where("state", "!=", "closed")
            .groupBy(["section_id", "severity"])
            .execute();
    const countsOf = (sectionId: number) => {
      const c = { green: 0, yellow: 0, red: 0, total: 0 };
      for (const r of open.filter((o) => o.section_id === sectionId)) {
        c[r.severity] += Number(r.n);
        c.total += Number(r.n);
      }
      return c;
    };
    return projects.map((p) => ({
      id: p.id,
      tenderProjectCode: p.tender_project_code,
      name: p.name,
      departmentCode: p.department_code,
      platformCode: p.platform_code,
      method: p.method,
      sections: sections
        .filter((s) => s.tender_project_id === p.id)
        .map((s) => ({ id: s.id, sectionCode: s.section_code, name: s.name, status: s.status, openAlerts: countsOf(s.id) })),
    }));
  }

  /** 发出预警: the supervising department sends the alert to the tenderer. */
  issue(ctx: ActionContext, alertId: number, input: { notice?: string } = {}) {
    return change(this.deps, async (trx) => {
      const { alert, project } = await this.lockAlert(trx, alertId);
      this.assertDepartment(ctx.actor, alert.department_code);
      const now = this.deps.clock.now();
      const to = transition(alert.state, { type: "issue", at: now, by: ctx.actor.username, ...(input.notice ? { notice: input.notice } : {}) });
      await trx
        .updateTable("alert")
        .set({ state: to.state, issued_at: now, issued_by: ctx.actor.userId, notice: input.notice ?? null })
        .where("id", "=", alertId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "supervision.alert.issue", objectType: "alert", objectId: alertId });
      await this.deps.events.publish(trx, {
        topic: `subject:${project.tenderer_subject_id}`,
        type: "supervision.alert.issued",
        at: now.toISOString(),
        data: { alertId, sectionId: alert.section_id, ruleId: alert.rule_id, notice: input.notice ?? null },
      });
      return { id: alertId, state: to.state };
    });
  }

  /** 反馈: the project's tenderer (or its agency) answers an issued alert. */
  respond(ctx: ActionContext, alertId: number, input: { feedback: string }) {
    return change(this.deps, async (trx) => {
      const { alert, project } = await this.lockAlert(trx, alertId);
      assertTendererSide(ctx.actor, project);
      const now = this.deps.clock.now();
      const to = transition(alert.state, { type: "feedback", at: now, by: ctx.actor.username, content: input.feedback });
      await trx
        .updateTable("alert")
        .set({ state: to.state, feedback: input.feedback, feedback_at: now, feedback_by: ctx.actor.userId })
        .where("id", "=", alertId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "supervision.alert.respond", objectType: "alert", objectId: alertId });
      return { id: alertId, state: to.state };
    });
  }

  /** 办结: the supervising department closes the alert, optionally filing a credit record in the same change. */
  close(ctx: ActionContext, alertId: number, input: CloseAlertInput) {
    return change(this.deps, async (trx) => {
      const { alert, project } = await this.lockAlert(trx, alertId);
      this.assertDepartment(ctx.actor, alert.department_code);
      const now = this.deps.clock.now();
      const c = input.credit;
      if (c) {
        const uscc = c.subjectUscc.toUpperCase();
        const parties = await trx
          .selectFrom("subject")
          .select("uscc")
          .where("id", "in", [project.tenderer_subject_id, ...(project.agency_subject_id ? [project.agency_subject_id] : [])])
          .execute();
        if (!alert.subjects.includes(uscc) && !parties.some((p) => p.uscc === uscc)) {
          throw new AppError("VALIDATION_FAILED", {
            zh: "信用记录只能针对预警涉及的主体或项目的招标人、代理机构",
            en: "The credit record is about a subject of the alert or the project's tenderer / agency",
          });
        }
      }
      const to = transition(alert.state, {
        type: "close",
        at: now,
        by: ctx.actor.username,
        result: input.result,
        ...(c
          ? {
              creditRecord: {
                subjects: [c.subjectUscc.toUpperCase()],
                kind: c.kind,
                reason: c.reason,
                documentNo: c.documentNo,
                restrictedActions: c.restrictedActions,
                startsAt: now,
                endsAt: c.endsAt ?? null,
                public: true,
              },
            }
          : {}),
      });
      let creditRecordId: number | null = null;
      if (to.creditRecord) {
        const cr = to.creditRecord;
        const recorded = await this.credit.recordIn(trx, ctx, {
          subjectUscc: cr.subjects[0] as string,
          kind: cr.kind,
          reason: cr.reason,
          documentNo: cr.documentNo,
          restrictedActions: cr.restrictedActions,
          startsAt: cr.startsAt,
          ...(cr.endsAt ? { endsAt: cr.endsAt } : {}),
          public: cr.public,
        });
        creditRecordId = recorded.id;
      }
      await trx
        .updateTable("alert")
        .set({ state: to.state, closed_at: now, closed_by: ctx.actor.userId, handling_result: input.result, credit_record_id: creditRecordId })
        .where("id", "=", alertId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "supervision.alert.close", objectType: "alert", objectId: alertId, detail: { creditRecordId } });
      return { id: alertId, state: to.state, creditRecordId };
    });
  }

  private async lockAlert(trx: Transaction<DB>, alertId: number) {
    const alert = await trx.selectFrom("alert").selectAll().where("id", "=", alertId).forUpdate().executeTakeFirst();
    if (!alert) throw notFound({ zh: "预警", en: "The alert" });
    const project = await trx
      .selectFrom("tender_section as s")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .select(["p.tenderer_subject_id", "p.agency_subject_id"])
      .where("s.id", "=", alert.section_id)
      .executeTakeFirstOrThrow();
    return { alert, project };
  }

  private assertDepartment(actor: Actor, departmentCode: string) {
    if (actor.departmentCode !== departmentCode) {
      throw new AppError("FORBIDDEN_SCOPE", { zh: "只有项目的监管部门可以处理该预警", en: "Only the project's supervising department handles this alert" });
    }
  }
}

/** {@link nextAlertState} with its errors as the platform's error codes. */
function transition(state: AlertState, action: AlertAction) {
  try {
    return nextAlertState(state, action);
  } catch (error) {
    if (error instanceof AlertWorkflowError) {
      throw new AppError(
        error.code === "INVALID_TRANSITION" ? "STATE_INVALID" : "VALIDATION_FAILED",
        { zh: error.message, en: error.message },
        { extra: { state: error.from, action: error.action } },
      );
    }
    throw error;
  }
}
