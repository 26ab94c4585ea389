/**
 * 评标报告签署: each committee member signs the report's SM3 digest with the SM2 key of the
 * certificate they registered (GB/T 32918 with SM3 and the default user id, DER, base64) — the
 * server's verifySm2 (server/src/platform/crypto/sm2.ts). The digest is recomputed here from the
 * report as shown, so the member signs what they see, not a value they must take on trust.
 */
import { sm2, sm3 } from "sm-crypto-v2";
import type { EvaluationReport } from "../api/evaluation.ts";
import { bytesToBase64, hexToBytes } from "./bid-sealing.ts";
import { canonicalJson } from "./expert-draw.ts";

/** SM3 of the canonical JSON of the report's content (without the digest, count and completion the API adds). */
export function reportDigestOf(report: EvaluationReport): string {
  const { digest: _digest, signatures: _signatures, completedAt: _completedAt, ...result } = report;
  return sm3(canonicalJson(result));
}

/** A DER-encoded SM2 signature of the digest string, base64 (what POST …/report/signatures takes). */
export function signReportDigest(digest: string, privateKeyHex: string): string {
  return bytesToBase64(hexToBytes(sm2.doSignature(digest, privateKeyHex, { hash: true, der: true })));
}

/** Whether this browser signed this exact report for this account (the API only counts signatures). */
export const signedMemory = {
  has: (username: string, sectionId: number, digest: string) => localStorage.getItem(`ggzy.report-signed.${username}.${sectionId}`) === digest,
  set: (username: string, sectionId: number, digest: string) => localStorage.setItem(`ggzy.report-signed.${username}.${sectionId}`, digest),
};
