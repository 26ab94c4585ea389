import fs from "node:fs";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { treeHeadMessage } from "./audit-signer.ts";
import { verifyAuditLog } from "./audit-verify.ts";
import { fromHex, leafHash, toHex, verifyConsistency, verifyInclusion } from "./merkle.ts";

let platform: TestPlatform;
beforeEach(async () => {
  platform = await startTestPlatform();
});
afterEach(async () => {
  await platform?.close();
});

const verify = () => verifyAuditLog(platform.database.db, { signer: platform.signer, witnessFile: platform.witnessFile });
const kinds = async () => (await verify()).problems.map((p) => p.kind);

/** Changes rows the way a database administrator could: with the append-only triggers off. */
async function asDba(statement: ReturnType<typeof sql>) {
  const db = platform.database.db;
  await sql`alter table audit_entry disable trigger user`.execute(db);
  await sql`alter table audit_leaf disable trigger user`.execute(db);
  await sql`alter table audit_tree_head disable trigger user`.execute(db);
  await statement.execute(db);
}

async function registerSubject(uscc = "91350100M000100Y43") {
  const response = await platform.app.http.inject({ method: "POST", url: "/api/v1/subjects", payload: { uscc, name: "审计测试有限公司" } });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: number };
}

describe("audit log", () => {
  it("logs a state change with actor, role, organisation, platform, IP, time and the row's state hash", async () => {
    const token = await platform.login("centre");
    const response = await platform.app.http.inject({
      method: "POST",
      url: "/api/v1/subjects",
      headers: { ...bearer(token), "x-forwarded-for": "203.0.113.7" },
      payload: { uscc: "91440300708461136T", name: "腾讯科技（深圳）有限公司" },
    });
    expect(response.statusCode).toBe(201);
    const entry = await platform.database.db
      .selectFrom("audit_entry")
      .selectAll()
      .where("action", "=", "subject.register")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_username: "centre",
      actor_role: "centre_staff",
      platform_code: "330100",
      ip: "203.0.113.7",
      object_type: "subject",
      object_id: String(response.json().id),
    });
    expect(entry.occurred_at.toISOString()).toBe(platform.clock.now().toISOString());
    const row = await sql<{
      h: string;
    }>`select encode(sha256(convert_to(to_jsonb(s)::text, 'UTF8')), 'hex') as h from subject s where id = ${response.json().id}`.execute(platform.database.db);
    expect(entry.state_hash).toBe(row.rows[0]?.h);
    const leaf = await platform.database.db.selectFrom("audit_leaf").selectAll().where("entry_id", "=", entry.id).executeTakeFirst();
    expect(leaf).toBeDefined();
  });

  it("refuses updates and deletes of the log through SQL (append-only triggers)", async () => {
    await expect(sql`update audit_entry set ip = '1.1.1.1'`.execute(platform.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_leaf`.execute(platform.database.db)).rejects.toThrow(/append-only/);
  });

  it("verifies cleanly when nothing was touched", async () => {
    await registerSubject();
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.signedTreeSize).toBe(report.leaves);
    expect(report.unsealedEntries).toBe(0);
  });

  it("detects a changed entry", async () => {
    await registerSubject();
    await asDba(
      sql`update audit_entry set ip = '10.9.9.9' where action = 'subject.register' and object_id = (select max(object_id) from audit_entry where action = 'subject.register')`,
    );
    expect(await kinds()).toContain("ENTRY_CHANGED");
  });

  it("detects a changed entry whose leaf hash was recomputed to match", async () => {
    const { id } = await registerSubject();
    const entry = await platform.database.db
      .selectFrom("audit_entry")
      .select("id")
      .where("object_id", "=", String(id))
      .where("object_type", "=", "subject")
      .executeTakeFirstOrThrow();
    await asDba(sql`update audit_entry set actor_username = 'someone-else' where id = ${entry.id}`);
    const { entryLeafData } = await import("./audit-log.ts");
    const { leafHash, toHex } = await import("./merkle.ts");
    const changed = await platform.database.db.selectFrom("audit_entry").selectAll().where("id", "=", entry.id).executeTakeFirstOrThrow();
    await asDba(sql`update audit_leaf set leaf_hash = ${toHex(leafHash(entryLeafData(changed)))} where entry_id = ${entry.id}`);
    expect(await kinds()).toContain("ROOT_MISMATCH");
  });

  it("detects a deleted entry", async () => {
    await registerSubject();
    await asDba(sql`delete from audit_leaf where leaf_index = 5`);
    await sql`delete from audit_entry where id = (select min(id) + 5 from audit_entry)`.execute(platform.database.db);
    const found = await kinds();
    expect(found.some((k) => k === "LEAF_GAP" || k === "ROOT_MISMATCH")).toBe(true);
  });

  it("detects reordered entries", async () => {
    await registerSubject();
    // Swap leaves 3 and 4 (entries and their hashes move together).
    await asDba(sql`update audit_leaf set leaf_index = -1 where leaf_index = 3`);
    await sql`update audit_leaf set leaf_index = 3 where leaf_index = 4`.execute(platform.database.db);
    await sql`update audit_leaf set leaf_index = 4 where leaf_index = -1`.execute(platform.database.db);
    expect(await kinds()).toContain("ROOT_MISMATCH");
  });

  it("detects a business row changed outside the platform", async () => {
    const { id } = await registerSubject();
    await sql`update subject set name = '被篡改的名称' where id = ${id}`.execute(platform.database.db);
    const report = await verify();
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: "ROW_CHANGED", objectType: "subject", objectId: String(id) }));
  });

  it("detects a business row deleted outside the platform", async () => {
    await platform.app.http.inject({
      method: "PUT",
      url: "/api/v1/calendar/days/2031-05-06",
      headers: bearer(await platform.login("centre")),
      payload: { kind: "holiday", name: "测试假日" },
    });
    await sql`delete from calendar_day where day = '2031-05-06'`.execute(platform.database.db);
    expect((await verify()).problems).toContainEqual(expect.objectContaining({ kind: "ROW_MISSING", objectType: "calendar_day", objectId: "2031-05-06" }));
  });

  it("detects a forged tree head and a truncated log", async () => {
    await registerSubject();
    const last = await platform.database.db.selectFrom("audit_tree_head").select(["tree_size"]).orderBy("tree_size", "desc").executeTakeFirstOrThrow();
    await asDba(sql`update audit_tree_head set root_hash = repeat('ab', 32) where tree_size = ${last.tree_size}`);
    expect(await kinds()).toEqual(expect.arrayContaining(["SIGNATURE_INVALID", "ROOT_MISMATCH", "HEAD_MISSING"]));
  });

  it("detects truncation of the newest entries through the witness file", async () => {
    await registerSubject();
    const last = await platform.database.db.selectFrom("audit_tree_head").select(["tree_size"]).orderBy("tree_size", "desc").executeTakeFirstOrThrow();
    await asDba(sql`delete from audit_tree_head where tree_size = ${last.tree_size}`);
    await sql`delete from audit_leaf where leaf_index >= (select max(tree_size) from audit_tree_head)`.execute(platform.database.db);
    const report = await verify();
    expect(report.problems.map((p) => p.kind)).toContain("HEAD_MISSING");
    expect(fs.readFileSync(platform.witnessFile, "utf8")).toContain(`"treeSize":${last.tree_size}`);
  });

  it("serves inclusion and consistency proofs that verify against signed tree heads", async () => {
    const first = (await platform.app.http.inject({ url: "/api/v1/audit/tree-head" })).json();
    await registerSubject();
    const second = (await platform.app.http.inject({ url: "/api/v1/audit/tree-head" })).json();
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    expect(platform.signer.verify(treeHeadMessage(second.treeSize, second.rootHash, new Date(second.signedAt)), second.signature)).toBe(true);

    for (const index of [0, Math.floor(second.treeSize / 2), second.treeSize - 1]) {
      const proof = (await platform.app.http.inject({ url: `/api/v1/audit/proofs/inclusion?index=${index}&treeSize=${second.treeSize}` })).json();
      expect(proof.rootHash).toBe(second.rootHash);
      expect(verifyInclusion(fromHex(proof.leafHash), index, second.treeSize, proof.auditPath.map(fromHex), fromHex(second.rootHash))).toBe(true);
      expect(verifyInclusion(fromHex(proof.leafHash), index, second.treeSize, proof.auditPath.map(fromHex), fromHex(first.rootHash))).toBe(false);
    }
    const consistency = (await platform.app.http.inject({ url: `/api/v1/audit/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}` })).json();
    expect(verifyConsistency(first.treeSize, second.treeSize, fromHex(first.rootHash), fromHex(second.rootHash), consistency.consistency.map(fromHex))).toBe(
      true,
    );

    const entries = (await platform.app.http.inject({ url: "/api/v1/audit/entries?limit=3", headers: bearer(await platform.login("inspector")) })).json().items;
    const latest = (await platform.app.http.inject({ url: "/api/v1/audit/tree-head" })).json();
    for (const entry of entries) {
      const proof = (await platform.app.http.inject({ url: `/api/v1/audit/proofs/inclusion?index=${entry.leafIndex}&treeSize=${latest.treeSize}` })).json();
      expect(toHex(leafHash(Buffer.from(entry.leafData, "base64")))).toBe(proof.leafHash);
      expect(JSON.parse(Buffer.from(entry.leafData, "base64").toString("utf8"))[0]).toBe(entry.id);
    }
    const heads = (await platform.app.http.inject({ url: "/api/v1/audit/tree-heads?limit=2" })).json().items;
    expect(heads[0]).toMatchObject({ treeSize: latest.treeSize, rootHash: latest.rootHash });
    expect(heads[1].treeSize).toBeLessThan(latest.treeSize);

    const outside = await platform.app.http.inject({ url: `/api/v1/audit/proofs/inclusion?index=${second.treeSize}&treeSize=${second.treeSize}` });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe("AUDIT_RANGE_INVALID");
  });
});
