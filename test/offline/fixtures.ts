import hre from "hardhat";
import { expect } from "chai";
import { Wallet, id, type AddressLike, type ContractTransactionReceipt } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { actors, populate, type Actors } from "../helpers/fixtures";
import { ledgerState } from "../helpers/state";
import { tenge } from "../../src/money";
import {
  DEFAULT_OFFLINE_LIMITS,
  deployOffline,
  encodeBatch,
  mandateOfflinePurses,
  offlineDomain,
  outcomesOf,
  onboardOfflinePurses,
  registerCertificate,
  signCertificateWith,
  signCheque,
  type OfflineDomain,
  type OfflineLimits,
  type OfflineSuite,
  type PurseCertificate,
  type RedemptionOutcome,
  type SignedCertificate,
  type SignedCheque,
} from "../../src/offline";

export const DAY = 24n * 3600n;
export const GRACE = BigInt(DEFAULT_OFFLINE_LIMITS.gracePeriod);
export const CAP = tenge(35_000);

/** The suite with the offline module deployed through its Ignition module (Ledger included), nothing else. */
export async function offlineDeployed(): Promise<OfflineSuite & Actors> {
  const a = await actors();
  const suite = await deployOffline(hre, {
    CENTRAL_BANK: a.centralBank.address,
    OPERATOR: a.operator.address,
    COMPLIANCE: a.compliance.address,
    GOVERNANCE: a.governance.address,
  });
  return { ...suite, ...a };
}

export interface OfflineFixture extends OfflineSuite, Actors {
  domain: OfflineDomain;
  limits: OfflineLimits;
  offlineAddress: string;
}

/**
 * Deployed, populated (see fundedLedger) and the offline contract onboarded as a SystemContract by the operator;
 * both banks mandate it (they cover loss claims from their own DKZT).
 * Built on {offlineDeployed} restored from its snapshot (loadFixture), not deployed again: call it through loadFixture,
 * or first thing in another fixture.
 */
export async function offlineReady(): Promise<OfflineFixture> {
  const f = await populate(await loadFixture(offlineDeployed));
  const offlineAddress = await f.offline.getAddress();
  await onboardOfflinePurses(f.ledger, f.operator, offlineAddress);
  for (const bank of [f.bankA, f.bankB]) await mandateOfflinePurses(f.ledger, bank, offlineAddress);
  return { ...f, domain: await offlineDomain(f.offline), limits: DEFAULT_OFFLINE_LIMITS, offlineAddress };
}

/** A device key, deterministic by name. */
export function deviceKey(name: string): Wallet {
  return new Wallet(id(`device-${name}`));
}

export async function now(): Promise<bigint> {
  return BigInt(await time.latest());
}

/** A certificate for `device`'s purse owned by `owner`, signed by `bank` (defaults: cap 35 000 ₸, 10, 30 days). */
export async function certify(
  f: OfflineFixture,
  opts: {
    owner: AddressLike & { address: string };
    bank: HardhatEthersSigner;
    device: Wallet;
    capAmount?: bigint;
    maxPayments?: number;
    expiry?: bigint;
    namedBank?: string;
  },
): Promise<SignedCertificate> {
  const certificate: PurseCertificate = {
    purse: opts.device.address,
    owner: opts.owner.address,
    bank: opts.namedBank ?? opts.bank.address,
    capAmount: opts.capAmount ?? CAP,
    maxPayments: opts.maxPayments ?? 10,
    expiry: opts.expiry ?? (await now()) + 30n * DAY,
  };
  return signCertificateWith(f.domain, opts.bank, certificate);
}

/** Register `device`'s purse for `owner` (certified by `bank`) and fund it with `funding` (the owner first mandates
 * the offline contract, as its wallet does before a first top-up). */
export async function openPurse(
  f: OfflineFixture,
  owner: HardhatEthersSigner,
  bank: HardhatEthersSigner,
  device: Wallet,
  funding: bigint,
  opts: { capAmount?: bigint; maxPayments?: number; expiry?: bigint } = {},
): Promise<SignedCertificate> {
  const certificate = await certify(f, { owner, bank, device, ...opts });
  await registerCertificate(f.offline, certificate);
  if (funding > 0n) {
    await mandateOfflinePurses(f.ledger, owner, f.offlineAddress);
    await (await f.offline.connect(owner).fund(device.address, funding)).wait();
  }
  return certificate;
}

