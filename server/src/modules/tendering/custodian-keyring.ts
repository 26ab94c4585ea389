import fs from "node:fs";
import path from "node:path";
import type { Transaction } from "kysely";
import { generateSm2KeyPair } from "../../platform/crypto/sm2.ts";
import type { DB } from "../../platform/db/schema.ts";
import type { Deps } from "../../platform/deps.ts";
import type { ActionContext } from "../../platform/http/actor.ts";

/**
 * The SM2 keys of the trading centre and of each supervisory department, which hold two of the
 * three shares of every sealed bid's key (the bidder holds the third).
 *
 * Public keys are in the database; private keys never are. Here they live as files under
 * `<dataDir>/keys/custodians/` (mode 0600) — a stand-in for the custodians' own CA keys (USB keys,
 * HSM), so that a database administrator, who can read every row, still cannot open a bid.
 */
export class CustodianKeyring {
  constructor(
    private readonly deps: Deps,
    private readonly dir: string,
  ) {}

  /** The public key of a custodian, created on first use. */
  async publicKeyIn(trx: Transaction<DB>, ctx: ActionContext, holder: string, platformCode: string): Promise<string> {
    const existing = await trx.selectFrom("custodian_key").select("public_key").where("holder", "=", holder).executeTakeFirst();
    if (existing) return existing.public_key;
    const keys = generateSm2KeyPair();
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.file(holder), keys.privateKey, { mode: 0o600 });
    await trx
      .insertInto("custodian_key")
      .values({ holder, platform_code: platformCode, public_key: keys.publicKey, created_at: this.deps.clock.now() })
      .execute();
    await this.deps.audit.record(trx, ctx, { action: "custodian_key.create", objectType: "custodian_key", objectId: holder });
    return keys.publicKey;
  }

  /** The custodian's private key, for decrypting its share at the opening. */
  privateKey(holder: string): string | undefined {
    const file = this.file(holder);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
  }

  /** Keeps a secret (e.g. a committed draw seed) outside the database until it is revealed. */
  storeSecret(name: string, value: string) {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.file(`secret-${name}`), value, { mode: 0o600 });
  }

  secret(name: string): string | undefined {
    return this.privateKey(`secret-${name}`);
  }

  private file(holder: string) {
    return path.join(this.dir, `${holder.replace(/[^a-zA-Z0-9_-]/g, "_")}.sm2`);
  }
}

export const centreHolder = (platformCode: string) => `centre-${platformCode}`;
export const departmentHolder = (departmentCode: string) => `department-${departmentCode}`;
