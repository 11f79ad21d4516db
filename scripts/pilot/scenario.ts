/**
 * The 2023 pilot, replayed as a library: `runPilot(hre, options)` deploys the whole suite, plays the seed story's
 * steps in order and returns the report (figures and invariants). scripts/pilot.ts prints and writes it; the test
 * in test/pilot runs it small.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { SingleBar, Presets } from "cli-progress";
import { ZeroAddress, encodeBytes32String, id, parseEther, Wallet, type TypedDataDomain } from "ethers";
import { castPilot, institutions, CardNetwork, type Actor, type Citizen, type Merchant, type PilotCast } from "./cast";
import { deployPilotSuite } from "./deploy";
import { keyHolder, perform, short, throughSafe, type Performed, type RoleHolder } from "./roles";
import type {
  BankLine,
  CrossBorderFigures,
  LunchFigures,
  OfflineFigures,
  PilotReport,
  ReserveFigures,
  SafeLine,
  StepRecord,
  VatFigures,
} from "./types";
import { checkInvariants } from "./invariants";
import { formatTenge, tenge } from "../../src/money";
import { SuiteError } from "../../src/errors";
import { supplyReport, type SupplyReport } from "../../src/report";
import { AccountKind, DEFAULT_TIERS, Tier } from "../../src/tiers";
import { DEFAULT_EXECUTION_DELAY, Role } from "../../src/roles";
import { onboardBank, type Suite, type SuiteHolders } from "../../src/suite";
import { paymentsDomain, signInvoice, type Invoice } from "../../src/payments/invoice";
import {
  KZ_VAT_2026,
  SCHEDULED_CATEGORIES,
  VatCategory,
  almatyDay,
  splitVat,
  type VatCategoryName,
} from "../../src/payments/vat";
import { encodeEmvQr, decodeEmvQr, merchantLabel } from "../../src/payments/emvqr";
import { vatReport } from "../../src/payments/report";
import { MCC, encodeTap, type Tap } from "../../src/programs/taps";
import { programReport } from "../../src/programs/report";
import { readGoldReserve, readProof } from "../../src/reserves";
import { FOREIGN_BANK_TIER, FOREIGN_TIERS, onboardCrossBorderAbroad } from "../../src/crossborder/suite";
import { bicToBytes11 } from "../../src/crossborder/iso20022";
import { toOnChainPayment, type Pacs008 } from "../../src/crossborder/pacs008";
import { convertDown, rateFromDecimal } from "../../src/crossborder/fx";
import {
  offlineDomain,
  redeemCheques,
  registerCertificate,
  signCertificateWith,
  signCheque,
  type SignedCheque,
} from "../../src/offline";

export interface PilotOptions {
  /** Citizens with Onay cards (default 300; PILOT_CITIZENS). */
  citizens?: number;
  /** Seed of the derived wallets (default "digital-tenge-pilot-2023"). */
  seed?: string;
  /** School days of lunches (default 5). */
  schoolDays?: number;
  /** Print the narrative and progress bars (default true). */
  verbose?: boolean;
  /** Where narrative lines go (default console.log). */
  log?: (line: string) => void;
}

/** Everything the steps share. */
export interface Pilot {
  hre: HardhatRuntimeEnvironment;
  options: Required<Omit<PilotOptions, "seed">>;
  cast: PilotCast;
  suite: Suite;
  /** Whether the chain's clock can be moved (hardhat, localhost): school days then pass in a second. */
  canWarp: boolean;
  /**
   * Seconds a delayed power waits between being scheduled and executed: production's DEFAULT_EXECUTION_DELAY
   * where the clock can move (the pilot moves it past each batch's delay), 0 elsewhere.
   */
  executionDelay: number;
  /** Single-key holders of delayed powers: they schedule them in their ledger's authority. */
  taxAuthority: RoleHolder;
  foreignCentralBank: RoleHolder;
  /** Every account whose DKZT balance counts (for Σ balances). */
  touched: Set<string>;
  vat: VatFigures;
  lunches: LunchFigures;
  moveToEarn: { claims: number; paid: bigint; pool: bigint };
  reserves: Omit<ReserveFigures, "stable" | "gold" | "stableSymbol">;
  crossBorder: CrossBorderFigures;
  offline: OfflineFigures;
  nonces: Map<string, bigint>;
  /** The payments contract's EIP-712 domain, read once. */
  paymentsDomain?: TypedDataDomain;
}

/**
 * Gas limit for the per-citizen transactions: skips a gas estimate (a second execution) per transaction; every
 * one of them needs far less. A transaction that fails still reverts with its custom error.
 */
const HOT = { gasLimit: 1_500_000 };

// ------------------------------------------------------------------------------------------- helpers

interface Sent {
  wait(): Promise<unknown>;
}

/** Send and wait for the receipt. */
async function send(tx: Promise<Sent>): Promise<void> {
  await (await tx).wait();
}

async function now(pilot: Pilot): Promise<bigint> {
  const block = await pilot.hre.ethers.provider.getBlock("latest");
  if (!block) throw new Error("no latest block");
  return BigInt(block.timestamp);
}

