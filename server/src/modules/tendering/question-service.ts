import type { Transaction } from "kysely";
import { toCivilDate, type WorkingCalendar } from "../../platform/calendar/working-days.ts";
import type { DB, SectionStatus } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import { LIMITS } from "./domain/time-limits.ts";
import { assertTendererSide, lockSection, readSection } from "./section-access.ts";

type Reader = Deps["db"] | Transaction<DB>;

/** Sections whose opening record is out: from then on the bidders are no longer secret (法22, 条例44). */
export const OPENED_STATUSES: readonly SectionStatus[] = ["opened", "evaluated", "publicity", "awarded", "contracted"];

/**
 * Where an actor stands on a section. `supervising` and `inspector` are the authorities that may know
 * who asked and who downloaded; `centre` is the trading centre of the section's platform; `owner` is
 * the tenderer or its agency; `registered` a bidder that registered for the section.
 */
export interface Standing {
  supervising: boolean;
  inspector: boolean;
  centre: boolean;
  owner: boolean;
  registered: boolean;
}

export async function standingOn(
  db: Reader,
  actor: Actor,
  section: { id: number; platform_code: string },
  project: { department_code: string; tenderer_subject_id: number; agency_subject_id: number | null },
): Promise<Standing> {
  const owner =
    (actor.role === "tenderer" || actor.role === "agency") &&
    actor.subjectId !== null &&
    (actor.subjectId === project.tenderer_subject_id || actor.subjectId === project.agency_subject_id);
  let registered = false;
  if (actor.role === "bidder" && actor.subjectId !== null) {
    const row = await db
      .selectFrom("bid_registration")
      .select("id")
      .where("section_id", "=", section.id)
      .where("bidder_subject_id", "=", actor.subjectId)
      .executeTakeFirst();
    registered = row !== undefined;
  }
  return {
    supervising: actor.role === "supervisor" && actor.departmentCode === project.department_code,
    inspector: actor.role === "inspector",
    centre: actor.role === "centre_staff" && actor.platformCode === section.platform_code,
    owner,
    registered,
  };
}

/** Refuses everyone without a standing on the section; a bidder that has not registered learns why. */
export function assertStanding(actor: Actor, s: Standing) {
  if (s.supervising || s.inspector || s.centre || s.owner || s.registered) return;
  if (actor.role === "bidder") throw new AppError("NOT_REGISTERED");
  throw new AppError("FORBIDDEN_SCOPE", { zh: "无权查看该标段的此项信息", en: "You may not see this for the section" });
}

/**
 * How many days before the bid deadline questions close: the clarification notice period (法23, 条例21).
 * A question asked by then can be answered with a clarification that leaves the deadline where it is, and
 * a bidder unhappy with the answer still has until 10 days before the deadline to object (条例22). The
 * law sets no limit for questions; this is the platform's rule (the tender documents' 前附表 may not set
 * a later one here), counted like every day limit (民法典201: calendar days, the start day not counted).
 */
export const QUESTION_CUTOFF_DAYS = LIMITS.clarificationDays;

/** The last civil day on which a question may be asked, for the current bid deadline. */
export function lastQuestionDay(deadline: Date, calendar: WorkingCalendar) {
  return calendar.addCalendarDays(toCivilDate(deadline), -QUESTION_CUTOFF_DAYS);
}

/**
 * 答疑: registered bidders ask about a section's tender documents without the tenderer learning who
 * asked; the tenderer (or its agency) answers and every registered bidder sees the answers. An answer
 * that changes the documents is published as a clarification first (ObjectionService.clarify, which
 * moves the deadline when it comes less than 15 days before it) and the answer points at it.
 * Who asked is kept for the supervising department and the inspectors.
 */
export class QuestionService {
  constructor(
    private readonly deps: Deps,
    private readonly calendar: CalendarService,
  ) {}

