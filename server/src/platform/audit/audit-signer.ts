import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Signs audit tree heads with Ed25519. The private key lives outside the database (a file in the
 * data folder, or GGZY_AUDIT_SIGNING_KEY as PKCS#8 PEM), so whoever can write the database cannot
 * forge a head.
 */
export interface TreeHeadSigner {
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(message: Buffer): string;
  verify(message: Buffer, signatureBase64: string): boolean;
}

export function treeHeadMessage(treeSize: number, rootHashHex: string, signedAt: Date): Buffer {
  return Buffer.from(`ggzy-audit-tree-head-v1\n${treeSize}\n${rootHashHex}\n${signedAt.getTime()}`, "utf8");
}

export function signerFromKey(privateKey: crypto.KeyObject): TreeHeadSigner {
  const publicKey = crypto.createPublicKey(privateKey);
  const spki = publicKey.export({ type: "spki", format: "der" });
  return {
    keyId: crypto.createHash("sha256").update(spki).digest("hex").slice(0, 16),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    sign: (message) => crypto.sign(null, message, privateKey).toString("base64"),
    verify: (message, signature) => {
      try {
        return crypto.verify(null, message, publicKey, Buffer.from(signature, "base64"));
      } catch {
        return false;
      }
    },
  };
}

/** Loads the installation's signing key, creating it (mode 0600) on first start. */
export function loadOrCreateSigner(dataDir: string, env: NodeJS.ProcessEnv = process.env): TreeHeadSigner {
  if (env.GGZY_AUDIT_SIGNING_KEY) return signerFromKey(crypto.createPrivateKey(env.GGZY_AUDIT_SIGNING_KEY));
  const file = path.join(dataDir, "keys", "audit-ed25519.pem");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = crypto.generateKeyPairSync("ed25519");
    fs.writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
  }
  return signerFromKey(crypto.createPrivateKey(fs.readFileSync(file)));
}

/** A throwaway signer for tests. */
export function ephemeralSigner(): TreeHeadSigner {
  return signerFromKey(crypto.generateKeyPairSync("ed25519").privateKey);
}
