import type { Transaction } from "kysely";
import { beijingMinute, toCivilDate } from "../../platform/calendar/working-days.ts";
import { type Custodian, decryptShare, openBid, type SealedBid, ShareDecryptFailed } from "../../platform/crypto/bid-seal.ts";
import { isSealSuite, SealBroken, sm3Hex } from "../../platform/crypto/envelope.ts";
import type { Share } from "../../platform/crypto/shamir.ts";
import { nextCodeSequence } from "../../platform/db/code-sequence.ts";
import type { DB, EvaluationMethod, SectionStatus } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CalendarService } from "../calendar/calendar-service.ts";
import { assertNotRestricted } from "../credit/credit-service.ts";
import type { RegionsService } from "../regions/regions-service.ts";
import type { AlertsService } from "../supervision/alerts-service.ts";
import { type CustodianKeyring, centreHolder, departmentHolder } from "./custodian-keyring.ts";
import { checkClassifyCode, formatBidSectionCode, formatProjectCode, formatTenderProjectCode, formatUnifiedDealCode } from "./domain/codes.ts";
import { checkBidBond, checkBidsForOpening, checkDocumentSalePeriod, checkInvitees, checkTenderPeriod, type LimitResult } from "./domain/time-limits.ts";
import { mustTender, type ProcurementKind, type ProjectFunding } from "./domain/trade-catalog.ts";
import { pendingDocumentObjection } from "./objection-service.ts";
import { openingHallTopic } from "./opening-hall.ts";
import { assertPrequalificationSettled, assertPrequalified } from "./prequalification-service.ts";
import { assertTendererSide, lockSection, readSection, stateError } from "./section-access.ts";

/** How long bidders have to decrypt online once the opening starts (电子招标投标办法 第31条). */
export const DECRYPTION_WINDOW_MINUTES = 30;

export interface NewTenderProject {
  name: string;
  kind: ProcurementKind;
  /** The tenderer, when an agency registers the project on its behalf. */
  tendererUscc?: string;
  departmentCode: string;
  approvalLevel: "province" | "city" | "county";
  approvalDivisionCode: string;
  approvalNumber?: string;
  estimateFen: number;
  /** The funding facts that decide whether tendering is compulsory (发改委令16号). */
  funding: ProjectFunding;
  method: "open" | "invited";
  sections: { name: string; classifyCode: string; estimateFen: number; bondFen: number }[];
}

export interface SealedBidInput {
  suite: string;
  iv: string;
  ciphertext: string;
  tag: string;
  shares: Record<Custodian, string>;
  sm3: string;
  sha256: string;
  md5: string;
  size: number;
  /** 投标文件特征码 (data set 519), as reported by the bidder tool. */
  fingerprint: { ip?: string; mac: string; cpuId: string; diskSerial: string; fileMd5: string };
}

/** The structured offer inside a bid file: what is read out at the opening (开标一览表). */
export interface Offer {
  priceFen: number;
  durationDays?: number;
  quality?: string;
  projectManager?: string;
}

const b64 = (s: string) => Buffer.from(s, "base64");
const limitError = (result: LimitResult) => {
  if (result.ok) return undefined;
  return new AppError(
    "TIME_LIMIT",
    { zh: result.zh, en: result.en },
    { extra: { rule: result.rule, basis: result.basis, earliest: result.earliest, latest: result.latest } },
  );
};

/**
 * 工程建设项目招标投标: project entry, announcement, bidder registration, sealed bids and the
 * online opening (不见面开标). Every deadline is checked against the server clock.
 */
