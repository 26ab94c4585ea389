import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "../../api/client.ts";

/** Shapes of the auctions API (server/src/modules/auctions/auction-routes.ts). */

export type AuctionKind = "land" | "mining" | "equity" | "asset";
export type AuctionMethod = "listing" | "auction" | "multi_round" | "tender" | "sealed" | "weighted";
/** The sealed methods (server: auction-ladder-state.ts SEALED_METHODS): 招标出让, 一次报价, 权重报价. */
export type SealedMethod = "tender" | "sealed" | "weighted";
export type AuctionPhase = "open" | "live" | "closed";
export type DepositStatus = "awaiting" | "arrived" | "refund_due" | "refunded" | "applied_to_price";

export const AUCTION_KINDS: readonly AuctionKind[] = ["land", "mining", "equity", "asset"];
/** The methods each kind may be sold by (auction-service.ts KIND_METHODS). */
export const KIND_METHODS: Record<AuctionKind, readonly AuctionMethod[]> = {
  land: ["listing", "auction", "tender"],
  mining: ["listing", "auction", "tender"],
  equity: ["multi_round", "auction", "sealed", "weighted"],
  asset: ["multi_round", "auction", "sealed", "weighted"],
};
export const SEALED_METHODS: readonly SealedMethod[] = ["tender", "sealed", "weighted"];
/** Whether a lot takes one sealed offer per bidder (opened at the end) instead of a ladder of bids. */
export const isSealedMethod = (method: AuctionMethod | undefined): method is SealedMethod => (SEALED_METHODS as readonly string[]).includes(method ?? "");

export interface AuctionLotSummary {
  id: number;
  lotCode: string;
  unifiedDealCode: string;
  platformCode: string;
  kind: AuctionKind;
  method: AuctionMethod;
  name: string;
  sellerName: string;
  phase: AuctionPhase;
  opensAt: string;
  scheduledEnd: string;
  closesAt: string;
  startingPriceFen: number;
  incrementFen: number;
  depositFen: number;
  currentPriceFen: number | null;
  /** Accepted ladder bids (0 for a sealed lot: it has no ladder). */
  bids: number;
  /** A sealed lot (招标, 一次报价, 权重报价): how many sealed offers it has, never whose; null for a ladder lot. */
  offerCount: number | null;
  outcome: "sold" | "no_sale" | null;
  dealPriceFen: number | null;
}

export interface AuctionLot {
  id: number;
  lotCode: string;
  unifiedDealCode: string;
  platformCode: string;
  departmentCode: string;
  kind: AuctionKind;
  method: AuctionMethod;
  name: string;
  description: string;
  sellerName: string;
  phase: AuctionPhase;
  announcedAt: string;
  opensAt: string;
  scheduledEnd: string;
  freeEnd: string | null;
  closesAt: string;
  countdownSeconds: number;
  startingPriceFen: number;
  /** 加价幅度; null for a sealed lot (one offer per bidder, no increment). */
  incrementFen: number | null;
  depositFen: number;
  appraisalFen: number | null;
  hasReserve: boolean;
  /** Revealed at the close only. */
  reserveFen: number | null;
  liveParticipants: number | null;
  lastSequence: number;
  currentPriceFen: number | null;
  currentBidderNumber: string | null;
  /** The lowest acceptable next bid; null for a sealed lot. */
  minimumNextFen: number | null;
  extensions: number;
  outcome: "sold" | "no_sale" | null;
  outcomeReason: string | null;
  dealPriceFen: number | null;
  closedAt: string | null;
  /** A sealed lot (招标, 一次报价, 权重报价): the offer count, the weights and, after the opening, the offers; null otherwise. */
  sealed: SealedInfo | null;
  serverTime: string;
}

/** A ladder lot (挂牌, 拍卖, 多轮竞价) as the bid box needs it: with its increment and its lowest next bid. */
export type LadderLot = AuctionLot & { incrementFen: number; minimumNextFen: number };
/** Whether a lot has a ladder to bid on (a sealed lot has neither an increment nor a next minimum). */
export const isLadderLot = (lot: AuctionLot): lot is LadderLot => lot.incrementFen !== null && lot.minimumNextFen !== null;

