import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RULES, ruleById } from "./catalog.ts";
import {
  ALERT_LEVEL,
  ALERT_STATES,
  type AlertAction,
  type AlertHandling,
  type AlertState,
  AlertWorkflowError,
  alertRecord,
  applyAlertAction,
  type CreditRecordRequest,
  NEW_ALERT,
  nextAlertState,
  RuleEvaluationError,
  runRules,
} from "./engine.ts";
import type { EventRule, Finding, SectionFacts } from "./rule-types.ts";
import { eventRule, finding } from "./support.ts";
import { bidOf, bj, cleanSection, firm, history, historySection, U } from "./test-fixtures.ts";

const ids = (list: Finding[]) => list.map((f) => f.ruleId);
const withFacts = (change: (f: SectionFacts) => void): SectionFacts => {
  const f = cleanSection();
  change(f);
  return f;
};

/** Same MAC (SR029, bid_submission, red) and a contract signed late (SR009, contract, yellow). */
const twoProblems = () =>
  withFacts((f) => {
    bidOf(f, U.B).fingerprint.mac = bidOf(f, U.A).fingerprint.mac;
    f.contract!.signedAt = bj("2026-05-20T10:00");
  });

describe("runRules", () => {
  it("runs only the rules of the node asked for", () => {
    const f = twoProblems();
    expect(ids(runRules(RULES, "bid_submission", f))).toEqual(["SR029"]);
    expect(ids(runRules(RULES, "contract", f))).toEqual(["SR009"]);
    expect(ids(runRules(RULES, "opening", f))).toEqual([]);
    expect(ids(runRules(RULES, "all", f))).toEqual(["SR009", "SR029"]);
  });

  it("stamps severity, node, basis and the section", () => {
    const [found] = runRules(RULES, "bid_submission", twoProblems());
    expect(found).toMatchObject({
      ruleId: "SR029",
      severity: "red",
      node: "bid_submission",
      basis: "招标投标法实施条例第四十条第（一）项",
      section: { sectionCode: "3501022026000001001001", unifiedDealCode: "350102202603020000010", tenderProjectName: "某路面改造工程" },
    });
  });

  it("filters by category and method", () => {
    const land = withFacts((f) => {
      f.project.category = "land";
      f.notice!.docSaleStart = bj("2026-03-20T09:00"); // SR002 would fire on a tender
      bidOf(f, U.B).fingerprint.mac = bidOf(f, U.A).fingerprint.mac; // SR029 applies to every category
    });
    expect(ids(runRules(RULES, "all", land))).toEqual(["SR029"]);
    const single = withFacts((f) => {
      f.bids = f.bids.slice(0, 1);
      f.opening = undefined;
    });
    expect(ids(runRules(RULES, "bid_submission", single))).toEqual(["SR016"]);
    single.project.method = "negotiated"; // R018 is for open and invited tenders only
    expect(ids(runRules(RULES, "bid_submission", single))).toEqual([]);
  });

  it("the facts choose the mode: a section runs event rules, a history batch rules", () => {
    const rotation = history(
      [1, 2, 3].map((w, i) =>
        historySection({
          bids: [1, 2, 3].map((k) => ({ bidder: firm(k) })),
          winner: firm(w),
          awardedAt: new Date(bj("2026-02-01T00:00").getTime() + i * 86_400_000),
        }),
      ),
    );
    expect(ids(runRules(RULES, "cross_project", rotation))).toEqual(["SR042"]);
    expect(ids(runRules(RULES, "all", rotation))).toEqual(["SR042"]);
    expect(runRules(RULES, "cross_project", cleanSection())).toEqual([]);
    // batch rules see only the sections of their categories
    for (const s of rotation.sections) s.category = "land";
    expect(runRules(RULES, "cross_project", rotation)).toEqual([]);
  });

  it("passes parameter overrides, `only` and `minSeverity`", () => {
    const f = withFacts((x) => {
      x.project.compulsory = false;
      x.notice!.publishedAt = bj("2026-03-15T09:00"); // 10 days: R003 (green)
    });
    expect(ids(runRules(RULES, "announcement", f))).toEqual(["SR015"]);
    expect(runRules(RULES, "announcement", f, { params: { shortSubmissionDays: 10 } })).toEqual([]);
    expect(runRules(RULES, "announcement", f, { minSeverity: "yellow" })).toEqual([]);
    const g = twoProblems();
    expect(ids(runRules(RULES, "all", g, { minSeverity: "red" }))).toEqual(["SR029"]);
    expect(ids(runRules(RULES, "all", g, { only: ["SR009"] }))).toEqual(["SR009"]);
  });

  it("a failing rule is named, or reported and skipped", () => {
    const broken: EventRule = eventRule(
      { id: "SR900", name: { zh: "坏规则", en: "broken" }, basis: "-", appliesTo: { categories: ["works"] }, node: "opening", severity: "green" },
      () => {
        throw new RangeError("bad facts");
      },
    );
    const ok = eventRule({ ...broken, id: "SR901" }, (_f, _p, id) => [finding(id, { zh: "有", en: "yes" }, {})]);
    expect(() => runRules([broken, ok], "opening", cleanSection())).toThrow(RuleEvaluationError);
    expect(() => runRules([broken], "opening", cleanSection())).toThrow(/SR900.*bad facts/);
    const errors: string[] = [];
    expect(ids(runRules([broken, ok], "opening", cleanSection(), { onError: (id) => errors.push(id) }))).toEqual(["SR901"]);
    expect(errors).toEqual(["SR900"]);
  });
});

