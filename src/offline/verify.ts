/**
 * The payee's device: verifies a cheque offline, with no network at all. Everything it needs comes from its last
 * sync (the domain, the trusted bank keys, the grace period, the revocation list) and from its own store of the
 * cheques it has accepted. The constructor takes no provider, and this module imports nothing that could reach one.
 */
import { getAddress } from "ethers";
import { certificateDigest, chequeDigest, signerOf } from "./cheque";
import type { ChequePresentation, OfflineDomain, SignedCheque } from "./types";

/** Why a payee's device refuses a cheque. */
export type RejectReason =
  | "certificate-signature" // the certificate is not signed by the bank it names
  | "untrusted-bank" // the bank is not among the trusted bank keys
  | "certificate-expired" // the device signed after its certificate's expiry
  | "revoked" // the purse is on the revocation list of the last sync
  | "wrong-purse" // the cheque is for another purse than the certificate's
  | "cheque-signature" // the cheque is not signed by the purse's device key
  | "wrong-payee" // the cheque pays someone else
  | "amount-zero"
  | "serial-out-of-range" // serial >= the certificate's maxPayments
  | "serial-seen" // this device already accepted a cheque with that purse and serial
  | "amount-above-remaining" // more than the cap minus what this device already accepted from the purse
  | "cheque-expired" // the cheque expires before the payee can be expected to redeem it
  | "expiry-beyond-settlement"; // the cheque claims a redemption window past the purse's settlement

export type Verification =
  { ok: true; digest: string; remainingAfter: bigint } | { ok: false; reason: RejectReason; detail: string };

/** One accepted cheque, kept until it is redeemed. */
export interface AcceptedCheque {
  signed: SignedCheque;
  digest: string;
  acceptedAt: number;
  redeemed: boolean;
}

interface PurseLedger {
  serials: number[];
  total: bigint;
}

/**
 * The payee's "seen serials" store: which serials of which purse it has accepted, how much from each purse,
 * and the cheques waiting for redemption. Kept in memory; `toJSON`/`fromJSON` persist it to a file or the device's
 * storage.
 */
export class SeenStore {
  private readonly purses = new Map<string, PurseLedger>();
  private readonly cheques: AcceptedCheque[] = [];

  /** Whether a cheque with `serial` of `purse` was accepted. */
  has(purse: string, serial: number): boolean {
    return this.purses.get(getAddress(purse))?.serials.includes(serial) ?? false;
  }

  /** The tiyn this device accepted from `purse` so far. */
  acceptedFrom(purse: string): bigint {
    return this.purses.get(getAddress(purse))?.total ?? 0n;
  }

  /** Record an accepted cheque. */
  record(signed: SignedCheque, digest: string, acceptedAt: number): void {
    const purse = getAddress(signed.cheque.purse);
    const entry = this.purses.get(purse) ?? { serials: [], total: 0n };
    entry.serials.push(signed.cheque.serial);
    entry.total += signed.cheque.amount;
    this.purses.set(purse, entry);
    this.cheques.push({ signed, digest, acceptedAt, redeemed: false });
  }

  /** Accepted cheques not yet redeemed, in the order they were accepted. */
  pending(): SignedCheque[] {
    return this.cheques.filter((c) => !c.redeemed).map((c) => c.signed);
  }

  /** Mark the cheques with these digests redeemed (after a redemption online). */
  markRedeemed(digests: Iterable<string>): void {
    const set = new Set([...digests].map((d) => d.toLowerCase()));
    for (const c of this.cheques) if (set.has(c.digest.toLowerCase())) c.redeemed = true;
  }

  /** All accepted cheques. */
  all(): readonly AcceptedCheque[] {
    return this.cheques;
  }

