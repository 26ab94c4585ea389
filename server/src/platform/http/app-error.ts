/**
 * The one error type of ggzy. Every error a client can cause is an AppError with a stable `code`,
 * an HTTP status and messages in zh-CN and en; the HTTP layer renders it as RFC 9457 problem+json.
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

/** The catalogue of stable error codes. Titles only; the detail of each occurrence goes in `detail`. */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: "请求参数不符合要求", en: "The request is not valid" },
  MALFORMED_JSON: { status: 400, zh: "请求体不是合法的 JSON", en: "The request body is not valid JSON" },
  UNKNOWN_FIELD: { status: 400, zh: "请求包含未定义的字段", en: "The request contains unknown fields" },
  PAYLOAD_TOO_LARGE: { status: 413, zh: "请求体过大", en: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: "不支持的请求内容类型", en: "Unsupported content type" },
  ROUTE_NOT_FOUND: { status: 404, zh: "请求的地址不存在", en: "No such route" },
  NOT_FOUND: { status: 404, zh: "请求的对象不存在", en: "The requested object does not exist" },
  UNAUTHENTICATED: { status: 401, zh: "请先登录", en: "Authentication required" },
  TOKEN_INVALID: { status: 401, zh: "登录凭证无效或已失效", en: "The access token is invalid, expired or revoked" },
  LOGIN_FAILED: { status: 401, zh: "用户名或密码错误", en: "Wrong username or password" },
  ACCOUNT_LOCKED: { status: 423, zh: "账户已被临时锁定", en: "The account is temporarily locked" },
  ACCOUNT_DISABLED: { status: 403, zh: "账户已停用", en: "The account is disabled" },
  CERTIFICATE_LOGIN_FAILED: { status: 401, zh: "数字证书登录失败", en: "Certificate login failed" },
  FORBIDDEN_ROLE: { status: 403, zh: "当前角色无权执行此操作", en: "Your role may not perform this action" },
  FORBIDDEN_SCOPE: { status: 403, zh: "无权访问该对象", en: "You may not access this object" },
  SEPARATION_OF_DUTIES: { status: 409, zh: "违反职责分离要求", en: "Separation of duties forbids this" },
  SELF_APPROVAL: { status: 409, zh: "不得审批本人提出的申请", en: "Nobody may decide their own request" },
  CONFLICT: { status: 409, zh: "与当前状态冲突", en: "Conflicts with the current state" },
  VERSION_CONFLICT: { status: 409, zh: "数据已被他人修改，请刷新后重试", en: "The object was changed by someone else; reload and retry" },
  USCC_INVALID: { status: 400, zh: "统一社会信用代码无效", en: "Invalid unified social credit code" },
  ID_CARD_INVALID: { status: 400, zh: "居民身份证号码无效", en: "Invalid resident identity card number" },
  SUBJECT_EXISTS: {
    status: 409,
    zh: "该主体已注册，全省各平台通用，无需重复注册",
    en: "This subject is already registered and is recognised on every platform",
  },
  USERNAME_TAKEN: { status: 409, zh: "用户名已被使用", en: "The username is taken" },
  PASSWORD_WEAK: { status: 400, zh: "密码强度不足", en: "The password is too weak" },
  PLATFORM_UNKNOWN: { status: 400, zh: "交易平台不存在", en: "Unknown trading platform" },
  DEPARTMENT_UNKNOWN: { status: 400, zh: "监管部门不存在", en: "Unknown supervisory department" },
  DATE_INVALID: { status: 400, zh: "日期无效", en: "Invalid date" },
  AUDIT_RANGE_INVALID: { status: 400, zh: "审计日志证明参数超出范围", en: "The proof parameters are outside the signed tree" },
  TIME_LIMIT: { status: 400, zh: "不符合法定时限", en: "A statutory time limit is not met" },
  DEADLINE_PASSED: { status: 409, zh: "已超过截止时间", en: "The deadline has passed" },
  NOT_YET_DUE: { status: 409, zh: "尚未到规定时间", en: "It is not yet time" },
  STATE_INVALID: { status: 409, zh: "当前阶段不允许此操作", en: "Not allowed at this stage" },
  NOT_REGISTERED: { status: 409, zh: "尚未报名该标段", en: "Not registered for this section" },
  CERTIFICATE_REQUIRED: { status: 409, zh: "需先登记 SM2 数字证书", en: "An SM2 certificate must be registered first" },
  BID_SEAL_INVALID: { status: 400, zh: "投标文件密封格式无效", en: "The sealed bid is not valid" },
  BID_DECRYPTION_FAILED: { status: 400, zh: "投标文件解密失败", en: "The bid could not be decrypted" },
  SUBJECT_RESTRICTED: { status: 403, zh: "该主体因失信被限制参与此类交易", en: "The subject is barred from this action by a sanction" },
  RULE_VIOLATION: { status: 400, zh: "不符合法定要求", en: "A statutory rule is not met" },
  BID_REFUSED: { status: 409, zh: "出价未被接受", en: "The bid was refused" },
  NOT_ELIGIBLE_TO_BID: {
    status: 409,
    zh: "尚未取得竞买号（须资格审查通过且竞买保证金到账）",
    en: "No bidder number yet: the review must pass and the deposit arrive first",
  },
  DEPOSIT_ACCOUNT_MISMATCH: { status: 400, zh: "保证金付款账户不是登记的基本账户", en: "The deposit was not paid from the registered basic account" },
  QUESTIONS_CLOSED: { status: 409, zh: "答疑提问已截止", en: "Questions about the documents are closed" },
  SECRET_UNTIL_OPENING: { status: 403, zh: "开标前保密", en: "Secret until the opening" },
  DOCUMENT_INTEGRITY: { status: 500, zh: "文件与其登记的摘要不符", en: "The file does not match its recorded hash" },
  INSPECTION_SHARE_TOO_LOW: { status: 400, zh: "随机抽查比例低于规定", en: "The random inspection share is below the minimum" },
  INSPECTION_POPULATION_TOO_SMALL: { status: 409, zh: "抽查对象名录中的对象不足", en: "Too few objects in the inspection population" },
  INSPECTORS_INSUFFICIENT: { status: 409, zh: "回避后可抽取的检查人员不足", en: "Too few inspectors remain after avoidance" },
  NOT_PREQUALIFIED: { status: 403, zh: "未通过资格预审，不具备投标资格", en: "Not pre-qualified: no right to bid for this section" },
  PREQUALIFICATION_UNREVIEWED: { status: 409, zh: "尚有资格预审申请未审查", en: "Some pre-qualification applications are not reviewed yet" },
  PREQUALIFICATION_PENDING: { status: 409, zh: "资格预审尚未结束", en: "The pre-qualification is not finished" },
  DEAL_APPROVAL_REQUIRED: {
    status: 409,
    zh: "成交价低于评估值的90%，须先记录转让行为批准单位的书面同意",
    en: "The price is below 90% of the appraisal: the approving body's written consent must be recorded first",
  },
  INTERNAL: { status: 500, zh: "服务器内部错误", en: "Internal server error" },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** A message in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. "uscc" or "contacts.0.phone". */
  field: string;
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: Bilingual | undefined;
  readonly fieldErrors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: Bilingual, options: { fieldErrors?: FieldError[]; extra?: Record<string, unknown> } = {}) {
    super(detail?.en ?? ERRORS[code].en);
    this.name = "AppError";
    this.code = code;
    this.status = ERRORS[code].status;
    this.detail = detail;
    this.fieldErrors = options.fieldErrors ?? [];
    this.extra = options.extra ?? {};
  }
}

export const notFound = (what: Bilingual) => new AppError("NOT_FOUND", { zh: `${what.zh}不存在`, en: `${what.en} does not exist` });