export interface PurseFixture extends OfflineFixture {
  device: Wallet;
  certificate: SignedCertificate;
  /** Sign a cheque of alice's purse. */
  pay: (payee: string, amount: bigint, serial: number, expiry?: bigint) => SignedCheque;
}

/**
 * Alice's purse, certified by bank A (cap 35 000 ₸, 10 payments, 30 days), funded with 20 000 ₸.
 * Built on {offlineReady} restored from its snapshot (loadFixture), not deployed again: call it through loadFixture,
 * or first thing in another fixture.
 */
export async function alicePurse(): Promise<PurseFixture> {
  const f = await loadFixture(offlineReady);
  const device = deviceKey("alice");
  const certificate = await openPurse(f, f.alice, f.bankA, device, tenge(20_000));
  const pay = (payee: string, amount: bigint, serial: number, expiry?: bigint): SignedCheque =>
    signCheque(f.domain, device, {
      purse: device.address,
      payee,
      amount,
      serial,
      expiry: expiry ?? certificate.certificate.expiry,
    });
  return { ...f, device, certificate, pay };
}

/** Everything a rejected call must leave as it was in the offline contract. */
export async function offlineState(f: OfflineSuite, purses: readonly string[]): Promise<string> {
  const parts: string[] = [`held=${await f.offline.totalHeld()}`, `claims=${await f.offline.lossClaimCount()}`];
  for (const purse of purses) {
    const view = await f.offline.purseOf(purse);
    const prints: number[] = [];
    for (let serial = 0; serial < 10; serial++) prints.push(Number(await f.offline.serialFingerprint(purse, serial)));
    parts.push(`${purse}:${view.toString()}:${prints.join(",")}`);
  }
  return parts.join("|");
}

/**
 * Assert that `action` is rejected (the caller checks the exact error on the promise) and that neither the
 * ledger (supply, `accounts`' balances and status) nor the offline contract (`purses`, total held, claims) changed.
 */
export async function expectOfflineRejected<T>(
  f: OfflineFixture,
  accounts: AddressLike[],
  purses: readonly string[],
  action: () => Promise<T>,
  assertion: (attempt: Promise<T>) => Promise<void>,
): Promise<void> {
  const all = [...accounts, f.offlineAddress];
  const ledgerBefore = await ledgerState(f.ledger, all);
  const offlineBefore = await offlineState(f, purses);
  await assertion(action());
  expect(await ledgerState(f.ledger, all)).to.deep.equal(ledgerBefore, "a rejected call changed the ledger");
  expect(await offlineState(f, purses)).to.equal(offlineBefore, "a rejected call changed the offline purses");
}

/** The ledger invariant of rule 1: the offline contract's ledger balance is the sum of purse balances. */
export async function expectHeldMatchesLedger(f: OfflineFixture, purses: readonly string[]): Promise<void> {
  let sum = 0n;
  for (const purse of purses) sum += (await f.offline.purseOf(purse)).balance;
  const held = await f.offline.totalHeld();
  expect(held).to.equal(sum, "totalHeld is not the sum of purse balances");
  expect(await f.ledger.balanceOf(f.offlineAddress)).to.equal(held, "the ledger does not hold what the purses hold");
}

/** Redeem `signed` in one batch, sent by the payment agent: the receipt and each cheque's outcome, in batch order. */
export async function redeemInBatch(
  f: OfflineFixture,
  signed: SignedCheque[],
): Promise<{ receipt: ContractTransactionReceipt; outcomes: RedemptionOutcome[] }> {
  const batch = encodeBatch(signed);
  const receipt = (await (
    await f.offline.connect(f.agent).redeemBatch(batch.purses, batch.payees, batch.cheques)
  ).wait())!;
  return { receipt, outcomes: outcomesOf(receipt, f.offline) };
}

/** Each outcome as `undefined` (paid) or `Name(arg,...)`, the custom error it was rejected with. */
export function reasonsOf(outcomes: RedemptionOutcome[]): (string | undefined)[] {
  return outcomes.map((o) => (o.paid ? undefined : `${o.reason!.name}(${o.reason!.args.map(String).join(",")})`));
}