  toJSON(): string {
    return JSON.stringify(
      { version: 1, cheques: this.cheques },
      (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
      2,
    );
  }

  static fromJSON(text: string): SeenStore {
    const parsed = JSON.parse(text) as { version: number; cheques: AcceptedCheque[] };
    if (parsed.version !== 1) throw new Error(`SeenStore: unknown version ${parsed.version}`);
    const store = new SeenStore();
    for (const c of parsed.cheques) {
      const cheque = c.signed.cheque;
      const signed: SignedCheque = {
        r: c.signed.r,
        vs: c.signed.vs,
        cheque: {
          purse: cheque.purse,
          payee: cheque.payee,
          amount: BigInt(cheque.amount),
          serial: Number(cheque.serial),
          expiry: BigInt(cheque.expiry),
        },
      };
      store.record(signed, c.digest, c.acceptedAt);
      if (c.redeemed) store.markRedeemed([c.digest]);
    }
    return store;
  }
}

/** What a payee's device knows from its last sync. */
export interface VerifierConfig {
  /** The OfflinePurses EIP-712 domain. */
  domain: OfflineDomain;
  /** This device's own account: cheques must pay it. */
  payee: string;
  /** Bank certificate keys the payee trusts (the banks' ledger addresses). */
  trustedBanks: readonly string[];
  /** The grace period in force (seconds). */
  gracePeriod: number;
  /** Purses revoked or frozen as of the last sync. */
  revokedPurses?: readonly string[];
  /** Seconds the payee needs to get online and redeem: refuse cheques that expire sooner. Default 1 day. */
  redeemWindow?: number;
  /** The device clock, unix seconds. Default: the system clock. */
  clock?: () => number;
  /** Where accepted serials are kept. Default: a fresh in-memory store. */
  store?: SeenStore;
}

/** Verifies cheques offline: signature, purse certificate, amount, expiry, serial not seen before. */
export class OfflineVerifier {
  readonly store: SeenStore;
  private readonly payee: string;
  private readonly trusted: Set<string>;
  private readonly revoked: Set<string>;
  private readonly clock: () => number;
  private readonly redeemWindow: bigint;

  constructor(private readonly config: VerifierConfig) {
    this.payee = getAddress(config.payee);
    this.trusted = new Set(config.trustedBanks.map((b) => getAddress(b)));
    this.revoked = new Set((config.revokedPurses ?? []).map((p) => getAddress(p)));
    this.clock = config.clock ?? (() => Math.floor(Date.now() / 1000));
    this.redeemWindow = BigInt(config.redeemWindow ?? 24 * 3600);
    this.store = config.store ?? new SeenStore();
  }

  /** Check `presentation` without recording it. */
  verify(presentation: ChequePresentation): Verification {
    const { domain } = this.config;
    const { certificate: cert, r: certR, vs: certVs } = presentation.certificate;
    const { cheque } = presentation.signed;
    const now = BigInt(this.clock());
    const purse = getAddress(cert.purse);

    const certSigner = safeSigner(certificateDigest(domain, cert), { r: certR, vs: certVs });
    if (certSigner !== getAddress(cert.bank)) {
      return reject("certificate-signature", `certificate signed by ${certSigner ?? "nobody"}, not ${cert.bank}`);
    }
    if (!this.trusted.has(certSigner)) return reject("untrusted-bank", `${certSigner} is not a trusted bank`);
    if (now > cert.expiry) return reject("certificate-expired", `certificate expired at ${cert.expiry}`);
    if (this.revoked.has(purse)) return reject("revoked", `purse ${purse} is revoked`);
    if (getAddress(cheque.purse) !== purse)
      return reject("wrong-purse", `cheque for ${cheque.purse}, certificate for ${purse}`);

    const digest = chequeDigest(domain, cheque);
    const signer = safeSigner(digest, presentation.signed);
    if (signer !== purse) return reject("cheque-signature", `cheque signed by ${signer ?? "nobody"}, not ${purse}`);
    if (getAddress(cheque.payee) !== this.payee) return reject("wrong-payee", `cheque pays ${cheque.payee}`);
    if (cheque.amount <= 0n) return reject("amount-zero", "cheque for zero tiyn");
    if (cheque.serial >= cert.maxPayments) {
      return reject("serial-out-of-range", `serial ${cheque.serial} >= ${cert.maxPayments}`);
    }
    if (this.store.has(purse, cheque.serial)) return reject("serial-seen", `serial ${cheque.serial} of ${purse} seen`);
    const remaining = cert.capAmount - this.store.acceptedFrom(purse);
    if (cheque.amount > remaining) {
      return reject("amount-above-remaining", `cheque for ${cheque.amount}, at most ${remaining} left`);
    }
    if (cheque.expiry < now + this.redeemWindow) {
      return reject("cheque-expired", `cheque expires at ${cheque.expiry}, before ${now + this.redeemWindow}`);
    }
    const settleBy = cert.expiry + BigInt(this.config.gracePeriod);
    if (cheque.expiry > settleBy) {
      return reject("expiry-beyond-settlement", `cheque expiry ${cheque.expiry} after settlement ${settleBy}`);
    }
    return { ok: true, digest, remainingAfter: remaining - cheque.amount };
  }

  /** Verify `presentation` and, when it passes, record it as accepted. */
  accept(presentation: ChequePresentation): Verification {
    const result = this.verify(presentation);
    if (result.ok) this.store.record(presentation.signed, result.digest, this.clock());
    return result;
  }
}

function reject(reason: RejectReason, detail: string): Verification {
  return { ok: false, reason, detail };
}

function safeSigner(digest: string, sig: { r: string; vs: string }): string | undefined {
  try {
    return signerOf(digest, sig);
  } catch {
    return undefined;
  }
}
