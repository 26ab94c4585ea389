import type { Selectable, Transaction } from "kysely";
import type { DB, SubjectTable } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { checkIdCard } from "../identity/domain/id-card.ts";
import { checkUscc } from "../identity/domain/uscc.ts";
import type { IdentityService } from "../identity/identity-service.ts";
import { missingRequiredFields, PRIVATE_FIELDS, PROFILE_FIELDS, type ProfileField, type SubjectTradingRole } from "./domain/subject-profile.ts";

export type ProfileInput = Partial<{ [K in ProfileField]: K extends "registeredCapitalFen" ? number | null : string | null }>;

export interface RegisterInput extends ProfileInput {
  uscc: string;
  name: string;
  roles?: SubjectTradingRole[];
  /** The platform the subject registers through; recognised on every platform of the installation. */
  platformCode?: string;
  qualifications?: QualificationInput[];
  /** The subject's first account (its administrator), for self-registration. */
  account?: { username: string; password: string; displayName: string; idCard: string; phone?: string; role: SubjectTradingRole };
}

export interface QualificationInput {
  kind: "qualification" | "certificate" | "license" | "permit";
  name: string;
  certificateNo: string;
  grade?: string;
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
}

type SubjectRow = Selectable<SubjectTable>;

/** Roles that see a subject's private fields besides the subject itself. */
const AUTHORITIES = new Set(["centre_staff", "supervisor", "inspector", "sysadmin"]);

export class SubjectsService {
  constructor(
    private readonly deps: Deps,
    private readonly identity: IdentityService,
  ) {}

