/**
 * Types of the supervision rule engine (电子监督系统 自动预警). Pure, no I/O.
 *
 * A rule is data (id, name, legal basis, what it applies to, the 监督节点 it watches, a severity, a mode)
 * plus one small pure function `evaluate(facts) → Finding[]`:
 * - mode "event": runs on {@link SectionFacts} — everything known about ONE 标段(包) when a process node
 *   is reached (an announcement published, a bid uploaded, the opening, the evaluation report …). Event
 *   rules are idempotent and may be re-run later (e.g. nightly with a later `asOf`, so that a contract
 *   that was never signed is caught once its 30 days are over).
 * - mode "batch": runs nightly on {@link HistoryFacts} — many sections of one buyer / region / period —
 *   for cross-project rules (rotation, market allocation, splitting, population fences …).
 *
 * Facts are plain data assembled by the caller from the platform tables (tender_project, tender_section,
 * bid_registration, bid (fingerprint, plaintext_sm3), bid_bond, bid_opening_record, expert_draw,
 * evaluation_review, tender_award, credit_record …); the only non-plain member is the
 * {@link WorkingCalendar} the statutory counts need. Money is integer 分 (fen) as everywhere else.
 */
import type { WorkingCalendar } from "../../../../platform/calendar/working-days.ts";
import type { RestrictedAction } from "../../../../platform/db/schema.ts";
import type { OutlierRule } from "../../../tendering/domain/scoring.ts";
import type { TradeCatalog } from "../../../tendering/domain/trade-catalog.ts";

export interface Bilingual {
  zh: string;
  en: string;
}

/** Trading categories of the platform (公共资源交易: 工程/货物/服务 招标采购, 土地, 矿业权, 国有产权). */
export type Category = "works" | "goods" | "services" | "land" | "mining" | "property";

export const CATEGORIES: readonly Category[] = ["works", "goods", "services", "land", "mining", "property"];
export const TENDER_CATEGORIES: readonly Category[] = ["works", "goods", "services"];

/** 监督节点: the process node a rule watches. */
export type SupervisoryNode =
  | "announcement"
  | "registration"
  | "bid_submission"
  | "opening"
  | "evaluation"
  | "publicity"
  | "award"
  | "contract"
  | "performance"
  | "cross_project";

export const SUPERVISORY_NODES: readonly SupervisoryNode[] = [
  "announcement",
  "registration",
  "bid_submission",
  "opening",
  "evaluation",
  "publicity",
  "award",
  "contract",
  "performance",
  "cross_project",
];

/** SUPERVISORY_NODE (set 402, 监督节点描述) texts. */
export const NODE_LABELS: Readonly<Record<SupervisoryNode, Bilingual>> = {
  announcement: { zh: "招标公告与招标文件", en: "announcement and tender documents" },
  registration: { zh: "报名与获取招标文件", en: "registration" },
  bid_submission: { zh: "投标文件递交", en: "bid submission" },
  opening: { zh: "开标", en: "bid opening" },
  evaluation: { zh: "评标", en: "evaluation" },
  publicity: { zh: "中标候选人公示", en: "candidate publicity" },
  award: { zh: "定标与中标通知", en: "award" },
  contract: { zh: "合同订立", en: "contract" },
  performance: { zh: "合同履约", en: "performance" },
  cross_project: { zh: "跨项目综合分析", en: "cross-project analysis" },
};

/** Traffic light: 绿 (notice), 黄 (irregularity to explain), 红 (probable violation). */
export type Severity = "green" | "yellow" | "red";

export const SEVERITIES: readonly Severity[] = ["green", "yellow", "red"];

export type RuleMode = "event" | "batch";