/** Progress over `total` items: a bar on a terminal, silent otherwise. */
function progress(pilot: Pilot, label: string, total: number): { tick: () => void; stop: () => void } {
  if (!pilot.options.verbose || !process.stdout.isTTY || total < 20) return { tick: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { format: `   ${label.padEnd(34)} {bar} {value}/{total}`, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

/** Run `fn` over `items` with a progress bar. */
async function each<T>(pilot: Pilot, label: string, items: readonly T[], fn: (item: T, i: number) => Promise<void>) {
  const bar = progress(pilot, label, items.length);
  try {
    for (const [i, item] of items.entries()) {
      await fn(item, i);
      bar.tick();
    }
  } finally {
    bar.stop();
  }
}

const ref = (text: string): string => encodeBytes32String(text);

/** Almaty local time is UTC+5 (seconds). */
const ALMATY = 5n * 3600n;

/** How a batch of delayed powers went, in words: "scheduled, executed after the 2-day delay". */
function afterDelay(pilot: Pilot, done: Performed): string {
  if (done.delayed === 0) return "executed at once (no execution delay on this network)";
  const d = pilot.executionDelay;
  const wait = d % 86_400 === 0 ? `${d / 86_400}-day` : `${d / 3_600}-hour`;
  return `scheduled, executed after the ${wait} delay`;
}

/** A signed invoice of `merchant` for `amount` in its VAT category, valid one hour. */
async function invoiceOf(
  pilot: Pilot,
  merchant: Merchant,
  amount: bigint,
  order: string,
): Promise<{ invoice: Invoice; signature: string }> {
  const nonce = (pilot.nonces.get(merchant.address) ?? 0n) + 1n;
  pilot.nonces.set(merchant.address, nonce);
  const invoice: Invoice = {
    merchant: merchant.address,
    amount,
    vatCategory: VatCategory[merchant.vat],
    vatRateBps: KZ_VAT_2026[merchant.vat],
    expiry: (await now(pilot)) + 3600n, // one hour from the latest block
    nonce,
    orderRef: id(order),
  };
  pilot.paymentsDomain ??= await paymentsDomain(pilot.suite.payments);
  const signature = await signInvoice(merchant.signer, pilot.paymentsDomain, invoice);
  return { invoice, signature };
}

/** Count a B2C payment's VAT split (what the budget must receive). */
function countVat(pilot: Pilot, merchant: Merchant, gross: bigint): void {
  const { vat } = splitVat(gross, KZ_VAT_2026[merchant.vat]);
  const line = pilot.vat.byCategory.find((l) => l.category === merchant.vat);
  if (!line) throw new Error(`no VAT line for ${merchant.vat}`);
  line.payments += 1;
  line.gross += gross;
  line.vat += vat;
  pilot.vat.splits += vat;
}

const citizensOf = (pilot: Pilot, every: number, offset = 0): Citizen[] =>
  pilot.cast.citizens.filter((c) => c.index % every === offset % every);

// ------------------------------------------------------------------------------------------- steps

/** The operator deploys the whole suite with Ignition; every role goes to its holder. */
async function deployStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const contracts = await contractAddresses(suite);
  return [
    `DKZT ledger ${contracts.ledger}, authority ${contracts.manager} on ${pilot.hre.network.name}`,
    `${Object.keys(contracts).length} contracts: payments, cards, programs, move-to-earn, stablecoin, gold, SWIFT gateway, PvP, HTLC, foreign e-CNY ledger, offline purses`,
    `Roles: central bank → ${cast.centralBank.name}, operator → ${cast.operator.name}, tax authority → ${cast.taxAuthority.name}, gold custodian → ${cast.goldCustodian.name}, stablecoin issuer → ${cast.stableIssuer.name}`,
    `${cast.centralBank.threshold}-of-${cast.centralBank.officers.length} Safes hold the central bank's, operator's and governance's powers: ${[cast.centralBank, cast.operator, cast.governance].map((h) => `${h.name} ${short(h.address)}`).join(", ")}; the deployer keeps no role`,
    pilot.executionDelay > 0
      ? `Delayed powers (tiers, ceilings, the VAT schedule) wait ${pilot.executionDelay / 86_400} days after scheduling, during which the guardian may cancel them; the pilot moves the chain's clock past each wait`
      : "No execution delay on this network (its clock cannot be moved): delayed powers execute at once",
  ];
}

/** Gas for the derived wallets (citizens; institutions too on a network with one key). */
async function gasStep(pilot: Pilot): Promise<string[]> {
  const { cast } = pilot;
  const amount = parseEther(process.env.PILOT_GAS_FUND ?? (pilot.canWarp ? "1" : "0.01"));
  let sent = 0;
  await each(pilot, "funding gas", cast.needGas, async (actor) => {
    if ((await pilot.hre.ethers.provider.getBalance(actor.address)) >= amount / 2n) return;
    await send(cast.funder.signer.sendTransaction({ to: actor.address, value: amount, gasLimit: 21_000 }));
    sent++;
  });
  return [`${cast.funder.name} sent gas to ${sent} derived wallets (${pilot.hre.ethers.formatEther(amount)} each)`];
}

/**
 * The National Bank defines the KYC tiers; the suite's contracts already hold their SystemContract accounts (the
 * deployment's genesis opened them); the foreign central bank defines its tiers and onboards the contracts abroad.
 */
async function wireStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const cb = cast.centralBank;
  // The genesis defined the unlimited tier the suite's own accounts use: the central bank defines the others.
  const tiers: (typeof DEFAULT_TIERS)[number][] = [];
  for (const tier of DEFAULT_TIERS) {
    const [holding, daily, defined] = await suite.ledger.tierLimits(tier.id);
    if (!defined || holding !== tier.holdingLimit || daily !== tier.dailyLimit) tiers.push(tier);
  }
  // Both tier tables in one batch, one wait; the foreign ledger needs its tier 6 to onboard the contracts.
  const done = await perform(pilot.hre, [
    ...tiers.map((t) => ({ by: cb, target: suite.ledger, fn: "setTier", args: [t.id, t.holdingLimit, t.dailyLimit] })),
    ...FOREIGN_TIERS.map((t) => ({
      by: pilot.foreignCentralBank,
      target: suite.foreignLedger,
      fn: "setTier",
      args: [t.id, t.holdingLimit, t.dailyLimit],
    })),
  ]);
  await onboardCrossBorderAbroad(suite, cast.foreignOperator.signer);
  return [
    `${DEFAULT_TIERS.length} KYC tiers: ${DEFAULT_TIERS.map((t) => t.name).join(", ")}`,
    `${cb.name} set them through ${throughSafe(cb)}: ${afterDelay(pilot, done)}`,
    "SystemContract accounts (opened at genesis): payments, cards, purpose programs, marked programs, move-to-earn, stablecoin reserve, gold desk, offline purses, SWIFT gateway, PvP, HTLC",
    "The foreign central bank defined its tiers and onboarded PvP, HTLC and its sweep on the e-CNY ledger",
  ];
}

/** NPC onboards five banks; the National Bank sets their ceilings and issues DKZT to each. */
async function issueStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const op = cast.operator;
  const cb = cast.centralBank;
  for (const bank of cast.banks) await onboardBank(suite, op.signer, bank.address, Tier.UNLIMITED, ref(bank.code));
  const ceilings = await perform(
    pilot.hre,
    cast.banks.map((bank) => ({
      by: cb,
      target: suite.ledger,
      fn: "setIssuanceCeiling",
      args: [bank.address, bank.ceiling],
    })),
  );
  const lines: string[] = [];
  for (const [i, bank] of cast.banks.entries()) {
    const reserve = ref(`RSV-2023-11-${String(i + 1).padStart(3, "0")}`);
    await send(suite.ledger.connect(cb.signer).issue(bank.address, bank.issue, reserve));
    lines.push(`${bank.name} (${bank.code}): ceiling ${formatTenge(bank.ceiling)}, issued ${formatTenge(bank.issue)}`);
  }
  return [
    ...lines,
    `${op.name} onboarded the banks through ${throughSafe(op)}`,
    `${cb.name} acted through ${throughSafe(cb)}: ceilings ${afterDelay(pilot, ceilings)}; issuance at once`,
  ];
}

/** Banks onboard their customers; NPC onboards Kazpost and the card processors as payment agents. */
async function onboardStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const op = cast.operator.signer;
  const [eurasian, halyk] = cast.banks;
  const byBank = (b: number) => suite.ledger.connect(cast.banks[b].signer);
  const customer = (b: number, who: Actor, kind: number, tier: number, label: string) =>
    send(byBank(b).onboardCustomer(who.address, kind, tier, id(`pilot/${cast.banks[b].code}/${label}`)));

  for (const agent of [cast.kazpost, ...Object.values(cast.processors)]) {
    await send(
      suite.ledger
        .connect(op)
        .onboardParticipant(
          agent.address,
          AccountKind.PaymentAgent,
          Tier.UNLIMITED,
          eurasian.address,
          ref(agent.name.toUpperCase()),
        ),
    );
    await send(suite.manager.connect(op).grantRole(Role.PAYMENT_AGENT, agent.address, 0));
  }
  for (const m of [...cast.shops, cast.supplier, ...cast.canteens])
    await customer(m.bank, m, AccountKind.Merchant, Tier.BUSINESS, m.name);
  await customer(1, cast.vatBudget, AccountKind.Government, Tier.UNLIMITED, "src-vat-budget");
  await customer(1, cast.akimat, AccountKind.Government, Tier.UNLIMITED, "akimat-education");
  await customer(0, cast.treasury, AccountKind.Government, Tier.UNLIMITED, "nbk-gold-treasury");
  await customer(0, cast.stableIssuer, AccountKind.Merchant, Tier.BUSINESS, "exchange");
  await customer(0, cast.m2eSponsor, AccountKind.Merchant, Tier.BUSINESS, "m2e-sponsor");
  await each(pilot, "onboarding citizens", cast.citizens, (c) =>
    send(byBank(c.bank).onboardCustomer(c.address, AccountKind.Individual, c.tier, c.ref, HOT)),
  );
  // Default mandates at onboarding (the ledger decides who may debit whom): each bank lets the card gateway and
  // merchant payments debit its customers, as it acts for them today; the VAT budget lets merchant payments take
  // back refunded VAT; each bank lets the card gateway redeem its own ATM cash. Escrows, programs, purses, the
  // stablecoin and the gold desk are mandated by their users themselves, below, before they pay through them.
  const cards = await suite.cards.getAddress();
  const payments = await suite.payments.getAddress();
  await each(pilot, "default mandates", cast.citizens, async (c) => {
    await send(byBank(c.bank).setCustomerMandate(c.address, cards, true, HOT));
    await send(byBank(c.bank).setCustomerMandate(c.address, payments, true, HOT));
  });
  for (const m of [...cast.shops, cast.supplier, ...cast.canteens]) {
    await send(byBank(m.bank).setCustomerMandate(m.address, payments, true));
  }
  await send(byBank(1).setCustomerMandate(cast.vatBudget.address, payments, true));
  for (const bank of cast.banks) await send(suite.ledger.connect(bank.signer).setModuleMandate(cards, true));
  void halyk;
  const lite = cast.citizens.filter((c) => c.tier === Tier.ANONYMOUS_LITE).length;
  return [
    `${cast.citizens.length} citizens across ${cast.banks.length} banks (${lite} anonymous-lite wallets), opaque references only`,
    `${cast.shops.length} shops, a wholesale supplier and ${cast.canteens.length} school canteens as merchants`,
    `Government accounts: ${cast.vatBudget.name}, ${cast.akimat.name}, ${cast.treasury.name}`,
    `Payment agents (NPC): ${cast.kazpost.name}, ${Object.values(cast.processors)
      .map((p) => p.name)
      .join(", ")}`,
  ];
}

