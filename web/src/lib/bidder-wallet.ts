import type { BidReceipt, OfferView } from "../api/tendering.ts";

/**
 * DEMO STAND-IN for a CA certificate on a USB key (CA 数字证书 / UKey). In production the SM2 private
 * key never exists outside the key's secure element and the bidder tool talks to it through the
 * CA's middleware. Here the key pair is made in the browser and the private key is kept in this
 * browser's localStorage, per account — whoever can read this browser's storage can decrypt this
 * bidder's key share. Never use it for real bids.
 */
export interface StoredCertificate {
  serial: string;
  publicKey: string;
  privateKey: string;
  createdAt: string;
}

/** What the bidder keeps of a submission: the receipt with the price and file names; decryption takes the share from GET …/my-bid. */
export interface StoredBid {
  receipt: BidReceipt;
  /** `shares.bidder` of the sealed record: SM2-encrypted to the bidder's certificate key. */
  bidderShare: string;
  md5: string;
  /** The certificate (public key) the bid was sealed for. */
  publicKey: string;
  priceFen: number;
  fileNames: string[];
  withdrawnAt?: string;
  /** What the platform read out after this browser's online decryption. */
  decrypted?: OfferView;
}

const certificateKey = (username: string) => `ggzy.demo-ukey.${username}`;
const bidKey = (username: string, sectionId: number) => `ggzy.bid.${username}.${sectionId}`;

function read<T>(key: string): T | undefined {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

export const wallet = {
  certificate: (username: string) => read<StoredCertificate>(certificateKey(username)),
  saveCertificate(username: string, certificate: StoredCertificate) {
    localStorage.setItem(certificateKey(username), JSON.stringify(certificate));
  },
  bid: (username: string, sectionId: number) => read<StoredBid>(bidKey(username, sectionId)),
  saveBid(username: string, sectionId: number, bid: StoredBid) {
    localStorage.setItem(bidKey(username, sectionId), JSON.stringify(bid));
  },
};

/** Saves the key pair as a file the bidder can keep (the stand-in's "backup of the USB key"). */
export function downloadCertificate(username: string, certificate: StoredCertificate) {
  const text = JSON.stringify(
    {
      warning: "DEMO ONLY — stand-in for a CA USB key (UKey). Keep this file secret: it decrypts your bid key shares.",
      account: username,
      algorithm: "SM2 (GB/T 32918)",
      ...certificate,
    },
    null,
    2,
  );
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `ggzy-demo-sm2-${certificate.serial}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A stable random id of this browser, reported in the fingerprint's `diskSerial` (a browser cannot read the disk's). */
export function browserDeviceId(): string {
  const key = "ggzy.device-id";
  let id = localStorage.getItem(key);
  if (!id) {
    id = `WEB-${Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
    localStorage.setItem(key, id);
  }
  return id;
}
