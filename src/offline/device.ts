/**
 * A payer's device, as its secure element behaves: it holds the purse's key and certificate, knows the balance
 * from its last sync, signs each cheque with the next serial and never more than it holds. Offline, no provider.
 * (A cloned or broken element that signs twice is what the contract's double-spend rule is for.)
 */
import type { BaseWallet } from "ethers";
import { signCheque } from "./cheque";
import type { ChequePresentation, OfflineDomain, SignedCertificate } from "./types";

export class PurseDevice {
  private nextSerial = 0;
  private balance: bigint;

  /**
   * @param domain The OfflinePurses EIP-712 domain.
   * @param key The device key (the purse's address is its address).
   * @param certificate The bank-signed certificate of this purse.
   * @param balance What the purse holds, as of the last sync.
   * @param clock Device clock, unix seconds.
   */
  constructor(
    private readonly domain: OfflineDomain,
    private readonly key: BaseWallet,
    readonly certificate: SignedCertificate,
    balance: bigint,
    private readonly clock: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    if (key.address !== certificate.certificate.purse) throw new Error("device key does not match the certificate");
    this.balance = balance;
  }

  /** What the device believes it can still spend. */
  get available(): bigint {
    return this.balance;
  }

  /** Serials used so far. */
  get serialsUsed(): number {
    return this.nextSerial;
  }

  /** Learn a new balance online (after a top-up). */
  sync(balance: bigint, serialsUsed: number = this.nextSerial): void {
    this.balance = balance;
    this.nextSerial = serialsUsed;
  }

  /**
   * Pay `amount` tiyn to `payee`, redeemable until `expiry` (default: the certificate's expiry). Throws when
   * the purse cannot: no serial left, not enough balance, or the certificate has expired.
   */
  pay(payee: string, amount: bigint, expiry: bigint = this.certificate.certificate.expiry): ChequePresentation {
    const cert = this.certificate.certificate;
    if (BigInt(this.clock()) > cert.expiry) throw new Error("purse certificate expired: the device signs no more");
    if (this.nextSerial >= cert.maxPayments) throw new Error(`all ${cert.maxPayments} payments used`);
    if (amount <= 0n) throw new Error("amount must be positive");
    if (amount > this.balance) throw new Error(`only ${this.balance} tiyn left`);
    const signed = signCheque(this.domain, this.key, {
      purse: this.key.address,
      payee,
      amount,
      serial: this.nextSerial,
      expiry,
    });
    this.nextSerial += 1;
    this.balance -= amount;
    return { signed, certificate: this.certificate };
  }
}
