/**
 * 围标串标: the presumptions of 招标投标法实施条例第四十条 that the platform can check in its own records,
 * and the statistical price screens (screens.ts, collusion-risk.ts).
 *
 * 条例40: 有下列情形之一的，视为投标人相互串通投标：
 *   (一) 不同投标人的投标文件由同一单位或者个人编制 — same machine (IP, MAC, CPU, disk), same file author;
 *   (二) 不同投标人委托同一单位或者个人办理投标事宜 — same operator;
 *   (三) 不同投标人的投标文件载明的项目管理成员为同一人 — same project manager;
 *   (四) 不同投标人的投标文件异常一致或者投标报价呈规律性差异 — same file hash, identical prices, regular steps;
 *   (五) 不同投标人的投标文件相互混装;
 *   (六) 不同投标人的投标保证金从同一单位或者个人的账户转出 — same bond account.
 * A shared IP alone is weaker (shared office buildings, carrier NAT): yellow; the others red. The IP the
 * bidder's machine reports about itself counts only when it is a public address (192.168.1.x is every
 * home router's default); the address the platform saw the upload come from always counts.
 */
import { collusionRisk } from "../collusion-risk.ts";
import { computeScreens } from "../screens.ts";
import type { BidFact, Bilingual, EventRule, Finding, SectionFacts } from "./rule-types.ts";
import { CATEGORIES, TENDER_CATEGORIES } from "./rule-types.ts";
import {
  activeBids,
  eventRule,
  finding,
  isPrivateIp,
  normaliseAccount,
  normaliseHardware,
  normaliseId,
  sharedValues,
  validPricedBids,
  yuan,
} from "./support.ts";

const ALL = { categories: CATEGORIES };
const TENDER = { categories: TENDER_CATEGORIES };
const ART40 = "招标投标法实施条例第四十条";

/** Default author names that office software writes: they identify nobody. */
const AUTHOR_PLACEHOLDERS = new Set(["administrator", "admin", "user", "owner", "microsoft", "微软用户", "微软中国", "unknown", "author", "作者"]);

/** One finding per shared value. */
function sharedFindings(id: string, groups: { value: string; bidders: string[] }[], what: Bilingual, evidenceKey: string): Finding[] {
  return groups.map((g) =>
    finding(
      id,
      {
        zh: `${g.bidders.length}个投标人（${g.bidders.join("、")}）的${what.zh}相同：${g.value}`,
        en: `${g.bidders.length} bidders (${g.bidders.join(", ")}) share the same ${what.en}: ${g.value}`,
      },
      { [evidenceKey]: g.value, bidders: g.bidders },
      g.bidders,
    ),
  );
}

function fingerprintRule(
  id: string,
  name: Bilingual,
  severity: "yellow" | "red",
  basis: string,
  pick: (b: BidFact) => (string | undefined)[],
  normalise: (v: string) => string,
  what: Bilingual,
  key: string,
): EventRule {
  return eventRule({ id, name, basis, appliesTo: ALL, node: "bid_submission", severity }, (f, _p, rid) =>
    sharedFindings(
      rid,
      sharedValues(
        activeBids(f).map((b) => ({ bidder: b.bidder, values: pick(b) })),
        normalise,
      ),
      what,
      key,
    ),
  );
}

export const SR028 = fingerprintRule(
  "SR028",
  { zh: "不同投标人投标文件上传IP地址相同", en: "Bids uploaded from the same IP address" },
  "yellow",
  `${ART40}第（一）项`,
  (b) => [b.fingerprint.ip && !isPrivateIp(b.fingerprint.ip) ? b.fingerprint.ip : undefined, b.fingerprint.uploadIp],
  normaliseId,
  { zh: "投标文件制作或上传IP地址", en: "IP address" },
  "ip",
);

export const SR029 = fingerprintRule(
  "SR029",
  { zh: "不同投标人投标文件网卡MAC地址相同", en: "Bids made on machines with the same MAC address" },
  "red",
  `${ART40}第（一）项`,
  (b) => [b.fingerprint.mac],
  normaliseHardware,
  { zh: "网卡MAC地址", en: "MAC address" },
  "mac",
);

export const SR030 = fingerprintRule(
  "SR030",
  { zh: "不同投标人投标文件CPU序列号相同", en: "Bids made on machines with the same CPU id" },
  "red",
  `${ART40}第（一）项`,
  (b) => [b.fingerprint.cpuId],
  normaliseHardware,
  { zh: "CPU序列号", en: "CPU id" },
  "cpuId",
);

export const SR031 = fingerprintRule(
  "SR031",
  { zh: "不同投标人投标文件硬盘序列号相同", en: "Bids made on machines with the same disk serial" },
  "red",
  `${ART40}第（一）项`,
  (b) => [b.fingerprint.diskSerial],
  normaliseHardware,
  { zh: "硬盘序列号", en: "disk serial number" },
  "diskSerial",
);

