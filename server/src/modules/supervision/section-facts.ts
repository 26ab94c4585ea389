import type { Transaction } from "kysely";
import type { WorkingCalendar } from "../../platform/calendar/working-days.ts";
import type { DB } from "../../platform/db/schema.ts";
import type { BidFact, CreditFact, ExpertFact, ReviewFact, SectionFacts } from "./domain/rules/rule-types.ts";

const usccMap = async (trx: Transaction<DB>, ids: number[]) => {
  if (ids.length === 0) return new Map<number, { uscc: string; name: string; basic_account_no: string | null }>();
  const rows = await trx.selectFrom("subject").select(["id", "uscc", "name", "basic_account_no"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
};

/**
 * Assembles the {@link SectionFacts} of one section from the platform tables, as they stand inside the
 * caller's transaction. Parts the platform does not (yet) record stay undefined.
 */
export async function loadSectionFacts(trx: Transaction<DB>, sectionId: number, asOf: Date, calendar: WorkingCalendar): Promise<SectionFacts> {
  const section = await trx.selectFrom("tender_section").selectAll().where("id", "=", sectionId).executeTakeFirstOrThrow();
  const project = await trx.selectFrom("tender_project").selectAll().where("id", "=", section.tender_project_id).executeTakeFirstOrThrow();
  // One connection (PGlite): the reads run one after another.
  const clarifications = await trx.selectFrom("tender_clarification").selectAll().where("section_id", "=", sectionId).orderBy("published_at").execute();
  const registrations = await trx.selectFrom("bid_registration").selectAll().where("section_id", "=", sectionId).execute();
  const bids = await trx.selectFrom("bid").selectAll().where("section_id", "=", sectionId).orderBy("submitted_at").execute();
  const bonds = await trx.selectFrom("bid_bond").selectAll().where("section_id", "=", sectionId).execute();
  const draw = await trx.selectFrom("expert_draw").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
  const reviews = await trx.selectFrom("evaluation_review").selectAll().where("section_id", "=", sectionId).execute();
  const report = await trx.selectFrom("evaluation_report").select(["completed_at"]).where("section_id", "=", sectionId).executeTakeFirst();
  const award = await trx.selectFrom("tender_award").selectAll().where("section_id", "=", sectionId).executeTakeFirst();
  const subjectIds = [
    project.tenderer_subject_id,
    ...(project.agency_subject_id ? [project.agency_subject_id] : []),
    ...registrations.map((r) => r.bidder_subject_id),
    ...bids.map((b) => b.bidder_subject_id),
    ...bonds.map((b) => b.bidder_subject_id),
    ...(award?.winner_subject_id ? [award.winner_subject_id] : []),
  ];
  const subjects = await usccMap(trx, [...new Set(subjectIds)]);
  const usccOf = (id: number) => subjects.get(id)?.uscc ?? String(id);

  const memberIds = (draw?.members ?? []).map((m) => Number(m.expertId));
  const experts = memberIds.length > 0 ? await trx.selectFrom("expert").selectAll().where("id", "in", memberIds).execute() : [];
  const expertFacts: ExpertFact[] = experts.map((e) => ({
    expertId: String(e.id),
    name: e.name,
    kind: e.kind,
    ...(e.employer_uscc ? { employerUscc: e.employer_uscc } : {}),
    avoidUsccs: e.avoid_usccs,
    ...(e.punished_until ? { punishedUntil: e.punished_until } : {}),
  }));

  const bidderOfBid = new Map(bids.map((b) => [b.id, usccOf(b.bidder_subject_id)]));
  const reviewFacts: ReviewFact[] = reviews.map((r) => ({
    expertId: String(r.expert_id),
    bidder: bidderOfBid.get(r.bid_id) ?? String(r.bid_id),
    qualified: r.qualified,
    ...(r.technical_hundredths !== null ? { technical: r.technical_hundredths } : {}),
    ...(r.commercial_hundredths !== null ? { commercial: r.commercial_hundredths } : {}),
  }));
  // A bid is rejected when a majority of the committee rejects it (as in the evaluation report).
  const committeeSize = memberIds.length;
  const rejectionsOf = (bidId: number) => reviews.filter((r) => r.bid_id === bidId && !r.qualified);

  const bidFacts: BidFact[] = bids.map((b) => {
    const against = rejectionsOf(b.id);
    const offer = b.offer as { projectManager?: string } | null;
    return {
      bidder: usccOf(b.bidder_subject_id),
      status: b.status,
      submittedAt: b.submitted_at,
      ...(b.price_fen !== null ? { priceFen: b.price_fen } : {}),
      ...(committeeSize > 0 && against.length * 2 > committeeSize ? { rejected: true, rejectReason: against.map((r) => r.reject_reason).join("；") } : {}),
      ...(offer?.projectManager ? { projectManager: { name: offer.projectManager, idNo: offer.projectManager } } : {}),
      operator: String(b.submitted_by),
      fingerprint: b.fingerprint,
      plaintextSm3: b.plaintext_sm3,
    };
  });

  const credit = await creditFacts(trx, [...new Set(subjectIds)], memberIds, usccOf);
  const basicAccounts: Record<string, string> = {};
  for (const s of subjects.values()) if (s.basic_account_no) basicAccounts[s.uscc] = s.basic_account_no;
  const tenderer = subjects.get(project.tenderer_subject_id);
  const agency = project.agency_subject_id ? subjects.get(project.agency_subject_id) : undefined;

  return {
    asOf,
    calendar,
    project: {
      tenderProjectCode: project.tender_project_code,
      name: project.name,
      category: project.kind,
      method: project.method,
      compulsory: project.compulsory,
      stateOwnedControlling: project.state_owned_controlling,
      tenderer: { uscc: tenderer?.uscc ?? "", name: tenderer?.name ?? "" },
      ...(agency ? { agency: { uscc: agency.uscc, name: agency.name } } : {}),
      regionCode: project.approval_division_code,
    },
    section: {
      sectionCode: section.section_code,
      unifiedDealCode: section.unified_deal_code,
      name: section.name,
      classifyCode: section.classify_code,
      estimateFen: section.estimate_fen,
      bondFen: section.bond_fen,
      ...(section.evaluation_method?.method ? { evaluationMethod: section.evaluation_method.method } : {}),
    },
    ...(section.notice_published_at && section.doc_sale_start && section.doc_sale_end && section.bid_deadline
      ? {
          notice: {
            publishedAt: section.notice_published_at,
            docSaleStart: section.doc_sale_start,
            docSaleEnd: section.doc_sale_end,
            bidDeadline: section.bid_deadline,
          },
        }
      : {}),
    clarifications: clarifications.map((c) => ({ publishedAt: c.published_at, affectsPreparation: c.affects_preparation, deadline: c.new_deadline })),
    registrations: registrations.map((r) => ({
      bidder: usccOf(r.bidder_subject_id),
      registeredAt: r.registered_at,
      ip: r.ip,
      operator: String(r.registered_by),
    })),
    bids: bidFacts,
    bonds: bonds.map((b) => ({
      bidder: usccOf(b.bidder_subject_id),
      form: b.form,
      amountFen: b.amount_fen,
      ...(b.payer_account_no ? { payerAccountNo: b.payer_account_no } : {}),
      receivedAt: b.received_at,
      ...(b.refund_trigger_at && (b.refund_trigger === "withdrawal" || b.refund_trigger === "contract")
        ? { refundTrigger: { kind: b.refund_trigger, at: b.refund_trigger_at } }
        : {}),
      ...(b.refunded_at ? { refundedAt: b.refunded_at } : {}),
    })),
    basicAccounts,
    ...(section.opened_at ? { opening: { openedAt: section.opened_at } } : {}),
    ...(draw?.members ? { committee: { experts: expertFacts, tendererRepresentatives: draw.tenderer_representatives } } : {}),
    reviews: reviewFacts,
    ...(report?.completed_at ? { evaluationReportAt: report.completed_at } : {}),
    candidates: (award?.candidates ?? []).map((c) => ({ order: c.order, bidder: c.bidderCode })),
    ...(award ? { publicity: { start: award.publicity_start, end: award.publicity_end } } : {}),
    ...(award?.winner_subject_id && award.awarded_at
      ? {
          award: {
            winner: usccOf(award.winner_subject_id),
            ...(award.winner_price_fen !== null ? { priceFen: award.winner_price_fen } : {}),
            determinedAt: award.awarded_at,
            noticeAt: award.awarded_at,
          },
        }
      : {}),
    ...(award?.contract_signed_at
      ? { contract: { signedAt: award.contract_signed_at, ...(award.contract_amount_fen !== null ? { amountFen: award.contract_amount_fen } : {}) } }
      : {}),
    ...(award?.report_filed_at ? { reportFiledAt: award.report_filed_at } : {}),
    credit,
  };
}

async function creditFacts(trx: Transaction<DB>, subjectIds: number[], expertIds: number[], usccOf: (id: number) => string): Promise<CreditFact[]> {
  if (subjectIds.length === 0 && expertIds.length === 0) return [];
  const rows = await trx
    .selectFrom("credit_record")
    .selectAll()
    .where((eb) =>
      eb.or([...(subjectIds.length > 0 ? [eb("subject_id", "in", subjectIds)] : []), ...(expertIds.length > 0 ? [eb("expert_id", "in", expertIds)] : [])]),
    )
    .execute();
  return rows.map((r) => ({
    subject: r.subject_id !== null ? usccOf(r.subject_id) : String(r.expert_id),
    kind: r.kind,
    restrictedActions: r.restricted_actions,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    revokedAt: r.revoked_at,
    documentNo: r.document_no,
    reason: r.reason,
  }));
}