/** Banks distribute DKZT: citizens' wallets, the akimat's lunch budget, business floats. */
async function distributeStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const byBank = (b: number) => suite.ledger.connect(cast.banks[b].signer);
  const totals = cast.banks.map(() => 0n);
  const pay = async (b: number, to: string, amount: bigint) => {
    await send(byBank(b).transfer(to, amount, HOT));
    totals[b] += amount;
  };
  await each(pilot, "distributing DKZT", cast.citizens, (c) =>
    pay(
      c.bank,
      c.address,
      c.tier === Tier.ANONYMOUS_LITE ? tenge(40_000) : tenge(80_000) + tenge(c.index % 7) * 1_000n,
    ),
  );
  await pay(1, cast.akimat.address, lunchBudget(pilot) + tenge(100_000));
  await pay(0, cast.stableIssuer.address, tenge(5_000_000));
  await pay(0, cast.m2eSponsor.address, tenge(500_000));
  await pay(0, cast.treasury.address, tenge(2_000_000));
  await pay(cast.shops[0].bank, cast.shops[0].address, tenge(300_000));
  return cast.banks.map((b, i) => `${b.name} distributed ${formatTenge(totals[i])}`);
}

/** The tax authority puts the VAT rates in force and designates its budget account; merchants join payments. */
async function vatSetupStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const tax = pilot.taxAuthority;
  // The tax authority's powers are delayed: the rates take effect on the first day after the delay, from 09:00
  // Almaty time (a first definition may take effect the day it is made). Without a delay: today.
  const start = await now(pilot);
  const delay = BigInt(pilot.executionDelay);
  const effectiveDay = delay === 0n ? almatyDay(start) : almatyDay(start + delay + 3_600n) + 1;
  const opens = delay === 0n ? 0n : BigInt(effectiveDay) * 86_400n - ALMATY + 9n * 3_600n;
  const done = await perform(
    pilot.hre,
    [
      { by: tax, target: suite.payments, fn: "designateVatBudget", args: [cast.vatBudget.address] },
      ...SCHEDULED_CATEGORIES.map((c) => ({
        by: tax,
        target: suite.payments,
        fn: "scheduleVatRate",
        args: [VatCategory[c], KZ_VAT_2026[c], effectiveDay],
      })),
    ],
    Number(opens),
  );
  await send(suite.payments.connect(cast.vatBudget.signer).acceptVatBudget());
  for (const m of [...cast.shops, cast.supplier]) {
    const vatReg = m.vat === "EXEMPT" ? "0x" + "00".repeat(32) : id(`pilot/vat-reg/${m.name}`);
    await send(
      suite.payments.connect(cast.banks[m.bank].signer).onboardMerchant(m.address, m.mcc, vatReg, m.converts ? 1 : 0),
    );
  }
  pilot.vat.collected = -(await suite.ledger.balanceOf(cast.vatBudget.address));
  return [
    `Rates in force: ${(Object.keys(KZ_VAT_2026) as VatCategoryName[]).map((c) => `${c} ${KZ_VAT_2026[c] / 100}%`).join(", ")}`,
    `${cast.vatBudget.name} designated and accepted`,
    `${cast.taxAuthority.name}: rates and budget account ${afterDelay(pilot, done)}; in force from ${new Date(effectiveDay * 86_400_000).toISOString().slice(0, 10)}`,
    `${cast.shops.length + 1} merchants in the payments registry (${cast.shops
      .filter((s) => s.converts)
      .map((s) => s.name)
      .join(", ")} converts to non-cash)`,
  ];
}

/** Citizens' cards: the banks link an Onay, Visa or Mastercard card; the holder mandates its processor. */
async function cardsStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  await each(pilot, "linking cards", cast.citizens, async (c) => {
    await send(
      suite.cards
        .connect(cast.banks[c.bank].signer)
        .linkCard(c.card, c.address, CardNetwork[c.network], tenge(50_000), HOT),
    );
    await send(
      suite.cards
        .connect(c.signer)
        .grantMandate(c.card, cast.processors[c.network].address, tenge(30_000), tenge(60_000), HOT),
    );
  });
  const count = (n: string) => cast.citizens.filter((c) => c.network === n).length;
  return [
    `${cast.citizens.length} cards linked: Onay ${count("Onay")}, Visa ${count("Visa")}, Mastercard ${count("Mastercard")}; each holder mandated its processor`,
  ];
}

/** Every citizen buys once by card (tap at the till) and once by QR code; VAT splits to the budget on the spot. */
async function purchasesStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  let cards = 0n;
  let qr = 0n;
  const contract = await suite.payments.getAddress();
  const { chainId } = await pilot.hre.ethers.provider.getNetwork();
  await each(pilot, "card and QR purchases", cast.citizens, async (c) => {
    const shop = cast.shops[c.index % cast.shops.length];
    const amount = shop.ticket + tenge(c.index % 5) * 100n;
    const card = await invoiceOf(pilot, shop, amount, `card/${c.index}`);
    await send(
      suite.cards.connect(cast.processors[c.network].signer).chargeCard(c.card, card.invoice, card.signature, 0, HOT),
    );
    countVat(pilot, shop, amount);
    cards += amount;

    const other = cast.shops[(c.index + 2) % cast.shops.length];
    const qrAmount = other.ticket + tenge(c.index % 3) * 50n;
    const signed = await invoiceOf(pilot, other, qrAmount, `qr/${c.index}`);
    const payload = encodeEmvQr({
      invoice: signed.invoice,
      signature: signed.signature,
      chainId,
      contract,
      mcc: other.mcc,
      // Tags 59/60 in Latin ("CAFE DASTARKHAN", "ALMATY"); the name as registered and the city in Kazakh in tag 64.
      ...merchantLabel(other.name, "Алматы", "KK"),
    });
    const scanned = decodeEmvQr(payload);
    await send(suite.payments.connect(c.signer).payInvoice(scanned.invoice, scanned.signature ?? "0x", HOT));
    countVat(pilot, other, qrAmount);
    qr += qrAmount;
  });
  return [
    `${cast.citizens.length} card purchases (${formatTenge(cards)}) through Onay, Visa and Mastercard`,
    `${cast.citizens.length} QR purchases (EMVCo payload scanned, invoice signed by the merchant): ${formatTenge(qr)}`,
    `VAT split to the budget at payment: ${formatTenge(pilot.vat.splits)}`,
  ];
}