  /** 主体注册: once per installation, keyed by 统一社会信用代码. */
  register(ctx: ActionContext, input: RegisterInput) {
    const uscc = checkUscc(input.uscc);
    if (!uscc.ok) {
      throw new AppError(
        "USCC_INVALID",
        { zh: uscc.zh, en: uscc.en },
        { fieldErrors: [{ field: "uscc", zh: uscc.zh, en: uscc.en }], extra: { reason: uscc.reason } },
      );
    }
    if (input.account) {
      const idCard = checkIdCard(input.account.idCard, this.deps.clock.now());
      if (!idCard.ok)
        throw new AppError("ID_CARD_INVALID", { zh: idCard.zh, en: idCard.en }, { fieldErrors: [{ field: "account.idCard", zh: idCard.zh, en: idCard.en }] });
      if (!(input.roles ?? []).includes(input.account.role)) {
        throw new AppError("VALIDATION_FAILED", {
          zh: "首个账户的角色须是主体登记的角色之一",
          en: "The first account's role must be one of the subject's roles",
        });
      }
    }
    return change(this.deps, async (trx) => {
      const existing = await trx.selectFrom("subject").select(["id", "registered_platform_code"]).where("uscc", "=", uscc.value).executeTakeFirst();
      if (existing) {
        throw new AppError(
          "SUBJECT_EXISTS",
          {
            zh: `统一社会信用代码 ${uscc.value} 已注册，全省各交易平台通用，无需重复注册`,
            en: `${uscc.value} is already registered; it is recognised on every platform`,
          },
          { extra: { subjectId: existing.id } },
        );
      }
      const platformCode = input.platformCode ?? ctx.actor.platformCode ?? (await this.rootPlatform(trx));
      const platform = await trx.selectFrom("platform").select("code").where("code", "=", platformCode).executeTakeFirst();
      if (!platform) throw new AppError("PLATFORM_UNKNOWN", { zh: `交易平台 ${platformCode} 不存在`, en: `No platform ${platformCode}` });
      const { id } = await trx
        .insertInto("subject")
        .values({
          ...toColumns(input),
          uscc: uscc.value,
          name: input.name,
          registered_platform_code: platformCode,
          registered_by: ctx.actor.userId,
          updated_at: this.deps.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const role of new Set(input.roles ?? [])) await trx.insertInto("subject_role").values({ subject_id: id, role }).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "subject.register",
        objectType: "subject",
        objectId: id,
        detail: { uscc: uscc.value, roles: input.roles ?? [] },
      });
      for (const q of input.qualifications ?? []) await this.addQualificationIn(trx, ctx, id, q);
      if (input.account) {
        const a = input.account;
        await this.identity.createAccountIn(
          trx,
          ctx,
          {
            username: a.username,
            password: a.password,
            displayName: a.displayName,
            role: a.role,
            platformCode,
            idCard: a.idCard,
            phone: a.phone,
            subjectId: id,
          },
          "account.",
        );
      }
      return this.viewIn(trx, id, ctx.actor);
    });
  }

  private async rootPlatform(trx: Transaction<DB>): Promise<string> {
    const root = await trx.selectFrom("platform").select("code").where("level", "=", "province").orderBy("code").executeTakeFirst();
    if (!root) throw new AppError("PLATFORM_UNKNOWN", { zh: "尚未配置交易平台", en: "No platform is configured yet" });
    return root.code;
  }

  /** Profile changes keep history: the previous state is stored before the update (version check). */
  update(ctx: ActionContext, id: number, expectedVersion: number, patch: ProfileInput & { roles?: SubjectTradingRole[] }) {
    return change(this.deps, async (trx) => {
      const current = await trx.selectFrom("subject").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
      if (!current) throw notFound({ zh: "主体", en: "The subject" });
      this.assertCanEdit(ctx.actor, id);
      if (current.version !== expectedVersion) {
        throw new AppError("VERSION_CONFLICT", undefined, { extra: { currentVersion: current.version } });
      }
      const roles = await trx.selectFrom("subject_role").select("role").where("subject_id", "=", id).orderBy("role").execute();
      const snapshot = { ...current, roles: roles.map((r) => r.role) };
      await trx
        .insertInto("subject_history")
        .values({ subject_id: id, version: current.version, snapshot: JSON.stringify(snapshot), changed_by: ctx.actor.userId })
        .execute();
      await trx
        .updateTable("subject")
        .set({ ...toColumns(patch), version: current.version + 1, updated_at: this.deps.clock.now() })
        .where("id", "=", id)
        .execute();
      if (patch.roles) {
        await trx
          .deleteFrom("subject_role")
          .where("subject_id", "=", id)
          .where("role", "not in", patch.roles.length ? patch.roles : ["-"])
          .execute();
        for (const role of patch.roles)
          await trx
            .insertInto("subject_role")
            .values({ subject_id: id, role })
            .onConflict((oc) => oc.doNothing())
            .execute();
      }
      const changed = Object.keys(patch).filter((k) => k in PROFILE_FIELDS || k === "roles");
      await this.deps.audit.record(trx, ctx, {
        action: "subject.update",
        objectType: "subject",
        objectId: id,
        detail: { fields: changed, version: current.version + 1 },
      });
      return this.viewIn(trx, id, ctx.actor);
    });
  }

  private assertCanEdit(actor: Actor, subjectId: number) {
    const own = actor.subjectId === subjectId;
    if (!own && actor.role !== "centre_staff") {
      throw new AppError("FORBIDDEN_SCOPE", { zh: "只能修改本单位的主体信息", en: "You may only change your own organisation's profile" });
    }
  }

  /** 核验: the trading centre checks the registration against the licence; never the registrant. */
  verify(ctx: ActionContext, id: number, decision: "verified" | "rejected", note?: string) {
    return change(this.deps, async (trx) => {
      const subject = await trx.selectFrom("subject").select(["id", "registered_by", "verification"]).where("id", "=", id).forUpdate().executeTakeFirst();
      if (!subject) throw notFound({ zh: "主体", en: "The subject" });
      if (subject.registered_by !== null && subject.registered_by === ctx.actor.userId) {
        throw new AppError("SELF_APPROVAL", { zh: "不得核验本人登记的主体", en: "You registered this subject, so someone else must verify it" });
      }
      await trx.updateTable("subject").set({ verification: decision, updated_at: this.deps.clock.now() }).where("id", "=", id).execute();
      await this.deps.audit.record(trx, ctx, {
        action: `subject.${decision === "verified" ? "verify" : "reject"}`,
        objectType: "subject",
        objectId: id,
        detail: { note: note ?? "" },
      });
      return this.viewIn(trx, id, ctx.actor);
    });
  }

  addQualification(ctx: ActionContext, subjectId: number, q: QualificationInput) {
    return change(this.deps, async (trx) => {
      const exists = await trx.selectFrom("subject").select("id").where("id", "=", subjectId).executeTakeFirst();
      if (!exists) throw notFound({ zh: "主体", en: "The subject" });
      this.assertCanEdit(ctx.actor, subjectId);
      await this.addQualificationIn(trx, ctx, subjectId, q);
      return this.viewIn(trx, subjectId, ctx.actor);
    });
  }

  private async addQualificationIn(trx: Transaction<DB>, ctx: ActionContext, subjectId: number, q: QualificationInput) {
    if (q.validFrom && q.validUntil && q.validUntil < q.validFrom) {
      throw new AppError("VALIDATION_FAILED", { zh: "证书有效期截止日早于起始日", en: "The certificate expires before it starts" });
    }
    const { id } = await trx
      .insertInto("subject_qualification")
      .values({
        subject_id: subjectId,
        kind: q.kind,
        name: q.name,
        certificate_no: q.certificateNo,
        grade: q.grade ?? null,
        issuer: q.issuer ?? null,
        valid_from: q.validFrom ?? null,
        valid_until: q.validUntil ?? null,
        withdrawn_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(trx, ctx, { action: "subject.qualification.add", objectType: "subject_qualification", objectId: id });
  }

  withdrawQualification(ctx: ActionContext, subjectId: number, qualificationId: number) {
    return change(this.deps, async (trx) => {
      this.assertCanEdit(ctx.actor, subjectId);
      const row = await trx
        .updateTable("subject_qualification")
        .set({ withdrawn_at: this.deps.clock.now() })
        .where("id", "=", qualificationId)
        .where("subject_id", "=", subjectId)
        .where("withdrawn_at", "is", null)
        .returning("id")
        .executeTakeFirst();
      if (!row) throw notFound({ zh: "资质证书", en: "The qualification" });
      await this.deps.audit.record(trx, ctx, { action: "subject.qualification.withdraw", objectType: "subject_qualification", objectId: qualificationId });
      return this.viewIn(trx, subjectId, ctx.actor);
    });
  }

  /** 执业人员: staff of a subject (agencies' practitioners, project managers), keyed by 身份证号. */
  addStaff(ctx: ActionContext, subjectId: number, input: { idCard: string; name: string; position: string; practiceCertificateNo?: string; phone?: string }) {
    const check = checkIdCard(input.idCard, this.deps.clock.now());
    if (!check.ok) throw new AppError("ID_CARD_INVALID", { zh: check.zh, en: check.en }, { fieldErrors: [{ field: "idCard", zh: check.zh, en: check.en }] });
    return change(this.deps, async (trx) => {
      this.assertCanEdit(ctx.actor, subjectId);
      let person = await trx.selectFrom("person").select("id").where("id_card", "=", check.value).executeTakeFirst();
      if (!person) {
        person = await trx
          .insertInto("person")
          .values({ id_card: check.value, name: input.name, phone: input.phone ?? null })
          .returning("id")
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, ctx, { action: "person.create", objectType: "person", objectId: person.id });
      }
      const active = await trx
        .selectFrom("subject_staff")
        .select("id")
        .where("person_id", "=", person.id)
        .where("ended_at", "is", null)
        .where("subject_id", "=", subjectId)
        .executeTakeFirst();
      if (active) throw new AppError("CONFLICT", { zh: "该人员已在本单位登记", en: "This person is already on the staff" });
      const { id } = await trx
        .insertInto("subject_staff")
        .values({
          subject_id: subjectId,
          person_id: person.id,
          position: input.position,
          practice_certificate_no: input.practiceCertificateNo ?? null,
          ended_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "subject.staff.add", objectType: "subject_staff", objectId: id });
      return this.viewIn(trx, subjectId, ctx.actor);
    });
  }

  async view(id: number, viewer: Actor) {
    return this.viewIn(this.deps.db, id, viewer);
  }

  async findByUscc(uscc: string, viewer: Actor) {
    const check = checkUscc(uscc);
    if (!check.ok) throw new AppError("USCC_INVALID", { zh: check.zh, en: check.en });
    const row = await this.deps.db.selectFrom("subject").select("id").where("uscc", "=", check.value).executeTakeFirst();
    if (!row) throw notFound({ zh: "主体", en: "The subject" });
    return this.view(row.id, viewer);
  }

  async history(id: number, viewer: Actor) {
    await this.view(id, viewer);
    if (!this.seesPrivate(viewer, id)) throw new AppError("FORBIDDEN_SCOPE");
    const rows = await this.deps.db
      .selectFrom("subject_history as h")
      .leftJoin("user_account as u", "u.id", "h.changed_by")
      .select(["h.version", "h.changed_at", "h.changed_by", "u.username", "h.snapshot"])
      .where("h.subject_id", "=", id)
      .orderBy("h.version", "desc")
      .execute();
    return rows.map((r) => ({
      version: r.version,
      changedAt: r.changed_at.toISOString(),
      changedBy: r.changed_by,
      changedByUsername: r.username,
      snapshot: r.snapshot,
    }));
  }

  /** The public 主体库 search: by name or code, role and verification state, newest first, with the total. */
  async search(query: { q?: string; role?: string; verification?: "pending" | "verified" | "rejected"; limit: number; offset: number }) {
    let q = this.deps.db.selectFrom("subject");
    if (query.q) q = q.where((eb) => eb.or([eb("name", "like", `%${query.q}%`), eb("uscc", "=", query.q?.toUpperCase() ?? "")]));
    if (query.role)
      q = q.where("id", "in", (eb) =>
        eb
          .selectFrom("subject_role")
          .select("subject_id")
          .where("role", "=", query.role as string),
      );
    if (query.verification) q = q.where("verification", "=", query.verification);
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    const rows = await q
      .select(["id", "uscc", "name", "region_code", "verification", "legal_status", "registered_platform_code", "created_at"])
      .orderBy("id", "desc")
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const items = rows.map((r) => ({
      id: r.id,
      uscc: r.uscc,
      name: r.name,
      regionCode: r.region_code,
      verification: r.verification,
      legalStatus: r.legal_status,
      registeredPlatformCode: r.registered_platform_code,
      createdAt: r.created_at.toISOString(),
    }));
    return { total: Number(total), items };
  }

  private seesPrivate(viewer: Actor, subjectId: number) {
    return viewer.subjectId === subjectId || AUTHORITIES.has(viewer.role);
  }

  private async viewIn(db: Deps["db"] | Transaction<DB>, id: number, viewer: Actor) {
    const row = (await db.selectFrom("subject").selectAll().where("id", "=", id).executeTakeFirst()) as SubjectRow | undefined;
    if (!row) throw notFound({ zh: "主体", en: "The subject" });
    const roles = await db.selectFrom("subject_role").select("role").where("subject_id", "=", id).orderBy("role").execute();
    const qualifications = await db.selectFrom("subject_qualification").selectAll().where("subject_id", "=", id).orderBy("id").execute();
    const staff = await db
      .selectFrom("subject_staff as s")
      .innerJoin("person as p", "p.id", "s.person_id")
      .select(["s.id", "p.name", "p.id_card", "s.position", "s.practice_certificate_no", "s.ended_at"])
      .where("s.subject_id", "=", id)
      .orderBy("s.id")
      .execute();
    const full = this.seesPrivate(viewer, id);
    const profile: Record<string, unknown> = {};
    for (const [field, def] of Object.entries(PROFILE_FIELDS) as [ProfileField, (typeof PROFILE_FIELDS)[ProfileField]][]) {
      if (!full && PRIVATE_FIELDS.includes(field)) continue;
      profile[field] = (row as Record<string, unknown>)[def.column] ?? null;
    }
    const today = this.deps.clock.now().toISOString().slice(0, 10);
    return {
      id: row.id,
      uscc: row.uscc,
      ...profile,
      roles: roles.map((r) => r.role),
      legalStatus: row.legal_status,
      verification: row.verification,
      registeredPlatformCode: row.registered_platform_code,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      missingRequiredFields: full ? missingRequiredFields(profile as Partial<Record<ProfileField, unknown>>) : undefined,
      qualifications: qualifications.map((q) => ({
        id: q.id,
        kind: q.kind,
        name: q.name,
        certificateNo: q.certificate_no,
        grade: q.grade,
        issuer: q.issuer,
        validFrom: q.valid_from,
        validUntil: q.valid_until,
        withdrawn: q.withdrawn_at !== null,
        expired: q.valid_until !== null && q.valid_until < today,
      })),
      staff: full
        ? staff.map((s) => ({
            id: s.id,
            name: s.name,
            idCard: s.id_card,
            position: s.position,
            practiceCertificateNo: s.practice_certificate_no,
            active: s.ended_at === null,
          }))
        : staff
            .filter((s) => s.ended_at === null)
            .map((s) => ({ id: s.id, name: s.name, position: s.position, practiceCertificateNo: s.practice_certificate_no, active: true })),
    };
  }
}

function toColumns(input: ProfileInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, def] of Object.entries(PROFILE_FIELDS)) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) out[def.column] = value;
  }
  return out;
}