/** 权重报价 terms as published with the lot (weights in basis points, scores in hundredths). */
export interface WeightedTerms {
  priceWeightBp: number;
  factors: { key: string; name: string; weightBp: number }[];
  fullScore: number;
  priceFormula: "ratioToHighest" | "linearAboveFloor";
}

/** An opened sealed offer (by 竞买号, ranked), as the server publishes it after the opening (auction-sealed-offers.ts). */
export interface OpenedOffer {
  /** null: not ranked (below the floor, or a 权重报价 not scored yet). */
  rank: number | null;
  bidderNumber: string;
  /** null for an invalid offer (its price is never published). */
  priceFen: number | null;
  /** Set when the envelope did not open as a valid offer (then no price and no rank). */
  invalidReason?: InvalidOfferReason | null;
  submittedAt: string;
  factorScores: Record<string, number> | null;
  priceScore: number | null;
  totalScore: number | null;
}

/** What anyone sees of a sealed lot: the number of offers before the opening, every offer after it. */
export interface SealedInfo {
  offerCount: number;
  openedAt: string | null;
  weights: WeightedTerms | null;
  offers: OpenedOffer[] | null;
}

/** The bidder's own sealed offer: whether it is in (with its receipt), its price and rank once opened. */
export interface MySealedOffer {
  submitted: boolean;
  submittedAt?: string;
  receiptSm3?: string;
  priceFen?: number | null;
  rank?: number | null;
  invalidReason?: InvalidOfferReason | null;
}

/** Why an opened sealed offer is invalid (server: auction-sealed-offers.ts `InvalidOfferReason`). */
export type InvalidOfferReason = "SHARE_DECRYPT_FAILED" | "SEAL_BROKEN" | "NOT_A_PRICE" | "BELOW_START";

/** What the browser seals a sealed offer with (GET /auction-lots/:id/sealed-offer-keys). */
export interface SealedOfferKeys {
  lotCode: string;
  bidderNumber: string;
  /** "auction-lot:<标的编号>/offer:<竞买号>", bound into the envelope. */
  context: string;
  suite: "SM4-CTR-HMAC-SM3";
  /** The SM2 public keys of the trading centre and the supervising department (hex 04…). */
  custodians: { centre: string; supervisor: string };
  startingPriceFen: number;
  opensAt: string;
  closesAt: string;
}

/** One accepted bid of the ladder: by 竞买号, never by name. */
export interface LadderBid {
  sequence: number;
  bidderNumber: string;
  priceFen: number;
  serverTime: string;
  phase: "open" | "live";
}

export interface AuctionApplication {
  id: number;
  lotId: number;
  subjectName: string;
  uscc: string;
  appliedAt: string;
  depositStatus: DepositStatus;
  depositFen: number | null;
  depositArrivedAt: string | null;
  depositRefundedAt: string | null;
  qualified: boolean | null;
  qualificationNote: string | null;
  bidderNumber: string | null;
  wantsLive: boolean;
}

export interface AuctionResult {
  lot: AuctionLot;
  outcome: "sold" | "no_sale" | null;
  reason: string | null;
  buyer: { name: string; uscc: string; bidderNumber: string } | null;
  dealPriceFen: number | null;
  reserveFen: number | null;
  /** The ladder of bids; for a sealed lot (`lot.sealed` set) the opened offers, ranked. */
  ladder: LadderBid[] | OpenedOffer[];
}

export interface BidAck {
  accepted: true;
  duplicate: boolean;
  sequence: number;
  priceFen: number;
  serverTime: string;
  endsAt: string;
}

