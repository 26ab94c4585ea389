import type { Transaction } from "kysely";
import { canonicalJson } from "../../platform/audit/audit-log.ts";
import { toCivilDate } from "../../platform/calendar/working-days.ts";
import { sha256Hex, sm3Hex } from "../../platform/crypto/envelope.ts";
import { signSm2, verifySm2 } from "../../platform/crypto/sm2.ts";
import type { AuctionKind, AuctionMethod, DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import type { CustodianKeyring } from "../tendering/custodian-keyring.ts";
import { assertSamePlatform, lockLot } from "./auction-access.ts";
import { BASIS } from "./domain/common.ts";
import { rmbUppercase } from "./domain/rmb-uppercase.ts";

/**
 * The trading platform's SM2 signing key (电子签章) for the documents it issues: one per platform, kept in the
 * custodian keyring (private key a 0600 file under `<dataDir>/keys/custodians/`, public key in `custodian_key`,
 * created and audited on first use). The audit tree heads are signed with the installation's Ed25519 key
 * (audit-signer.ts), which is not an SM2 key; hence this holder.
 */
export const platformSealHolder = (platformCode: string) => `seal-${platformCode}`;

export const DEAL_CONFIRMATION_TYPE = "ggzy.deal-confirmation.v1";

const KIND_NAMES: Record<AuctionKind, string> = {
  land: "国有建设用地使用权",
  mining: "矿业权",
  equity: "企业国有产权（股权）",
  asset: "企业国有资产（实物资产）",
};
/** Names of the methods (a method added later reads as its code until named here). */
const METHOD_NAMES: Partial<Record<AuctionMethod, string>> & Record<string, string | undefined> = {
  listing: "挂牌",
  auction: "拍卖",
  multi_round: "网络竞价（多次报价）",
  tender: "招标",
  sealed: "网络竞价（一次报价）",
  weighted: "网络竞价（权重报价）",
};
/** The result data set each kind reports to (数据规范): 601 成交宗地, 651/656 探矿权/采矿权成交, 753 产权, 701 实物资产. */
const DATA_SETS: Record<AuctionKind, string> = { land: "601", mining: "651/656", equity: "753", asset: "701" };

/** 拍卖成交后，买受人和拍卖人应当签署成交确认书 (拍卖法第五十二条). */
const BASIS_AUCTION52 = "拍卖法第五十二条";
/** [mem] 确定竞得人后，出让人与竞得人签订成交确认书，竞买保证金转作受让地块的定金. */
const BASIS_LAND = "招标拍卖挂牌出让国有建设用地使用权规定（国土资源部令第39号）第二十一条、第二十二条 [mem]";
const BASIS_MINING = "矿产资源法（2024年修订）第十七条、第二十条";

/** The document as signed: the fields of the result data sets, plain JSON (signed as its canonical text). */
export interface DealConfirmationDocument {
  type: typeof DEAL_CONFIRMATION_TYPE;
  title: "成交确认书";
  documentNo: string;
  dataSet: string;
  unifiedDealCode: string;
  projectCode: string;
  projectName: string;
  kind: AuctionKind;
  kindName: string;
  method: AuctionMethod;
  methodName: string;
  buyer: { name: string; uscc: string; bidderNumber: string };
  seller: { name: string; uscc: string };
  dealPriceFen: number;
  dealPriceYuan: string;
  dealPriceUppercase: string;
  currency: "CNY";
  dealTime: string;
  tradeDate: string;
  platform: { code: string; name: string };
  department: { code: string; name: string };
  deposit: { depositFen: number; appliedToPriceFen: number; balanceDueFen: number };
  startingPriceFen: number;
  reserveFen: number | null;
  appraisalFen: number | null;
  approval: { approvingBody: string; documentNo: string; approvedOn: string } | null;
  basis: string[];
  issuedAt: string;
}

export interface DealApprovalInput {
  approvingBody: string;
  documentNo: string;
  approvedOn: string;
  note?: string;
}

const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

/**
 * 成交确认书: after a lot closes SOLD (and, for a 国有产权 deal below 90% of the appraisal, after the approving body's
 * consent is recorded), the trading centre issues one signed document with the fields of the result data set. It
 * is stored as canonical JSON with its SHA-256, SM3 and the platform's SM2 signature; buyer and seller each 签收 it;
 * anyone can check whether the platform signed a given document (or hash).
 */
export class DealConfirmationService {
  constructor(
    private readonly deps: Deps,
    private readonly keyring: CustodianKeyring,
  ) {}

  private now() {
    return this.deps.clock.now();
  }

  /** 记录批准: the approving body's written consent to a deal below 90% of the appraisal (32号令第十八条 [mem]). Once. */
  async recordApproval(ctx: ActionContext, lotId: number, input: DealApprovalInput) {
    return change(this.deps, async (trx) => {
      const lot = await lockLot(trx, lotId);
      assertSamePlatform(ctx.actor, lot.platform_code);
      if (lot.phase !== "closed") throw new AppError("NOT_YET_DUE", { zh: "竞价尚未结束", en: "The auction has not ended" });
      if (lot.outcome !== "sold" || lot.needs_approval !== true)
        throw new AppError("STATE_INVALID", { zh: "该成交无需转让行为批准单位批准", en: "This deal needs no approval" });
      const existing = await trx.selectFrom("auction_deal_approval").selectAll().where("lot_id", "=", lotId).executeTakeFirst();
      if (existing) return { ...approvalJson(existing), created: false };
      const today = toCivilDate(this.now());
      const closedOn = toCivilDate(lot.closed_at as Date);
      if (input.approvedOn > today || input.approvedOn < closedOn)
        throw new AppError("VALIDATION_FAILED", {
          zh: `批准日期须在成交日（${closedOn}）与今天（${today}）之间`,
          en: `The approval date must lie between the deal (${closedOn}) and today (${today})`,
        });
      const row = await trx
        .insertInto("auction_deal_approval")
        .values({
          lot_id: lotId,
          approving_body: input.approvingBody,
          document_no: input.documentNo,
          approved_on: input.approvedOn,
          note: input.note ?? "",
          recorded_by: ctx.actor.userId as number,
          recorded_at: this.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.deal.approve",
        objectType: "auction_deal_approval",
        objectId: lotId,
        detail: { approvingBody: input.approvingBody, documentNo: input.documentNo, approvedOn: input.approvedOn, basis: BASIS.property18 },
      });
      return { ...approvalJson(row), created: true };
    });
  }

  /** 出具成交确认书: once; a second call answers the first document. */
  async issue(ctx: ActionContext, lotId: number) {
    const result = await change(this.deps, async (trx) => {
      const lot = await lockLot(trx, lotId);
      assertSamePlatform(ctx.actor, lot.platform_code);
      const existing = await trx.selectFrom("deal_confirmation").select("lot_id").where("lot_id", "=", lotId).executeTakeFirst();
      if (existing) return { created: false };
      if (lot.phase !== "closed") throw new AppError("NOT_YET_DUE", { zh: "竞价尚未结束，不能出具成交确认书", en: "The auction has not ended" });
      if (lot.outcome !== "sold" || lot.winner_bidder_id === null || lot.deal_price_fen === null || lot.closed_at === null)
        throw new AppError("STATE_INVALID", { zh: "标的未成交，不出具成交确认书", en: "The lot was not sold; there is no deal to confirm" });
      const approval = await trx.selectFrom("auction_deal_approval").selectAll().where("lot_id", "=", lotId).executeTakeFirst();
      if (lot.needs_approval === true && !approval) throw new AppError("DEAL_APPROVAL_REQUIRED");

      const winner = await trx
        .selectFrom("auction_bidder as a")
        .innerJoin("subject as s", "s.id", "a.subject_id")
        .select(["s.name", "s.uscc", "a.bidder_number", "a.deposit_fen", "a.deposit_status"])
        .where("a.id", "=", lot.winner_bidder_id)
        .executeTakeFirstOrThrow();
      const seller = await trx.selectFrom("subject").select(["name", "uscc"]).where("id", "=", lot.seller_subject_id).executeTakeFirstOrThrow();
      const platform = await trx.selectFrom("platform").select(["code", "name"]).where("code", "=", lot.platform_code).executeTakeFirstOrThrow();
      const department = await trx.selectFrom("department").select(["code", "name"]).where("code", "=", lot.department_code).executeTakeFirstOrThrow();
      const depositFen = winner.deposit_status === "applied_to_price" ? (winner.deposit_fen ?? 0) : 0;
      const applied = Math.min(depositFen, lot.deal_price_fen);
      const issuedAt = this.now();
      const documentNo = `CJQR-${lot.unified_deal_code}`;
      const basis = [BASIS_AUCTION52];
      if (lot.kind === "land") basis.push(BASIS_LAND, BASIS.land19);
      else if (lot.kind === "mining") basis.push(BASIS_MINING);
      else basis.push(BASIS.soe54, BASIS.property22, BASIS.property29);
      if (approval) basis.push(BASIS.property18);
      const document: DealConfirmationDocument = {
        type: DEAL_CONFIRMATION_TYPE,
        title: "成交确认书",
        documentNo,
        dataSet: DATA_SETS[lot.kind],
        unifiedDealCode: lot.unified_deal_code,
        projectCode: lot.lot_code,
        projectName: lot.name,
        kind: lot.kind,
        kindName: KIND_NAMES[lot.kind],
        method: lot.method,
        methodName: METHOD_NAMES[lot.method] ?? lot.method,
        buyer: { name: winner.name, uscc: winner.uscc, bidderNumber: winner.bidder_number as string },
        seller: { name: seller.name, uscc: seller.uscc },
        dealPriceFen: lot.deal_price_fen,
        dealPriceYuan: yuanText(lot.deal_price_fen),
        dealPriceUppercase: `人民币${rmbUppercase(lot.deal_price_fen)}`,
        currency: "CNY",
        dealTime: lot.closed_at.toISOString(),
        tradeDate: toCivilDate(lot.closed_at),
        platform: { code: platform.code, name: platform.name },
        department: { code: department.code, name: department.name },
        deposit: { depositFen, appliedToPriceFen: applied, balanceDueFen: lot.deal_price_fen - applied },
        startingPriceFen: lot.starting_price_fen,
        reserveFen: lot.reserve_fen,
        appraisalFen: lot.appraisal_fen,
        approval: approval ? { approvingBody: approval.approving_body, documentNo: approval.document_no, approvedOn: approval.approved_on } : null,
        basis,
        issuedAt: issuedAt.toISOString(),
      };
      const holder = platformSealHolder(lot.platform_code);
      const publicKey = await this.keyring.publicKeyIn(trx, ctx, holder, lot.platform_code);
      const privateKey = this.keyring.privateKey(holder);
      if (!privateKey) throw new AppError("STATE_INVALID", { zh: "平台签章密钥缺失，无法签署", en: "The platform's signing key is missing" });
      const text = canonicalJson(document);
      const bytes = Buffer.from(text, "utf8");
      const sha256 = sha256Hex(bytes);
      await trx
        .insertInto("deal_confirmation")
        .values({
          lot_id: lotId,
          platform_code: lot.platform_code,
          document_no: documentNo,
          document: text,
          sha256,
          sm3: sm3Hex(bytes),
          signature: signSm2(text, privateKey),
          signer_holder: holder,
          signer_public_key: publicKey,
          issued_by: ctx.actor.userId as number,
          issued_at: issuedAt,
          buyer_signed_at: null,
          buyer_signed_by: null,
          seller_signed_at: null,
          seller_signed_by: null,
        })
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: "auction.deal_confirmation.issue",
        objectType: "deal_confirmation",
        objectId: lotId,
        detail: { documentNo, sha256, dealPriceFen: lot.deal_price_fen, signer: holder },
      });
      return { created: true };
    });
    return { ...(await this.stored(lotId)), created: result.created };
  }

  /** The confirmation for the buyer, the seller, the centre, the supervising department and inspection; 403 for others. */
  async get(actor: Actor, lotId: number) {
    await this.assertMayRead(actor, lotId);
    return this.stored(lotId);
  }

  /** 签收 by the buyer (竞得人/受让方) or the seller (出让方/转让方): recorded once. */
  async acknowledge(ctx: ActionContext, lotId: number) {
    const { actor } = ctx;
    const result = await change(this.deps, async (trx) => {
      const row = await trx.selectFrom("deal_confirmation").selectAll().where("lot_id", "=", lotId).forUpdate().executeTakeFirst();
      const party = await this.partyOf(trx, actor, lotId);
      if (!party) throw new AppError("FORBIDDEN_SCOPE", { zh: "仅竞得人（受让方）与出让方（转让方）可签收", en: "Only the buyer and the seller acknowledge" });
      if (!row) throw notFound({ zh: "成交确认书", en: "The deal confirmation" });
      const column = party === "buyer" ? "buyer_signed_at" : "seller_signed_at";
      if (row[column] !== null) return { party, created: false };
      const at = this.now();
      await trx
        .updateTable("deal_confirmation")
        .set(party === "buyer" ? { buyer_signed_at: at, buyer_signed_by: actor.userId } : { seller_signed_at: at, seller_signed_by: actor.userId })
        .where("lot_id", "=", lotId)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: `auction.deal_confirmation.acknowledge.${party}`,
        objectType: "deal_confirmation",
        objectId: lotId,
        detail: { documentNo: row.document_no, sha256: row.sha256 },
      });
      return { party, created: true };
    });
    return { ...(await this.stored(lotId)), acknowledged: result.party, created: result.created };
  }

  /** The printable rendering (zh), for whoever may read the document. */
  async html(actor: Actor, lotId: number): Promise<string> {
    await this.assertMayRead(actor, lotId);
    return renderHtml(await this.stored(lotId));
  }

  /** Public: whether the lot has a confirmation, its digests and whether its signature verifies (not the document). */
  async status(lotId: number) {
    const lot = await this.deps.db.selectFrom("auction_lot").select(["id", "outcome", "needs_approval"]).where("id", "=", lotId).executeTakeFirst();
    if (!lot) throw notFound({ zh: "标的", en: "The lot" });
    const approval = await this.deps.db.selectFrom("auction_deal_approval").select("lot_id").where("lot_id", "=", lotId).executeTakeFirst();
    const row = await this.deps.db.selectFrom("deal_confirmation").selectAll().where("lot_id", "=", lotId).executeTakeFirst();
    return {
      lotId,
      outcome: lot.outcome,
      needsApproval: lot.needs_approval === true,
      approvalRecorded: approval !== undefined,
      issued: row !== undefined,
      documentNo: row?.document_no ?? null,
      issuedAt: row?.issued_at.toISOString() ?? null,
      sha256: row?.sha256 ?? null,
      sm3: row?.sm3 ?? null,
      signatureValid: row ? this.signatureHolds(row.document, row.sha256, row.signature, row.signer_public_key) : null,
      signerPublicKey: row?.signer_public_key ?? null,
      buyerSignedAt: row?.buyer_signed_at?.toISOString() ?? null,
      sellerSignedAt: row?.seller_signed_at?.toISOString() ?? null,
    };
  }

  /**
   * Public verification: given the document (object or its canonical text) or its SHA-256, answers whether the
   * platform signed it. A document is canonicalised, hashed and looked up; its stored signature is then checked
   * against the platform's public key over exactly that text, so a document with one field changed does not verify.
   * A document not on record still verifies if it comes with a signature made by a platform's key.
   */
  async verify(input: { document?: unknown; sha256?: string; signature?: string }) {
    let text: string | undefined;
    if (input.document !== undefined) {
      const value = typeof input.document === "string" ? parseJson(input.document) : input.document;
      text = canonicalJson(value);
    }
    const sha256 = text === undefined ? input.sha256?.toLowerCase() : sha256Hex(Buffer.from(text, "utf8"));
    if (!sha256) throw new AppError("VALIDATION_FAILED", { zh: "请提供成交确认书或其 SHA-256", en: "Give the document or its SHA-256" });
    const row = await this.deps.db.selectFrom("deal_confirmation").selectAll().where("sha256", "=", sha256).executeTakeFirst();
    if (row) {
      const valid = this.signatureHolds(row.document, row.sha256, row.signature, row.signer_public_key);
      return {
        valid,
        onRecord: true,
        sha256,
        sm3: row.sm3,
        documentNo: row.document_no,
        lotId: row.lot_id,
        platformCode: row.platform_code,
        issuedAt: row.issued_at.toISOString(),
        signature: row.signature,
        signerPublicKey: row.signer_public_key,
      };
    }
    // Not on record: a signature presented with the document may still be the platform's.
    if (text !== undefined && input.signature) {
      const platformCode = (parseJson(text) as { platform?: { code?: unknown } }).platform?.code;
      if (typeof platformCode === "string") {
        const key = await this.deps.db
          .selectFrom("custodian_key")
          .select("public_key")
          .where("holder", "=", platformSealHolder(platformCode))
          .executeTakeFirst();
        if (key && verifySm2(text, input.signature, key.public_key))
          return { valid: true, onRecord: false, sha256, sm3: sm3Hex(Buffer.from(text, "utf8")), signerPublicKey: key.public_key };
      }
    }
    return { valid: false, onRecord: false, sha256 };
  }

  private signatureHolds(text: string, sha256: string, signature: string, publicKey: string): boolean {
    return sha256Hex(Buffer.from(text, "utf8")) === sha256 && verifySm2(text, signature, publicKey);
  }

  private async stored(lotId: number) {
    const row = await this.deps.db.selectFrom("deal_confirmation").selectAll().where("lot_id", "=", lotId).executeTakeFirst();
    if (!row) throw notFound({ zh: "成交确认书", en: "The deal confirmation" });
    return {
      lotId: row.lot_id,
      documentNo: row.document_no,
      document: JSON.parse(row.document) as DealConfirmationDocument,
      canonical: row.document,
      sha256: row.sha256,
      sm3: row.sm3,
      signature: row.signature,
      signatureAlgorithm: "SM2-with-SM3 (GB/T 32918, DER, base64)",
      signerPublicKey: row.signer_public_key,
      signatureValid: this.signatureHolds(row.document, row.sha256, row.signature, row.signer_public_key),
      issuedAt: row.issued_at.toISOString(),
      buyerSignedAt: row.buyer_signed_at?.toISOString() ?? null,
      sellerSignedAt: row.seller_signed_at?.toISOString() ?? null,
    };
  }

  /** Which party of the deal the actor is (by its subject), if any. */
  private async partyOf(trx: Transaction<DB> | Deps["db"], actor: Actor, lotId: number): Promise<"buyer" | "seller" | null> {
    if (actor.subjectId === null) return null;
    const lot = await trx
      .selectFrom("auction_lot as l")
      .leftJoin("auction_bidder as a", "a.id", "l.winner_bidder_id")
      .select(["l.seller_subject_id", "a.subject_id as buyer_subject_id"])
      .where("l.id", "=", lotId)
      .executeTakeFirst();
    if (!lot) throw notFound({ zh: "标的", en: "The lot" });
    if (actor.role === "bidder" && lot.buyer_subject_id === actor.subjectId) return "buyer";
    if (actor.role === "tenderer" && lot.seller_subject_id === actor.subjectId) return "seller";
    return null;
  }

  private async assertMayRead(actor: Actor, lotId: number) {
    const lot = await this.deps.db.selectFrom("auction_lot").select(["platform_code", "department_code"]).where("id", "=", lotId).executeTakeFirst();
    if (!lot) throw notFound({ zh: "标的", en: "The lot" });
    if (actor.role === "inspector") return;
    if (actor.role === "centre_staff" && actor.platformCode === lot.platform_code) return;
    if (actor.role === "supervisor" && actor.departmentCode === lot.department_code) return;
    if ((actor.role === "bidder" || actor.role === "tenderer") && (await this.partyOf(this.deps.db, actor, lotId))) return;
    throw new AppError("FORBIDDEN_SCOPE");
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("MALFORMED_JSON", { zh: "成交确认书不是合法的 JSON", en: "The document is not valid JSON" });
  }
}