export class TenderingService {
  constructor(
    private readonly deps: Deps,
    private readonly regions: RegionsService,
    private readonly calendar: CalendarService,
    readonly keyring: CustodianKeyring,
    private readonly alerts: AlertsService,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

  /** Tells the opening hall (SSE) what happened; delivered when the change commits. */
  private hall(trx: Transaction<DB>, sectionId: number, type: string, data: Record<string, unknown>) {
    return this.deps.events.publish(trx, { topic: openingHallTopic(sectionId), type, at: this.now().toISOString(), data });
  }

  /** 项目登记: routed to its platform by approval level; ids after the national data spec. */
  async createProject(ctx: ActionContext, input: NewTenderProject) {
    const { actor } = ctx;
    const { platformCode } = await this.regions.route({ approvalLevel: input.approvalLevel, divisionCode: input.approvalDivisionCode });
    return change(this.deps, async (trx) => {
      let tendererId = actor.subjectId as number;
      let agencyId: number | null = null;
      if (actor.role === "agency") {
        if (!input.tendererUscc)
          throw new AppError("VALIDATION_FAILED", { zh: "代理机构登记项目须注明招标人", en: "An agency names the tenderer it acts for" });
        const tenderer = await trx.selectFrom("subject").select("id").where("uscc", "=", input.tendererUscc.toUpperCase()).executeTakeFirst();
        if (!tenderer) throw notFound({ zh: "招标人", en: "The tenderer" });
        tendererId = tenderer.id;
        agencyId = actor.subjectId;
      }
      const department = await trx.selectFrom("department").select(["code", "platform_code"]).where("code", "=", input.departmentCode).executeTakeFirst();
      if (!department) throw new AppError("DEPARTMENT_UNKNOWN", { zh: `监管部门 ${input.departmentCode} 不存在`, en: `No department ${input.departmentCode}` });
      for (const section of input.sections) {
        const code = checkClassifyCode(section.classifyCode);
        if (!code.ok)
          throw new AppError(
            "VALIDATION_FAILED",
            { zh: code.zh, en: code.en },
            { fieldErrors: [{ field: "sections.classifyCode", zh: code.zh, en: code.en }] },
          );
        const bond = checkBidBond({ bondFen: section.bondFen, estimatedPriceFen: section.estimateFen });
        if (!bond.ok) throw new AppError("RULE_VIOLATION", { zh: bond.zh, en: bond.en }, { extra: { rule: bond.rule, basis: bond.basis, limit: bond.limit } });
      }
      const compulsory = mustTender({ funding: input.funding, parts: [{ kind: input.kind, estimatedPriceFen: input.estimateFen }] }).compulsory;

      const now = this.now();
      const year = Number(toCivilDate(now).slice(0, 4));
      const projectCode = formatProjectCode({ divisionCode: platformCode, year, sequence: await nextCodeSequence(trx, `project:${platformCode}:${year}`) });
      const tenderProjectCode = formatTenderProjectCode(projectCode, 1);
      const project = await trx
        .insertInto("tender_project")
        .values({
          platform_code: platformCode,
          project_code: projectCode,
          tender_project_code: tenderProjectCode,
          name: input.name,
          kind: input.kind,
          tenderer_subject_id: tendererId,
          agency_subject_id: agencyId,
          department_code: input.departmentCode,
          approval_level: input.approvalLevel,
          approval_division_code: input.approvalDivisionCode,
          approval_number: input.approvalNumber ?? null,
          estimate_fen: input.estimateFen,
          compulsory,
          state_owned_controlling: input.funding.stateOwnedControlling,
          method: input.method,
          created_by: actor.userId as number,
          created_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.project.create",
        objectType: "tender_project",
        objectId: project.id,
        detail: { projectCode, platformCode },
      });
      for (const [i, section] of input.sections.entries()) {
        const today = toCivilDate(now);
        const dealCode = formatUnifiedDealCode({
          divisionCode: platformCode,
          date: today,
          sequence: await nextCodeSequence(trx, `deal:${platformCode}:${today}`),
        });
        const row = await trx
          .insertInto("tender_section")
          .values({
            tender_project_id: project.id,
            platform_code: platformCode,
            section_code: formatBidSectionCode(tenderProjectCode, i + 1),
            unified_deal_code: dealCode,
            classify_code: section.classifyCode,
            name: section.name,
            estimate_fen: section.estimateFen,
            bond_fen: section.bondFen,
            notice_published_at: null,
            doc_sale_start: null,
            doc_sale_end: null,
            bid_deadline: null,
            opening_started_at: null,
            decrypt_deadline: null,
            opened_at: null,
            failure_reason: null,
            created_at: now,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await this.deps.audit.record(trx, ctx, {
          action: "tender.section.create",
          objectType: "tender_section",
          objectId: row.id,
          detail: { unifiedDealCode: dealCode },
        });
      }
      // The custodians' keys exist before any bid is sealed.
      await this.keyring.publicKeyIn(trx, ctx, centreHolder(platformCode), platformCode);
      await this.keyring.publicKeyIn(trx, ctx, departmentHolder(input.departmentCode), department.platform_code);
      return this.projectIn(trx, project.id);
    });
  }

  /** 招标公告 (or, for an invited tender, the 投标邀请书 to at least 3 named subjects, 法17): the sale period and the bid deadline, held to 条例16 and 法24. */
  async publishNotice(
    ctx: ActionContext,
    sectionId: number,
    input: { docSaleStart: Date; docSaleEnd: Date; bidDeadline: Date; evaluation?: EvaluationMethod; invitees?: string[] },
  ) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      assertTendererSide(ctx.actor, project);
      if (section.status !== "draft") throw stateError(section.status, "draft");
      await assertPrequalificationSettled(trx, sectionId);
      const now = this.now();
      if (toCivilDate(input.docSaleStart) < toCivilDate(now)) {
        throw new AppError("VALIDATION_FAILED", { zh: "文件发售开始日期不能早于今天", en: "The documents' sale cannot start in the past" });
      }
      if (input.docSaleEnd.getTime() >= input.bidDeadline.getTime()) {
        throw new AppError("VALIDATION_FAILED", { zh: "文件发售截止时间须早于投标截止时间", en: "The sale must end before the bid deadline" });
      }
      const invitees = project.method === "invited" ? await this.inviteesIn(trx, input.invitees ?? []) : [];
      const problem =
        limitError(checkDocumentSalePeriod({ saleStart: input.docSaleStart, saleEnd: input.docSaleEnd }, calendar)) ??
        limitError(checkTenderPeriod({ issueTime: input.docSaleStart, bidDeadline: input.bidDeadline, compulsory: project.compulsory }, calendar));
      if (problem) throw problem;
      await trx
        .updateTable("tender_section")
        .set({
          status: "announced",
          notice_published_at: now,
          doc_sale_start: input.docSaleStart,
          doc_sale_end: input.docSaleEnd,
          bid_deadline: input.bidDeadline,
          ...(input.evaluation ? { evaluation_method: JSON.stringify(input.evaluation) } : {}),
        })
        .where("id", "=", sectionId)
        .execute();
      await this.deps.audit.record(trx, ctx, { action: "tender.notice.publish", objectType: "tender_section", objectId: sectionId });
      for (const subjectId of invitees) {
        await trx
          .insertInto("tender_invitation")
          .values({ section_id: sectionId, subject_id: subjectId, platform_code: section.platform_code, invited_at: now })
          .execute();
      }
      return this.sectionView(trx, sectionId);
    });
  }