export const lotKey = (id: number) => ["auction-lot", id] as const;
export const ladderKey = (id: number) => ["auction-bids", id] as const;
export const myApplicationKey = (id: number) => ["auction-my-application", id] as const;
export const applicationsKey = (id: number) => ["auction-applications", id] as const;
export const resultKey = (id: number) => ["auction-result", id] as const;
export const mySealedOfferKey = (id: number) => ["auction-my-sealed-offer", id] as const;
const CLOCK_KEY = ["auction-clock"] as const;
/** The header's server clock (api/queries.ts useServerOffset), re-read with ours. */
const HEADER_CLOCK_KEY = ["server-time"] as const;

export function useAuctionLots(
  filter: { kind?: AuctionKind; phase?: AuctionPhase; sellerUscc?: string; platformCode?: string } = {},
  refetchInterval?: number,
) {
  return useQuery({
    queryKey: ["auction-lots", filter.kind ?? "", filter.phase ?? "", filter.sellerUscc ?? "", filter.platformCode ?? ""],
    queryFn: () =>
      api
        .get<{ items: AuctionLotSummary[] }>("/api/v1/auction-lots", {
          kind: filter.kind,
          phase: filter.phase,
          sellerUscc: filter.sellerUscc,
          platformCode: filter.platformCode,
        })
        .then((r) => r.items),
    refetchInterval,
  });
}

export function useAuctionLot(id: number, refetchInterval?: number) {
  return useQuery({ queryKey: lotKey(id), queryFn: () => api.get<AuctionLot>(`/api/v1/auction-lots/${id}`), refetchInterval });
}

/** Merges bids into a ladder by sequence (an event may arrive twice: replayed and live). */
export function mergeLadder(ladder: readonly LadderBid[] | undefined, more: readonly LadderBid[]): LadderBid[] {
  const bySequence = new Map((ladder ?? []).map((b) => [b.sequence, b]));
  for (const b of more) bySequence.set(b.sequence, b);
  return [...bySequence.values()].sort((a, b) => a.sequence - b.sequence);
}

/** The last sequence up to which the ladder has no gap (sequences start at 1). */
function contiguousEnd(ladder: readonly LadderBid[]): number {
  let end = 0;
  for (const b of ladder) {
    if (b.sequence !== end + 1) break;
    end = b.sequence;
  }
  return end;
}

/** The whole ladder, fetched in pages; later refreshes ask only for what came after the last gapless sequence held. */
export function useLadder(id: number, refetchInterval?: number) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ladderKey(id),
    queryFn: async () => {
      let ladder = queryClient.getQueryData<LadderBid[]>(ladderKey(id)) ?? [];
      for (;;) {
        const after = contiguousEnd(ladder);
        const { items } = await api.get<{ items: LadderBid[] }>(`/api/v1/auction-lots/${id}/bids`, { after, limit: 1000 });
        ladder = mergeLadder(ladder, items);
        if (items.length < 1000) return ladder;
      }
    },
    refetchInterval,
  });
}

export function useMyApplication(id: number, enabled: boolean) {
  return useQuery({
    queryKey: myApplicationKey(id),
    queryFn: () => api.get<{ application: AuctionApplication | null }>(`/api/v1/auction-lots/${id}/my-application`).then((r) => r.application),
    enabled,
    // Waiting for the centre (deposit, review): look again now and then.
    refetchInterval: (query) => (query.state.data && !query.state.data.bidderNumber && query.state.data.qualified !== false ? 10_000 : false),
  });
}

export function useAuctionResult(id: number, enabled: boolean) {
  return useQuery({ queryKey: resultKey(id), queryFn: () => api.get<AuctionResult>(`/api/v1/auction-lots/${id}/result`), enabled });
}

/** One reading of the server clock: the offset to add to Date.now(), and the round trip it was measured over. */
async function sampleClock(): Promise<{ offset: number; rtt: number }> {
  const sent = performance.now();
  const sentWall = Date.now();
  const { epochMs } = await api.get<{ epochMs: number }>("/api/v1/time");
  const rtt = performance.now() - sent;
  // The server read its clock, on average, half-way through the round trip.
  return { offset: epochMs - (sentWall + rtt / 2), rtt };
}

