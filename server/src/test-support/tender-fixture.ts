import { idCardCheckChar } from "../modules/identity/domain/id-card.ts";
import { organizationCodeCheckChar, usccCheckChar } from "../modules/identity/domain/uscc.ts";
import { generateSm2KeyPair } from "../platform/crypto/sm2.ts";
import { bidderShare, sealOffer } from "./bidder-tool.ts";
import { bearer, type TestPlatform } from "./test-platform.ts";

const PASSWORD = "Strong#Pass2026";

export interface Participant {
  username: string;
  uscc: string;
  keys: { publicKey: string; privateKey: string };
}

/** A valid 统一社会信用代码 and 身份证号 for test participant number i. */
export function testCodes(i: number, prefix = "T") {
  const body = `${prefix}${String(i).padStart(7, "0")}`;
  const first17 = `91330100${body}${organizationCodeCheckChar(body)}`;
  const idFirst17 = `33010619850505${String(i).padStart(3, "0")}`;
  return { uscc: first17 + usccCheckChar(first17), idCard: idFirst17 + idCardCheckChar(idFirst17) };
}

/**
 * Runs a tender through the API up to the closed opening: a project, its notice, `prices.length`
 * self-registered bidders with SM2 certificates, sealed bids, the opening and every decryption.
 */
export async function tenderToOpened(
  platform: TestPlatform,
  options: {
    prices: number[];
    evaluation?: unknown;
    tag: string;
    stopAtOpening?: boolean;
    /** Machine traits of bidder i (default: the bidder tool's fixed fingerprint, shared by every bidder). */
    fingerprintOf?: (i: number) => Record<string, string>;
  },
) {
  const as = async (username: string, password?: string) => bearer(await platform.login(username, password));
  const inject = platform.app.http.inject.bind(platform.app.http);
  platform.clock.set("2026-05-04T02:00:00Z");
  const project = await inject({
    method: "POST",
    url: "/api/v1/tender-projects",
    headers: await as("tenderer"),
    payload: {
      name: `测试项目${options.tag}`,
      kind: "works",
      departmentCode: "330100-zj",
      approvalLevel: "city",
      approvalDivisionCode: "330100",
      estimateFen: 5_000_000_000,
      funding: {
        totalInvestmentFen: 5_000_000_000,
        budgetFundsFen: 5_000_000_000,
        stateOwnedControlling: true,
        foreignLoanOrAid: false,
        publicInfrastructure: true,
      },
      method: "open",
      sections: [{ name: "施工标", classifyCode: "A080000", estimateFen: 5_000_000_000, bondFen: 0 }],
    },
  });
  const sectionId = project.json().sections[0].id as number;
  const notice = await inject({
    method: "POST",
    url: `/api/v1/sections/${sectionId}/notice`,
    headers: await as("tenderer"),
    payload: {
      docSaleStart: "2026-05-04T02:00:00Z",
      docSaleEnd: "2026-05-11T09:00:00Z",
      bidDeadline: "2026-05-25T01:30:00Z",
      ...(options.evaluation ? { evaluation: options.evaluation } : {}),
    },
  });
  if (notice.statusCode !== 200) throw new Error(`notice: ${notice.body}`);
  const bidders: Participant[] = [];
  for (const [i, price] of options.prices.entries()) {
    const { uscc, idCard } = testCodes(i + 1, options.tag);
    const username = `b-${options.tag}-${i}`;
    const r = await inject({
      method: "POST",
      url: "/api/v1/subjects",
      payload: {
        uscc,
        name: `投标人${options.tag}${i}`,
        roles: ["bidder"],
        account: { username, password: PASSWORD, displayName: username, idCard, role: "bidder" },
      },
    });
    if (r.statusCode !== 201) throw new Error(`subject: ${r.body}`);
    const keys = generateSm2KeyPair();
    const h = await as(username, PASSWORD);
    await inject({ method: "POST", url: "/api/v1/auth/certificates", headers: h, payload: { serial: `C-${username}`, publicKey: keys.publicKey } });
    await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/registrations`, headers: h });
    const sealing = (await inject({ url: `/api/v1/sections/${sectionId}/sealing-keys`, headers: h })).json();
    const sealed = sealOffer(sealing, { priceFen: price });
    const payload = options.fingerprintOf ? { ...sealed, fingerprint: { ...sealed.fingerprint, ...options.fingerprintOf(i) } } : sealed;
    const bid = await inject({ method: "PUT", url: `/api/v1/sections/${sectionId}/bid`, headers: h, payload });
    if (bid.statusCode !== 201) throw new Error(`bid: ${bid.body}`);
    bidders.push({ username, uscc, keys });
  }
  platform.clock.set("2026-05-25T01:30:00Z");
  await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening`, headers: await as("centre") });
  if (options.stopAtOpening) return { sectionId, bidders };
  for (const b of bidders) {
    const h = await as(b.username, PASSWORD);
    const mine = (await inject({ url: `/api/v1/sections/${sectionId}/my-bid`, headers: h })).json();
    await inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/bid/decryption`,
      headers: h,
      payload: { share: bidderShare(mine.bid.bidderShare, b.keys.privateKey) },
    });
  }
  const closed = await inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening/close`, headers: await as("centre") });
  if (closed.statusCode !== 200) throw new Error(`close: ${closed.body}`);
  return { sectionId, bidders };
}

/** Adds `count` experts with accounts and certificates, draws a committee of `size`, returns its members. */
export async function drawCommitteeFor(platform: TestPlatform, sectionId: number, options: { count: number; size: number; tag: string }) {
  const inject = platform.app.http.inject.bind(platform.app.http);
  const experts: (Participant & { expertId: number })[] = [];
  for (let i = 0; i < options.count; i++) {
    const { idCard } = testCodes(50 + i, options.tag);
    const added = await inject({
      method: "POST",
      url: "/api/v1/experts",
      headers: bearer(await platform.login("expertadmin")),
      payload: { idCard, name: `专家${options.tag}${i}`, specialty: "A0801", kind: "technical", regionCode: "330100", title: "高级工程师" },
    });
    const username = `e-${options.tag}-${i}`;
    await inject({
      method: "POST",
      url: "/api/v1/accounts",
      headers: bearer(await platform.login("admin")),
      payload: { username, password: PASSWORD, displayName: username, role: "expert", platformCode: "330100", idCard },
    });
    const keys = generateSm2KeyPair();
    await inject({
      method: "POST",
      url: "/api/v1/auth/certificates",
      headers: bearer(await platform.login(username, PASSWORD)),
      payload: { serial: `E-${username}`, publicKey: keys.publicKey },
    });
    experts.push({ username, uscc: "", keys, expertId: added.json().id });
  }
  const extractor = bearer(await platform.login("extractor"));
  const draw = (
    await inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/expert-draws`,
      headers: extractor,
      payload: { size: options.size, specialties: ["A08"] },
    })
  ).json();
  await inject({ method: "POST", url: `/api/v1/expert-draws/${draw.id}/run`, headers: extractor });
  const members = (await inject({ url: `/api/v1/expert-draws/${draw.id}`, headers: bearer(await platform.login("supervisor")) }))
    .json()
    .members.map((m: { expertId: string }) => Number(m.expertId));
  return experts.filter((e) => members.includes(e.expertId));
}

export const FIXTURE_PASSWORD = PASSWORD;
