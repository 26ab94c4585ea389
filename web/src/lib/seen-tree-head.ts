import type { TreeHead } from "../api/types.ts";

const KEY = "ggzy.audit.seenTreeHead";

/**
 * The last signed tree head this browser saw. Checking later heads for consistency with it is how a
 * reader notices a log that was rewritten or forked (RFC 9162 §8.1).
 */
export const seenTreeHead = {
  get(): TreeHead | undefined {
    try {
      const value = JSON.parse(localStorage.getItem(KEY) ?? "null") as TreeHead | null;
      return value && Number.isInteger(value.treeSize) && typeof value.rootHash === "string" ? value : undefined;
    } catch {
      return undefined;
    }
  },
  remember(head: TreeHead) {
    const { treeSize, rootHash, signedAt, keyId, signature } = head;
    localStorage.setItem(KEY, JSON.stringify({ treeSize, rootHash, signedAt, keyId, signature }));
  },
};
