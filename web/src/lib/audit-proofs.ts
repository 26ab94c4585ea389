import { api } from "../api/client.ts";
import type { ConsistencyProof, InclusionProof, LatestTreeHead, TreeHead } from "../api/types.ts";
import { verifyConsistency, verifyInclusion } from "./merkle-verify.ts";
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
 */
export async function checkInclusion(index: number): Promise<InclusionCheck> {
  const head = await api.get<LatestTreeHead>("/api/v1/audit/tree-head");
  const [signature, proof] = await Promise.all([
    verifyTreeHeadSignature(head, head.publicKey),
    api.get<InclusionProof>("/api/v1/audit/proofs/inclusion", { index, treeSize: head.treeSize }),
  ]);
  const included = await verifyInclusion(proof.leafHash, proof.leafIndex, proof.treeSize, proof.auditPath, head.rootHash);
  return { ok: included && signature !== "invalid", head, signature, proof };
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
