import crypto from "node:crypto";
import fs from "node:fs";
import { type Kysely, type Selectable, sql, type Transaction } from "kysely";
import type { AuditEntryTable, DB } from "../db/schema.ts";
import type { ActionContext } from "../http/actor.ts";
import { type TreeHeadSigner, treeHeadMessage } from "./audit-signer.ts";
import { consistencyProof, fromHex, inclusionProof, leafHash, MerkleFrontier, toHex } from "./merkle.ts";

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Tables whose rows the audit log fingerprints: the object type of an entry is the table name, and
 * the state hash is SHA-256 of the row's `to_jsonb` text, computed by the database (sessions run in
 * UTC so the text is stable). `audit verify` recomputes it to catch rows changed behind our back.
 */
export const AUDITED_TABLES = {
  platform: "code",
  department: "code",
  calendar_day: "day",
  person: "id",
  subject: "id",
  subject_qualification: "id",
  subject_staff: "id",
  user_account: "id",
  user_certificate: "id",
  auth_session: "id",
  custodian_key: "holder",
  tender_project: "id",
  tender_section: "id",
  bid_registration: "id",
  bid: "id",
  bid_opening_record: "section_id",
  tender_award: "section_id",
  tender_clarification: "id",
  tender_objection: "id",
  bid_bond: "id",
  expert: "id",
  expert_draw: "id",
  evaluation_review: "id",
  evaluation_report: "section_id",
  credit_record: "id",
  tender_exemption: "id",
  performance_record: "section_id",
  alert: "id",
  complaint: "id",
  procurement_challenge: "id",
  auction_lot: "id",
  auction_bidder: "id",
  auction_bid: "id",
  auction_sealed_lot: "lot_id",
  auction_sealed_offer: "id",
  auction_deal_approval: "lot_id",
  deal_confirmation: "lot_id",
  tender_document: "id",
  tender_document_download: "id",
  tender_question: "id",
  tender_prequalification: "section_id",
  prequalification_application: "id",
  inspection_plan: "id",
  inspection_target: "id",
  inspection_assignment: "id",
  supervision_batch_run: "id",
} as const;
export type AuditedTable = keyof typeof AUDITED_TABLES;

export interface AuditRecord {
  action: string;
  objectType: AuditedTable;
  objectId: string | number;
  detail?: Record<string, unknown>;
}

export type AuditEntryRow = Selectable<AuditEntryTable>;

/** JSON with object keys sorted at every level: the canonical form hashed into leaves. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The bytes of an entry that its Merkle leaf commits to. */
export function entryLeafData(e: AuditEntryRow): Uint8Array {
  return Buffer.from(
    canonicalJson([
      e.id,
      e.occurred_at.toISOString(),
      e.actor_user_id,
      e.actor_username,
      e.actor_role,
      e.actor_subject_uscc,
      e.platform_code,
      e.ip,
      e.request_id,
      e.action,
      e.object_type,
      e.object_id,
      e.state_hash,
      e.detail,
    ]),
    "utf8",
  );
}

/** SQL for the SHA-256 of an object's row as to_jsonb text (null when the row does not exist). */
function stateHashSql(table: AuditedTable, id: string | number) {
  const key = AUDITED_TABLES[table];
  // The untyped parameter takes the key column's type, so the primary key's index serves the lookup.
  return sql<string | null>`(select encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex')
    from ${sql.table(table)} t where ${sql.ref(`t.${key}`)} = ${String(id)})`;
}

export async function stateHashOf(db: Executor, table: AuditedTable, id: string | number): Promise<string | null> {
  const result = await sql<{ h: string | null }>`select ${stateHashSql(table, id)} as h`.execute(db);
  return result.rows[0]?.h ?? null;
}

export interface SignedTreeHead {
  treeSize: number;
  rootHash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

/**
 * The tamper-evident audit log (全程留痕、可查可溯). Use cases call `record` inside their transaction,
 * so the entry commits with the change or not at all. A sealer then appends committed entries to
 * an RFC 9162 Merkle tree in commit-visible order and signs a tree head; `flush` waits for that.
 */
export class AuditLog {
  private sealing: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly signer: TreeHeadSigner,
    private readonly now: () => Date,
    private readonly witnessFile?: string,
  ) {}

  get publicKeyPem() {
    return this.signer.publicKeyPem;
  }
  get keyId() {
    return this.signer.keyId;
  }

  async record(trx: Transaction<DB>, ctx: ActionContext, record: AuditRecord): Promise<number> {
    const [id] = await this.recordMany(trx, [{ ctx, record }]);
    return id as number;
  }

