import hre, { ethers } from "hardhat";
import { expect } from "chai";
import type { AddressLike, TypedDataDomain } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { actors, populate, ref, type Actors } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import {
  deployPayments,
  setPaymentMandates,
  mandateAtmBank,
  onboardPaymentModules,
  scheduleVatRates,
  setUpVatBudget,
  type PaymentsSuite,
} from "../../src/payments/suite";
import { paymentsDomain, signInvoice, invoiceIdOf, type Invoice } from "../../src/payments/invoice";
import { ALMATY_OFFSET_SECONDS, KZ_VAT_2026, VatCategory, almatyDay } from "../../src/payments/vat";
import { AccountKind, Tier } from "../../src/tiers";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";

/** Settlement preferences, as IMerchantRegistry.Settlement. */
export const Settlement = { KeepDigital: 0, ConvertToNonCash: 1 } as const;

/** Merchant category codes used in the tests (ISO 18245). */
export const MCC = { GROCERY: 5411, RESTAURANT: 5812, KIOSK: 5499, WHOLESALE: 5045, EXPORTER: 5099 } as const;

export interface PaymentsActors extends Actors {
  /** State Revenue Committee's key: the tax authority role. */
  taxAuthority: HardhatEthersSigner;
  /** State Revenue Committee's VAT budget account (Government, bank B). */
  budget: HardhatEthersSigner;
  /** VAT-registered restaurant that converts to non-cash (bank A). */
  shop: HardhatEthersSigner;
  /** Kiosk that is not a VAT payer (bank B). */
  kiosk: HardhatEthersSigner;
  /** VAT-registered wholesale supplier (bank A). */
  supplier: HardhatEthersSigner;
  /** VAT-registered exporter (bank B). */
  exporter: HardhatEthersSigner;
}

export type PaymentsFixture = PaymentsSuite & PaymentsActors & { domain: TypedDataDomain };

/**
 * The suite with payments deployed through the Payments Ignition module, populated as fundedLedger, and both
 * payments contracts onboarded as SystemContract accounts by the operator. As at onboarding, each bank mandates
 * both modules for its customers (alice, bob and the merchant at bank A; carol and the court at bank B), and both
 * banks mandate the card gateway for their own ATMs' off-us cash. No budget, rates or merchants.
 */
export async function paymentsBare(): Promise<PaymentsFixture> {
  const a = await actors();
  const [taxAuthority, budget, shop, kiosk, supplier, exporter] = a.spare;
  const suite = await deployPayments(hre, {
    CENTRAL_BANK: a.centralBank.address,
    OPERATOR: a.operator.address,
    COMPLIANCE: a.compliance.address,
    GOVERNANCE: a.governance.address,
    GUARDIAN: a.guardian.address,
    ISSUANCE_DESK: a.deskKey.address,
    TAX_AUTHORITY: taxAuthority.address,
  });
  const f = await populate({ ...suite, ...a, taxAuthority, budget, shop, kiosk, supplier, exporter });
  await onboardPaymentModules(f, a.operator);
  await setPaymentMandates(f, f.bankA, [f.alice, f.bob, f.merchant]);
  await setPaymentMandates(f, f.bankB, [f.carol, f.court]);
  await mandateAtmBank(f, f.bankA);
  await mandateAtmBank(f, f.bankB);
  return { ...f, domain: await paymentsDomain(f.payments) };
}

/**
 * {paymentsBare} with the VAT budget account set up (onboarded by bank B as a Government account, designated
 * by the tax authority, accepted by the account, which mandates the payments module). No VAT rates, no merchants.
 */
export async function paymentsDeployed(): Promise<PaymentsFixture> {
  const f = await paymentsBare();
  await setUpVatBudget(f, f.bankB, f.taxAuthority, f.budget);
  return f;
}

/**
 * {paymentsDeployed}, plus Kazakhstan's 2026 VAT rates in force from today, and the merchants onboarded by
 * their acquiring banks: `merchant` (grocery, VAT payer, keeps DKZT), `shop` (restaurant, VAT payer, converts),
 * `kiosk` (no VAT), `supplier` and `exporter` (VAT payers, keep). The merchant and the supplier hold
 * 200 000 ₸ each for business purchases.
 */
