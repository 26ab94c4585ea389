import { api } from "../api/client.ts";
import type { AuditEntry, ConsistencyProof, InclusionProof, LatestTreeHead, TreeHead } from "../api/types.ts";
import { leafHash, verifyConsistency, verifyInclusion } from "./merkle-verify.ts";
import { type SignatureCheck, verifyTreeHeadSignature } from "./tree-head-signature.ts";

export interface InclusionCheck {
  ok: boolean;
  head: LatestTreeHead;
  signature: SignatureCheck;
  proof: InclusionProof;
}

/**
 * Proves in this browser that leaf `index` is in the latest signed tree: the server sends the audit
 * path, the browser hashes it up to a root and compares with the root of the signed tree head.
 * With `leafHashHex` (computed here from the entry's bytes), the path is hashed from that leaf and
 * the proof must be about that very leaf.
 */
export async function checkInclusion(index: number, leafHashHex?: string): Promise<InclusionCheck> {
  const head = await api.get<LatestTreeHead>("/api/v1/audit/tree-head");
  const [signature, proof] = await Promise.all([
    verifyTreeHeadSignature(head, head.publicKey),
    api.get<InclusionProof>("/api/v1/audit/proofs/inclusion", { index, treeSize: head.treeSize }),
  ]);
  const leaf = leafHashHex ?? proof.leafHash;
  const sameLeaf = leaf.toLowerCase() === proof.leafHash.toLowerCase() && proof.leafIndex === index && proof.treeSize === head.treeSize;
  const included = sameLeaf && (await verifyInclusion(leaf, index, head.treeSize, proof.auditPath, head.rootHash));
  return { ok: included && signature !== "invalid", head, signature, proof };
}

/** The fields of an audit entry in the order its leaf data lists them (server: entryLeafData). */
export const LEAF_FIELDS = [
  "id",
  "occurredAt",
  "actorUserId",
  "actor",
  "role",
  "organisation",
  "platformCode",
  "ip",
  "requestId",
  "action",
  "objectType",
  "objectId",
  "stateHash",
  "detail",
] as const satisfies readonly (keyof AuditEntry)[];
export type LeafField = (typeof LEAF_FIELDS)[number];

export interface DecodedLeaf {
  /** The leaf data as text: canonical JSON, UTF-8. */
  text: string;
  /** The bytes the leaf commits to. */
  bytes: Uint8Array;
  /** The parsed array, or undefined when the bytes are not the expected JSON array. */
  values: unknown[] | undefined;
}

export function decodeLeafData(base64: string): DecodedLeaf {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  let values: unknown[] | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length === LEAF_FIELDS.length) values = parsed;
  } catch {
    values = undefined;
  }
  return { text, bytes, values };
}

/** JSON with object keys sorted at every level, as the server hashes it (server: canonicalJson). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The fields of the row that the leaf data does not confirm (all of them when it cannot be read). */
export function leafMismatches(entry: AuditEntry, leaf: DecodedLeaf): LeafField[] {
  const values = leaf.values;
  if (!values) return [...LEAF_FIELDS];
  return LEAF_FIELDS.filter((field, i) => canonicalJson(values[i]) !== canonicalJson(entry[field]));
}

export interface EntryCheck extends InclusionCheck {
  /** SHA-256(0x00 ‖ leafData), computed in this browser. */
  leafHash: string;
  /** The computed hash is the proof's leaf hash. */
  leafHashMatches: boolean;
  /** Row fields that differ from what the leaf commits to. */
  mismatches: LeafField[];
}

/**
 * Proves in this browser that this row of the audit log is in the signed tree: hashes the entry's
 * leaf data to the leaf hash, checks that the data says what the row shows, and that the leaf is
 * included in the latest signed tree head (whose signature is checked too).
 */
export async function checkEntry(entry: AuditEntry & { leafIndex: number }): Promise<EntryCheck> {
  const leaf = decodeLeafData(entry.leafData);
  const hash = await leafHash(leaf.bytes);
  const inclusion = await checkInclusion(entry.leafIndex, hash);
  const leafHashMatches = hash === inclusion.proof.leafHash.toLowerCase();
  const mismatches = leafMismatches(entry, leaf);
  return { ...inclusion, ok: inclusion.ok && leafHashMatches && mismatches.length === 0, leafHash: hash, leafHashMatches, mismatches };
}

export interface ConsistencyCheck {
  ok: boolean;
  first: TreeHead;
  second: TreeHead;
  signatures: [SignatureCheck, SignatureCheck];
  proof: ConsistencyProof;
  /** The server's head of size `from` differs from the one this browser saw earlier (a forked log). */
  forked: boolean;
}

/**
 * Proves in this browser that the signed tree of size `to` extends the one of size `from` (nothing
 * was removed or rewritten in between). Both heads' signatures are checked as well, and when this
 * browser remembers the root it saw for `from`, the server's head must still have that root.
 */
export async function checkConsistency(from: number, to: number, seen?: TreeHead): Promise<ConsistencyCheck> {
  const [latest, first, second, proof] = await Promise.all([
    api.get<LatestTreeHead>("/api/v1/audit/tree-head"),
    api.get<TreeHead>(`/api/v1/audit/tree-heads/${from}`),
    api.get<TreeHead>(`/api/v1/audit/tree-heads/${to}`),
    api.get<ConsistencyProof>("/api/v1/audit/proofs/consistency", { from, to }),
  ]);
  const signatures = (await Promise.all([verifyTreeHeadSignature(first, latest.publicKey), verifyTreeHeadSignature(second, latest.publicKey)])) as [
    SignatureCheck,
    SignatureCheck,
  ];
  const consistent = await verifyConsistency(from, to, first.rootHash, second.rootHash, proof.consistency);
  const forked = seen !== undefined && seen.treeSize === from && seen.rootHash !== first.rootHash;
  return { ok: consistent && !forked && !signatures.includes("invalid"), first, second, signatures, proof, forked };
}