/**
 * The server clock's offset from this PC (ms to add to Date.now()): three readings of /api/v1/time, each
 * compensated by half its round trip, keeping the one with the shortest round trip (the least uncertain).
 * Every deadline of a lot runs on the server clock, never on the PC's.
 */
export function useAuctionClock() {
  return useQuery({
    queryKey: CLOCK_KEY,
    queryFn: async () => {
      let best = await sampleClock();
      for (let i = 0; i < 2; i++) {
        const next = await sampleClock();
        if (next.rtt < best.rtt) best = next;
      }
      return best;
    },
    staleTime: 60_000,
    refetchInterval: 60_000,
  });
}

/** Server "now" in ms, re-rendering every `tick` ms; undefined until the clock was read. */
export function useServerNow(tick = 1000): number | undefined {
  const clock = useAuctionClock();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), tick);
    return () => clearInterval(timer);
  }, [tick]);
  return clock.data === undefined ? undefined : now + clock.data.offset;
}

/**
 * A bid as the hall pushes it. A live event carries the lot's new end and lowest next price; a bid replayed
 * after a reconnection (Last-Event-ID) is a ladder row instead (no `endsAt`/`minimumNextFen`), and the replay ends
 * with a `snapshot` event of the lot.
 */
export interface BidEvent {
  sequence: number;
  bidderNumber: string;
  priceFen: number;
  serverTime: string;
  endsAt?: string;
  minimumNextFen?: number;
  phase?: "open" | "live";
}
export interface LiveEvent {
  participants: number;
  minimumNextFen: number;
  endsAt: string;
  serverTime: string;
}
export interface ClosedEvent {
  outcome: "sold" | "no_sale";
  reason: string | null;
  dealPriceFen: number | null;
  winnerNumber: string | null;
  serverTime: string;
}

/** A sealed offer came in: only how many there are now, never whose. */
export interface SealedOfferEvent {
  offerCount: number;
  serverTime: string;
}
/** The sealed offers were opened at the end (ranks follow in the lot view). */
export interface OpenedEvent {
  offers: { bidderNumber: string; priceFen: number; submittedAt: string }[];
  /** The envelopes that did not open as valid offers: by 竞买号, with the reason, never a price. */
  invalid?: { bidderNumber: string; reason: InvalidOfferReason; submittedAt: string }[];
  serverTime: string;
}

export interface HallHandlers {
  onBid?: (event: BidEvent) => void;
  onLive?: (event: LiveEvent) => void;
  onClosed?: (event: ClosedEvent) => void;
  onSealedOffer?: (event: SealedOfferEvent) => void;
  onOpened?: (event: OpenedEvent) => void;
}

/** After this long without a stream (the browser gave up: a non-200 answer), a new one is opened. */
const REOPEN_MS = 5000;

/**
 * The lot's live hall (public SSE). The browser's EventSource reconnects by itself and sends the last
 * event id it saw, so the server replays the bids missed meanwhile; `hello` (the lot's snapshot) arrives on
 * every (re)connection and the ladder is then completed from the REST list, so nothing is lost even when a
 * fresh stream is opened. The queries of the lot, the ladder and the result are kept up to date here.
 * Returns whether the stream is up (pages poll while it is not).
 */