export const SR032 = fingerprintRule(
  "SR032",
  { zh: "不同投标人投标文件内容哈希相同", en: "Bid files with the same content hash" },
  "red",
  `${ART40}第（四）项`,
  (b) => [b.fingerprint.fileMd5 && `md5:${b.fingerprint.fileMd5}`, b.plaintextSm3 && `sm3:${b.plaintextSm3}`],
  normaliseId,
  { zh: "投标文件哈希（MD5/SM3）", en: "bid file hash (MD5/SM3)" },
  "hash",
);

export const SR033 = fingerprintRule(
  "SR033",
  { zh: "不同投标人投标文件编制人相同", en: "Bid files written by the same author" },
  "red",
  `${ART40}第（一）项`,
  (b) => [b.fingerprint.author],
  (v) => {
    const n = normaliseId(v);
    return AUTHOR_PLACEHOLDERS.has(n) ? "" : n;
  },
  { zh: "投标文件编制人（文档作者）", en: "bid file author" },
  "author",
);

export const SR034 = eventRule(
  {
    id: "SR034",
    name: { zh: "不同投标人投标保证金从同一账户转出", en: "Bid bonds paid from the same account" },
    basis: `${ART40}第（六）项`,
    appliesTo: ALL,
    node: "bid_submission",
    severity: "red",
  },
  (f, _p, id) =>
    sharedFindings(
      id,
      sharedValues(
        f.bonds.filter((b) => b.form === "transfer").map((b) => ({ bidder: b.bidder, values: [b.payerAccountNo] })),
        normaliseAccount,
      ),
      { zh: "投标保证金付款账户", en: "bond payer account" },
      "payerAccountNo",
    ),
);

export const SR035 = eventRule(
  {
    id: "SR035",
    name: { zh: "不同投标人项目负责人为同一人", en: "Bids name the same project manager" },
    basis: `${ART40}第（三）项`,
    appliesTo: TENDER,
    node: "opening",
    severity: "red",
  },
  (f, _p, id) =>
    sharedFindings(
      id,
      sharedValues(activeBids(f).map((b) => ({ bidder: b.bidder, values: [b.projectManager?.idNo] }))),
      { zh: "项目负责人（证件号码）", en: "project manager (ID number)" },
      "projectManagerId",
    ),
);

export const SR036 = eventRule(
  {
    id: "SR036",
    name: { zh: "不同投标人由同一人办理投标事宜", en: "Bidding handled by the same person for several bidders" },
    basis: `${ART40}第（二）项`,
    appliesTo: ALL,
    node: "bid_submission",
    severity: "red",
  },
  (f, _p, id) => {
    const entries = [
      ...activeBids(f).map((b) => ({ bidder: b.bidder, values: [b.operator] })),
      ...f.registrations.map((r) => ({ bidder: r.bidder, values: [r.operator] })),
    ];
    return sharedFindings(id, sharedValues(entries), { zh: "报名或投标经办人", en: "registration or bid operator" }, "operator");
  },
);

/** Active bids with a price (at opening nobody is rejected yet). */
const pricedBids = (f: SectionFacts) => activeBids(f).filter((b): b is BidFact & { priceFen: number } => typeof b.priceFen === "number" && b.priceFen > 0);

export const SR037 = eventRule(
  {
    id: "SR037",
    name: { zh: "不同投标人投标报价相同（R028）", en: "Identical bid prices (R028)" },
    basis: `${ART40}第（四）项；cardinal R028`,
    appliesTo: TENDER,
    node: "opening",
    severity: "red",
  },
  (f, _p, id) => {
    if (f.section.fixedPrice) return [];
    const bids = pricedBids(f);
    if (bids.length < 2) return [];
    const { screens } = computeScreens(
      bids.map((b) => b.priceFen),
      { bidders: bids.map((b) => b.bidder) },
    );
    if (screens.identicalPrices === 0) return [];
    const groups = sharedValues(
      bids.map((b) => ({ bidder: b.bidder, values: [String(b.priceFen)] })),
      (v) => v,
    );
    return groups.map((g) =>
      finding(
        id,
        {
          zh: `${g.bidders.length}个投标人（${g.bidders.join("、")}）的投标报价均为${yuan(Number(g.value))}元`,
          en: `${g.bidders.length} bidders (${g.bidders.join(", ")}) bid exactly ${yuan(Number(g.value))} yuan`,
        },
        { priceFen: Number(g.value), bidders: g.bidders, identicalPricePairs: screens.identicalPrices },
        g.bidders,
      ),
    );
  },
);

