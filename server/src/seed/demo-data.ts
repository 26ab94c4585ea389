import type { Role } from "../modules/identity/domain/roles.ts";
import type { PlatformLevel } from "../modules/regions/domain/project-routing.ts";

/**
 * The demo installation: Zhejiang province with two cities and four counties (real GB/T 2260
 * division codes), fictional subjects whose codes pass the GB 32100 checks, one account per role.
 * All demo accounts share DEMO_PASSWORD; it is printed once at first start and listed in README.
 */
export const DEMO_PASSWORD = "Ggzy#Demo2026";

export const DEMO_PLATFORMS: { code: string; name: string; level: PlatformLevel; parentCode: string | null }[] = [
  { code: "330000", name: "浙江省公共资源交易平台", level: "province", parentCode: null },
  { code: "330100", name: "杭州市公共资源交易平台", level: "city", parentCode: "330000" },
  { code: "330200", name: "宁波市公共资源交易平台", level: "city", parentCode: "330000" },
  { code: "330106", name: "杭州市西湖区公共资源交易平台", level: "county", parentCode: "330100" },
  { code: "330110", name: "杭州市余杭区公共资源交易平台", level: "county", parentCode: "330100" },
  { code: "330212", name: "宁波市鄞州区公共资源交易平台", level: "county", parentCode: "330200" },
  { code: "330282", name: "慈溪市公共资源交易平台", level: "county", parentCode: "330200" },
];

export interface DemoSubject {
  key: string;
  uscc: string;
  name: string;
  roles: ("tenderer" | "agency" | "bidder")[];
  legalRepresentative: string;
  registeredCapitalFen: number;
  regionCode: string;
  basicBank: string;
  basicAccountNo: string;
}

export const DEMO_SUBJECTS: DemoSubject[] = [
  {
    key: "tenderer",
    uscc: "91330100MA2H01009P",
    name: "杭州示范城市建设投资集团有限公司",
    roles: ["tenderer"],
    legalRepresentative: "赵建国",
    registeredCapitalFen: 500_000_000_00,
    regionCode: "330100",
    basicBank: "中国工商银行杭州分行",
    basicAccountNo: "1202020109900000101",
  },
  {
    key: "agency",
    uscc: "91330100MA2H020016",
    name: "浙江示范工程咨询有限公司",
    roles: ["agency"],
    legalRepresentative: "钱立群",
    registeredCapitalFen: 10_000_000_00,
    regionCode: "330100",
    basicBank: "中国建设银行杭州分行",
    basicAccountNo: "33050161000000000202",
  },
  {
    key: "bidder1",
    uscc: "91330106MA2H03004D",
    name: "杭州示范建设工程有限公司",
    roles: ["bidder"],
    legalRepresentative: "孙卫东",
    registeredCapitalFen: 200_000_000_00,
    regionCode: "330106",
    basicBank: "中国农业银行西湖支行",
    basicAccountNo: "19000101040000303",
  },
  {
    key: "bidder2",
    uscc: "91330200MA2H04007C",
    name: "宁波示范建工集团有限公司",
    roles: ["bidder"],
    legalRepresentative: "李海峰",
    registeredCapitalFen: 300_000_000_00,
    regionCode: "330200",
    basicBank: "宁波银行营业部",
    basicAccountNo: "51010122000000404",
  },
  {
    key: "bidder3",
    uscc: "91330212MA2H0500X4",
    name: "鄞州示范路桥有限公司",
    roles: ["bidder", "tenderer"],
    legalRepresentative: "周晓明",
    registeredCapitalFen: 80_000_000_00,
    regionCode: "330212",
    basicBank: "中国银行鄞州支行",
    basicAccountNo: "36050000000000505",
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  platformCode: string;
  idCard: string;
  subjectKey?: string;
  departmentCode?: string;
}

/** One account per role (bidders have three, for tenders that need three bids). */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: "admin", displayName: "系统管理员 王敏", role: "sysadmin", platformCode: "330000", idCard: "330106198001010013" },
  { username: "centre", displayName: "交易中心 陈静", role: "centre_staff", platformCode: "330100", idCard: "330102198503150029" },
  {
    username: "supervisor",
    displayName: "市住建局 刘强",
    role: "supervisor",
    platformCode: "330100",
    idCard: "330203199007200038",
    departmentCode: "330100-zj",
  },
  {
    username: "supervisor-fgw",
    displayName: "市发改委 黄磊",
    role: "supervisor",
    platformCode: "330100",
    idCard: "330106197508080040",
    departmentCode: "330100-fgw",
  },
  { username: "inspector", displayName: "纪检监察 吴刚", role: "inspector", platformCode: "330000", idCard: "330105198211110059" },
  { username: "expertadmin", displayName: "专家库维护 郑丽", role: "expert_admin", platformCode: "330000", idCard: "330106198806060069" },
  { username: "extractor", displayName: "专家抽取 冯军", role: "expert_extractor", platformCode: "330100", idCard: "330203199302020072" },
  { username: "expert", displayName: "评标专家 何教授", role: "expert", platformCode: "330100", idCard: "330106197009090084" },
  { username: "tenderer", displayName: "招标人 杭州示范城投", role: "tenderer", platformCode: "330100", idCard: "330106197912120091", subjectKey: "tenderer" },
  { username: "agency", displayName: "代理机构 浙江示范咨询", role: "agency", platformCode: "330100", idCard: "330106198601010105", subjectKey: "agency" },
  { username: "bidder", displayName: "投标人 杭州示范建设", role: "bidder", platformCode: "330100", idCard: "330106198601010113", subjectKey: "bidder1" },
  { username: "bidder2", displayName: "投标人 宁波示范建工", role: "bidder", platformCode: "330200", idCard: "330106198701010129", subjectKey: "bidder2" },
];