function approvalJson(row: { lot_id: number; approving_body: string; document_no: string; approved_on: string; recorded_at: Date }) {
  return {
    lotId: row.lot_id,
    approvingBody: row.approving_body,
    documentNo: row.document_no,
    approvedOn: row.approved_on,
    recordedAt: row.recorded_at.toISOString(),
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

const beijing = (iso: string | null) =>
  iso === null ? "—" : new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false, dateStyle: "long", timeStyle: "medium" });

const money = (fen: number) => `${(fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;

/** The printable 成交确认书 (zh-CN): the signed fields, the digests, the signature and the 签收 record. */
export function renderHtml(c: Awaited<ReturnType<DealConfirmationService["get"]>>): string {
  const d = c.document;
  const rows: [string, string][] = [
    ["确认书编号", d.documentNo],
    ["统一交易标识码", d.unifiedDealCode],
    ["项目（标的）编号", d.projectCode],
    ["项目（标的）名称", d.projectName],
    ["交易品种 / 交易方式", `${d.kindName} / ${d.methodName}`],
    ["竞得人（受让方）", d.buyer.name],
    ["统一社会信用代码", d.buyer.uscc],
    ["竞买号", d.buyer.bidderNumber],
    ["出让方（转让方）", `${d.seller.name}（${d.seller.uscc}）`],
    ["成交价（小写）", `¥${money(d.dealPriceFen)}（${d.dealPriceFen} 分）`],
    ["成交价（大写）", d.dealPriceUppercase],
    ["成交时间", beijing(d.dealTime)],
    ["竞买保证金转作价款", `${money(d.deposit.appliedToPriceFen)}；尚需支付 ${money(d.deposit.balanceDueFen)}`],
    ["交易平台", `${d.platform.name}（${d.platform.code}）`],
    ["监管部门", d.department.name],
    ...(d.approval ? ([["转让行为批准", `${d.approval.approvingBody} ${d.approval.documentNo}（${d.approval.approvedOn}）`]] as [string, string][]) : []),
    ["依据", d.basis.join("；")],
    ["出具时间", beijing(d.issuedAt)],
  ];
  const sign: [string, string][] = [
    ["SHA-256", c.sha256],
    ["SM3", c.sm3],
    ["平台 SM2 签名", c.signature],
    ["平台 SM2 公钥", c.signerPublicKey],
    ["签名验证", c.signatureValid ? "有效 ✓" : "无效 ✗"],
    ["竞得人（受让方）签收", beijing(c.buyerSignedAt)],
    ["出让方（转让方）签收", beijing(c.sellerSignedAt)],
  ];
  const table = (r: [string, string][], cls = "") =>
    `<table class="${cls}">${r.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>成交确认书 ${escapeHtml(d.documentNo)}</title>
<style>
body{font-family:"SimSun","Songti SC",serif;max-width:760px;margin:32px auto;color:#000}
h1{text-align:center;letter-spacing:.5em;font-size:26px}
p.no{text-align:right;font-size:13px}
table{width:100%;border-collapse:collapse;margin:12px 0}
th,td{border:1px solid #333;padding:6px 8px;text-align:left;vertical-align:top;font-size:14px}
th{width:28%;background:#f5f5f5;font-weight:normal}
table.sig td{font-family:monospace;font-size:11px;word-break:break-all}
p.note{font-size:12px;color:#444}
@media print{body{margin:0}}
</style></head>
<body>
<h1>成交确认书</h1>
<p class="no">编号：${escapeHtml(d.documentNo)}</p>
<p>经${escapeHtml(d.platform.name)}组织${escapeHtml(d.methodName)}，${escapeHtml(d.buyer.name)}以${escapeHtml(d.dealPriceUppercase)}（¥${escapeHtml(money(d.dealPriceFen))}）竞得${escapeHtml(d.projectName)}，特此确认。</p>
${table(rows)}
${table(sign, "sig")}
<p class="note">本确认书以规范化 JSON 文本为准，由交易平台以 SM2（SM3 杂凑）签名；可在平台公开验证接口提交确认书或其 SHA-256 核验。</p>
</body></html>`;
}