export function useAuctionHall(lotId: number, handlers: HallHandlers = {}): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  const handler = useRef(handlers);
  handler.current = handlers;

  const applyBid = useCallback(
    (b: BidEvent) => {
      const ladder = queryClient.getQueryData<LadderBid[]>(ladderKey(lotId));
      const last = ladder?.at(-1)?.sequence ?? 0;
      const phase = b.phase ?? (queryClient.getQueryData<AuctionLot>(lotKey(lotId))?.phase === "live" ? "live" : "open");
      queryClient.setQueryData<LadderBid[]>(ladderKey(lotId), (old) =>
        mergeLadder(old, [{ sequence: b.sequence, bidderNumber: b.bidderNumber, priceFen: b.priceFen, serverTime: b.serverTime, phase }]),
      );
      const { endsAt, minimumNextFen } = b;
      if (endsAt !== undefined && minimumNextFen !== undefined) {
        queryClient.setQueryData<AuctionLot>(lotKey(lotId), (lot) =>
          lot && b.sequence > lot.lastSequence
            ? { ...lot, lastSequence: b.sequence, currentPriceFen: b.priceFen, currentBidderNumber: b.bidderNumber, minimumNextFen, closesAt: endsAt }
            : lot,
        );
      } else {
        // A replayed row does not say where the lot stands now: ask.
        void queryClient.invalidateQueries({ queryKey: lotKey(lotId) });
      }
      // A gap before it (an event lost while reconnecting) is filled from the server's list.
      if (b.sequence > last + 1) {
        void queryClient.invalidateQueries({ queryKey: ladderKey(lotId) });
      }
    },
    [queryClient, lotId],
  );

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const parse = <T>(event: Event): T | undefined => {
      try {
        return JSON.parse((event as MessageEvent<string>).data) as T;
      } catch {
        return undefined;
      }
    };
    const open = () => {
      const s = new EventSource(`/api/v1/auction-lots/${lotId}/watch`);
      source = s;
      s.onopen = () => setLive(true);
      s.onerror = () => {
        setLive(false);
        // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up; start afresh.
        if (s.readyState === EventSource.CLOSED && !stopped) reopen = setTimeout(open, REOPEN_MS);
      };
      s.addEventListener("hello", (event) => {
        const lot = parse<AuctionLot>(event);
        setLive(true);
        if (lot) queryClient.setQueryData(lotKey(lotId), lot);
        void queryClient.invalidateQueries({ queryKey: ladderKey(lotId) });
        void queryClient.invalidateQueries({ queryKey: CLOCK_KEY });
        void queryClient.invalidateQueries({ queryKey: HEADER_CLOCK_KEY });
        if (lot?.phase === "closed") void queryClient.invalidateQueries({ queryKey: resultKey(lotId) });
      });
      // After a replay (Last-Event-ID) the server sends where the lot stands now.
      s.addEventListener("snapshot", (event) => {
        const lot = parse<AuctionLot>(event);
        if (lot) queryClient.setQueryData(lotKey(lotId), lot);
      });
      s.addEventListener("bid", (event) => {
        const b = parse<BidEvent>(event);
        if (!b) return;
        applyBid(b);
        handler.current.onBid?.(b);
      });
      s.addEventListener("live", (event) => {
        const e = parse<LiveEvent>(event);
        if (!e) return;
        queryClient.setQueryData<AuctionLot>(lotKey(lotId), (lot) =>
          lot ? { ...lot, phase: "live", liveParticipants: e.participants, minimumNextFen: e.minimumNextFen, closesAt: e.endsAt } : lot,
        );
        void queryClient.invalidateQueries({ queryKey: lotKey(lotId) });
        void queryClient.invalidateQueries({ queryKey: myApplicationKey(lotId) });
        void queryClient.invalidateQueries({ queryKey: CLOCK_KEY });
        void queryClient.invalidateQueries({ queryKey: HEADER_CLOCK_KEY });
        handler.current.onLive?.(e);
      });
      s.addEventListener("sealed_offer", (event) => {
        const e = parse<SealedOfferEvent>(event);
        if (!e) return;
        // Events may arrive out of order with a refetch: the count only grows.
        queryClient.setQueryData<AuctionLot>(lotKey(lotId), (lot) =>
          lot?.sealed && e.offerCount > lot.sealed.offerCount ? { ...lot, sealed: { ...lot.sealed, offerCount: e.offerCount } } : lot,
        );
        handler.current.onSealedOffer?.(e);
      });
      s.addEventListener("opened", (event) => {
        const e = parse<OpenedEvent>(event);
        if (!e) return;
        const unscored = { rank: null, factorScores: null, priceScore: null, totalScore: null };
        const offers: OpenedOffer[] = [
          ...e.offers.map((o) => ({ ...o, ...unscored, invalidReason: null })),
          ...(e.invalid ?? []).map((o) => ({ bidderNumber: o.bidderNumber, submittedAt: o.submittedAt, priceFen: null, invalidReason: o.reason, ...unscored })),
        ];
        queryClient.setQueryData<AuctionLot>(lotKey(lotId), (lot) =>
          lot?.sealed ? { ...lot, sealed: { ...lot.sealed, offerCount: offers.length, openedAt: e.serverTime, offers } } : lot,
        );
        // The ranks, the bidder's own opened price and the result come from the server.
        for (const key of [lotKey(lotId), mySealedOfferKey(lotId), resultKey(lotId), CLOCK_KEY, HEADER_CLOCK_KEY])
          void queryClient.invalidateQueries({ queryKey: key });
        handler.current.onOpened?.(e);
      });
      s.addEventListener("closed", (event) => {
        const e = parse<ClosedEvent>(event);
        if (!e) return;
        queryClient.setQueryData<AuctionLot>(lotKey(lotId), (lot) =>
          lot ? { ...lot, phase: "closed", outcome: e.outcome, dealPriceFen: e.dealPriceFen, outcomeReason: e.reason } : lot,
        );
        for (const key of [lotKey(lotId), ladderKey(lotId), resultKey(lotId), myApplicationKey(lotId), mySealedOfferKey(lotId), CLOCK_KEY, HEADER_CLOCK_KEY])
          void queryClient.invalidateQueries({ queryKey: key });
        handler.current.onClosed?.(e);
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(reopen);
      source?.close();
    };
  }, [lotId, queryClient, applyBid]);
  return live;
}

