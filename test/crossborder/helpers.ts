import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, type AddressLike, type ContractTransactionResponse } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { expectRejected } from "../helpers/state";
import { toOnChainPayment, type OnChainPayment, type Pacs008 } from "../../src/crossborder/pacs008";
import { tenge } from "../../src/money";
import { convertDown, rateFromDecimal } from "../../src/crossborder/fx";
import type { IForeignCbdcSweep, IPvPSettlement, SwiftGateway } from "../../typechain-types";
import { ref } from "../helpers/fixtures";
import { BIC, crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";

/** A deterministic UETR (UUIDv4 shape) numbered `n`. */
export function uetrNo(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `1b4f3a9e-7c2d-4e8f-9a01-${hex}`;
}

/** An outbound pacs.008 from alice (bank A) to an account abroad. */
export function outboundMessage(overrides: Partial<Pacs008> = {}): Pacs008 {
  return {
    messageId: "EURIKZKA-20260115-0001",
    creationDateTime: "2026-01-15T10:30:00+05:00",
    settlementMethod: "INDA",
    endToEndId: "INV-2026-0042",
    uetr: uetrNo(1),
    amount: tenge(25_000),
    currency: "KZT",
    settlementDate: "2026-01-15",
    chargeBearer: "SHAR",
    debtorName: "Alice Example",
    debtorAgent: BIC.bankA,
    creditorAgent: BIC.foreign,
    creditorName: "Example Supplier Inc.",
    creditorAccount: "US64SVBKUS6S3300958879",
    purposeKnp: "710",
    ...overrides,
  };
}

/** An inbound pacs.008 from abroad to bob (bank A). */
export function inboundMessage(overrides: Partial<Pacs008> = {}): Pacs008 {
  return outboundMessage({
    messageId: "CITIUS33-20260115-7781",
    uetr: uetrNo(1001),
    amount: tenge(40_000),
    debtorName: "Example Payer LLC",
    debtorAgent: BIC.foreign,
    creditorAgent: BIC.bankA,
    creditorName: "Bob Example",
    creditorAccount: "KZ86125KZT5004100100",
    purposeKnp: "119",
    ...overrides,
  });
}

/** The on-chain record of a message with the fixture's salt. */
export function onChain(msg: Pacs008, salt: string, overrides: Partial<OnChainPayment> = {}): OnChainPayment {
  return { ...toOnChainPayment(msg, salt), ...overrides };
}

/** A deadline `seconds` from the chain's latest block. */
export async function deadlineIn(seconds: number): Promise<bigint> {
  return BigInt((await time.latest()) + seconds);
}

/** The gateway's view of `uetrs` (both directions), to compare before and after a rejected call. */
export async function gatewayState(gateway: SwiftGateway, uetrs: string[]): Promise<string[]> {
  return Promise.all(
    uetrs.map(async (u) => `${(await gateway.outboundOf(u)).toString()}|${(await gateway.inboundOf(u)).toString()}`),
  );
}

/** Assert that the gateway state of `uetrs` is what `before` recorded. */
export async function expectGatewayUnchanged(gateway: SwiftGateway, uetrs: string[], before: string[]): Promise<void> {
  expect(await gatewayState(gateway, uetrs)).to.deep.equal(before, "a rejected call changed the gateway");
}

/** Assert `action` reverts as `assertion` says and neither the ledger (`accounts`, the gateway) nor the gateway's
 * records of `uetrs` changed. */
export async function rejectedAtGateway(
  f: CrossBorderFixture,
  accounts: AddressLike[],
  uetrs: string[],
  action: () => Promise<ContractTransactionResponse>,
  assertion: (attempt: Promise<ContractTransactionResponse>) => Promise<void>,
): Promise<void> {
  const before = await gatewayState(f.gateway, uetrs);
  await expectRejected(f.ledger, [...accounts, f.gateway], action, assertion);
  await expectGatewayUnchanged(f.gateway, uetrs, before);
}

/** The FX rate of the PvP deals in the tests (tenge → e-CNY). */
export const PVP_RATE = rateFromDecimal("0.014200511");

/** Bank A sells 704 200 ₸ to cnBank for e-CNY at PVP_RATE (rounded down), expiring in 2 hours. */
export async function pvpTerms(
  f: CrossBorderFixture,
  overrides: Partial<IPvPSettlement.DealTermsStruct> = {},
): Promise<IPvPSettlement.DealTermsStruct> {
  const amountA = tenge(704_200);
  return {
    partyA: f.bankA.address,
    ledgerA: await f.ledger.getAddress(),
    amountA,
    partyB: f.cnBank.address,
    ledgerB: await f.foreignLedger.getAddress(),
    amountB: convertDown(amountA, PVP_RATE),
    rate: PVP_RATE,
    quoteId: ref("FXQ-2026-0001"),
    expiry: BigInt((await time.latest()) + 2 * 60 * 60),
    ...overrides,
  };
}

export const HOUR = 60 * 60;
export const DAY = 24 * HOUR;
/** The foreign central bank's UTC offset in the sweep tests (Beijing, UTC+8), in seconds. */
export const UTC8 = 8 * HOUR;

/** The sweep's modes, as the contract numbers them. */
export const SweepMode = { RedeemToBankOfRecord: 0, TransferToDestination: 1 } as const;

/** Seconds after local midnight at `h`:`m`. */
export const at = (h: number, m = 0): number => h * HOUR + m * 60;

/** End of day in Beijing: 23:00-23:50 local, keep 10 000 yuan overnight, redeem the rest at the correspondent. */
export function endOfDayRule(
  overrides: Partial<IForeignCbdcSweep.SweepRuleStruct> = {},
): IForeignCbdcSweep.SweepRuleStruct {
  return {
    destination: ZeroAddress,
    overnightAllowance: yuan(10_000),
    enabled: true,
    utcOffset: UTC8,
    windowStart: at(23),
    windowEnd: at(23, 50),
    mode: SweepMode.RedeemToBankOfRecord,
    ...overrides,
  };
}

/** Move the chain to the next `localSeconds` after midnight, in UTC+8 (the next block's timestamp). */
export async function goToLocal(localSeconds: number): Promise<void> {
  const now = await time.latest();
  const localMidnight = Math.floor((now + UTC8) / DAY) * DAY - UTC8;
  let target = localMidnight + localSeconds;
  while (target <= now) target += DAY;
  await time.setNextBlockTimestamp(target);
}

/** `bank` mandates the sweep on the foreign ledger, then gives the sweep its standing mandate. */
export async function giveSweepMandate(f: CrossBorderFixture, bank: HardhatEthersSigner): Promise<void> {
  await f.foreignLedger.connect(bank).setModuleMandate(await f.sweep.getAddress(), true);
  await f.sweep.connect(bank).acceptMandate();
}

/**
 * {crossBorderFixture} with the sweep on: bank A holds 50 000 yuan (bought earlier) and gave its mandate; bank B
 * holds 200 000 yuan without one; the central bank set {endOfDayRule}.
 */
export async function mandatedSweep(): Promise<CrossBorderFixture> {
  const f = await loadFixture(crossBorderFixture);
  await f.foreignLedger.connect(f.cnBank).transfer(f.bankA.address, yuan(50_000));
  await giveSweepMandate(f, f.bankA);
  await f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule());
  return f;
}