// ---------------------------------------------------------------------------------------------

const context = {
  projectType: "A01",
  tradeType: "1",
  supervisor: { name: "某市住房和城乡建设局", code: "11350100000000000X" },
  alertDate: bj("2026-03-21T10:15:30"),
  body: { uscc: U.tenderer, name: "某市城市建设投资有限公司" },
  names: { [U.A]: "甲公司", [U.B]: "乙公司" },
};

describe("alertRecord (data set 402 PROJECT_ALERTING_INFO)", () => {
  it("maps a new finding", () => {
    const [found] = runRules(RULES, "bid_submission", twoProblems());
    expect(alertRecord(found!, context)).toEqual({
      TENDER_PROJECT_NAME: "某路面改造工程",
      TENDER_PROJECT_CODE: "3501022026000001001",
      BID_SECTION_CODE: "3501022026000001001001",
      BID_SECTION_NAME: "第一标段",
      UNIFIED_DEAL_CODE: "350102202603020000010",
      PROJECT_TYPE: "A01",
      TRADE_TYPE: "1",
      BODY_NAME: "甲公司;乙公司",
      BODY_CODE: `${U.A};${U.B}`,
      SUPERVISOR_UNIT_NAME: "某市住房和城乡建设局",
      SUPERVISOR_UNIT_CODE: "11350100000000000X",
      SUPERVISORY_NODE: "投标文件递交",
      ALERT_LEVEL: "3",
      ALERT_DATE: "2026-03-21 10:15:30",
      ALERT_INFO: `[SR029] ${found!.message.zh}（依据：招标投标法实施条例第四十条第（一）项）`,
      HANDLED: "0",
      HANDLE_RESULT: null,
      PULISH_DATE: null,
      CONFINED_ACTION: null,
      START_DATE: null,
      END_DATE: null,
      OPERATOR: null,
      ENTER_CREDIT_PLAT: "0",
      SIGNATURE: null,
    });
  });

  it("ALERT_LEVEL is 1 绿 / 2 黄 / 3 红; the body defaults to the context's", () => {
    expect(ALERT_LEVEL).toEqual({ green: "1", yellow: "2", red: "3" });
    const bare: Finding = { ruleId: "SR015", message: { zh: "投标期限偏短", en: "short" }, evidence: {} };
    const rule = ruleById("SR015")!;
    const r = alertRecord(bare, { ...context, rule, section: { tenderProjectCode: "T", sectionCode: "S", unifiedDealCode: "D" } });
    expect(r).toMatchObject({
      ALERT_LEVEL: "1",
      SUPERVISORY_NODE: "招标公告与招标文件",
      BODY_CODE: U.tenderer,
      BODY_NAME: "某市城市建设投资有限公司",
      BID_SECTION_CODE: "S",
    });
    expect(r.ALERT_INFO).toBe("[SR015] 投标期限偏短（R003）：投标期限偏短（依据：cardinal R003）");
    expect(() => alertRecord(bare, context)).toThrow(TypeError);
  });

  it("a closed alert carries the handling and the credit record", () => {
    const [found] = runRules(RULES, "contract", twoProblems());
    const credit: CreditRecordRequest = {
      subjects: [U.tenderer],
      kind: "violation",
      reason: "未按期订立合同",
      documentNo: "榕建监〔2026〕3号",
      restrictedActions: ["bid"],
      startsAt: bj("2026-06-01T00:00"),
      endsAt: bj("2026-12-01T00:00"),
      public: true,
    };
    let h: AlertHandling = NEW_ALERT;
    h = applyAlertAction(h, { type: "issue", at: bj("2026-05-21T09:00"), by: "supervisor-1" });
    expect(alertRecord(found!, { ...context, handling: h })).toMatchObject({ HANDLED: "0", PULISH_DATE: "2026-05-21 09:00:00", OPERATOR: null });
    h = applyAlertAction(h, { type: "feedback", at: bj("2026-05-25T09:00"), by: "tenderer-1", content: "中标人迟迟不签约" });
    h = applyAlertAction(h, {
      type: "close",
      at: bj("2026-05-30T16:00"),
      by: "supervisor-1",
      result: "责令改正并记录不良行为",
      signature: "SM2:abcd",
      creditRecord: credit,
    });
    expect(alertRecord(found!, { ...context, handling: h })).toMatchObject({
      ALERT_LEVEL: "2",
      SUPERVISORY_NODE: "合同订立",
      BODY_CODE: U.tenderer,
      HANDLED: "1",
      HANDLE_RESULT: "责令改正并记录不良行为",
      PULISH_DATE: "2026-05-21 09:00:00",
      CONFINED_ACTION: "bid",
      START_DATE: "2026-06-01 00:00:00",
      END_DATE: "2026-12-01 00:00:00",
      OPERATOR: "supervisor-1",
      ENTER_CREDIT_PLAT: "1",
      SIGNATURE: "SM2:abcd",
    });
  });
});