export const SR038 = eventRule(
  {
    id: "SR038",
    name: { zh: "投标报价呈规律性差异", en: "Bid prices in regular steps" },
    basis: `${ART40}第（四）项`,
    appliesTo: TENDER,
    node: "opening",
    severity: "red",
  },
  (f, _p, id) => {
    const bids = pricedBids(f);
    if (bids.length < 3) return [];
    const { screens } = computeScreens(bids.map((b) => b.priceFen));
    if (!screens.regularSteps) return [];
    const sorted = [...bids].sort((a, b) => a.priceFen - b.priceFen);
    const steps = sorted.slice(1).map((b, i) => b.priceFen - sorted[i]!.priceFen);
    return [
      finding(
        id,
        {
          zh: `${bids.length}个投标报价按等差排列（相邻差额${steps.map(yuan).join("、")}元）`,
          en: `${bids.length} bid prices step evenly (gaps ${steps.map(yuan).join(", ")} yuan)`,
        },
        { prices: sorted.map((b) => ({ bidder: b.bidder, priceFen: b.priceFen })), steps },
        sorted.map((b) => b.bidder),
      ),
    ];
  },
);

/** Screens and risk flags of the valid priced bids, against the ceiling price (else the estimate). */
function screenRisk(f: SectionFacts) {
  const bids = validPricedBids(f);
  if (bids.length === 0) return undefined;
  const { n, screens } = computeScreens(
    bids.map((b) => b.priceFen),
    { id: f.section.sectionCode, bidders: bids.map((b) => b.bidder), estimate: f.section.ceilingPriceFen ?? f.section.estimateFen },
  );
  // identical prices and regular steps are SR037 / SR038: the statistical risk here leaves them out
  const { risk, flags } = collusionRisk({ n, screens: { ...screens, identicalPrices: 0, regularSteps: false } });
  return { n, screens, risk, flags, bidders: bids.map((b) => b.bidder).sort() };
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
const SCREEN_EVIDENCE = ["cv", "spd", "diffp", "rd", "rdnor", "rdalt", "skew", "kurt", "kstest", "bidToEstimate"];

export const SR039 = eventRule(
  {
    id: "SR039",
    name: { zh: "报价统计筛查围标风险高", en: "High collusion risk from the price screens" },
    basis: `${ART40}；collusion-screens (Imhof 2017; Huber & Imhof 2019)`,
    appliesTo: TENDER,
    node: "opening",
    severity: "yellow",
  },
  (f, p, id) => {
    const r = screenRisk(f);
    if (!r || r.n < 3 || r.risk < p.collusionRiskMin) return [];
    return [
      finding(
        id,
        {
          zh: `${r.n}个有效报价的统计筛查围标风险为${r.risk.toFixed(2)}（阈值${p.collusionRiskMin}），特征：${r.flags.join("、") || "无"}`,
          en: `Statistical collusion risk of the ${r.n} valid bids is ${r.risk.toFixed(2)} (threshold ${p.collusionRiskMin}); flags: ${r.flags.join(", ") || "none"}`,
        },
        { risk: r.risk, n: r.n, flags: r.flags, screens: pick(r.screens, SCREEN_EVIDENCE) },
        r.bidders,
      ),
    ];
  },
);

export const SR040 = eventRule(
  {
    id: "SR040",
    name: { zh: "报价离散程度异常低", en: "Abnormally low price dispersion" },
    basis: `${ART40}第（四）项；collusion-screens CV/SPD`,
    appliesTo: TENDER,
    node: "opening",
    severity: "green",
  },
  (f, _p, id) => {
    const r = screenRisk(f);
    const hits = r?.flags.filter((x) => x === "LOW_CV" || x === "LOW_SPD") ?? [];
    if (!r || hits.length === 0) return [];
    return [
      finding(
        id,
        {
          zh: `${r.n}个有效报价高度集中（变异系数${r.screens.cv?.toFixed(4)}，极差率${r.screens.spd?.toFixed(4)}）`,
          en: `The ${r.n} valid bids cluster tightly (CV ${r.screens.cv?.toFixed(4)}, spread ${r.screens.spd?.toFixed(4)})`,
        },
        { flags: hits, cv: r.screens.cv, spd: r.screens.spd, n: r.n },
        r.bidders,
      ),
    ];
  },
);

export const SR041 = eventRule(
  {
    id: "SR041",
    name: { zh: "最低有效报价接近最高投标限价", en: "Lowest valid bid close to the ceiling price" },
    basis: "collusion-screens bid/PTE (HIGH_BID_TO_ESTIMATE)",
    appliesTo: TENDER,
    node: "opening",
    severity: "green",
  },
  (f, _p, id) => {
    const r = screenRisk(f);
    if (!r?.flags.includes("HIGH_BID_TO_ESTIMATE")) return [];
    return [
      finding(
        id,
        {
          zh: `最低有效报价为最高投标限价（或估算价）的${((r.screens.bidToEstimate ?? 0) * 100).toFixed(2)}%`,
          en: `The lowest valid bid is ${((r.screens.bidToEstimate ?? 0) * 100).toFixed(2)}% of the ceiling price (or estimate)`,
        },
        { bidToEstimate: r.screens.bidToEstimate, n: r.n },
        r.bidders,
      ),
    ];
  },
);

export const COLLUSION_RULES: readonly EventRule[] = [SR028, SR029, SR030, SR031, SR032, SR033, SR034, SR035, SR036, SR037, SR038, SR039, SR040, SR041];