/** A shop buys wholesale as a business: the VAT is marked to the supplier, who pays it to the budget. */
async function b2bStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const shop = cast.shops[0];
  const { supplier } = cast;
  const amount = supplier.ticket;
  const signed = await invoiceOf(pilot, supplier, amount, "b2b/1");
  await send(suite.payments.connect(shop.signer).payInvoiceAsBusiness(signed.invoice, signed.signature));
  const marked = await suite.payments.markedVatOf(supplier.address);
  pilot.vat.marked += marked;
  await send(suite.payments.connect(supplier.signer).payVatFromMarked(marked, ref("2023-11")));
  pilot.vat.markedPaid += marked;
  return [
    `${shop.name} paid ${formatTenge(amount)} to ${supplier.name} as a business: ${formatTenge(marked)} VAT marked`,
    `${supplier.name} paid its marked VAT ${formatTenge(marked)} to the budget for 2023-11`,
  ];
}

/** Merchants convert takings into non-cash tenge (the café at each payment; the grocery half its balance). */
async function nonCashStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const grocery = cast.shops[0];
  const amount = (await suite.ledger.balanceOf(grocery.address)) / 2n;
  await send(suite.ledger.connect(grocery.signer).redeemToNonCash(amount));
  const cafe = cast.shops.find((s) => s.converts);
  return [
    `${grocery.name} converted ${formatTenge(amount)} into non-cash tenge at ${cast.banks[grocery.bank].name}`,
    `${cafe?.name ?? "The café"} converts every payment's net at once (its balance: ${formatTenge(await suite.ledger.balanceOf(cafe?.address ?? ZeroAddress))})`,
  ];
}

/** Every seventh citizen takes cash at its bank's ATM: DKZT redeemed at the bank. */
async function atmStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const who = citizensOf(pilot, 7);
  let total = 0n;
  await each(pilot, "ATM cash-out", who, async (c) => {
    const amount = tenge(5_000);
    await send(
      suite.cards.connect(cast.banks[c.bank].signer).withdrawCash(c.card, amount, ref(`ATM-${c.bank}-${c.index}`), HOT),
    );
    total += amount;
  });
  return [`${who.length} ATM withdrawals, ${formatTenge(total)} in cash`];
}

/** The tier limits hold: a lite wallet tries to pay above its daily limit and is refused, in words. */
async function limitsStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const lite = cast.citizens.find((c) => c.tier === Tier.ANONYMOUS_LITE);
  if (!lite) return ["No anonymous-lite wallet in this cast (fewer than ten citizens)"];
  const bank = cast.banks[lite.bank];
  const shop = cast.shops[0];
  const topUp = tenge(90_000) - (await suite.ledger.balanceOf(lite.address));
  if (topUp > 0n) await send(suite.ledger.connect(bank.signer).transfer(lite.address, topUp));
  const amount = tenge(60_000);
  try {
    await send(suite.ledger.connect(lite.signer).transfer(shop.address, amount));
  } catch (err) {
    const e = SuiteError.from(err);
    if (e.revert?.name !== "DailyLimitExceeded") throw err;
    return [
      `${bank.name} topped ${lite.name}'s anonymous-lite wallet up to 90 000.00 ₸; it tried to pay ${formatTenge(amount)} to ${shop.name}`,
      `The ledger refused: ${e.message}`,
    ];
  }
  throw new Error("a lite wallet paid above its daily limit: the tier limits do not hold");
}

const LUNCH_MEAL = tenge(800);

/** 08:00 Almaty time of the next school day after `time` (a Monday when `monday`), unix seconds. */
function nextSchoolMorning(time: bigint, monday: boolean): bigint {
  let day = (time + ALMATY) / 86_400n + 1n;
  // Day 0 of the unix epoch was a Thursday: (day + 3) % 7 is 0 on Mondays.
  const weekday = (d: bigint) => (d + 3n) % 7n;
  while (monday ? weekday(day) !== 0n : weekday(day) > 4n) day++;
  return day * 86_400n - ALMATY + 8n * 3600n;
}

/** Move the node's clock to `time` and mine a block there. */
async function warpTo(pilot: Pilot, time: bigint): Promise<void> {
  await pilot.hre.network.provider.send("evm_setNextBlockTimestamp", [Number(time)]);
  await pilot.hre.network.provider.send("evm_mine", []);
}
const pupilsOf = (pilot: Pilot): number => Math.max(10, Math.round((pilot.cast.citizens.length * 2) / 3));
const lunchBudget = (pilot: Pilot): bigint =>
  BigInt(pupilsOf(pilot) * pilot.options.schoolDays) * LUNCH_MEAL + tenge(50_000);

/** A week of school lunches: the akimat's program, pupils' Onay cards tapped at canteens, Kazpost's batches. */
async function lunchesStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite, hre } = pilot;
  const pp = suite.purposePrograms;
  const akimat = pp.connect(cast.akimat.signer);
  for (const canteen of cast.canteens)
    await send(
      suite.merchantCategories.connect(cast.banks[canteen.bank].signer).setCategory(canteen.address, MCC.CANTEEN),
    );
  const start = await now(pilot);
  const budget = lunchBudget(pilot);
  // The akimat funds the program through it: its own mandate to the programs contract.
  await send(suite.ledger.connect(cast.akimat.signer).setModuleMandate(await pp.getAddress(), true));
  await send(
    akimat.createProgram(
      { kbk: 464_003_011n, start, end: start + 30n * 86_400n, ref: ref("decree-2023-11") },
      { perDay: tenge(1_500), perProgram: tenge(200_000) },
      budget,
    ),
  );
  const programId = await pp.programCount();
  await send(akimat.setAgent(programId, cast.kazpost.address, true));
  await send(akimat.setRecipientCategory(programId, MCC.CANTEEN, true));
  const pupils = pupilsOf(pilot);
  const cards = Array.from({ length: pupils }, (_, i) => id(`${pilot.cast.citizens[0]?.ref ?? "pilot"}/pupil/${i}`));
  for (let i = 0; i < cards.length; i += 200)
    await send(akimat.registerBeneficiaries(programId, cards.slice(i, i + 200)));
  // School starts on a Monday: on a node whose clock can move, go to the next Monday, 08:00 in Almaty.
  if (pilot.canWarp) await warpTo(pilot, nextSchoolMorning(await now(pilot), true));
  const fromBlock = await hre.ethers.provider.getBlockNumber();
  const canteens = cast.canteens.map((c) => c.address);
  const kazpost = pp.connect(cast.kazpost.signer);
  const days = pilot.options.schoolDays;
  const bar = progress(pilot, "lunch batches", days * Math.ceil(pupils / 100));
  let sequence = 0;
  let absent = 0;
  for (let day = 0; day < days; day++) {
    const taps: Tap[] = [];
    for (let p = 0; p < pupils; p++) {
      // Attendance varies through the week (a cold on Thursday, an early Friday): 2 % to 11 % absent.
      if ((p * 7919 + day * 104_729) % 100 < [2, 4, 3, 7, 11][day % 5]) {
        absent++;
        continue;
      }
      const amount = p % 9 === 0 ? tenge(650) : LUNCH_MEAL;
      taps.push({ terminal: 100 + (p % 5), sequence: ++sequence, beneficiary: p + 1, amount, canteen: p % 5 });
    }
    // A terminal re-sends its first tap of the day (a flaky line): the contract pays it once.
    taps.push({ ...taps[0] });
    for (let i = 0; i < taps.length; i += 100) {
      await send(kazpost.submitTaps(programId, canteens, taps.slice(i, i + 100).map(encodeTap)));
      bar.tick();
    }
    if (day + 1 < days && pilot.canWarp) await warpTo(pilot, nextSchoolMorning(await now(pilot), false));
  }
  bar.stop();
  const report = await programReport(pp, programId, fromBlock);
  const dayKeys = [...new Set(report.lunches.map((l) => l.date))].sort();
  const meals = cast.canteens.map((c) =>
    dayKeys.map((d) =>
      Number(report.lunches.filter((l) => l.date === d && l.canteen === c.address).reduce((a, l) => a + l.meals, 0n)),
    ),
  );
  pilot.lunches = {
    schools: cast.canteens.map((c) => c.name.replace(/ canteen$/, "")),
    days: dayKeys,
    meals,
    paid: report.spent,
    taps: Number(report.tapsPaid),
    rejected: Object.fromEntries(Object.entries(report.tapsRejected).map(([k, v]) => [k, Number(v)])),
    pupils,
    budget,
    remaining: report.remaining,
  };
  return [
    `Program ${programId}: ${formatTenge(budget)} from the akimat (KBK 464003011), ${pupils} pupils' Onay cards enrolled`,
    `${days} school days, ${report.tapsPaid} lunches paid to ${cast.canteens.length} canteens (${formatTenge(report.spent)}), ${absent} absences`,
    `Rejected taps: ${
      Object.entries(report.tapsRejected)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }`,
    pilot.canWarp ? "" : "(this network's clock cannot be moved: the school days fall on one ledger day)",
  ].filter((l) => l);
}