export interface Finding {
  ruleId: string;
  /** USCCs of the subjects concerned (bidders, the tenderer …), when the finding names any. */
  subjects?: string[];
  message: Bilingual;
  evidence: Record<string, unknown>;
  /** The section a batch finding is about, when it is about one section (event findings: the facts' section). */
  section?: SectionRef;
  /** Stamped by the engine from the rule. */
  severity?: Severity;
  /** Stamped by the engine from the rule. */
  node?: SupervisoryNode;
  /** Stamped by the engine from the rule. */
  basis?: string;
}

export interface AppliesTo {
  categories: readonly Category[];
  /** Trading methods (tender_project.method: "open", "invited" …); absent = every method. */
  methods?: readonly string[];
}

export interface RuleMeta {
  /** "SR001" … unique. */
  id: string;
  name: Bilingual;
  /** Legal article(s) or red-flag source id (e.g. "cardinal R018"). */
  basis: string;
  appliesTo: AppliesTo;
  node: SupervisoryNode;
  severity: Severity;
}

export interface EventRule extends RuleMeta {
  mode: "event";
  evaluate(facts: SectionFacts, params?: RuleParams): Finding[];
}

export interface BatchRule extends RuleMeta {
  mode: "batch";
  evaluate(facts: HistoryFacts, params?: RuleParams): Finding[];
}

export type AlertRule = EventRule | BatchRule;

// ---------------------------------------------------------------------------------------------
// Facts of one section (event rules)
// ---------------------------------------------------------------------------------------------

export interface SubjectRef {
  /** 统一社会信用代码. */
  uscc: string;
  name?: string;
}

export interface SectionRef {
  tenderProjectCode: string;
  tenderProjectName?: string;
  sectionCode: string;
  sectionName?: string;
  unifiedDealCode: string;
}

/** Bid statuses that no longer count as a bid (schema BidStatus). */
export type BidStatusFact = "submitted" | "replaced" | "withdrawn" | "decrypted" | "revoked" | "retracted";

/** Machine and file traits recorded at upload (bid.fingerprint; data set 519). */
export interface FingerprintFact {
  ip?: string;
  uploadIp?: string;
  mac?: string;
  cpuId?: string;
  diskSerial?: string;
  fileMd5?: string;
  /** Author / last-modified-by metadata of the bid file (投标文件编制人). */
  author?: string;
}

export interface BidFact {
  /** Bidder USCC. */
  bidder: string;
  status: BidStatusFact;
  submittedAt: Date;
  /** Opened price, fen (absent before decryption or for non-priced bids). */
  priceFen?: number;
  /** 否决投标 / disqualified by the committee (known after evaluation). */
  rejected?: boolean;
  rejectReason?: string;
  /** 项目负责人 named in the bid (set 507 BID_MANAGER / PM_CODE). */
  projectManager?: { name?: string; idNo: string };
  /** Person (account / ID) who submitted the bid (bid.submitted_by; set 507 BIDDER_OPERATION_PERSON_ID). */
  operator?: string;
  fingerprint: FingerprintFact;
  /** SM3 of the bid file plaintext (bid.plaintext_sm3). */
  plaintextSm3?: string;
}

export interface RegistrationFact {
  bidder: string;
  registeredAt: Date;
  ip?: string;
  operator?: string;
}

export interface BondFact {
  bidder: string;
  form: "transfer" | "guarantee";
  amountFen: number;
  payerAccountNo?: string;
  receivedAt: Date;
  /** 条例57 / 条例35 refund trigger (contract signed, bid withdrawn) and refund. */
  refundTrigger?: { kind: "withdrawal" | "contract"; at: Date };
  refundedAt?: Date;
}

export interface ClarificationFact {
  publishedAt: Date;
  affectsPreparation: boolean;
  /** The bid deadline in force after this clarification (tender_clarification.new_deadline). */
  deadline: Date;
}

export interface ExpertFact {
  expertId: string;
  name?: string;
  kind?: "technical" | "economic";
  employerUscc?: string;
  /** USCCs the expert declared to avoid (expert.avoid_usccs). */
  avoidUsccs?: string[];
  /** Last civil day of a punishment (expert.punished_until, "YYYY-MM-DD"). */
  punishedUntil?: string;
}