// ---------------------------------------------------------------------------------------------

const at = bj("2026-05-01T09:00");
const ACTIONS: Record<AlertAction["type"], AlertAction> = {
  issue: { type: "issue", at, by: "s1" },
  feedback: { type: "feedback", at, by: "t1", content: "已整改" },
  close: { type: "close", at, by: "s1", result: "办结" },
};

describe("alert workflow 待处理 → 已发出预警 → 已反馈 → 已办结", () => {
  it("follows the path", () => {
    expect(nextAlertState("pending", ACTIONS.issue)).toEqual({ state: "issued" });
    expect(nextAlertState("issued", ACTIONS.feedback)).toEqual({ state: "responded" });
    expect(nextAlertState("responded", ACTIONS.close)).toEqual({ state: "closed" });
  });

  it("refuses every other transition with a typed error", () => {
    const allowed = new Set(["pending/issue", "issued/feedback", "responded/close"]);
    for (const s of ALERT_STATES) {
      for (const a of Object.values(ACTIONS)) {
        if (allowed.has(`${s}/${a.type}`)) continue;
        let error: unknown;
        try {
          nextAlertState(s, a);
        } catch (e) {
          error = e;
        }
        expect(error, `${s}/${a.type}`).toBeInstanceOf(AlertWorkflowError);
        expect(error).toMatchObject({ code: "INVALID_TRANSITION", from: s, action: a.type });
      }
    }
  });

  it("any sequence of actions stays on the path: the state only moves forward, one step per accepted action", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("issue", "feedback", "close") as fc.Arbitrary<AlertAction["type"]>, { maxLength: 12 }), (types) => {
        let state: AlertState = "pending";
        for (const t of types) {
          const before = ALERT_STATES.indexOf(state);
          try {
            state = nextAlertState(state, ACTIONS[t]).state;
            expect(ALERT_STATES.indexOf(state)).toBe(before + 1);
          } catch (e) {
            expect(e).toBeInstanceOf(AlertWorkflowError);
            expect(ALERT_STATES.indexOf(state)).toBe(before);
          }
        }
        const expected = types.reduce((n, t) => (["issue", "feedback", "close"][n] === t ? n + 1 : n), 0);
        expect(state).toBe(ALERT_STATES[expected]);
      }),
    );
  });

  it("refuses malformed actions (INVALID_ACTION) and passes a close's credit-record request on", () => {
    const credit: CreditRecordRequest = {
      subjects: [U.B],
      kind: "blacklist",
      reason: "串通投标",
      documentNo: "闽建罚〔2026〕9号",
      restrictedActions: ["register", "bid"],
      startsAt: bj("2026-06-01T00:00"),
      endsAt: null,
      public: true,
    };
    expect(nextAlertState("responded", { ...ACTIONS.close, creditRecord: credit } as AlertAction)).toEqual({ state: "closed", creditRecord: credit });
    const invalid = (a: AlertAction, s: AlertState = "responded") => {
      try {
        nextAlertState(s, a);
      } catch (e) {
        return e instanceof AlertWorkflowError ? e.code : "other";
      }
      return "accepted";
    };
    expect(invalid({ type: "feedback", at, by: "t1", content: "  " }, "issued")).toBe("INVALID_ACTION");
    expect(invalid({ type: "issue", at: new Date(Number.NaN), by: "s1" }, "pending")).toBe("INVALID_ACTION");
    expect(invalid({ type: "close", at, by: "s1", result: "" })).toBe("INVALID_ACTION");
    expect(invalid({ type: "close", at, by: "s1", result: "办结", creditRecord: { ...credit, subjects: [] } })).toBe("INVALID_ACTION");
    expect(invalid({ type: "close", at, by: "s1", result: "办结", creditRecord: { ...credit, restrictedActions: [] } })).toBe("INVALID_ACTION");
    expect(invalid({ type: "close", at, by: "s1", result: "办结", creditRecord: { ...credit, endsAt: bj("2026-05-01T00:00") } })).toBe("INVALID_ACTION");
    expect(invalid({ type: "close", at, by: "s1", result: "办结", creditRecord: { ...credit, documentNo: "" } })).toBe("INVALID_ACTION");
    expect(invalid({ type: "close", at, by: "s1", result: "办结", creditRecord: { ...credit, kind: "violation", restrictedActions: [] } })).toBe("accepted");
  });
});