const STEP_ATTESTATION_TYPES = {
  StepAttestation: [
    { name: "account", type: "address" },
    { name: "day", type: "uint32" },
    { name: "steps", type: "uint32" },
    { name: "claimId", type: "bytes32" },
    { name: "deadline", type: "uint64" },
  ],
};

/** Move-to-earn: the sponsor funds the pool; walkers claim with the step oracle's signed attestations. */
async function moveToEarnStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const m2e = suite.moveToEarn.connect(cast.m2eSponsor.signer);
  await send(m2e.addOracle(cast.m2eOracle.address));
  await send(m2e.setSchedule([5_000, 10_000, 15_000], [tenge(50), tenge(120), tenge(200)]));
  await send(m2e.setDailyCap(tenge(150)));
  await send(suite.ledger.connect(cast.m2eSponsor.signer).setModuleMandate(await suite.moveToEarn.getAddress(), true));
  await send(m2e.fund(tenge(200_000)));
  const d = await suite.moveToEarn.eip712Domain();
  const domain = { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
  const day = await suite.ledger.today();
  const walkers = citizensOf(pilot, 3);
  let paid = 0n;
  await each(pilot, "move-to-earn claims", walkers, async (c) => {
    const a = {
      account: c.address,
      day,
      steps: BigInt(5_000 + ((c.index * 3_779) % 14_000)),
      claimId: id(`m2e/${c.address}/${day}`),
      deadline: (await now(pilot)) + 3_600n,
    };
    const signature = await cast.m2eOracle.signer.signTypedData(domain, STEP_ATTESTATION_TYPES, a);
    const before = await suite.ledger.balanceOf(c.address);
    await send(suite.moveToEarn.connect(c.signer).claim(a, 1, signature, HOT));
    paid += (await suite.ledger.balanceOf(c.address)) - before;
  });
  pilot.moveToEarn = { claims: walkers.length, paid, pool: await suite.moveToEarn.pool() };
  return [
    `${walkers.length} walkers claimed ${formatTenge(paid)} for their steps (cap 150 ₸ a day); pool left ${formatTenge(pilot.moveToEarn.pool)}`,
  ];
}

/** The exchange issues the DKZT-backed stablecoin; holders redeem part of it. */
async function stablecoinStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const issuer = suite.stablecoin.connect(cast.stableIssuer.signer);
  // The exchange's DKZT backs what it mints: its own mandate lets the stablecoin take the deposit.
  await send(
    suite.ledger.connect(cast.stableIssuer.signer).setModuleMandate(await suite.stablecoin.getAddress(), true),
  );
  await send(issuer.mint(cast.stableIssuer.address, tenge(2_000_000)));
  const holders = citizensOf(pilot, 10, 1);
  for (const c of holders) await send(issuer.mint(c.address, tenge(20_000)));
  let redeemed = 0n;
  for (const c of holders.slice(0, Math.ceil(holders.length / 2))) {
    await send(suite.stablecoin.connect(c.signer).redeem(tenge(5_000), c.address));
    redeemed += tenge(5_000);
  }
  await send(suite.stablecoin.connect(cast.stableIssuer.signer).redeem(tenge(500_000), cast.stableIssuer.address));
  redeemed += tenge(500_000);
  const symbol = await suite.stablecoin.symbol();
  return [
    `${cast.stableIssuer.name} minted ${formatTenge(tenge(2_000_000) + tenge(20_000) * BigInt(holders.length), false)} ${symbol} against DKZT in the reserve (${holders.length} citizen holders)`,
    `${formatTenge(redeemed, false)} ${symbol} redeemed back to DKZT accounts`,
  ];
}

/** The custodian attests bars and mints gold tokens to the desk; citizens buy gold at the published price. */
async function goldStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const custodian = suite.gold.connect(cast.goldCustodian.signer);
  const refiner = ref("TAU-KEN SAMRUK");
  const desk = await suite.goldDesk.getAddress();
  for (const serial of ["KB-2023-0001", "KB-2023-0002"]) {
    await send(custodian.addBar(ref(serial), refiner, ref("NBK-ALMATY-1"), 1_000_000n, 9_999n, 999_900n));
    await send(custodian.mintAgainstBar(await suite.gold.barIdOf(refiner, ref(serial)), desk));
  }
  const mid = 3_012_055n; // 30 120.55 ₸ a gram (November 2023)
  await send(suite.goldDesk.connect(cast.goldPriceFeed.signer).publishPrice(mid, await now(pilot)));
  await send(suite.ledger.connect(cast.treasury.signer).approve(desk, tenge(10_000_000)));
  const buyers = citizensOf(pilot, 20, 2);
  let units = 0n;
  let cost = 0n;
  for (const c of buyers) {
    const grams = 1_000_000n + BigInt(c.index % 3) * 250_000n;
    const quote = await suite.goldDesk.quoteBuy(grams);
    await send(suite.ledger.connect(c.signer).setModuleMandate(desk, true));
    await send(suite.goldDesk.connect(c.signer).buy(grams, quote));
    units += grams;
    cost += quote;
  }
  pilot.reserves = { goldMidPerGram: mid, goldBought: units, goldBuyers: buyers.length };
  return [
    "Two 1 kg bars (999.9) attested in the NBK Almaty vault; 1 999.8 g of gold tokens minted to the desk",
    `Price published: ${formatTenge(mid)} a gram; ${buyers.length} citizens bought ${Number(units) / 1e6} g for ${formatTenge(cost)}`,
  ];
}

const GATEWAY_SALT = id("pilot-gateway-salt");

function pacs(overrides: Partial<Pacs008>): Pacs008 {
  return {
    messageId: "EURIKZKA-20231120-0001",
    creationDateTime: "2023-11-20T10:30:00+05:00",
    settlementMethod: "INDA",
    endToEndId: "INV-2023-0042",
    uetr: "1b4f3a9e-7c2d-4e8f-9a01-000000000001",
    amount: tenge(25_000),
    currency: "KZT",
    settlementDate: "2023-11-20",
    chargeBearer: "SHAR",
    debtorName: "Pilot citizen",
    debtorAgent: "EURIKZKA",
    creditorAgent: "CITIUS33XXX",
    creditorName: "Example Supplier Inc.",
    creditorAccount: "US64SVBKUS6S3300958879",
    purposeKnp: "710",
    ...overrides,
  };
}