  /** Several entries in one statement (a batch of bids), in this order; returns their ids in the same order. */
  async recordMany(trx: Transaction<DB>, entries: readonly { ctx: ActionContext; record: AuditRecord }[]): Promise<number[]> {
    if (entries.length === 0) return [];
    const occurredAt = this.now();
    const rows = await trx
      .insertInto("audit_entry")
      .values(
        entries.map(({ ctx: { actor, ip, requestId }, record }) => ({
          occurred_at: occurredAt,
          actor_user_id: actor.userId,
          actor_username: actor.username,
          actor_role: actor.role,
          actor_subject_uscc: actor.subjectUscc,
          platform_code: actor.platformCode,
          ip,
          request_id: requestId,
          action: record.action,
          object_type: record.objectType,
          object_id: String(record.objectId),
          // Hashed in the same statement, after the change the entry records.
          state_hash: stateHashSql(record.objectType, record.objectId),
          detail: JSON.stringify(record.detail ?? {}),
        })),
      )
      .returning("id")
      .execute();
    // Identity values of one multi-row insert are assigned in the order of its rows.
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  /** Seals every committed entry into the tree; concurrent callers share one run. */
  flush(): Promise<void> {
    if (this.sealing) {
      this.again = true;
      return this.sealing;
    }
    const run = async () => {
      do {
        this.again = false;
        await this.sealPending();
      } while (this.again);
    };
    this.sealing = run().finally(() => {
      this.sealing = undefined;
    });
    return this.sealing;
  }

  private async sealPending(): Promise<void> {
    for (;;) {
      const sealed = await this.db.transaction().execute(async (trx) => {
        const state = await trx.selectFrom("audit_state").select("frontier").where("id", "=", 1).forUpdate().executeTakeFirstOrThrow();
        const pending = await trx
          .selectFrom("audit_entry as e")
          .leftJoin("audit_leaf as l", "l.entry_id", "e.id")
          .where("l.entry_id", "is", null)
          .selectAll("e")
          .orderBy("e.id")
          .limit(2000)
          .execute();
        if (pending.length === 0) return 0;
        const frontier = MerkleFrontier.fromJSON(state.frontier);
        const leaves = pending.map((entry) => {
          const hash = leafHash(entryLeafData(entry));
          const leaf = { leaf_index: frontier.size, entry_id: entry.id, leaf_hash: toHex(hash) };
          frontier.append(hash);
          return leaf;
        });
        await trx.insertInto("audit_leaf").values(leaves).execute();
        await trx
          .updateTable("audit_state")
          .set({ frontier: JSON.stringify(frontier.toJSON()) })
          .where("id", "=", 1)
          .execute();
        const signedAt = this.now();
        const rootHash = toHex(frontier.root());
        const head = {
          tree_size: frontier.size,
          root_hash: rootHash,
          signed_at: signedAt,
          key_id: this.signer.keyId,
          signature: this.signer.sign(treeHeadMessage(frontier.size, rootHash, signedAt)),
        };
        await trx.insertInto("audit_tree_head").values(head).execute();
        this.witness(head);
        return pending.length;
      });
      if (sealed < 2000) return;
    }
  }

  /** Appends each signed head to a file outside the database, so truncating the log shows. */
  private witness(head: { tree_size: number; root_hash: string; signed_at: Date; signature: string }) {
    if (!this.witnessFile) return;
    const line = { treeSize: head.tree_size, rootHash: head.root_hash, signedAt: head.signed_at.toISOString(), signature: head.signature };
    fs.appendFileSync(this.witnessFile, `${JSON.stringify(line)}\n`);
  }

  async latestTreeHead(): Promise<SignedTreeHead> {
    const head = await this.db.selectFrom("audit_tree_head").selectAll().orderBy("tree_size", "desc").limit(1).executeTakeFirst();
    if (!head) {
      return { treeSize: 0, rootHash: toHex(MerkleFrontier.empty().root()), signedAt: new Date(0).toISOString(), keyId: this.signer.keyId, signature: "" };
    }
    return headJson(head);
  }

  async treeHeadAt(treeSize: number): Promise<SignedTreeHead | undefined> {
    const head = await this.db.selectFrom("audit_tree_head").selectAll().where("tree_size", "=", treeSize).executeTakeFirst();
    return head ? headJson(head) : undefined;
  }

  async leafHashes(treeSize: number): Promise<Uint8Array[]> {
    const rows = await this.db.selectFrom("audit_leaf").select("leaf_hash").where("leaf_index", "<", treeSize).orderBy("leaf_index").execute();
    return rows.map((r) => fromHex(r.leaf_hash));
  }

  async inclusion(index: number, treeSize: number) {
    const leaves = await this.leafHashes(treeSize);
    const leaf = leaves[index];
    if (leaf === undefined) throw new RangeError("index outside the tree");
    return { leafIndex: index, treeSize, leafHash: toHex(leaf), auditPath: inclusionProof(leaves, index, treeSize).map(toHex) };
  }

  async consistency(from: number, to: number) {
    const leaves = await this.leafHashes(to);
    return { first: from, second: to, consistency: consistencyProof(leaves, from, to).map(toHex) };
  }
}

function headJson(head: { tree_size: number; root_hash: string; signed_at: Date; key_id: string; signature: string }): SignedTreeHead {
  return {
    treeSize: head.tree_size,
    rootHash: head.root_hash,
    signedAt: head.signed_at.toISOString(),
    keyId: head.key_id,
    signature: head.signature,
  };
}

export const sha256Hex = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");