export async function paymentsReady(): Promise<PaymentsFixture> {
  const f = await paymentsDeployed();
  const { ledger, payments, bankA, bankB } = f;
  await scheduleVatRates(payments, f.taxAuthority, KZ_VAT_2026, await today());

  await ledger
    .connect(bankA)
    .onboardCustomer(f.shop.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-restaurant"));
  await ledger.connect(bankB).onboardCustomer(f.kiosk.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-kiosk"));
  await ledger
    .connect(bankA)
    .onboardCustomer(f.supplier.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-wholesale"));
  await ledger
    .connect(bankB)
    .onboardCustomer(f.exporter.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-export"));
  await setPaymentMandates(f, bankA, [f.shop, f.supplier]);
  await setPaymentMandates(f, bankB, [f.kiosk, f.exporter]);

  const byA = payments.connect(bankA);
  const byB = payments.connect(bankB);
  await byA.onboardMerchant(f.merchant.address, MCC.GROCERY, ref("VAT-GROCERY"), Settlement.KeepDigital);
  await byA.onboardMerchant(f.shop.address, MCC.RESTAURANT, ref("VAT-RESTAURANT"), Settlement.ConvertToNonCash);
  await byB.onboardMerchant(f.kiosk.address, MCC.KIOSK, ethers.ZeroHash, Settlement.KeepDigital);
  await byA.onboardMerchant(f.supplier.address, MCC.WHOLESALE, ref("VAT-WHOLESALE"), Settlement.KeepDigital);
  await byB.onboardMerchant(f.exporter.address, MCC.EXPORTER, ref("VAT-EXPORT"), Settlement.KeepDigital);

  await ledger.connect(bankA).transfer(f.merchant.address, tenge(200_000));
  await ledger.connect(bankA).transfer(f.supplier.address, tenge(200_000));
  await ledger.connect(bankB).transfer(f.exporter.address, tenge(200_000));
  return f;
}

/** Card schemes, as ICardGateway.CardNetwork. */
export const CardNetwork = { Onay: 0, Visa: 1, Mastercard: 2 } as const;

/** Where a card is charged, as ICardGateway.Channel. */
export const Channel = { InPerson: 0, Online: 1 } as const;

/** The issuer's card token: a salted hash of the card, computed off-chain; the PAN never leaves the bank. */
export const cardToken = (label: string): string => ethers.id(`issuer-secret-salt|${label}`);

export type CardsFixture = PaymentsFixture & { card: string };

/**
 * {paymentsReady}, plus: the operator grants the payment agent (Kazpost's processor) the agent role; bank A links
 * alice's Visa card (cash limit 50 000 ₸ a day); alice grants the agent a mandate: 20 000 ₸ a payment,
 * 30 000 ₸ a day.
 */
export async function cardsReady(): Promise<CardsFixture> {
  const f = await paymentsReady();
  await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
  const card = cardToken("alice-visa");
  await f.cards.connect(f.bankA).linkCard(card, f.alice.address, CardNetwork.Visa, tenge(50_000));
  await f.cards.connect(f.alice).grantMandate(card, f.agent.address, tenge(20_000), tenge(30_000));
  return { ...f, card };
}

/**
 * {paymentsReady}, plus: the exporter bought 116 000 ₸ of inputs from the supplier (16 000 ₸ marked VAT) and filed
 * claim 1 for all of it; the budget holds 50 000 ₸ of VAT collected earlier.
 */
export async function exporterClaimed(): Promise<PaymentsFixture> {
  const f = await paymentsReady();
  const inputs = await signedInvoice(f, f.supplier, tenge(116_000));
  await f.payments.connect(f.exporter).payInvoiceAsBusiness(inputs.invoice, inputs.signature);
  await f.ledger.connect(f.bankB).transfer(f.budget.address, tenge(50_000));
  await f.payments.connect(f.exporter).claimVatRefund(tenge(16_000), ref("EXPORT-DECL-1"));
  return f;
}

/**
 * Today's Almaty-local day index on the chain. The chain's clock follows the wall clock, so a test that reads the
 * day a few seconds before Almaty midnight (19:00 UTC) would send its transactions on the next one: within ten
 * minutes of midnight the clock is first moved past it.
 */
export async function today(): Promise<number> {
  // After a fixture's snapshot is restored the last block can be minutes older than the clock: mine one first.
  await mine();
  const now = await time.latest();
  const day = almatyDay(now);
  const nextMidnight = (day + 1) * 86_400 - ALMATY_OFFSET_SECONDS;
  if (nextMidnight - now > 600) return day;
  await time.increaseTo(nextMidnight);
  return day + 1;
}

let nonceCounter = 1n;

/** An invoice of `merchant` for `amount` at today's standard rate, valid one hour, with a fresh nonce. */
export async function makeInvoice(
  merchant: AddressLike,
  amount: bigint,
  overrides: Partial<Invoice> = {},
): Promise<Invoice> {
  return {
    merchant: await ethers.resolveAddress(merchant),
    amount,
    vatCategory: VatCategory.STANDARD,
    vatRateBps: KZ_VAT_2026.STANDARD,
    expiry: BigInt((await time.latest()) + 3600),
    nonce: nonceCounter++,
    orderRef: ethers.id(`order-${nonceCounter}`),
    ...overrides,
  };
}

/** An invoice and its merchant's signature. */
export async function signedInvoice(
  f: PaymentsFixture,
  merchant: HardhatEthersSigner,
  amount: bigint,
  overrides: Partial<Invoice> = {},
): Promise<{ invoice: Invoice; signature: string; id: string }> {
  const invoice = await makeInvoice(merchant, amount, overrides);
  const signature = await signInvoice(merchant, f.domain, invoice);
  return { invoice, signature, id: invoiceIdOf(f.domain, invoice) };
}

/**
 * What a rejected payments call must leave as it was, besides the ledger: marked VAT, the accounts' VAT refund
 * lines and the given invoices' nonces and refunded totals.
 */
export async function paymentsState(
  f: PaymentsFixture,
  accounts: AddressLike[],
  invoices: Invoice[] = [],
): Promise<Record<string, string>> {
  const state: Record<string, string> = { totalMarked: (await f.payments.totalMarkedVat()).toString() };
  for (const a of accounts) {
    const address = await ethers.resolveAddress(a);
    const [paid, claimed] = await f.payments.inputVatOf(address);
    state[`marked:${address}`] = (await f.payments.markedVatOf(address)).toString();
    state[`input:${address}`] = `${paid}/${claimed}`;
    state[`vatRefundLine:${address}`] = (await f.payments.vatRefundLineOf(address)).toString();
  }
  for (const invoice of invoices) {
    const id = invoiceIdOf(f.domain, invoice);
    state[`nonce:${invoice.merchant}:${invoice.nonce}`] = String(
      await f.payments.isNonceUsed(invoice.merchant, invoice.nonce),
    );
    state[`refunded:${id}`] = (await f.payments.refundedOf(id)).toString();
  }
  return state;
}

/**
 * expectRejected for payments: the ledger state of `accounts` (plus the module's and the budget's account) and
 * the payments state (marked VAT, input VAT, the invoices' nonces and refunds) are unchanged.
 */
export async function expectPaymentRejected<T>(
  f: PaymentsFixture,
  accounts: AddressLike[],
  invoices: Invoice[],
  action: () => Promise<T>,
  assertion: (attempt: Promise<T>) => Promise<void>,
): Promise<void> {
  const all = [...accounts, f.payments, f.budget];
  const before = await paymentsState(f, all, invoices);
  await expectRejected(f.ledger, all, action, assertion);
  expect(await paymentsState(f, all, invoices)).to.deep.equal(before, "a rejected call changed the payments state");
}

/**
 * {expectPaymentRejected} for alice paying `invoice` with the merchant's `signature`: alice's and the merchant's
 * ledger state, the payments state and the invoice's nonce are unchanged.
 */
export async function expectAlicePaymentRejected(
  f: PaymentsFixture,
  invoice: Invoice,
  signature: string,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  await expectPaymentRejected(
    f,
    [f.alice, invoice.merchant],
    [invoice],
    () => f.payments.connect(f.alice).payInvoice(invoice, signature),
    assertion,
  );
}
