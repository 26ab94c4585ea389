import type { Kysely, Transaction } from "kysely";
import type { DB } from "../../platform/db/schema.ts";
import type { HistoryBid, HistoryFacts, HistorySection } from "./domain/rules/rule-types.ts";

/** Where a section of the history lives in the platform tables (to hang a batch alert on it). */
export interface HistorySectionRow {
  id: number;
  sectionCode: string;
  departmentCode: string;
  platformCode: string;
  /** Award (else publication) instant: the latest section of a finding carries its alert. */
  at: Date;
}

export interface PlatformHistory {
  platformCode: string;
  facts: HistoryFacts;
  /** section_code (unique: it extends the tender project code) → row. */
  sections: Map<string, HistorySectionRow>;
}

const INACTIVE = new Set(["replaced", "withdrawn", "revoked", "retracted"]);
const CHUNK = 2000;

async function inChunks<T>(ids: number[], load: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

/**
 * Assembles the {@link HistoryFacts} of every platform from its tables: the sections whose notice was
 * published in [from, to], with their tenderer, counted bids (latest per bidder, rejected when most of
 * the committee rejected it), award and committee. One platform = one scope (kind "platform").
 * Queries run one after another (PGlite has one connection).
 */
export async function loadPlatformHistories(db: Kysely<DB> | Transaction<DB>, from: Date, to: Date, asOf: Date): Promise<PlatformHistory[]> {
  const rows = await db
    .selectFrom("tender_section as s")
    .innerJoin("tender_project as p", "p.id", "s.tender_project_id")
    .select([
      "s.id",
      "s.platform_code",
      "s.section_code",
      "s.unified_deal_code",
      "s.name as section_name",
      "s.classify_code",
      "s.estimate_fen",
      "s.evaluation_method",
      "s.notice_published_at",
      "p.tender_project_code",
      "p.name as project_name",
      "p.kind",
      "p.method",
      "p.compulsory",
      "p.approval_division_code",
      "p.department_code",
      "p.tenderer_subject_id",
    ])
    .where("s.notice_published_at", "is not", null)
    .where("s.notice_published_at", ">=", from)
    .where("s.notice_published_at", "<=", to)
    .orderBy("s.id")
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const bids = await inChunks(ids, (c) =>
    db
      .selectFrom("bid")
      .select(["id", "section_id", "bidder_subject_id", "status", "price_fen", "submitted_at"])
      .where("section_id", "in", c)
      .orderBy("submitted_at")
      .execute(),
  );
  const awards = await inChunks(ids, (c) =>
    db.selectFrom("tender_award").select(["section_id", "winner_subject_id", "winner_price_fen", "awarded_at"]).where("section_id", "in", c).execute(),
  );
  const draws = await inChunks(ids, (c) =>
    db.selectFrom("expert_draw").select(["id", "section_id", "members"]).where("section_id", "in", c).where("members", "is not", null).orderBy("id").execute(),
  );
  const rejections = await inChunks(ids, (c) =>
    db.selectFrom("evaluation_review").select(["bid_id"]).where("section_id", "in", c).where("qualified", "=", false).execute(),
  );
  const subjectIds = [
    ...new Set([
      ...rows.map((r) => r.tenderer_subject_id),
      ...bids.map((b) => b.bidder_subject_id),
      ...awards.flatMap((a) => (a.winner_subject_id ? [a.winner_subject_id] : [])),
    ]),
  ];
  const subjects = await inChunks(subjectIds, (c) => db.selectFrom("subject").select(["id", "uscc"]).where("id", "in", c).execute());
  const usccOf = new Map(subjects.map((s) => [s.id, s.uscc]));
  const uscc = (id: number) => usccOf.get(id) ?? String(id);

  const againstBid = new Map<number, number>();
  for (const r of rejections) againstBid.set(r.bid_id, (againstBid.get(r.bid_id) ?? 0) + 1);
  const committeeOf = new Map<number, string[]>(); // the latest drawn committee
  for (const d of draws)
    committeeOf.set(
      d.section_id,
      (d.members ?? []).map((m) => m.expertId),
    );
  const awardOf = new Map(awards.map((a) => [a.section_id, a]));
  const bidsOf = new Map<number, typeof bids>();
  for (const b of bids) bidsOf.set(b.section_id, [...(bidsOf.get(b.section_id) ?? []), b]);

  const byPlatform = new Map<string, PlatformHistory>();
  for (const r of rows) {
    const experts = committeeOf.get(r.id) ?? [];
    const latest = new Map<number, (typeof bids)[number]>();
    for (const b of bidsOf.get(r.id) ?? []) if (!INACTIVE.has(b.status)) latest.set(b.bidder_subject_id, b);
    const historyBids: HistoryBid[] = [...latest.values()].map((b) => ({
      bidder: uscc(b.bidder_subject_id),
      ...(b.price_fen !== null ? { priceFen: b.price_fen } : {}),
      ...(experts.length > 0 && (againstBid.get(b.id) ?? 0) * 2 > experts.length ? { rejected: true } : {}),
    }));
    const award = awardOf.get(r.id);
    const awarded = award?.winner_subject_id && award.awarded_at ? award : undefined;
    const publishedAt = r.notice_published_at as Date;
    const section: HistorySection = {
      ref: {
        tenderProjectCode: r.tender_project_code,
        tenderProjectName: r.project_name,
        sectionCode: r.section_code,
        sectionName: r.section_name,
        unifiedDealCode: r.unified_deal_code,
      },
      buyer: uscc(r.tenderer_subject_id),
      regionCode: r.approval_division_code,
      category: r.kind,
      method: r.method,
      classifyCode: r.classify_code,
      estimateFen: r.estimate_fen,
      compulsory: r.compulsory,
      ...(r.evaluation_method?.method ? { evaluationMethod: r.evaluation_method.method } : {}),
      publishedAt,
      bids: historyBids,
      experts,
      ...(awarded
        ? {
            awardedAt: awarded.awarded_at as Date,
            winner: uscc(awarded.winner_subject_id as number),
            ...(awarded.winner_price_fen !== null ? { awardFen: awarded.winner_price_fen } : {}),
          }
        : {}),
    };
    let h = byPlatform.get(r.platform_code);
    if (!h) {
      h = {
        platformCode: r.platform_code,
        facts: { asOf, scope: { kind: "platform", code: r.platform_code, from, to }, sections: [] },
        sections: new Map(),
      };
      byPlatform.set(r.platform_code, h);
    }
    h.facts.sections.push(section);
    h.sections.set(r.section_code, {
      id: r.id,
      sectionCode: r.section_code,
      departmentCode: r.department_code,
      platformCode: r.platform_code,
      at: section.awardedAt ?? publishedAt,
    });
  }
  return [...byPlatform.values()].sort((a, b) => (a.platformCode < b.platformCode ? -1 : 1));
}