const SWIFT_STATUS = ["None", "Pending", "Settled", "Rejected", "Refunded", "Credited"];

/** SWIFT: a citizen's payment out (settled) and one refused abroad (refunded); a payment in to a citizen. */
async function swiftStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const op = cast.operator.signer;
  const eurasian = cast.banks[0];
  // Admitting the gateway bank (governance's grant) and pointing the escrow at its nostro (the operator's
  // GATEWAY_ADMIN) are delayed powers.
  await perform(pilot.hre, [
    { by: cast.governance, target: suite.manager, fn: "grantRole", args: [Role.GATEWAY_BANK, eurasian.address, 0] },
    { by: cast.operator, target: suite.gateway, fn: "setNostroAccount", args: [eurasian.address] },
  ]);
  for (const bank of cast.banks) await send(suite.gateway.connect(op).setBankBic(bank.address, bicToBytes11(bank.bic)));
  const [sender, refused, receiver] = citizensOf(pilot, 5).filter((c) => c.tier !== Tier.ANONYMOUS_LITE);
  // Module mandates: the gateway bank pays inbound credits through the gateway; the senders' banks let the gateway
  // take their customers' outbound escrow.
  const gateway = await suite.gateway.getAddress();
  await send(suite.ledger.connect(eurasian.signer).setModuleMandate(gateway, true));
  for (const c of new Set([sender, refused ?? sender])) {
    await send(suite.ledger.connect(cast.banks[c.bank].signer).setCustomerMandate(c.address, gateway, true));
  }
  const deadline = (await now(pilot)) + 86_400n;
  const out = toOnChainPayment(pacs({}), GATEWAY_SALT);
  await send(suite.gateway.connect(sender.signer).initiateOutbound(out, deadline));
  await send(suite.gateway.connect(eurasian.signer).settleOutbound(out.uetr, ref("MT199-ACK-0001")));
  const bad = toOnChainPayment(
    pacs({ messageId: "EURIKZKA-20231120-0002", uetr: "1b4f3a9e-7c2d-4e8f-9a01-000000000002", amount: tenge(12_000) }),
    GATEWAY_SALT,
  );
  await send(suite.gateway.connect((refused ?? sender).signer).initiateOutbound(bad, deadline));
  await send(suite.gateway.connect(eurasian.signer).rejectOutbound(bad.uetr, "0x41433031")); // AC01
  const inbound = toOnChainPayment(
    pacs({
      messageId: "CITIUS33-20231120-7781",
      uetr: "1b4f3a9e-7c2d-4e8f-9a01-000000001001",
      amount: tenge(40_000),
      debtorAgent: "CITIUS33XXX",
      creditorAgent: "EURIKZKA",
      debtorName: "Example Payer LLC",
      creditorName: "Pilot citizen",
      creditorAccount: "KZ86125KZT5004100100",
      purposeKnp: "119",
    }),
    GATEWAY_SALT,
  );
  const creditor = receiver ?? sender;
  await send(suite.gateway.connect(eurasian.signer).creditInbound(inbound, creditor.address));
  const line = async (uetr: string, direction: "outbound" | "inbound", who: Citizen, amount: bigint) => ({
    uetr,
    direction,
    account: who.name,
    amount,
    status: SWIFT_STATUS[Number(await suite.gateway.statusOf(uetr))] ?? "?",
  });
  pilot.crossBorder.swift = [
    await line(out.uetr, "outbound", sender, out.amount),
    await line(bad.uetr, "outbound", refused ?? sender, bad.amount),
    await line(inbound.uetr, "inbound", creditor, inbound.amount),
  ];
  return pilot.crossBorder.swift.map(
    (s) => `${s.direction} ${formatTenge(s.amount)} (${s.account}) UETR ${s.uetr}: ${s.status}`,
  );
}

/** PvP: Halyk Bank sells DKZT to Bank of China for e-CNY, both legs in one transaction. */
async function pvpStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const fop = cast.foreignOperator.signer;
  const fcb = cast.foreignCentralBank.signer;
  const op = cast.operator.signer;
  const halyk = cast.banks[1];
  const cn = cast.cnBank;
  await send(suite.foreignManager.connect(fop).grantRole(Role.BANK, cn.address, 0));
  await send(suite.foreignLedger.connect(fop).onboardBank(cn.address, Tier.UNLIMITED, ref("BKCHCNBJ")));
  await perform(pilot.hre, [
    {
      by: pilot.foreignCentralBank,
      target: suite.foreignLedger,
      fn: "setIssuanceCeiling",
      args: [cn.address, 100_000_000n * 100n],
    },
  ]);
  await send(suite.foreignLedger.connect(fcb).issue(cn.address, 10_000_000n * 100n, ref("PBOC-RSV-1")));
  await send(
    suite.foreignLedger
      .connect(fop)
      .onboardParticipant(halyk.address, AccountKind.PaymentAgent, FOREIGN_BANK_TIER, cn.address, ref("FOREIGN-BANK")),
  );
  await send(
    suite.ledger
      .connect(op)
      .onboardParticipant(
        cn.address,
        AccountKind.PaymentAgent,
        Tier.BUSINESS,
        cast.banks[0].address,
        ref("FOREIGN-BANK"),
      ),
  );
  for (const dealer of [halyk, cn]) await send(suite.manager.connect(op).grantRole(Role.PVP_DEALER, dealer.address, 0));
  const rate = rateFromDecimal("0.015184000"); // about 65.86 ₸ to the yuan
  const amountA = tenge(1_000_000);
  const amountB = convertDown(amountA, rate);
  await send(
    suite.pvp.connect(halyk.signer).proposeDeal({
      partyA: halyk.address,
      ledgerA: await suite.ledger.getAddress(),
      amountA,
      partyB: cn.address,
      ledgerB: await suite.foreignLedger.getAddress(),
      amountB,
      rate,
      quoteId: ref("FXQ-2023-11-0001"),
      expiry: (await now(pilot)) + 7_200n,
    }),
  );
  const dealId = await suite.pvp.dealCount();
  // Each party mandates PvP on the ledger it pays on.
  const pvp = await suite.pvp.getAddress();
  await send(suite.ledger.connect(halyk.signer).setModuleMandate(pvp, true));
  await send(suite.foreignLedger.connect(cn.signer).setModuleMandate(pvp, true));
  await send(suite.pvp.connect(halyk.signer).fundLeg(dealId));
  await send(suite.pvp.connect(cn.signer).fundLeg(dealId));
  await send(suite.pvp.connect(halyk.signer).settle(dealId));
  const deal = await suite.pvp.dealOf(dealId);
  const status = ["None", "Open", "Settled", "Expired"][Number(deal.status)] ?? "?";
  pilot.crossBorder.pvp = {
    dealId,
    sold: amountA,
    bought: amountB,
    rate: "0.015184 CNY/KZT",
    status,
    seller: halyk.name,
    buyer: cn.name,
  };
  pilot.touched.add(cn.address);
  return [
    `Deal ${dealId}: ${halyk.name} sold ${formatTenge(amountA)} to ${cn.name} for ${(Number(amountB) / 100).toFixed(2)} e-CNY at 0.015184: ${status}, both legs in one transaction`,
  ];
}

