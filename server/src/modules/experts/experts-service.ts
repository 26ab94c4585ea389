import { sql, type Transaction } from "kysely";
import { toCivilDate } from "../../platform/calendar/working-days.ts";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { checkIdCard } from "../identity/domain/id-card.ts";
import type { CustodianKeyring } from "../tendering/custodian-keyring.ts";
import { checkCommittee } from "../tendering/domain/time-limits.ts";
import { commitSeed, type DrawInput, type DrawResult, drawCommittee, drawInputDigest, type Expert, newSeed, replaceExpert } from "./domain/expert-draw.ts";

export interface NewExpert {
  idCard: string;
  name: string;
  /** 专业分类 code (发改法规〔2018〕316号), e.g. A08. */
  specialty: string;
  kind: "technical" | "economic";
  regionCode: string;
  title: string;
  employerUscc?: string;
  employerName?: string;
  departmentCode?: string;
  avoidUsccs?: string[];
}

export interface DrawRequest {
  size: number;
  tendererRepresentatives?: number;
  specialties: string[];
  remoteRegions?: string[];
}

/**
 * 综合评标专家库 (set 212), maintained by the expert-database role only, and the random draw by the
 * extraction role: the seed is committed (SM3 published) before the draw, kept outside the database,
 * and revealed with the result so anyone can re-run the draw.
 */
export class ExpertsService {
  constructor(
    private readonly deps: Deps,
    private readonly secrets: CustodianKeyring,
  ) {}