  /** 报名: during the documents' sale period. Who registered stays secret until the opening. */
  register(ctx: ActionContext, sectionId: number) {
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      if (section.status !== "announced") throw stateError(section.status, "announced");
      const now = this.now().getTime();
      if (now < (section.doc_sale_start as Date).getTime())
        throw new AppError("NOT_YET_DUE", { zh: "招标文件尚未开始发售", en: "The documents are not on sale yet" });
      if (now > (section.doc_sale_end as Date).getTime())
        throw new AppError("DEADLINE_PASSED", { zh: "招标文件发售已结束", en: "The documents' sale has ended" });
      const subjectId = ctx.actor.subjectId as number;
      await assertNotRestricted(trx, subjectId, "register", this.now());
      await assertPrequalified(trx, sectionId, subjectId);
      if (project.method === "invited") {
        const invited = await trx
          .selectFrom("tender_invitation")
          .select("subject_id")
          .where("section_id", "=", sectionId)
          .where("subject_id", "=", subjectId)
          .executeTakeFirst();
        if (!invited) throw new AppError("FORBIDDEN_SCOPE", { zh: "邀请招标只接受被邀请单位报名", en: "Only invitees may register for an invited tender" });
      }
      const existing = await trx
        .selectFrom("bid_registration")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", subjectId)
        .executeTakeFirst();
      if (existing) return { registrationId: existing.id, sectionId };
      const row = await trx
        .insertInto("bid_registration")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          bidder_subject_id: subjectId,
          registered_by: ctx.actor.userId as number,
          registered_at: this.now(),
          ip: ctx.ip,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "tender.registration.create", objectType: "bid_registration", objectId: row.id });
      return { registrationId: row.id, sectionId };
    });
  }

  private async inviteesIn(trx: Transaction<DB>, usccs: string[]): Promise<number[]> {
    const distinct = [...new Set(usccs.map((u) => u.toUpperCase()))];
    const enough = checkInvitees(distinct.length);
    if (!enough.ok) throw new AppError("RULE_VIOLATION", { zh: enough.zh, en: enough.en }, { extra: { rule: enough.rule, basis: enough.basis } });
    const rows = distinct.length ? await trx.selectFrom("subject").select(["id", "uscc"]).where("uscc", "in", distinct).execute() : [];
    const missing = distinct.filter((u) => !rows.some((r) => r.uscc === u));
    if (missing.length)
      throw new AppError("NOT_FOUND", { zh: `被邀请单位未在主体库注册：${missing.join("、")}`, en: `Invitees not registered: ${missing.join(", ")}` });
    return rows.map((r) => r.id);
  }

  /** The three SM2 public keys a bidder's tool seals to, and the context string it binds. */
  async sealingKeys(actor: Actor, sectionId: number) {
    const { section, project } = await readSection(this.deps.db, sectionId);
    await this.assertRegistered(actor, sectionId);
    const certificate = await this.deps.db
      .selectFrom("user_certificate")
      .select(["serial", "public_key"])
      .where("user_id", "=", actor.userId as number)
      .where("algorithm", "=", "SM2")
      .where("revoked_at", "is", null)
      .orderBy("id", "desc")
      .executeTakeFirst();
    if (!certificate)
      throw new AppError("CERTIFICATE_REQUIRED", {
        zh: "密封投标文件需使用本人登记的 SM2 数字证书",
        en: "Sealing a bid needs your registered SM2 certificate",
      });
    const keys = await this.deps.db
      .selectFrom("custodian_key")
      .select(["holder", "public_key"])
      .where("holder", "in", [centreHolder(section.platform_code), departmentHolder(project.department_code)])
      .execute();
    const keyOf = (holder: string) => keys.find((k) => k.holder === holder)?.public_key as string;
    return {
      sectionCode: section.section_code,
      context: sealContext(section.section_code, actor.subjectUscc as string),
      suites: ["SM4-CTR-HMAC-SM3", "AES-256-GCM"],
      custodians: {
        bidder: certificate.public_key,
        centre: keyOf(centreHolder(section.platform_code)),
        supervisor: keyOf(departmentHolder(project.department_code)),
      },
      certificateSerial: certificate.serial,
      bidDeadline: section.bid_deadline?.toISOString() ?? null,
    };
  }

  /** 递交投标文件: sealed by the bidder's tool; a new submission replaces the previous one until the deadline. */
  async submitBid(ctx: ActionContext, sectionId: number, input: SealedBidInput) {
    if (!isSealSuite(input.suite)) throw new AppError("BID_SEAL_INVALID", { zh: `不支持的密码套件 ${input.suite}`, en: `Unsupported suite ${input.suite}` });
    for (const c of ["bidder", "centre", "supervisor"] as const) {
      if (!/^[0-9a-f]{200,}$/i.test(input.shares[c] ?? ""))
        throw new AppError("BID_SEAL_INVALID", { zh: `缺少${c}的密钥分片`, en: `The ${c} key share is missing or malformed` });
    }
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section } = await lockSection(trx, sectionId);
      if (section.status !== "announced") throw stateError(section.status, "announced");
      const now = this.now();
      if (now.getTime() >= (section.bid_deadline as Date).getTime()) {
        throw new AppError("DEADLINE_PASSED", {
          zh: `投标截止时间（北京时间 ${beijingMinute(section.bid_deadline as Date)}）已过，不再接收投标文件`,
          en: `The bid deadline (${beijingMinute(section.bid_deadline as Date)} Beijing time) has passed`,
        });
      }
      await this.assertRegistered(ctx.actor, sectionId, trx);
      const subjectId = ctx.actor.subjectId as number;
      await assertNotRestricted(trx, subjectId, "bid", now);
      const previous = await trx
        .selectFrom("bid")
        .select("id")
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", subjectId)
        .where("status", "=", "submitted")
        .executeTakeFirst();
      if (previous) {
        await trx.updateTable("bid").set({ status: "replaced", ended_at: now }).where("id", "=", previous.id).execute();
        await this.deps.audit.record(trx, ctx, { action: "tender.bid.replace", objectType: "bid", objectId: previous.id });
      }
      const ciphertext = b64(input.ciphertext);
      const row = await trx
        .insertInto("bid")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          bidder_subject_id: subjectId,
          status: "submitted",
          suite: input.suite,
          sealed: JSON.stringify({ iv: input.iv, ciphertext: input.ciphertext, tag: input.tag, shares: input.shares }),
          plaintext_sm3: input.sm3.toLowerCase(),
          plaintext_sha256: input.sha256.toLowerCase(),
          plaintext_md5: input.md5.toLowerCase(),
          size: input.size,
          ciphertext_sm3: sm3Hex(ciphertext),
          fingerprint: JSON.stringify({ ...input.fingerprint, ip: input.fingerprint.ip ?? ctx.ip, uploadIp: ctx.ip }),
          submitted_at: now,
          submitted_by: ctx.actor.userId as number,
          ended_at: null,
          price_fen: null,
          offer: null,
          decrypted_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "tender.bid.submit", objectType: "bid", objectId: row.id });
      await this.alerts.evaluateIn(trx, ctx, sectionId, "bid_submission", calendar);
      // 回执: the receipt the bidder keeps.
      return {
        bidId: row.id,
        receivedAt: now.toISOString(),
        sectionCode: section.section_code,
        sm3: input.sm3.toLowerCase(),
        sha256: input.sha256.toLowerCase(),
        size: input.size,
        ciphertextSm3: sm3Hex(ciphertext),
        replacedBidId: previous?.id ?? null,
      };
    });
  }

  /** 撤回: before the deadline a bidder may take its bid back. */
  withdrawBid(ctx: ActionContext, sectionId: number) {
    return change(this.deps, async (trx) => {
      const { section } = await lockSection(trx, sectionId);
      if (this.now().getTime() >= (section.bid_deadline?.getTime() ?? 0))
        throw new AppError("DEADLINE_PASSED", { zh: "投标截止后不得撤回投标文件", en: "A bid cannot be withdrawn after the deadline" });
      const bid = await trx
        .updateTable("bid")
        .set({ status: "withdrawn", ended_at: this.now() })
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", ctx.actor.subjectId as number)
        .where("status", "=", "submitted")
        .returning("id")
        .executeTakeFirst();
      if (!bid) throw notFound({ zh: "投标文件", en: "The bid" });
      await this.deps.audit.record(trx, ctx, { action: "tender.bid.withdraw", objectType: "bid", objectId: bid.id });
      return { bidId: bid.id, withdrawnAt: this.now().toISOString() };
    });
  }

  /**
   * 开标: at the deadline, in the online opening hall. Fewer than 3 bids: no opening, the section
   * fails and must be tendered again (法28, 条例44). Otherwise bidders decrypt online in the window.
   */
  startOpening(ctx: ActionContext, sectionId: number) {
    return change(this.deps, async (trx) => {
      const { section } = await lockSection(trx, sectionId);
      this.assertPlatformStaff(ctx.actor, section.platform_code);
      if (section.status !== "announced") throw stateError(section.status, "announced");
      const now = this.now();
      if (await pendingDocumentObjection(trx, sectionId)) {
        throw new AppError("STATE_INVALID", {
          zh: "对招标文件的异议尚未答复，招标投标活动暂停（条例第二十二条）",
          en: "An objection to the documents awaits its answer: the tender is paused",
        });
      }
      if (now.getTime() < (section.bid_deadline as Date).getTime()) {
        throw new AppError("NOT_YET_DUE", {
          zh: `开标时间为投标截止时间（北京时间 ${beijingMinute(section.bid_deadline as Date)}）`,
          en: `The opening is at the bid deadline (${beijingMinute(section.bid_deadline as Date)} Beijing time)`,
        });
      }
      const { count } = await trx
        .selectFrom("bid")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("section_id", "=", sectionId)
        .where("status", "=", "submitted")
        .executeTakeFirstOrThrow();
      const enough = checkBidsForOpening(Number(count));
      if (!enough.ok) {
        await trx
          .updateTable("tender_section")
          .set({ status: "failed", failure_reason: enough.rule, opening_started_at: now })
          .where("id", "=", sectionId)
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: "tender.opening.fail",
          objectType: "tender_section",
          objectId: sectionId,
          detail: { bids: Number(count), basis: enough.basis },
        });
        await this.hall(trx, sectionId, "opening.failed", { bids: Number(count), basis: enough.basis });
        return { status: "failed" as SectionStatus, bids: Number(count), reason: { zh: enough.zh, en: enough.en, basis: enough.basis } };
      }
      const decryptDeadline = new Date(now.getTime() + DECRYPTION_WINDOW_MINUTES * 60_000);
      await trx
        .updateTable("tender_section")
        .set({ status: "opening", opening_started_at: now, decrypt_deadline: decryptDeadline })
        .where("id", "=", sectionId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.opening.start",
        objectType: "tender_section",
        objectId: sectionId,
        detail: { bids: Number(count) },
      });
      await this.hall(trx, sectionId, "opening.started", { bids: Number(count), decryptDeadline: decryptDeadline.toISOString() });
      return { status: "opening" as SectionStatus, bids: Number(count), decryptDeadline: decryptDeadline.toISOString() };
    });
  }

  /**
   * 在线解密: the bidder sends its share of the bid key (decrypted with its own certificate key);
   * the platform adds the trading centre's share and opens the bid.
   */
  decryptBid(ctx: ActionContext, sectionId: number, bidderShare: { x: number; y: string }) {
    return change(this.deps, async (trx) => {
      const { section } = await lockSection(trx, sectionId);
      if (section.status !== "opening") throw stateError(section.status, "opening");
      if (this.now().getTime() > (section.decrypt_deadline as Date).getTime())
        throw new AppError("DEADLINE_PASSED", { zh: "解密时间已结束", en: "The decryption window has closed" });
      const bid = await trx
        .selectFrom("bid")
        .selectAll()
        .where("section_id", "=", sectionId)
        .where("bidder_subject_id", "=", ctx.actor.subjectId as number)
        .where("status", "=", "submitted")
        .executeTakeFirst();
      if (!bid) throw notFound({ zh: "待解密的投标文件", en: "A bid awaiting decryption" });
      const centreKey = this.keyring.privateKey(centreHolder(section.platform_code));
      if (!centreKey) {
        // Not the bidder's fault (第31条): keep its share for the supervised recovery, and tell it so.
        await trx
          .updateTable("bid")
          .set({ bidder_share: `${bidderShare.x}:${bidderShare.y}`, decrypt_failure: "platform" })
          .where("id", "=", bid.id)
          .execute();
        await this.deps.audit.record(trx, ctx, { action: "tender.bid.decrypt_failed.platform", objectType: "bid", objectId: bid.id });
        return {
          bidId: bid.id,
          decrypted: false as const,
          cause: "platform" as const,
          message: {
            zh: "交易中心密钥不可用（非投标人原因），将由监管部门监督恢复解密",
            en: "The trading centre's key is unavailable (not the bidder's fault); the supervisor will recover the bid",
          },
        };
      }
      const offer = openSealedBid(bid, section.section_code, ctx.actor.subjectUscc as string, [
        { x: bidderShare.x, y: Buffer.from(bidderShare.y, "hex") },
        decryptShare(bid.sealed.shares.centre, centreKey),
      ]);
      await this.markDecrypted(trx, bid.id, offer);
      await this.deps.audit.record(trx, ctx, { action: "tender.bid.decrypt", objectType: "bid", objectId: bid.id });
      await this.publishProgress(trx, sectionId);
      return { bidId: bid.id, decrypted: true as const, offer };
    });
  }

  /**
   * 监督恢复: when the platform failed to open a bid (not the bidder's fault), the supervising
   * department's share and the bidder's kept share open it, within the opening.
   */
  recoverBid(ctx: ActionContext, sectionId: number, bidId: number) {
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      if (ctx.actor.departmentCode !== project.department_code)
        throw new AppError("FORBIDDEN_SCOPE", { zh: "由项目的行业监管部门监督恢复", en: "The project's supervisory department recovers bids" });
      if (section.status !== "opening") throw stateError(section.status, "opening");
      const bid = await trx
        .selectFrom("bid")
        .selectAll()
        .where("id", "=", bidId)
        .where("section_id", "=", sectionId)
        .where("status", "=", "submitted")
        .executeTakeFirst();
      if (!bid?.bidder_share || bid.decrypt_failure !== "platform")
        throw new AppError("STATE_INVALID", { zh: "该投标文件不需要恢复", en: "This bid needs no recovery" });
      const supervisorKey = this.keyring.privateKey(departmentHolder(project.department_code));
      if (!supervisorKey) throw new AppError("BID_DECRYPTION_FAILED", { zh: "监管部门密钥不可用", en: "The supervisor's key is unavailable" });
      const bidder = await trx.selectFrom("subject").select("uscc").where("id", "=", bid.bidder_subject_id).executeTakeFirstOrThrow();
      const [x, y] = bid.bidder_share.split(":");
      const offer = openSealedBid(bid, section.section_code, bidder.uscc, [
        { x: Number(x), y: Buffer.from(y as string, "hex") },
        decryptShare(bid.sealed.shares.supervisor, supervisorKey),
      ]);
      await this.markDecrypted(trx, bid.id, offer);
      await this.deps.audit.record(trx, ctx, { action: "tender.bid.recover", objectType: "bid", objectId: bid.id });
      await this.publishProgress(trx, sectionId);
      return { bidId: bid.id, decrypted: true as const, offer };
    });
  }

  private async markDecrypted(trx: Transaction<DB>, bidId: number, offer: Offer) {
    await trx
      .updateTable("bid")
      .set({ status: "decrypted", price_fen: offer.priceFen, offer: JSON.stringify(offer), decrypted_at: this.now(), bidder_share: null })
      .where("id", "=", bidId)
      .execute();
  }

  private async publishProgress(trx: Transaction<DB>, sectionId: number) {
    const progress = await trx
      .selectFrom("bid")
      .select((eb) => [eb.fn.countAll<number>().as("total"), eb.fn.count<number>("decrypted_at").as("decrypted")])
      .where("section_id", "=", sectionId)
      .where("status", "in", ["submitted", "decrypted"])
      .executeTakeFirstOrThrow();
    await this.hall(trx, sectionId, "bid.decrypted", { decrypted: Number(progress.decrypted), total: Number(progress.total) });
  }

  /**
   * Ends the decryption window: bids not decrypted by their bidder count as 撤销 (电子招标投标办法
   * 第31条: the bidder's cause); the 唱标 record (set 506) is published.
   */
  async closeOpening(ctx: ActionContext, sectionId: number) {
    const calendar = await this.calendar.calendar();
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      this.assertPlatformStaff(ctx.actor, section.platform_code);
      if (section.status !== "opening") throw stateError(section.status, "opening");
      const pending = await trx
        .selectFrom("bid")
        .select(["id", "decrypt_failure"])
        .where("section_id", "=", sectionId)
        .where("status", "=", "submitted")
        .execute();
      const now = this.now();
      if (pending.length > 0 && now.getTime() <= (section.decrypt_deadline as Date).getTime()) {
        throw new AppError("NOT_YET_DUE", {
          zh: `仍有 ${pending.length} 份投标文件在解密时限内`,
          en: `${pending.length} bids are still within the decryption window`,
        });
      }
      // 电子招标投标办法第三十一条: not decrypted because of the bidder → 撤销 (revoked); because of the
      // platform and not recovered → 撤回 (retracted, the bond is refunded).
      for (const { id, decrypt_failure } of pending) {
        const platformCause = decrypt_failure === "platform";
        await trx
          .updateTable("bid")
          .set({ status: platformCause ? "retracted" : "revoked", ended_at: now })
          .where("id", "=", id)
          .execute();
        await this.deps.audit.record(trx, ctx, {
          action: platformCause ? "tender.bid.retract" : "tender.bid.revoke",
          objectType: "bid",
          objectId: id,
          detail: { basis: "电子招标投标办法第三十一条", cause: platformCause ? "platform" : "bidder" },
        });
      }
      const bids = await trx
        .selectFrom("bid as b")
        .innerJoin("subject as s", "s.id", "b.bidder_subject_id")
        .select(["b.id", "b.status", "b.price_fen", "b.offer", "b.submitted_at", "s.uscc", "s.name"])
        .where("b.section_id", "=", sectionId)
        .where("b.status", "in", ["decrypted", "revoked", "retracted"])
        .orderBy("b.submitted_at")
        .execute();
      const record = {
        sectionCode: section.section_code,
        unifiedDealCode: section.unified_deal_code,
        tenderProjectCode: project.tender_project_code,
        bidOpeningTime: section.bid_deadline?.toISOString(),
        openedAt: now.toISOString(),
        compere: ctx.actor.username,
        bids: bids.map((b, i) => ({
          order: i + 1,
          bidderCode: b.uscc,
          bidderName: b.name,
          decrypted: b.status === "decrypted",
          priceFen: b.price_fen,
          durationDays: (b.offer as Offer | null)?.durationDays ?? null,
          quality: (b.offer as Offer | null)?.quality ?? null,
          projectManager: (b.offer as Offer | null)?.projectManager ?? null,
          note:
            b.status === "revoked"
              ? "未在规定时间内解密，视为撤销投标文件（电子招标投标办法第三十一条）"
              : b.status === "retracted"
                ? "非投标人原因未能解密，视为撤回投标文件（电子招标投标办法第三十一条）"
                : "",
        })),
      };
      await trx
        .insertInto("bid_opening_record")
        .values({ section_id: sectionId, platform_code: section.platform_code, opened_at: now, record: JSON.stringify(record) })
        .execute();
      await trx.updateTable("tender_section").set({ status: "opened", opened_at: now }).where("id", "=", sectionId).execute();
      await this.deps.audit.record(trx, ctx, { action: "tender.opening.record", objectType: "bid_opening_record", objectId: sectionId });
      await this.deps.audit.record(trx, ctx, { action: "tender.opening.close", objectType: "tender_section", objectId: sectionId });
      await this.alerts.evaluateIn(trx, ctx, sectionId, "opening", calendar);
      // NOTIFY payloads are capped at 8000 bytes: the event says the record is out; clients fetch it.
      await this.hall(trx, sectionId, "opening.record", { bids: record.bids.length, decrypted: record.bids.filter((b) => b.decrypted).length });
      return record;
    });
  }

  async openingRecord(sectionId: number) {
    const row = await this.deps.db.selectFrom("bid_opening_record").select("record").where("section_id", "=", sectionId).executeTakeFirst();
    if (!row) throw notFound({ zh: "开标记录", en: "The opening record" });
    return row.record;
  }

  /** Who registered and who bid: only the trading centre, the supervising department and inspectors see it before the opening. */
  async bidderList(actor: Actor, sectionId: number) {
    const { section, project } = await readSection(this.deps.db, sectionId);
    const authority =
      (actor.role === "centre_staff" && actor.platformCode === section.platform_code) ||
      (actor.role === "supervisor" && actor.departmentCode === project.department_code) ||
      actor.role === "inspector";
    if (!authority) throw new AppError("FORBIDDEN_SCOPE", { zh: "开标前投标人名单保密", en: "The bidder list is secret until the opening" });
    const registrations = await this.deps.db
      .selectFrom("bid_registration as r")
      .innerJoin("subject as s", "s.id", "r.bidder_subject_id")
      .select(["s.uscc", "s.name", "r.registered_at", "r.ip"])
      .where("r.section_id", "=", sectionId)
      .orderBy("r.registered_at")
      .execute();
    const bids = await this.deps.db
      .selectFrom("bid as b")
      .innerJoin("subject as s", "s.id", "b.bidder_subject_id")
      .select(["b.id", "s.uscc", "b.status", "b.submitted_at", "b.fingerprint", "b.plaintext_sm3", "b.size"])
      .where("b.section_id", "=", sectionId)
      .orderBy("b.id")
      .execute();
    return {
      registrations: registrations.map((r) => ({ uscc: r.uscc, name: r.name, registeredAt: r.registered_at.toISOString(), ip: r.ip })),
      bids: bids.map((b) => ({
        id: b.id,
        uscc: b.uscc,
        status: b.status,
        submittedAt: b.submitted_at.toISOString(),
        fingerprint: b.fingerprint,
        sm3: b.plaintext_sm3,
        size: b.size,
      })),
    };
  }

  /** Public notices (招标公告): announced sections, newest first. */
  async notices(limit: number) {
    const rows = await this.deps.db
      .selectFrom("tender_section as s")
      .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
      .select([
        "s.id",
        "s.name",
        "s.section_code",
        "s.unified_deal_code",
        "s.status",
        "s.notice_published_at",
        "s.doc_sale_start",
        "s.doc_sale_end",
        "s.bid_deadline",
        "p.name as project_name",
        "p.platform_code",
      ])
      .where("s.notice_published_at", "is not", null)
      .orderBy("s.notice_published_at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      sectionId: r.id,
      projectName: r.project_name,
      sectionName: r.name,
      sectionCode: r.section_code,
      unifiedDealCode: r.unified_deal_code,
      platformCode: r.platform_code,
      status: r.status,
      publishedAt: r.notice_published_at?.toISOString(),
      docSaleStart: r.doc_sale_start?.toISOString(),
      docSaleEnd: r.doc_sale_end?.toISOString(),
      bidDeadline: r.bid_deadline?.toISOString(),
    }));
  }

  async project(actor: Actor, id: number) {
    const view = await this.projectIn(this.deps.db, id);
    const supervising = actor.role === "supervisor" && actor.departmentCode === view.departmentCode;
    const owner = actor.subjectId !== null && (actor.subjectId === view.tendererSubjectId || actor.subjectId === view.agencySubjectId);
    const staff = actor.role === "centre_staff" && actor.platformCode === view.platformCode;
    if (!(supervising || owner || staff || actor.role === "inspector"))
      throw new AppError("FORBIDDEN_SCOPE", { zh: "无权查看该项目", en: "You may not see this project" });
    return view;
  }

  private async projectIn(db: Deps["db"] | Transaction<DB>, id: number) {
    const p = await db.selectFrom("tender_project").selectAll().where("id", "=", id).executeTakeFirst();
    if (!p) throw notFound({ zh: "招标项目", en: "The tender project" });
    const sections = await db.selectFrom("tender_section").selectAll().where("tender_project_id", "=", id).orderBy("section_code").execute();
    return {
      id: p.id,
      platformCode: p.platform_code,
      projectCode: p.project_code,
      tenderProjectCode: p.tender_project_code,
      name: p.name,
      kind: p.kind,
      tendererSubjectId: p.tenderer_subject_id,
      agencySubjectId: p.agency_subject_id,
      departmentCode: p.department_code,
      estimateFen: p.estimate_fen,
      compulsory: p.compulsory,
      method: p.method,
      sections: sections.map((s) => ({
        id: s.id,
        sectionCode: s.section_code,
        unifiedDealCode: s.unified_deal_code,
        classifyCode: s.classify_code,
        name: s.name,
        estimateFen: s.estimate_fen,
        bondFen: s.bond_fen,
        status: s.status,
        bidDeadline: s.bid_deadline?.toISOString() ?? null,
      })),
    };
  }

  /** A section as the public sees it: its ids, its schedule and where it stands. */
  async section(sectionId: number) {
    return this.sectionView(this.deps.db, sectionId);
  }

  private async sectionView(db: Deps["db"] | Transaction<DB>, id: number) {
    const { section, project } = await readSection(db, id);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      id: section.id,
      tenderProjectId: project.id,
      projectName: project.name,
      platformCode: section.platform_code,
      name: section.name,
      sectionCode: section.section_code,
      unifiedDealCode: section.unified_deal_code,
      classifyCode: section.classify_code,
      estimateFen: section.estimate_fen,
      bondFen: section.bond_fen,
      status: section.status,
      noticePublishedAt: iso(section.notice_published_at),
      docSaleStart: iso(section.doc_sale_start),
      docSaleEnd: iso(section.doc_sale_end),
      bidDeadline: iso(section.bid_deadline),
      openingStartedAt: iso(section.opening_started_at),
      decryptDeadline: iso(section.decrypt_deadline),
      openedAt: iso(section.opened_at),
      failureReason: section.failure_reason,
      expertDrawId: (await db.selectFrom("expert_draw").select("id").where("section_id", "=", id).executeTakeFirst())?.id ?? null,
    };
  }

  /** The bidder's own standing on a section: registration, certificate, and its live sealed bid (with its encrypted share). */
  async myBid(actor: Actor, sectionId: number) {
    await readSection(this.deps.db, sectionId);
    const subjectId = actor.subjectId ?? -1;
    const registration = await this.deps.db
      .selectFrom("bid_registration")
      .select("registered_at")
      .where("section_id", "=", sectionId)
      .where("bidder_subject_id", "=", subjectId)
      .executeTakeFirst();
    const certificate = await this.deps.db
      .selectFrom("user_certificate")
      .select(["serial", "public_key"])
      .where("user_id", "=", actor.userId ?? -1)
      .where("algorithm", "=", "SM2")
      .where("revoked_at", "is", null)
      .orderBy("id", "desc")
      .executeTakeFirst();
    const bid = await this.deps.db
      .selectFrom("bid")
      .selectAll()
      .where("section_id", "=", sectionId)
      .where("bidder_subject_id", "=", subjectId)
      .where("status", "not in", ["replaced", "withdrawn"])
      .orderBy("id", "desc")
      .executeTakeFirst();
    return {
      registeredAt: registration?.registered_at.toISOString() ?? null,
      certificate: certificate ? { serial: certificate.serial, publicKey: certificate.public_key } : null,
      bid: bid
        ? {
            id: bid.id,
            status: bid.status,
            submittedAt: bid.submitted_at.toISOString(),
            sm3: bid.plaintext_sm3,
            sha256: bid.plaintext_sha256,
            size: bid.size,
            ciphertextSm3: bid.ciphertext_sm3,
            bidderShare: bid.sealed.shares.bidder,
            offer: bid.offer,
          }
        : null,
    };
  }

  /** Projects the caller may see: its own (tenderer, agency), its platform's (centre), its department's (supervisor), all (inspector). */
  async projects(actor: Actor) {
    let q = this.deps.db.selectFrom("tender_project").select(["id", "name", "project_code", "platform_code", "department_code", "created_at"]);
    if (actor.role === "tenderer" || actor.role === "agency")
      q = q.where((eb) => eb.or([eb("tenderer_subject_id", "=", actor.subjectId ?? -1), eb("agency_subject_id", "=", actor.subjectId ?? -1)]));
    else if (actor.role === "centre_staff") q = q.where("platform_code", "=", actor.platformCode ?? "");
    else if (actor.role === "supervisor") q = q.where("department_code", "=", actor.departmentCode ?? "");
    const rows = await q.orderBy("id", "desc").limit(200).execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      projectCode: r.project_code,
      platformCode: r.platform_code,
      departmentCode: r.department_code,
      createdAt: r.created_at.toISOString(),
    }));
  }

  private assertPlatformStaff(actor: Actor, platformCode: string) {
    if (actor.platformCode !== platformCode) {
      throw new AppError("FORBIDDEN_SCOPE", { zh: `该标段由 ${platformCode} 平台受理`, en: `This section is handled by platform ${platformCode}` });
    }
  }

  private async assertRegistered(actor: Actor, sectionId: number, db: Deps["db"] | Transaction<DB> = this.deps.db) {
    const registered = await db
      .selectFrom("bid_registration")
      .select("id")
      .where("section_id", "=", sectionId)
      .where("bidder_subject_id", "=", actor.subjectId ?? -1)
      .executeTakeFirst();
    if (!registered) throw new AppError("NOT_REGISTERED");
  }
}