/** Offline: purses certified by the banks; cheques paid offline; settled later in batches; a clone caught. */
async function offlineStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const domain = await offlineDomain(suite.offline);
  const owners = citizensOf(pilot, 6, 4).filter((c) => c.tier !== Tier.ANONYMOUS_LITE);
  const expiry = (await now(pilot)) + 30n * 86_400n;
  const cheques: SignedCheque[] = [];
  const funding = tenge(20_000);
  await each(pilot, "certifying and funding purses", owners, async (c) => {
    const device = new Wallet(id(`pilot/device/${c.address}`));
    const bank = cast.banks[c.bank];
    const certificate = {
      purse: device.address,
      owner: c.address,
      bank: bank.address,
      capAmount: tenge(35_000),
      maxPayments: 10,
      expiry,
    };
    await registerCertificate(suite.offline, await signCertificateWith(domain, bank.signer, certificate));
    await send(suite.ledger.connect(c.signer).setModuleMandate(await suite.offline.getAddress(), true));
    await send(suite.offline.connect(c.signer).fund(device.address, funding, HOT));
    // Offline, at the bazaar and the shops: three cheques per purse, serials 0..2.
    for (let serial = 0; serial < 3; serial++) {
      const shop = cast.shops[(c.index + serial) % cast.shops.length];
      const amount = tenge(1_500 + ((c.index * 37 + serial * 211) % 2_500));
      cheques.push(signCheque(domain, device, { purse: device.address, payee: shop.address, amount, serial, expiry }));
    }
  });
  // A cloned device signs serial 0 of the first purse again, to another shop: a double spend.
  const first = cheques[0].cheque;
  const cloneKey = new Wallet(id(`pilot/device/${owners[0].address}`));
  const payee = cast.shops.find((s) => s.address !== first.payee) ?? cast.shops[0];
  cheques.push(signCheque(domain, cloneKey, { ...first, payee: payee.address, amount: tenge(4_999) }));

  const offlineAddress = await suite.offline.getAddress();
  const heldBefore = await suite.ledger.balanceOf(offlineAddress);
  const { outcomes, gasUsed } = await redeemCheques(suite.offline.connect(cast.kazpost.signer), cheques, 60);
  const settled = heldBefore - (await suite.ledger.balanceOf(offlineAddress));
  const accepted = outcomes.filter((o) => o.paid);
  const rejected = outcomes.filter((o) => !o.paid);
  let covered = 0n;
  const claims = await suite.offline.lossClaimCount();
  for (let claimId = 1n; claimId <= claims; claimId++) {
    const claim = await suite.offline.lossClaim(claimId);
    const bank = cast.banks.find((b) => b.address === claim.bank);
    if (!bank || claim.covered) continue;
    // The certifying bank covers the loss from its own account: its mandate to the offline module.
    await send(suite.ledger.connect(bank.signer).setModuleMandate(await suite.offline.getAddress(), true));
    await send(suite.offline.connect(bank.signer).coverLossClaim(claimId));
    covered += claim.amount;
  }
  const shopName = (a: string) => cast.shops.find((s) => s.address === a)?.name ?? a;
  pilot.offline = {
    purses: owners.length,
    funded: funding * BigInt(owners.length),
    presented: cheques.length,
    presentedAmount: cheques.reduce((a, s) => a + s.cheque.amount, 0n),
    accepted: accepted.length,
    acceptedAmount: accepted.reduce((a, o) => a + o.amount, 0n),
    rejected: rejected.map((o) => ({
      reason: o.reason?.name ?? "unknown",
      amount: o.amount,
      payee: shopName(o.payee),
    })),
    settled,
    lossClaimsCovered: covered,
    batches: gasUsed.length,
  };
  return [
    `${owners.length} purses certified by their banks and funded with ${formatTenge(funding)} each`,
    `${cheques.length} cheques accepted offline, settled in ${gasUsed.length} batches: ${accepted.length} paid (${formatTenge(pilot.offline.acceptedAmount)})`,
    ...rejected.map(
      (o) =>
        `Rejected: ${o.reason?.name ?? "unknown"} — serial ${o.serial} of purse ${o.purse.slice(0, 10)}… to ${shopName(o.payee)} (${formatTenge(o.amount)}); purse frozen`,
    ),
    covered > 0n
      ? `The certifying bank covered the payee's loss claim: ${formatTenge(covered)}`
      : "No loss claim to cover",
  ];
}

/** A bank returns undistributed DKZT to the National Bank. */
async function bankRedeemsStep(pilot: Pilot): Promise<string[]> {
  const { cast, suite } = pilot;
  const bank = cast.banks[3];
  const amount = tenge(1_000_000);
  await send(suite.ledger.connect(bank.signer).redeem(amount, ref("RSV-2023-12-R001")));
  return [`${bank.name} redeemed ${formatTenge(amount)} to the National Bank, freeing that much of its ceiling`];
}

export interface Step {
  title: string;
  run: (pilot: Pilot) => Promise<string[]>;
}

/** The steps of the pilot, in the seed story's order. */
export const STEPS: readonly Step[] = [
  { title: "Deploy the whole suite and wire roles", run: deployStep },
  { title: "Gas for the citizens' wallets", run: gasStep },
  { title: "Tiers, system accounts and the foreign CBDC", run: wireStep },
  { title: "Issuance to five intermediary banks", run: issueStep },
  { title: "Banks onboard citizens, merchants and agencies", run: onboardStep },
  { title: "Distribution to wallets", run: distributeStep },
  { title: "VAT rates, budget account and merchants", run: vatSetupStep },
  { title: "Onay, Visa and Mastercard cards", run: cardsStep },
  { title: "Card and QR purchases with VAT split", run: purchasesStep },
  { title: "B2B purchase: VAT marked", run: b2bStep },
  { title: "Conversion to non-cash tenge", run: nonCashStep },
  { title: "ATM cash-out", run: atmStep },
  { title: "Tier limits hold", run: limitsStep },
  { title: "A week of school lunches by card tap", run: lunchesStep },
  { title: "Move-to-earn claims", run: moveToEarnStep },
  { title: "Stablecoin issuance and redemption", run: stablecoinStep },
  { title: "Tokenized gold", run: goldStep },
  { title: "SWIFT payments out and in", run: swiftStep },
  { title: "PvP FX deal with the foreign CBDC", run: pvpStep },
  { title: "Offline cheques settled later", run: offlineStep },
  { title: "A bank redeems to the National Bank", run: bankRedeemsStep },
];

// ------------------------------------------------------------------------------------------- run

async function contractAddresses(suite: Suite): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [name, contract] of Object.entries(suite))
    out[name] = await (contract as { getAddress(): Promise<string> }).getAddress();
  return out;
}

function emptyFigures(): Pick<Pilot, "vat" | "lunches" | "moveToEarn" | "crossBorder" | "offline" | "reserves"> {
  const categories: VatCategoryName[] = ["STANDARD", "REDUCED_HIGH", "REDUCED_LOW", "EXEMPT"];
  return {
    vat: {
      byCategory: categories.map((c) => ({ category: c, rateBps: KZ_VAT_2026[c], payments: 0, gross: 0n, vat: 0n })),
      splits: 0n,
      reported: 0n,
      marked: 0n,
      markedPaid: 0n,
      collected: 0n,
      circuitBalance: 0n,
      totalMarked: 0n,
    },
    lunches: {
      schools: [],
      days: [],
      meals: [],
      paid: 0n,
      taps: 0,
      rejected: {},
      pupils: 0,
      budget: 0n,
      remaining: 0n,
    },
    moveToEarn: { claims: 0, paid: 0n, pool: 0n },
    crossBorder: {
      swift: [],
      pvp: { dealId: 0n, sold: 0n, bought: 0n, rate: "", status: "not run", seller: "", buyer: "" },
    },
    offline: {
      purses: 0,
      funded: 0n,
      presented: 0,
      presentedAmount: 0n,
      accepted: 0,
      acceptedAmount: 0n,
      rejected: [],
      settled: 0n,
      lossClaimsCovered: 0n,
      batches: 0,
    },
    reserves: { goldMidPerGram: 0n, goldBought: 0n, goldBuyers: 0 },
  };
}