  createExpert(ctx: ActionContext, input: NewExpert) {
    const id = checkIdCard(input.idCard, this.deps.clock.now());
    if (!id.ok) throw new AppError("ID_CARD_INVALID", { zh: id.zh, en: id.en }, { fieldErrors: [{ field: "idCard", zh: id.zh, en: id.en }] });
    if (!/^[A-C]\d{2}(\d{2}){0,3}$/.test(input.specialty)) {
      throw new AppError("VALIDATION_FAILED", { zh: "专业分类代码应形如 A08、B0201（发改法规〔2018〕316号）", en: "A specialty code looks like A08 or B0201" });
    }
    return change(this.deps, async (trx) => {
      let person = await trx.selectFrom("person").select("id").where("id_card", "=", id.value).executeTakeFirst();
      if (!person) {
        person = await trx.insertInto("person").values({ id_card: id.value, name: input.name, phone: null }).returning("id").executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, ctx, { action: "person.create", objectType: "person", objectId: person.id });
      }
      const exists = await trx.selectFrom("expert").select("id").where("person_id", "=", person.id).executeTakeFirst();
      if (exists) throw new AppError("CONFLICT", { zh: "该专家已在库中", en: "This expert is already in the database" });
      const row = await trx
        .insertInto("expert")
        .values({
          person_id: person.id,
          name: input.name,
          specialty: input.specialty,
          kind: input.kind,
          region_code: input.regionCode,
          employer_uscc: input.employerUscc ?? null,
          employer_name: input.employerName ?? null,
          department_code: input.departmentCode ?? null,
          title: input.title,
          punished_until: null,
          avoid_usccs: JSON.stringify(input.avoidUsccs ?? []),
          entered_at: this.deps.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "expert.create", objectType: "expert", objectId: row.id });
      return { id: row.id };
    });
  }

  updateExpert(ctx: ActionContext, expertId: number, patch: { available?: boolean; punishedUntil?: string | null; avoidUsccs?: string[] }) {
    return change(this.deps, async (trx) => {
      const row = await trx
        .updateTable("expert")
        .set({
          ...(patch.available === undefined ? {} : { available: patch.available }),
          ...(patch.punishedUntil === undefined ? {} : { punished_until: patch.punishedUntil }),
          ...(patch.avoidUsccs === undefined ? {} : { avoid_usccs: JSON.stringify(patch.avoidUsccs) }),
          version: sql`version + 1`,
        })
        .where("id", "=", expertId)
        .returning("id")
        .executeTakeFirst();
      if (!row) throw notFound({ zh: "专家", en: "The expert" });
      await this.deps.audit.record(trx, ctx, { action: "expert.update", objectType: "expert", objectId: expertId, detail: { fields: Object.keys(patch) } });
      return { id: expertId };
    });
  }

  async listExperts() {
    const rows = await this.deps.db.selectFrom("expert").selectAll().orderBy("id").execute();
    return rows.map((e) => ({
      id: e.id,
      name: e.name,
      specialty: e.specialty,
      kind: e.kind,
      regionCode: e.region_code,
      title: e.title,
      employerName: e.employer_name,
      available: e.available,
      punishedUntil: e.punished_until,
    }));
  }

  /** Step 1: snapshot the pool and the rules, commit to a fresh seed (its SM3 is published at once). */
  async commitDraw(ctx: ActionContext, sectionId: number, request: DrawRequest) {
    const committee = checkCommittee({
      experts: request.size - (request.tendererRepresentatives ?? 0),
      tendererRepresentatives: request.tendererRepresentatives ?? 0,
    });
    if (!committee.ok)
      throw new AppError("RULE_VIOLATION", { zh: committee.zh, en: committee.en }, { extra: { rule: committee.rule, basis: committee.basis } });
    const seed = newSeed();
    const commitment = commitSeed(seed);
    const draw = await change(this.deps, async (trx) => {
      const section = await trx.selectFrom("tender_section").selectAll().where("id", "=", sectionId).forUpdate().executeTakeFirst();
      if (!section) throw notFound({ zh: "标段", en: "The section" });
      if (!["announced", "opening", "opened"].includes(section.status))
        throw new AppError("STATE_INVALID", { zh: `标段状态为 ${section.status}，不能抽取专家`, en: `The section is ${section.status}` });
      const taken = await trx.selectFrom("expert_draw").select("id").where("section_id", "=", sectionId).executeTakeFirst();
      if (taken) throw new AppError("CONFLICT", { zh: "该标段已抽取专家", en: "Experts were already drawn for this section" });
      const project = await trx.selectFrom("tender_project").selectAll().where("id", "=", section.tender_project_id).executeTakeFirstOrThrow();
      const tenderer = await trx.selectFrom("subject").select("uscc").where("id", "=", project.tenderer_subject_id).executeTakeFirstOrThrow();
      const bidders = await trx
        .selectFrom("bid_registration as r")
        .innerJoin("subject as s", "s.id", "r.bidder_subject_id")
        .select("s.uscc")
        .where("r.section_id", "=", sectionId)
        .orderBy("s.uscc")
        .execute();
      const experts = await trx.selectFrom("expert").selectAll().orderBy("id").execute();
      const pool: Expert[] = experts.map((e) => ({
        id: String(e.id),
        specialty: e.specialty,
        kind: e.kind,
        region: e.region_code,
        ...(e.employer_uscc ? { employerUscc: e.employer_uscc } : {}),
        available: e.available,
        ...(e.punished_until ? { punishedUntil: e.punished_until } : {}),
        ...(e.department_code ? { departmentCode: e.department_code } : {}),
        avoidUsccs: e.avoid_usccs,
      }));
      const rules = {
        specialties: request.specialties,
        bidderUsccs: bidders.map((b) => b.uscc),
        tendererUscc: tenderer.uscc,
        supervisingDepartment: project.department_code,
        today: toCivilDate(this.deps.clock.now()),
        localRegion: section.platform_code,
        remoteRegions: request.remoteRegions ?? [],
      };
      const row = await trx
        .insertInto("expert_draw")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          size: request.size,
          tenderer_representatives: request.tendererRepresentatives ?? 0,
          rules: JSON.stringify(rules),
          pool: JSON.stringify(pool),
          input_digest: "0".repeat(64),
          commitment,
          seed: null,
          declined: JSON.stringify([]),
          members: null,
          status: "committed",
          requested_by: ctx.actor.userId as number,
          created_at: this.deps.clock.now(),
          drawn_at: null,
          revealed_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const digest = drawInputDigest({
        drawId: drawIdOf(row.id),
        pool,
        size: request.size,
        tendererRepresentatives: request.tendererRepresentatives ?? 0,
        rules,
      });
      await trx.updateTable("expert_draw").set({ input_digest: digest }).where("id", "=", row.id).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "expert.draw.commit",
        objectType: "expert_draw",
        objectId: row.id,
        detail: { commitment, inputDigest: digest },
      });
      return { id: row.id, commitment, inputDigest: digest };
    });
    this.secrets.storeSecret(`draw-${draw.id}`, Buffer.from(seed).toString("hex"));
    return draw;
  }

  /** Step 2: run the draw from the committed seed. Only the number drawn is told to the extractor. */
  runDraw(ctx: ActionContext, drawId: number) {
    return this.redraw(ctx, drawId, (input) => drawCommittee(input), "expert.draw.run");
  }

  /** A member declined: the draw continues on the same DRBG stream, so the replacement is reproducible too. */
  declineMember(ctx: ActionContext, drawId: number, expertId: number) {
    return this.redraw(
      ctx,
      drawId,
      (input, previous) => {
        if (!previous) return { ok: false, code: "NOT_A_MEMBER", message: "nothing drawn yet" };
        return replaceExpert(previous, String(expertId), input);
      },
      "expert.draw.replace",
    );
  }

  private redraw(ctx: ActionContext, drawId: number, step: (input: DrawInput, previous?: Extract<DrawResult, { ok: true }>) => DrawResult, action: string) {
    return change(this.deps, async (trx) => {
      const draw = await trx.selectFrom("expert_draw").selectAll().where("id", "=", drawId).forUpdate().executeTakeFirst();
      if (!draw) throw notFound({ zh: "抽取记录", en: "The draw" });
      const seedHex = this.secrets.secret(`draw-${drawId}`);
      if (!seedHex) throw new AppError("STATE_INVALID", { zh: "抽取种子不可用", en: "The committed seed is unavailable" });
      const input: DrawInput = {
        seed: Buffer.from(seedHex, "hex"),
        drawId: drawIdOf(drawId),
        pool: draw.pool as Expert[],
        size: draw.size,
        tendererRepresentatives: draw.tenderer_representatives,
        rules: draw.rules as unknown as DrawInput["rules"],
        declined: draw.declined,
      };
      const previous = draw.members ? drawCommittee(input) : undefined;
      const result = step(input, previous?.ok ? previous : undefined);
      if (!result.ok) {
        throw new AppError(
          "RULE_VIOLATION",
          { zh: `专家抽取失败：${result.code}`, en: `The draw failed: ${result.message}` },
          { extra: { drawFailure: result } },
        );
      }
      const declined = result.declined.map((d) => d.expertId);
      await trx
        .updateTable("expert_draw")
        .set({ status: "drawn", members: JSON.stringify(result.members), declined: JSON.stringify(declined), drawn_at: this.deps.clock.now() })
        .where("id", "=", drawId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action, objectType: "expert_draw", objectId: drawId });
      return { drawId, drawn: result.members.length, declined: declined.length };
    });
  }

  /** Public: the commitment at once; the seed, pool, rules and members once revealed (anyone can re-run it). */
  async publicDraw(drawId: number, viewer: Actor) {
    const draw = await this.deps.db.selectFrom("expert_draw").selectAll().where("id", "=", drawId).executeTakeFirst();
    if (!draw) throw notFound({ zh: "抽取记录", en: "The draw" });
    const revealed = draw.status === "revealed";
    const authority = viewer.role === "inspector" || viewer.role === "supervisor";
    return {
      id: draw.id,
      sectionId: draw.section_id,
      status: draw.status,
      commitment: draw.commitment,
      inputDigest: draw.input_digest,
      algorithm: "ggzy-expert-draw/v1 (HMAC-DRBG SHA-256, commitment SM3)",
      size: draw.size,
      tendererRepresentatives: draw.tenderer_representatives,
      seed: revealed ? draw.seed : null,
      drawId: drawIdOf(draw.id),
      pool: revealed || authority ? draw.pool : null,
      rules: revealed || authority ? draw.rules : null,
      declined: revealed || authority ? draw.declined : null,
      members: revealed || authority ? draw.members : null,
    };
  }

  /** Publishes the seed with the result (called when the evaluation report is complete). */
  async revealIn(trx: Transaction<DB>, ctx: ActionContext, sectionId: number) {
    const draw = await trx.selectFrom("expert_draw").select(["id", "status"]).where("section_id", "=", sectionId).executeTakeFirst();
    if (!draw || draw.status === "revealed") return;
    const seed = this.secrets.secret(`draw-${draw.id}`);
    await trx.updateTable("expert_draw").set({ status: "revealed", seed, revealed_at: this.deps.clock.now() }).where("id", "=", draw.id).execute();
    await this.deps.audit.record(trx, ctx, { action: "expert.draw.reveal", objectType: "expert_draw", objectId: draw.id });
  }

  /** The expert record of the signed-in account (matched by 身份证号), and the sections it sits on. */
  async expertOf(actor: Actor) {
    if (actor.personId === null) return undefined;
    return this.deps.db.selectFrom("expert").select(["id", "name"]).where("person_id", "=", actor.personId).executeTakeFirst();
  }
}

const drawIdOf = (id: number) => `expert-draw-${id}`;
