import fs from "node:fs";
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { AUDITED_TABLES, type AuditEntryRow, type AuditedTable, entryLeafData, stateHashOf } from "./audit-log.ts";
import { type TreeHeadSigner, treeHeadMessage } from "./audit-signer.ts";
import { leafHash, MerkleFrontier, toHex } from "./merkle.ts";

export type AuditProblemKind =
  | "ENTRY_CHANGED" // an entry's content no longer matches its sealed leaf hash
  | "ENTRY_MISSING" // a leaf points at an entry that is gone
  | "LEAF_GAP" // leaf indexes are not 0..n-1
  | "ROOT_MISMATCH" // the leaves do not produce a signed head's root (deleted, inserted or reordered leaves)
  | "SIGNATURE_INVALID" // a tree head's signature does not verify with the installation key
  | "HEAD_MISSING" // a head the witness file saw is gone from the database (truncation)
  | "UNSIGNED_LEAVES" // leaves beyond the latest signed head
  | "ROW_CHANGED" // a business row no longer has the state hash last logged for it
  | "ROW_MISSING"; // a business row whose state was logged has been deleted

export interface AuditProblem {
  kind: AuditProblemKind;
  message: string;
  leafIndex?: number;
  entryId?: number;
  treeSize?: number;
  objectType?: string;
  objectId?: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  leaves: number;
  signedTreeSize: number;
  heads: number;
  rowsChecked: number;
  unsealedEntries: number;
  problems: AuditProblem[];
}

export interface VerifyOptions {
  signer: Pick<TreeHeadSigner, "verify">;
  witnessFile?: string;
  onProgress?: (done: number, total: number, stage: string) => void;
}

/**
 * `audit verify`: recompute the Merkle tree from the database and check it against every signed
 * tree head, then check that each logged business row still has the state that was logged.
 */
export async function verifyAuditLog(db: Kysely<DB>, options: VerifyOptions): Promise<AuditReport> {
  const problems: AuditProblem[] = [];
  const progress = options.onProgress ?? (() => {});

  const entries: AuditEntryRow[] = await db.selectFrom("audit_entry").selectAll().orderBy("id").execute();
  const byId = new Map(entries.map((e) => [e.id, e]));
  const leaves = await db.selectFrom("audit_leaf").selectAll().orderBy("leaf_index").execute();
  const heads = await db.selectFrom("audit_tree_head").selectAll().orderBy("tree_size").execute();

  for (const head of heads) {
    if (!options.signer.verify(treeHeadMessage(head.tree_size, head.root_hash, head.signed_at), head.signature)) {
      problems.push({ kind: "SIGNATURE_INVALID", treeSize: head.tree_size, message: `tree head ${head.tree_size} has an invalid signature` });
    }
  }

  const headAt = new Map(heads.map((h) => [h.tree_size, h]));
  const frontier = MerkleFrontier.empty();
  const sealedEntryIds = new Set<number>();
  for (const [i, leaf] of leaves.entries()) {
    if (leaf.leaf_index !== i) {
      problems.push({ kind: "LEAF_GAP", leafIndex: i, message: `expected leaf ${i}, found leaf ${leaf.leaf_index}` });
    }
    const entry = byId.get(leaf.entry_id);
    sealedEntryIds.add(leaf.entry_id);
    // The tree is rebuilt from the entries themselves, not from the stored leaf hashes.
    let hash: Uint8Array;
    if (!entry) {
      problems.push({ kind: "ENTRY_MISSING", leafIndex: i, entryId: leaf.entry_id, message: `entry ${leaf.entry_id} of leaf ${i} is missing` });
      hash = Buffer.from(leaf.leaf_hash, "hex");
    } else {
      hash = leafHash(entryLeafData(entry));
      if (toHex(hash) !== leaf.leaf_hash) {
        problems.push({ kind: "ENTRY_CHANGED", leafIndex: i, entryId: entry.id, message: `entry ${entry.id} (leaf ${i}) was changed after it was sealed` });
      }
    }
    frontier.append(hash);
    const head = headAt.get(frontier.size);
    if (head && toHex(frontier.root()) !== head.root_hash) {
      problems.push({ kind: "ROOT_MISMATCH", treeSize: head.tree_size, message: `the entries do not produce the signed root of tree size ${head.tree_size}` });
    }
    if (i % 10_000 === 0) progress(i, leaves.length, "tree");
  }
  progress(leaves.length, leaves.length, "tree");

  const signedTreeSize = heads.at(-1)?.tree_size ?? 0;
  for (const head of heads) {
    if (head.tree_size > leaves.length) {
      problems.push({ kind: "ROOT_MISMATCH", treeSize: head.tree_size, message: `signed tree size ${head.tree_size} but only ${leaves.length} leaves remain` });
    }
  }
  if (leaves.length > signedTreeSize) {
    problems.push({ kind: "UNSIGNED_LEAVES", treeSize: leaves.length, message: `${leaves.length - signedTreeSize} leaves are not covered by a signed head` });
  }

  if (options.witnessFile && fs.existsSync(options.witnessFile)) {
    const witnessed = fs
      .readFileSync(options.witnessFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { treeSize: number; rootHash: string });
    for (const w of witnessed) {
      const head = headAt.get(w.treeSize);
      if (!head || head.root_hash !== w.rootHash) {
        problems.push({
          kind: "HEAD_MISSING",
          treeSize: w.treeSize,
          message: `the witnessed head of tree size ${w.treeSize} is missing or different in the database`,
        });
      }
    }
  }

  // Business rows: the latest logged state of each object must still be its state.
  const latest = new Map<string, AuditEntryRow>();
  for (const e of entries) {
    if (sealedEntryIds.has(e.id) && e.object_type in AUDITED_TABLES) latest.set(`${e.object_type}\u0000${e.object_id}`, e);
  }
  let rowsChecked = 0;
  for (const e of latest.values()) {
    const current = await stateHashOf(db, e.object_type as AuditedTable, e.object_id);
    rowsChecked++;
    if (e.state_hash !== null && current === null) {
      problems.push({
        kind: "ROW_MISSING",
        objectType: e.object_type,
        objectId: e.object_id,
        entryId: e.id,
        message: `${e.object_type} ${e.object_id} was deleted outside the platform`,
      });
    } else if (e.state_hash !== null && current !== e.state_hash) {
      problems.push({
        kind: "ROW_CHANGED",
        objectType: e.object_type,
        objectId: e.object_id,
        entryId: e.id,
        message: `${e.object_type} ${e.object_id} was changed outside the platform`,
      });
    }
    if (rowsChecked % 1000 === 0) progress(rowsChecked, latest.size, "rows");
  }
  progress(latest.size, latest.size, "rows");

  return {
    ok: problems.length === 0,
    entries: entries.length,
    leaves: leaves.length,
    signedTreeSize,
    heads: heads.length,
    rowsChecked,
    unsealedEntries: entries.length - sealedEntryIds.size,
    problems,
  };
}