/** Per bank: the supply report's row and what the bank and its customers in the cast hold. */
async function bankLines(pilot: Pilot, supply: SupplyReport): Promise<BankLine[]> {
  const { cast, suite } = pilot;
  const at = { blockTag: supply.blockNumber };
  const customersOf = (b: number): string[] => [
    ...cast.citizens.filter((c) => c.bank === b).map((c) => c.address),
    ...[...cast.shops, cast.supplier, ...cast.canteens].filter((m) => m.bank === b).map((m) => m.address),
    ...(b === 1 ? [cast.vatBudget.address, cast.akimat.address] : []),
    ...(b === 0 ? [cast.treasury.address, cast.stableIssuer.address, cast.m2eSponsor.address] : []),
  ];
  const lines: BankLine[] = [];
  for (const [b, bank] of cast.banks.entries()) {
    const row = supply.banks.find((r) => r.bank.toLowerCase() === bank.address.toLowerCase());
    if (!row) throw new Error(`${bank.name} is not in the supply report`);
    let customers = 0n;
    for (const a of customersOf(b)) customers += await suite.ledger.balanceOf(a, at);
    lines.push({
      name: bank.name,
      address: bank.address,
      ceiling: row.ceiling,
      issued: row.issued,
      redeemed: row.redeemed,
      outstanding: row.outstanding,
      held: row.held,
      customers,
    });
  }
  return lines;
}

/** The role holders' Safes at `blockTag`: their officers, transactions and scheduled operations since `fromBlock`. */
async function safeLines(pilot: Pilot, fromBlock: number, blockTag: number): Promise<SafeLine[]> {
  const { cast, suite } = pilot;
  const scheduled = await suite.manager.queryFilter(suite.manager.filters.OperationScheduled(), fromBlock, blockTag);
  return Promise.all(
    [cast.centralBank, cast.operator, cast.governance].map(async (h) => ({
      holder: h.name,
      safe: h.address,
      threshold: h.threshold,
      officers: h.officers.map((o) => o.name),
      signed: h.signing.map((o) => o.name),
      transactions: Number(await h.safe.nonce({ blockTag })),
      delayed: scheduled.filter((e) => e.args.caller.toLowerCase() === h.address.toLowerCase()).length,
    })),
  );
}

/** Who the deployment names for each party: the cast's institutions. */
function pilotHolders(cast: PilotCast): SuiteHolders {
  return {
    CENTRAL_BANK: cast.centralBank.address,
    OPERATOR: cast.operator.address,
    COMPLIANCE: cast.compliance.address,
    GOVERNANCE: cast.governance.address,
    GUARDIAN: cast.guardian.address,
    ISSUANCE_DESK: cast.deskKey.address,
    TAX_AUTHORITY: cast.taxAuthority.address,
    STABLE_ISSUER: cast.stableIssuer.address,
    STABLE_COMPLIANCE: cast.stableCompliance.address,
    STABLE_RESCUER: cast.stableRescuer.address,
    BRIDGE_ADMIN: cast.bridgeAdmin.address,
    GOLD_CUSTODIAN: cast.goldCustodian.address,
    GOLD_PRICE_FEED: cast.goldPriceFeed.address,
    TREASURY: cast.treasury.address,
    M2E_SPONSOR: cast.m2eSponsor.address,
    foreign: {
      CENTRAL_BANK: cast.foreignCentralBank.address,
      OPERATOR: cast.foreignOperator.address,
      COMPLIANCE: cast.foreignCompliance.address,
      GOVERNANCE: cast.foreignGovernance.address,
    },
  };
}

/** Run the pilot on `hre`'s network and return its report (the caller prints and writes it). */
export async function runPilot(hre: HardhatRuntimeEnvironment, options: PilotOptions = {}): Promise<PilotReport> {
  const started = Date.now();
  const opts = {
    citizens: options.citizens ?? 300,
    schoolDays: options.schoolDays ?? 5,
    verbose: options.verbose ?? true,
    log: options.log ?? ((line: string) => console.log(line)),
  };
  if (!Number.isInteger(opts.citizens) || opts.citizens < 5) {
    throw new Error(`the pilot needs a whole number of citizens, at least 5 (got ${options.citizens})`);
  }
  if (!Number.isInteger(opts.schoolDays) || opts.schoolDays < 1) {
    throw new Error(`the pilot needs at least one school day (got ${options.schoolDays})`);
  }
  const log = (line: string) => {
    if (opts.verbose) opts.log(line);
  };
  const cast = await castPilot(hre, { citizens: opts.citizens, seed: options.seed });
  log(`Digital tenge pilot on ${hre.network.name}: ${cast.citizens.length} citizens\n`);
  const t0 = Date.now();
  const fromBlock = await hre.ethers.provider.getBlockNumber();
  const canWarp = hre.network.name === "hardhat" || hre.network.name === "localhost";
  const executionDelay = canWarp ? DEFAULT_EXECUTION_DELAY : 0;
  const { suite } = await deployPilotSuite(hre, pilotHolders(cast), executionDelay);
  const deployMs = Date.now() - t0;
  const pilot: Pilot = {
    hre,
    options: opts,
    cast,
    suite,
    canWarp,
    executionDelay,
    taxAuthority: keyHolder(cast.taxAuthority, suite.manager),
    foreignCentralBank: keyHolder(cast.foreignCentralBank, suite.foreignManager),
    touched: new Set(),
    nonces: new Map(),
    ...emptyFigures(),
  };
  for (const a of [...institutions(cast), ...cast.citizens]) pilot.touched.add(a.address);
  const contracts = await contractAddresses(suite);
  for (const [name, address] of Object.entries(contracts)) if (!name.startsWith("foreign")) pilot.touched.add(address);

  const steps: StepRecord[] = [];
  for (const [i, step] of STEPS.entries()) {
    const s0 = Date.now();
    const lines = await step.run(pilot);
    const ms = i === 0 ? deployMs : Date.now() - s0;
    steps.push({ step: i + 1, title: step.title, lines, ms });
    log(`${i + 1}. ${step.title} (${(ms / 1000).toFixed(1)} s)`);
    for (const line of lines) log(`   ${line}`);
  }

  // Closing figures, read at one block.
  const labels = new Map(cast.banks.map((b) => [b.address, b.name]));
  const supply = await supplyReport(suite.ledger, { labels });
  const at = { blockTag: supply.blockNumber };
  const report = await vatReport(suite.payments, { period: "month" });
  pilot.vat.reported = report.rows.reduce((a, r) => a + r.vatToBudget, 0n);
  pilot.vat.collected += await suite.ledger.balanceOf(cast.vatBudget.address, at);
  pilot.vat.circuitBalance = await suite.ledger.balanceOf(await suite.payments.getAddress(), at);
  pilot.vat.totalMarked = await suite.payments.totalMarkedVat(at);
  const reserves: ReserveFigures = {
    ...pilot.reserves,
    stable: await readProof(suite.stablecoin),
    stableSymbol: await suite.stablecoin.symbol(),
    gold: await readGoldReserve(suite.gold),
  };
  const result: PilotReport = {
    network: hre.network.name,
    chainId: supply.chainId,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    citizens: cast.citizens.length,
    contracts,
    steps,
    supply,
    banks: await bankLines(pilot, supply),
    vat: pilot.vat,
    lunches: pilot.lunches,
    moveToEarn: pilot.moveToEarn,
    reserves,
    crossBorder: pilot.crossBorder,
    offline: pilot.offline,
    safes: await safeLines(pilot, fromBlock, supply.blockNumber),
    invariants: [],
  };
  result.invariants = await checkInvariants(pilot, result);
  result.durationMs = Date.now() - started;
  return result;
}