/** Binds a seal to its section and bidder, so a sealed record moved to another row cannot be opened there. */
export function sealContext(sectionCode: string, bidderUscc: string) {
  return `section:${sectionCode}/bidder:${bidderUscc}`;
}

function storedToSealed(bid: {
  suite: string;
  sealed: { iv: string; ciphertext: string; tag: string; shares: Record<Custodian, string> };
  plaintext_sm3: string;
  plaintext_sha256: string;
  plaintext_md5: string;
  size: number;
}): SealedBid {
  return {
    suite: bid.suite as SealedBid["suite"],
    iv: b64(bid.sealed.iv),
    ciphertext: b64(bid.sealed.ciphertext),
    tag: b64(bid.sealed.tag),
    shares: bid.sealed.shares,
    sm3: bid.plaintext_sm3,
    sha256: bid.plaintext_sha256,
    md5: bid.plaintext_md5,
    size: bid.size,
  };
}

class OfferInvalid extends Error {}

/** Opens a stored sealed bid with two custodians' shares; any failure is the client's BID_DECRYPTION_FAILED. */
function openSealedBid(bid: Parameters<typeof storedToSealed>[0], sectionCode: string, bidderUscc: string, shares: Share[]): Offer {
  try {
    return parseOffer(openBid(storedToSealed(bid), shares, { context: sealContext(sectionCode, bidderUscc) }));
  } catch (error) {
    // A wrong share, a broken seal or a bid file without an offer: the bidder may retry in the window.
    const reason = error instanceof SealBroken || error instanceof ShareDecryptFailed || error instanceof OfferInvalid ? error.message : "bad share";
    throw new AppError("BID_DECRYPTION_FAILED", { zh: "解密失败：密钥分片与投标文件不匹配", en: `Decryption failed: ${reason}` });
  }
}

function parseOffer(plaintext: Uint8Array): Offer {
  let document: { offer?: Offer };
  try {
    document = JSON.parse(Buffer.from(plaintext).toString("utf8"));
  } catch {
    throw new OfferInvalid("the bid file is not the platform's JSON bid document");
  }
  const offer = document.offer;
  if (!offer || !Number.isSafeInteger(offer.priceFen) || offer.priceFen <= 0) throw new OfferInvalid("the bid file has no valid offer.priceFen");
  return { priceFen: offer.priceFen, durationDays: offer.durationDays, quality: offer.quality, projectManager: offer.projectManager };
}