  async ask(ctx: ActionContext, sectionId: number, content: string) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section } = await lockSection(trx, sectionId);
      const subjectId = ctx.actor.subjectId ?? -1;
      const registered = await trx
        .selectFrom("bid_registration")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", subjectId)
        .executeTakeFirst();
      if (!registered) throw new AppError("NOT_REGISTERED");
      if (section.status !== "announced")
        throw new AppError("STATE_INVALID", { zh: "只能在投标截止前就招标文件提问", en: "Questions are asked before the bid deadline" });
      const now = this.deps.clock.now();
      const deadline = section.bid_deadline as Date;
      if (now.getTime() >= deadline.getTime()) throw new AppError("DEADLINE_PASSED");
      const latest = lastQuestionDay(deadline, calendar);
      const today = toCivilDate(now);
      if (today > latest) {
        throw new AppError(
          "QUESTIONS_CLOSED",
          {
            zh: `答疑提问截止于投标截止时间${QUESTION_CUTOFF_DAYS}日前（${latest}），此后对招标文件有异议的，可在投标截止时间10日前提出异议（条例第二十二条）`,
            en: `Questions close ${QUESTION_CUTOFF_DAYS} days before the bid deadline (${latest}); objections to the documents remain open until 10 days before it`,
          },
          { extra: { latest } },
        );
      }
      const row = await trx
        .insertInto("tender_question")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          asked_by_subject_id: subjectId,
          asked_by: ctx.actor.userId as number,
          asked_at: now,
          content,
          answer: null,
          answered_by: null,
          answered_at: null,
          clarification_id: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "tender.question.ask", objectType: "tender_question", objectId: row.id });
      return { questionId: row.id, askedAt: now.toISOString(), latestDay: latest };
    });
  }

  /** The tenderer (or its agency) answers before the deadline; a changing answer names its clarification. */
  async answer(ctx: ActionContext, questionId: number, input: { answer: string; clarificationId?: number }) {
    return change(this.deps, async (trx) => {
      const question = await trx.selectFrom("tender_question").selectAll().where("id", "=", questionId).forUpdate().executeTakeFirst();
      if (!question) throw notFound({ zh: "问题", en: "The question" });
      const { section, project } = await lockSection(trx, question.section_id);
      assertTendererSide(ctx.actor, project);
      if (question.answered_at) throw new AppError("CONFLICT", { zh: "该问题已答复", en: "Already answered" });
      if (section.status !== "announced")
        throw new AppError("STATE_INVALID", { zh: "答疑在投标截止前进行", en: "Questions are answered before the bid deadline" });
      const now = this.deps.clock.now();
      if (now.getTime() >= (section.bid_deadline as Date).getTime()) throw new AppError("DEADLINE_PASSED");
      if (input.clarificationId !== undefined) {
        const clarification = await trx.selectFrom("tender_clarification").select("section_id").where("id", "=", input.clarificationId).executeTakeFirst();
        if (!clarification || clarification.section_id !== question.section_id)
          throw new AppError(
            "VALIDATION_FAILED",
            { zh: "所引用的澄清或修改不属于该标段", en: "The clarification named is not one of this section's" },
            { fieldErrors: [{ field: "clarificationId", zh: "不是该标段的澄清", en: "not a clarification of this section" }] },
          );
      }
      await trx
        .updateTable("tender_question")
        .set({ answer: input.answer, answered_by: ctx.actor.userId, answered_at: now, clarification_id: input.clarificationId ?? null })
        .where("id", "=", questionId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.question.answer",
        objectType: "tender_question",
        objectId: questionId,
        detail: input.clarificationId !== undefined ? { clarificationId: input.clarificationId } : undefined,
      });
      return { questionId, answeredAt: now.toISOString(), clarificationId: input.clarificationId ?? null };
    });
  }

  /**
   * The questions of a section. Registered bidders see the answered ones and their own; the tenderer,
   * its agency and the centre see all, never who asked; the supervising department and the inspectors
   * see all with the asker.
   */
  async list(actor: Actor, sectionId: number) {
    const { section, project } = await readSection(this.deps.db, sectionId);
    const standing = await standingOn(this.deps.db, actor, section, project);
    assertStanding(actor, standing);
    const authority = standing.supervising || standing.inspector;
    const bidderView = !authority && !standing.owner && !standing.centre;
    let q = this.deps.db
      .selectFrom("tender_question as q")
      .leftJoin("tender_clarification as c", "c.id", "q.clarification_id")
      .select([
        "q.id",
        "q.content",
        "q.asked_at",
        "q.answer",
        "q.answered_at",
        "q.asked_by_subject_id",
        "q.clarification_id",
        "c.content as clarification_content",
        "c.published_at as clarification_published_at",
        "c.new_deadline as clarification_new_deadline",
      ])
      .where("q.section_id", "=", sectionId);
    if (bidderView) {
      const mine = actor.subjectId ?? -1;
      q = q.where((eb) => eb.or([eb("q.answered_at", "is not", null), eb("q.asked_by_subject_id", "=", mine)]));
    }
    const rows = await q.orderBy("q.id").execute();
    const askers = new Map<number, { uscc: string; name: string; username: string }>();
    if (authority && rows.length) {
      const who = await this.deps.db
        .selectFrom("tender_question as q")
        .innerJoin("subject as s", "s.id", "q.asked_by_subject_id")
        .innerJoin("user_account as u", "u.id", "q.asked_by")
        .select(["q.id", "s.uscc", "s.name", "u.username"])
        .where("q.section_id", "=", sectionId)
        .execute();
      for (const w of who) askers.set(w.id, { uscc: w.uscc, name: w.name, username: w.username });
    }
    const calendar = await this.calendar.calendar();
    const deadline = section.bid_deadline;
    const latestDay = deadline ? lastQuestionDay(deadline, calendar) : null;
    const open = section.status === "announced" && latestDay !== null && toCivilDate(this.deps.clock.now()) <= latestDay;
    return {
      latestDay,
      open,
      items: rows.map((r) => ({
        id: r.id,
        content: r.content,
        askedAt: r.asked_at.toISOString(),
        answer: r.answer,
        answeredAt: r.answered_at?.toISOString() ?? null,
        clarification:
          r.clarification_id !== null
            ? {
                id: r.clarification_id,
                content: r.clarification_content,
                publishedAt: r.clarification_published_at?.toISOString() ?? null,
                bidDeadline: r.clarification_new_deadline?.toISOString() ?? null,
              }
            : null,
        // Only the asker learns which questions are its own; the authorities learn who asked.
        ...(bidderView ? { mine: r.asked_by_subject_id === actor.subjectId } : {}),
        ...(authority ? { asker: askers.get(r.id) ?? null } : {}),
      })),
    };
  }
}
