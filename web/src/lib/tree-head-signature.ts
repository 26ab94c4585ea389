import type { TreeHead } from "../api/types.ts";

/**
 * Checks a signed tree head's Ed25519 signature in the browser (WebCrypto) against the installation
 * key. The signed message is `ggzy-audit-tree-head-v1\n{treeSize}\n{rootHash}\n{signedAt in Unix ms}`.
 * "unsupported" when this browser's WebCrypto has no Ed25519.
 */
export type SignatureCheck = "valid" | "invalid" | "unsupported";

export async function verifyTreeHeadSignature(head: TreeHead, publicKeyPem: string): Promise<SignatureCheck> {
  const base64 = publicKeyPem.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, "");
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey("spki", decodeBase64(base64), { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return "unsupported";
  }
  if (!head.signature) return "invalid";
  const message = new TextEncoder().encode(`ggzy-audit-tree-head-v1\n${head.treeSize}\n${head.rootHash}\n${new Date(head.signedAt).getTime()}`);
  try {
    return (await crypto.subtle.verify({ name: "Ed25519" }, key, decodeBase64(head.signature), message)) ? "valid" : "invalid";
  } catch {
    return "invalid";
  }
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
