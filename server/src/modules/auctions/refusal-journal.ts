import type { Insertable } from "kysely";
import type { Db } from "../../platform/db/database.ts";
import type { AuctionBidRefusalTable } from "../../platform/db/schema.ts";

/**
 * Refused bids, written in batches off the bid path (a refusal changes nothing, so it needs no transaction of
 * its own). Flushed every `intervalMs`, when the batch is full, and on shutdown; a crash loses at most the
 * last interval's refusals — never a bid.
 */
export class RefusalJournal {
  private batch: Insertable<AuctionBidRefusalTable>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 200,
    private readonly maxBatch = 500,
  ) {}

  record(refusal: Insertable<AuctionBidRefusalTable>) {
    this.batch.push(refusal);
    if (this.batch.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves when every refusal recorded so far is in the table. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.batch;
    this.batch = [];
    this.writing = this.writing.then(async () => {
      if (rows.length === 0) return;
      try {
        await this.db.insertInto("auction_bid_refusal").values(rows).execute();
      } catch (error) {
        console.error(`could not write ${rows.length} refused bids`, error);
      }
    });
    return this.writing;
  }
}