export interface ReviewFact {
  expertId: string;
  bidder: string;
  qualified: boolean;
  /** Hundredths of a point (evaluation_review.*_hundredths). */
  technical?: number;
  commercial?: number;
}

/** A credit record (credit_record) of a participant: subject USCC or expert id. */
export interface CreditFact {
  subject: string;
  kind: "violation" | "blacklist" | "reward" | "performance";
  restrictedActions: readonly RestrictedAction[];
  startsAt: Date | null;
  endsAt: Date | null;
  revokedAt: Date | null;
  documentNo?: string;
  reason?: string;
}

export interface SectionFacts {
  /** The instant the rules look at the facts (the event time, or the batch run). */
  asOf: Date;
  calendar: WorkingCalendar;
  /** Thresholds and platform settings (default: NATIONAL_CATALOG). */
  catalog?: TradeCatalog;
  project: {
    tenderProjectCode: string;
    name: string;
    category: Category;
    /** "open" | "invited" | … */
    method: string;
    /** 依法必须招标. */
    compulsory: boolean;
    /** 国有资金占控股或者主导地位 (条例55). */
    stateOwnedControlling: boolean;
    tenderer: SubjectRef;
    agency?: SubjectRef;
    regionCode?: string;
  };
  section: {
    sectionCode: string;
    unifiedDealCode: string;
    name: string;
    classifyCode?: string;
    estimateFen: number;
    /** 最高投标限价, fen. */
    ceilingPriceFen?: number;
    /** Bid bond required, fen. */
    bondFen?: number;
    evaluationMethod?: "lowest_price" | "comprehensive";
    /** The tenderer fixes the price (固定价格/费率): identical prices prove nothing (R028). */
    fixedPrice?: boolean;
  };
  notice?: { publishedAt: Date; docSaleStart: Date; docSaleEnd: Date; bidDeadline: Date };
  clarifications: ClarificationFact[];
  registrations: RegistrationFact[];
  bids: BidFact[];
  bonds: BondFact[];
  /** Bidder USCC → its 基本账户 number (subject.basic_account_no). */
  basicAccounts?: Readonly<Record<string, string>>;
  opening?: { openedAt: Date };
  committee?: { experts: ExpertFact[]; tendererRepresentatives: number };
  reviews: ReviewFact[];
  /** Evaluation report received by the tenderer. */
  evaluationReportAt?: Date;
  candidates: { order: number; bidder: string }[];
  publicity?: { start: Date; end: Date };
  award?: {
    winner: string;
    priceFen?: number;
    /** 确定中标人 (法47 start). */
    determinedAt: Date;
    /** 中标通知书发出 (法46 start). */
    noticeAt: Date;
  };
  contract?: { signedAt: Date; amountFen?: number };
  /** 法47 written report filed with the regulator. */
  reportFiledAt?: Date;
  /** A compulsory project traded off the platform and reported to it (trade-catalog offPlatformReport*). */
  offPlatform?: { triggerTime: Date; reportedTime?: Date };
  /** Credit records of the participants (tenderer, bidders, experts). */
  credit: CreditFact[];
}

// ---------------------------------------------------------------------------------------------
// History (batch rules)
// ---------------------------------------------------------------------------------------------

export interface HistoryBid {
  bidder: string;
  priceFen?: number;
  rejected?: boolean;
}

export interface HistorySection {
  ref: SectionRef;
  /** Tenderer / buyer USCC. */
  buyer: string;
  regionCode: string;
  category: Category;
  method: string;
  classifyCode?: string;
  estimateFen: number;
  compulsory: boolean;
  /** In the 16号令 scope (funding, nature); default true. Only in-scope sections can be split to avoid tendering. */
  inScope?: boolean;
  evaluationMethod?: "lowest_price" | "comprehensive";
  publishedAt: Date;
  awardedAt?: Date;
  bids: HistoryBid[];
  winner?: string;
  awardFen?: number;
  /** Expert ids of the evaluation committee. */
  experts: string[];
}