/** A fresh client bid id: crypto.randomUUID where the page is a secure context, random bytes otherwise. */
export function newClientBidId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- 成交确认书 (server/src/modules/auctions/deal-confirmation-routes.ts) ----

/** Public: whether the lot's 成交确认书 was issued and its platform signature verifies (never the document). */
export interface DealConfirmationStatus {
  lotId: number;
  outcome: "sold" | "no_sale" | null;
  needsApproval: boolean;
  approvalRecorded: boolean;
  issued: boolean;
  documentNo: string | null;
  issuedAt: string | null;
  sha256: string | null;
  sm3: string | null;
  signatureValid: boolean | null;
  signerPublicKey: string | null;
  buyerSignedAt: string | null;
  sellerSignedAt: string | null;
}

export interface DealApprovalValues {
  approvingBody: string;
  documentNo: string;
  approvedOn: string;
  note?: string;
}

export const dealConfirmationStatusKey = (lotId: number) => ["auction-lot", lotId, "deal-confirmation"] as const;

export function useDealConfirmationStatus(lotId: number, enabled = true) {
  return useQuery({
    queryKey: dealConfirmationStatusKey(lotId),
    queryFn: () => api.get<DealConfirmationStatus>(`/api/v1/auction-lots/${lotId}/deal-confirmation/status`),
    enabled,
  });
}

/** Public verification (deal-confirmation-routes.ts): did the platform sign the document with this SHA-256? */
export interface DealVerification {
  valid: boolean;
  onRecord: boolean;
  sha256: string;
  documentNo?: string;
  issuedAt?: string;
}
export const verifyDealConfirmation = (sha256: string) => api.post<DealVerification>("/api/v1/deal-confirmations/verify", { sha256 });
export const issueDealConfirmation = (lotId: number) => api.post<{ documentNo: string; created: boolean }>(`/api/v1/auction-lots/${lotId}/deal-confirmation`);
export const acknowledgeDealConfirmation = (lotId: number) =>
  api.post<{ acknowledged: "buyer" | "seller"; created: boolean }>(`/api/v1/auction-lots/${lotId}/deal-confirmation/acknowledge`);
export const recordDealApproval = (lotId: number, values: DealApprovalValues) => api.post(`/api/v1/auction-lots/${lotId}/deal-approval`, values);
/** The printable rendering needs the bearer token, which a plain link cannot carry: fetched, then opened from a blob. */
export const dealConfirmationHtmlPath = (lotId: number) => `/api/v1/auction-lots/${lotId}/deal-confirmation.html`;
