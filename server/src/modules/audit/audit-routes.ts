import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Kysely } from "kysely";
import { z } from "zod";
import { type AuditLog, entryLeafData } from "../../platform/audit/audit-log.ts";
import type { TreeHeadSigner } from "../../platform/audit/audit-signer.ts";
import { verifyAuditLog } from "../../platform/audit/audit-verify.ts";
import type { DB } from "../../platform/db/schema.ts";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { AppError } from "../../platform/http/app-error.ts";

const tags = ["audit 审计日志"];
const size = z.coerce.number().int().min(0);

export interface AuditRouteDeps {
  db: Kysely<DB>;
  audit: AuditLog;
  signer: TreeHeadSigner;
  witnessFile?: string;
}

function outOfRange(zh: string, en: string) {
  return new AppError("AUDIT_RANGE_INVALID", { zh, en });
}

export function auditRoutes({ db, audit, signer, witnessFile }: AuditRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/api/v1/audit/tree-head",
      {
        config: { access: publicAccess },
        schema: { operationId: "getAuditTreeHead", summary: "最新签名树头（RFC 9162）/ latest signed tree head", tags },
      },
      async () => ({
        ...(await audit.latestTreeHead()),
        algorithm: "Ed25519",
        hashAlgorithm: "SHA-256",
        signedMessage: "ggzy-audit-tree-head-v1\\n{treeSize}\\n{rootHash}\\n{signedAt as Unix ms}",
        publicKey: audit.publicKeyPem,
      }),
    );

    app.get(
      "/api/v1/audit/tree-heads",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "listAuditTreeHeads",
          summary: "签名树头列表（新到旧）/ signed tree heads, newest first",
          tags,
          querystring: z.object({ beforeSize: size.optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
        },
      },
      async (request) => {
        let query = db.selectFrom("audit_tree_head").select(["tree_size", "root_hash", "signed_at", "key_id", "signature"]);
        if (request.query.beforeSize !== undefined) query = query.where("tree_size", "<", request.query.beforeSize);
        const rows = await query.orderBy("tree_size", "desc").limit(request.query.limit).execute();
        return {
          items: rows.map((h) => ({
            treeSize: h.tree_size,
            rootHash: h.root_hash,
            signedAt: h.signed_at.toISOString(),
            keyId: h.key_id,
            signature: h.signature,
          })),
        };
      },
    );

    app.get(
      "/api/v1/audit/tree-heads/:treeSize",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "getAuditTreeHeadAt",
          summary: "指定大小的签名树头 / the signed head of a tree size",
          tags,
          params: z.object({ treeSize: size }),
        },
      },
      async (request) => {
        const head = await audit.treeHeadAt(request.params.treeSize);
        if (!head) throw outOfRange(`没有大小为 ${request.params.treeSize} 的签名树头`, `No signed head for tree size ${request.params.treeSize}`);
        return head;
      },
    );

    app.get(
      "/api/v1/audit/proofs/inclusion",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "getAuditInclusionProof",
          summary: "包含性证明 / inclusion proof",
          tags,
          querystring: z.object({ index: size, treeSize: size }),
        },
      },
      async (request) => {
        const { index, treeSize } = request.query;
        const head = await audit.latestTreeHead();
        if (treeSize < 1 || treeSize > head.treeSize || index >= treeSize) {
          throw outOfRange(`须满足 0 ≤ index < treeSize ≤ ${head.treeSize}`, `Need 0 ≤ index < treeSize ≤ ${head.treeSize}`);
        }
        const proof = await audit.inclusion(index, treeSize);
        const signed = await audit.treeHeadAt(treeSize);
        return { ...proof, rootHash: signed?.rootHash ?? null };
      },
    );

    app.get(
      "/api/v1/audit/proofs/consistency",
      {
        config: { access: publicAccess },
        schema: { operationId: "getAuditConsistencyProof", summary: "一致性证明 / consistency proof", tags, querystring: z.object({ from: size, to: size }) },
      },
      async (request) => {
        const { from, to } = request.query;
        const head = await audit.latestTreeHead();
        if (from > to || to > head.treeSize) throw outOfRange(`须满足 from ≤ to ≤ ${head.treeSize}`, `Need from ≤ to ≤ ${head.treeSize}`);
        return audit.consistency(from, to);
      },
    );

    app.get(
      "/api/v1/audit/entries",
      {
        config: { access: allow("sysadmin", "inspector") },
        schema: {
          operationId: "listAuditEntries",
          summary: "审计日志查询 / search the audit log",
          tags,
          querystring: z.object({
            objectType: z.string().max(64).optional(),
            objectId: z.string().max(64).optional(),
            actor: z.string().max(64).optional(),
            beforeId: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        let query = db.selectFrom("audit_entry as e").leftJoin("audit_leaf as l", "l.entry_id", "e.id").selectAll("e").select("l.leaf_index");
        if (q.objectType) query = query.where("e.object_type", "=", q.objectType);
        if (q.objectId) query = query.where("e.object_id", "=", q.objectId);
        if (q.actor) query = query.where("e.actor_username", "=", q.actor);
        if (q.beforeId) query = query.where("e.id", "<", q.beforeId);
        const rows = await query.orderBy("e.id", "desc").limit(q.limit).execute();
        return {
          items: rows.map(({ leaf_index, ...r }) => ({
            id: r.id,
            leafIndex: leaf_index,
            actorUserId: r.actor_user_id,
            occurredAt: r.occurred_at.toISOString(),
            actor: r.actor_username,
            role: r.actor_role,
            organisation: r.actor_subject_uscc,
            platformCode: r.platform_code,
            ip: r.ip,
            requestId: r.request_id,
            action: r.action,
            objectType: r.object_type,
            objectId: r.object_id,
            stateHash: r.state_hash,
            detail: r.detail,
            /** The exact bytes the leaf commits to: SHA-256(0x00 ‖ leafData) must equal the proof's leaf hash. */
            leafData: Buffer.from(entryLeafData(r)).toString("base64"),
          })),
        };
      },
    );

    app.get(
      "/api/v1/audit/verify",
      {
        config: { access: allow("sysadmin", "inspector") },
        schema: { operationId: "verifyAuditLog", summary: "重算默克尔树并核对签名树头与业务数据 / recompute and check the whole log", tags },
      },
      async () => verifyAuditLog(db, { signer, witnessFile }),
    );
  };
}