export interface HistoryFacts {
  asOf: Date;
  catalog?: TradeCatalog;
  /** What the batch covers (one buyer, one region, the whole platform) and the period. */
  scope: { kind: "buyer" | "region" | "platform"; code?: string; from: Date; to: Date };
  sections: HistorySection[];
}

// ---------------------------------------------------------------------------------------------
// Parameters (documented defaults)
// ---------------------------------------------------------------------------------------------

export interface RuleParams {
  /** R003 short submission period: flag when notice → bid deadline < this many calendar days (red-flags.csv default 15). */
  shortSubmissionDays: number;
  /** R024 (event, fixed variant): (2nd-lowest − winner)/winner ≤ this. collusion-risk DEFAULT_RISK_MODEL.closeSecondBidAt (0.005). */
  closeSecondBidMax: number;
  /** R058 (event, fixed variant): (2nd-lowest − winner)/winner ≥ this. collusion-risk HIGH_DIFFP flag (0.08). */
  heavyDiscountMin: number;
  /** Statistical collusion risk (screens only, collusion-risk.ts) at or above which SR028 fires. */
  collusionRiskMin: number;
  /** Population fences over sections (R024/R058 batch): need at least this many observations, else no finding. */
  fenceMinPopulation: number;
  /** Population fences over groups of tenderers / buyers (R025, R038, R048): need at least this many groups. */
  fenceMinGroups: number;
  /** R038: a tenderer needs ≥ this many bids, a buyer ≥ this many processes, to enter the population. */
  r038MinBids: number;
  r038MinProcesses: number;
  /** R048: tenderers with ≥ this many awarded processes; division = first `r048DivisionChars` chars of the classify code ("A08"). */
  r048MinAwards: number;
  r048DivisionChars: number;
  /** Rotation: ≥ this many sections with the same set of ≥ `rotationMinBidders` bidders. */
  rotationMinTenders: number;
  rotationMinBidders: number;
  /** Market allocation: a firm "holds" an area (region or buyer) when it won ≥ share of ≥ min awarded sections there. */
  allocationBy: "region" | "buyer";
  allocationMinSections: number;
  allocationDominance: number;
  /** Winner concentration per buyer: top winner share ≥ this over ≥ `concentrationMinTenders` awarded sections. */
  concentrationShare: number;
  concentrationMinTenders: number;
  /** Splitting: same buyer/kind/division, published within this many days, each below the threshold, together reaching it. */
  splitWindowDays: number;
  /** Just under the threshold: estimate in [ratio × threshold, threshold). */
  justUnderRatio: number;
  justUnderMinCount: number;
  /** Expert repeatedly on the same tenderer's sections: ≥ this many in the history. */
  expertRepeatMin: number;
  /** scoring.ts flagOutliers rule (hundredths; default 10 points, 2 × MAD). */
  outlierRule: OutlierRule;
}

export const DEFAULT_RULE_PARAMS: Readonly<RuleParams> = Object.freeze({
  shortSubmissionDays: 15,
  closeSecondBidMax: 0.005,
  heavyDiscountMin: 0.08,
  collusionRiskMin: 0.5,
  fenceMinPopulation: 20,
  fenceMinGroups: 5,
  r038MinBids: 2,
  r038MinProcesses: 2,
  r048MinAwards: 20,
  r048DivisionChars: 3,
  rotationMinTenders: 3,
  rotationMinBidders: 3,
  allocationBy: "region",
  allocationMinSections: 4,
  allocationDominance: 0.75,
  concentrationShare: 0.6,
  concentrationMinTenders: 5,
  splitWindowDays: 90,
  justUnderRatio: 0.9,
  justUnderMinCount: 3,
  expertRepeatMin: 3,
  outlierRule: Object.freeze({ minDeviation: 1000, madMultiplier: 2 }),
});
