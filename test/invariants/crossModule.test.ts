import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { signInvoice, type Invoice } from "../../src/payments/invoice";
import { VatCategory, KZ_VAT_2026, almatyDay, splitVat } from "../../src/payments/vat";
import { encodeTap } from "../../src/programs/taps";
import { hashlockOf, toPaymentLink } from "../../src/crossborder/htlc";
import { signCheque } from "../../src/offline";
import { BIC } from "../crossborder/fixtures";
import { onChain, outboundMessage, inboundMessage, uetrNo } from "../crossborder/helpers";
import { ref } from "../helpers/fixtures";
import { GOLD_MID, invariantSuite, type InvariantSuite } from "./fixtures";
import { LedgerSim, type AccountRead, type LedgerReads, type Rejection } from "./ledger-sim";
import { accountOf, remainingDailyOutflow } from "../../src/accounts";

/*
 * Cross-module invariants: fast-check drives random sequences of operations across the ledger, payments,
 * programs, reserves, cross-border and offline modules on one deployed suite, and after every step checks
 *   1. DKZT totalSupply == Σ balances of every account that may hold DKZT (people, banks, budget, modules);
 *   2. per bank, issued - redeemed == outstanding, issued is what the central bank issued, and Σ outstanding ==
 *      totalSupply (IDigitalTenge.BankView);
 *   3. no account above its tier's holding limit (no tier is lowered and no account uses waterfall here, so the
 *      ledger's documented exceptions do not arise);
 *   4. the stablecoin's available reserve >= its obligations; the gold token's supply <= the attested gold;
 *   5. nothing frozen moved: a fully frozen account's balance changes only through a seizure, by the amount
 *      seized; a receive-only account's balance never goes down except by seizure;
 *   6. no tiyn created or lost by a split: an invoice's VAT + net == gross, each to its account.
 * Each command predicts its outcome from the chain state (LedgerSim replays the ledger's checks) and asserts
 * either its success effect or its exact rejection with nothing changed.
 * Reproduce a failure with the seed and path fast-check prints: INVARIANT_SEED=<seed> INVARIANT_PATH=<path>.
 */

const NUM_RUNS = Number(process.env.INVARIANT_RUNS ?? 20);
const MAX_COMMANDS = 30;
const SEED = Number(process.env.INVARIANT_SEED ?? 20_261_125);
const SECRET = "0x5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";
const DAY = 86_400n;

/** What the model tracks beside the chain: what it cannot read back, or reads to predict. */
interface Model {
  /** DKZT issued to each bank by the runs' Issue commands, on top of the fixture's. */
  issued: Map<string, bigint>;
  /** KZTE the runs minted to alice (she only receives KZTE from the runs). */
  aliceKzte: bigint;
  /** Alice's offline purse. */
  purse: { balance: bigint; nextSerial: number; frozen: boolean; lastPaid: { serial: number; amount: bigint } | null };
  /** Per lunch-program pupil (index 1..8): meals paid today (day index) and in all. */
  lunch: Map<number, { day: number; today: bigint; total: bigint }>;
  programClosed: boolean;
  /** UETR counter for cross-border messages. */
  uetrs: number;
  /** HTLC payment references used. */
  locks: number;
}

type Real = InvariantSuite;

/** Balances of every holder, and the supply: what a rejected command must leave as it was. */
interface Snapshot {
  supply: bigint;
  balances: Record<string, bigint>;
  /** Each holder's freeze state and tier (not compared: a rejection changes no status either, see LedgerSim). */
  status: Record<string, { freeze: number; tier: number }>;
}

/** Everything read of the suite at one block: the holders' accounts, and what the invariants read beside them. */
interface ChainState {
  snapshot: Snapshot;
  /** Each holder's account view (src/accounts.ts), for LedgerSim. */
  views: Map<string, AccountRead>;
  /** bankOf(bank A), bankOf(bank B). */
  banks: Awaited<ReturnType<Real["ledger"]["bankOf"]>>[];
  proof: Awaited<ReturnType<Real["stablecoin"]["proofOfReserves"]>>;
  gold: Awaited<ReturnType<Real["gold"]["goldReserve"]>>;
  goldSupply: bigint;
}

/**
 * The states read so far, by block hash. On the automining chain every state change mines a block, and a block hash
 * names one state (a run's evm_revert returns to the fixture's block and its state), so a state read at a hash
 * is the state whenever that block is again the latest: after a rejected command (nothing mined), at the start of
 * every run (the fixture's block), and in the invariant check that follows a command's own read of the same block.
 */
const states = new Map<string, ChainState>();

async function latestBlockHash(): Promise<string> {
  return ((await ethers.provider.send("eth_getBlockByNumber", ["latest", false])) as { hash: string }).hash;
}

/** The state at the latest block: read in one batch of concurrent calls, or known from an earlier read. */
async function chainState(f: Real): Promise<ChainState> {
  const hash = await latestBlockHash();
  const known = states.get(hash);
  if (known) return known;
  const [supply, banks, proof, gold, goldSupply, views] = await Promise.all([
    f.ledger.totalSupply(),
    Promise.all([f.bankA, f.bankB].map((bank) => f.ledger.bankOf(bank.address))),
    f.stablecoin.proofOfReserves(),
    f.gold.goldReserve(),
    f.gold.totalSupply(),
    Promise.all(f.holders.map((holder) => accountOf(f.ledger, holder))),
  ]);
  const balances: Record<string, bigint> = {};
  const status: Record<string, { freeze: number; tier: number }> = {};
  f.holders.forEach((holder, i) => {
    balances[holder] = views[i].balance;
    status[holder] = { freeze: Number(views[i].freeze), tier: Number(views[i].tier) };
  });
  const state: ChainState = {
    snapshot: { supply, balances, status },
    views: new Map(f.holders.map((holder, i) => [holder, views[i]])),
    banks,
    proof,
    gold,
    goldSupply,
  };
  states.set(hash, state);
  return state;
}

async function snapshot(f: Real): Promise<Snapshot> {
  return (await chainState(f)).snapshot;
}

/** Balances and supply only: what must be unchanged after a rejection. */
const money = (s: Snapshot) => ({ supply: s.supply, balances: s.balances });

/** Tier limits [holding, daily] (no command changes the tier table). */
const tierLimits = new Map<bigint, [bigint, bigint]>();
async function limitsOf(f: Real, tier: bigint): Promise<[bigint, bigint]> {
  if (!tierLimits.has(tier)) {
    const [holding, daily] = await f.ledger.tierLimits(tier);
    tierLimits.set(tier, [holding, daily]);
  }
  return tierLimits.get(tier)!;
}
async function holdingLimit(f: Real, tier: number): Promise<bigint> {
  return (await limitsOf(f, BigInt(tier)))[0];
}

/**
 * What LedgerSim reads: an account's view from the state read at the latest block when there is one (else from
 * the ledger), the tier table once, the remaining daily outflow always from the ledger (it depends on the time).
 */
function ledgerReads(f: Real): LedgerReads {
  return {
    accountOf: async (account) => {
      const known = states.get(await latestBlockHash())?.views.get(account);
      return known ?? accountOf(f.ledger, account);
    },
    tierLimits: (tier) => limitsOf(f, tier),
    remainingDailyOutflow: (account) => remainingDailyOutflow(f.ledger, account),
  };
}
const simulate = (f: Real) => new LedgerSim(ledgerReads(f));

/** How often each command succeeded or was rejected, over all runs: printed at the end. */
const outcomes = new Map<string, number>();
function count(command: string, outcome: string): void {
  const key = `${command.replace(/\(.*$/, "")} ${outcome}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

/** The state after the previous step (each run starts from the fixture's). */
let last: Snapshot | null = null;

/** Every invariant, after a step that started from `before` and seized `seized` (account -> tiyn). */
async function checkInvariants(m: Model, f: Real, before: Snapshot, seized: Map<string, bigint>): Promise<void> {
  const state = await chainState(f);
  const after = state.snapshot;
  last = after;
  // 1. Supply == Σ balances.
  const sum = Object.values(after.balances).reduce((a, b) => a + b, 0n);
  expect(sum).to.equal(after.supply, "totalSupply != Σ balances of all holders");
  // 2. Banks' positions.
  let outstanding = 0n;
  [f.bankA, f.bankB].forEach((bank, i) => {
    const view = state.banks[i];
    expect(view.outstanding).to.equal(BigInt(view.issued) - BigInt(view.redeemed), "outstanding != issued - redeemed");
    expect(view.issued).to.equal(m.issued.get(bank.address), "issued != what the central bank issued");
    outstanding += view.outstanding;
  });
  expect(outstanding).to.equal(after.supply, "Σ outstanding != totalSupply");
  for (const holder of f.holders) {
    // 3. Holding limits.
    const { freeze, tier } = after.status[holder];
    const limit = await holdingLimit(f, tier);
    const balance = after.balances[holder];
    expect(balance <= limit, `${holder} holds ${balance}, above its limit ${limit}`).to.equal(true);
    // 5. Nothing frozen moved (the freeze state now is the one the step ran under: a freeze is a step of its own).
    const moved = balance - before.balances[holder];
    const taken = seized.get(holder) ?? 0n;
    if (freeze === FreezeState.Full) {
      expect(moved).to.equal(-taken, `frozen ${holder} moved ${moved}`);
    } else if (freeze === FreezeState.OutboundOnly) {
      expect(moved + taken >= 0n, `receive-only ${holder} sent ${-moved}`).to.equal(true);
    }
  }
  // 4. Reserves.
  const { proof, gold } = state;
  expect(proof.available >= proof.obligations, "stablecoin reserve below its obligations").to.equal(true);
  expect(after.balances[await f.stablecoin.getAddress()]).to.equal(proof.reserve);
  expect(gold.supplyUnits <= gold.attestedUnits, "gold tokens above the attested gold").to.equal(true);
  expect(state.goldSupply).to.equal(gold.supplyUnits);
}

/** Issuance and redemption references are used once: each run's operations number theirs. */
let referenceCount = 0;

/** The outcome of the running command, for the statistics: "ok", or the error it was rejected with. */
let outcome = "ok";

/** Assert that balances and supply are as they were before a rejected command, and record the rejection. */
async function unchanged(f: Real, before: Snapshot, error: string): Promise<void> {
  outcome = error;
  expect(money(await snapshot(f))).to.deep.equal(money(before), `rejected with ${error}, yet balances changed`);
}

/** Assert the exact ledger rejection of `attempt`, and that no balance or the supply changed. */
async function expectLedgerRejection(f: Real, attempt: Promise<unknown>, rejection: Rejection, before: Snapshot) {
  await expect(attempt)
    .to.be.revertedWithCustomError(f.ledger, rejection.error)
    .withArgs(...rejection.args);
  await unchanged(f, before, rejection.error);
}

/** A command: `act` does the operation and its assertions, and returns what it seized; invariants follow. */
abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_m: Readonly<Model>): boolean {
    return true;
  }
  async run(m: Model, f: Real): Promise<void> {
    const before = last ?? (await snapshot(f));
    outcome = "ok";
    const seized = (await this.act(m, f, before)) ?? new Map<string, bigint>();
    count(this.toString(), outcome);
    await checkInvariants(m, f, before, seized);
  }
  abstract act(m: Model, f: Real, before: Snapshot): Promise<Map<string, bigint> | void>;
  abstract toString(): string;
}

/** The people in the runs, by name: `who` picks one. */
type Who = "alice" | "bob" | "carol" | "dave" | "merchant" | "court" | "exchange" | "bankA" | "bankB" | "cnBank";
const PEOPLE: readonly Who[] = [
  "alice",
  "bob",
  "carol",
  "dave",
  "merchant",
  "court",
  "exchange",
  "bankA",
  "bankB",
  "cnBank",
];
const CUSTOMERS: readonly Who[] = ["alice", "bob", "carol", "dave", "merchant"];
const signer = (f: Real, who: Who): HardhatEthersSigner => f[who];
/** The bank of record's BIC of a customer (alice, bob, merchant at bank A; carol, dave at bank B). */
const bicOf = (who: Who): string => (who === "carol" || who === "dave" ? BIC.bankB : BIC.bankA);

const amountArb = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt(1n, tenge(60_000)) },
  { weight: 3, arbitrary: fc.bigInt(tenge(60_000), tenge(700_000)) },
  { weight: 1, arbitrary: fc.bigInt(tenge(700_000), tenge(3_000_000)) },
  { weight: 1, arbitrary: fc.constantFrom(1n, tenge(100_000), tenge(500_000) + 1n) },
);

// ---------------------------------------------------------------- ledger

class Issue extends Step {
  constructor(
    readonly bank: "bankA" | "bankB",
    readonly amount: bigint,
  ) {
    super();
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const bank = f[this.bank].address;
    const view = await f.ledger.bankOf(bank);
    const attempted = view.outstanding + this.amount;
    const tx = f.ledger.connect(f.centralBank).issue(bank, this.amount, ref(`RSV-RUN-${++referenceCount}`));
    if (attempted > view.ceiling) {
      await expect(tx)
        .to.be.revertedWithCustomError(f.ledger, "IssuanceCeilingExceeded")
        .withArgs(bank, view.ceiling, attempted);
      await unchanged(f, before, "IssuanceCeilingExceeded");
      return;
    }
    await expect(tx).to.changeTokenBalance(f.ledger, bank, this.amount);
    m.issued.set(bank, m.issued.get(bank)! + this.amount);
  }
  toString() {
    return `Issue(${this.bank}, ${this.amount})`;
  }
}

class Transfer extends Step {
  constructor(
    readonly from: Who,
    readonly to: Who,
    readonly amount: bigint,
  ) {
    super();
  }
  override check() {
    return this.from !== this.to;
  }
  async act(_m: Model, f: Real, before: Snapshot) {
    const [from, to] = [signer(f, this.from), signer(f, this.to)];
    const rejection = await simulate(f).move(from.address, to.address, this.amount, "payment");
    const tx = f.ledger.connect(from).transfer(to.address, this.amount);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [from, to], [-this.amount, this.amount]);
  }
  toString() {
    return `Transfer(${this.from} -> ${this.to}, ${this.amount})`;
  }
}

class RedeemToNonCash extends Step {
  constructor(
    readonly who: Who,
    readonly amount: bigint,
  ) {
    super();
  }
  async act(_m: Model, f: Real, before: Snapshot) {
    const holder = signer(f, this.who);
    const isBank = this.who === "bankA" || this.who === "bankB";
    const rejection = await simulate(f).move(holder.address, null, this.amount, "redeem");
    const tx = isBank
      ? f.ledger.connect(holder).redeem(this.amount, ref(`RSV-BACK-${++referenceCount}`))
      : f.ledger.connect(holder).redeemToNonCash(this.amount);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalance(f.ledger, holder, -this.amount);
    expect(await f.ledger.totalSupply()).to.equal(before.supply - this.amount);
  }
  toString() {
    return `Redeem(${this.who}, ${this.amount})`;
  }
}

class SetFreeze extends Step {
  constructor(
    readonly who: Who,
    readonly state: number,
  ) {
    super();
  }
  async act(_m: Model, f: Real, before: Snapshot) {
    const account = signer(f, this.who).address;
    const current = Number((await accountOf(f.ledger, account)).freeze);
    const tx = f.ledger.connect(f.compliance).setFreezeState(account, this.state, ref("AML-ORDER"));
    if (current === this.state) {
      await expect(tx).to.be.revertedWithCustomError(f.ledger, "FreezeUnchanged").withArgs(account, this.state);
      await unchanged(f, before, "FreezeUnchanged");
      return;
    }
    await expect(tx).to.emit(f.ledger, "FreezeStateChanged").withArgs(account, current, this.state, ref("AML-ORDER"));
  }
  toString() {
    return `SetFreeze(${this.who}, ${["None", "Full", "OutboundOnly"][this.state]})`;
  }
}

/** Compliance attaches part of an account's balance and seizes it to the court's deposit account. */
class AttachAndSeize extends Step {
  constructor(
    readonly who: Who,
    readonly amount: bigint,
  ) {
    super();
  }
  async act(_m: Model, f: Real, before: Snapshot) {
    const account = signer(f, this.who).address;
    const balance = before.balances[account];
    const amount = this.amount < balance ? this.amount : balance;
    const byCompliance = f.ledger.connect(f.compliance);
    if (amount === 0n) {
      await expect(byCompliance.attachFunds(account, 0n, ref("COURT"))).to.be.revertedWithCustomError(
        f.ledger,
        "ZeroAmount",
      );
      await unchanged(f, before, "ZeroAmount");
      return;
    }
    const attachedBefore = await f.ledger.attachedOf(account);
    await byCompliance.attachFunds(account, amount, ref("COURT"));
    const rejection = await simulate(f).move(account, f.court.address, amount, "seizure");
    expect(rejection).to.equal(null, "the court's deposit account takes any seizure");
    await expect(byCompliance.seize(account, f.court.address, amount, ref("COURT"))).to.changeTokenBalances(
      f.ledger,
      [account, f.court.address],
      [-amount, amount],
    );
    expect(await f.ledger.attachedOf(account)).to.equal(attachedBefore);
    return new Map([
      [account, amount],
      [f.court.address, -amount],
    ]);
  }
  toString() {
    return `AttachAndSeize(${this.who}, ${this.amount})`;
  }
}

// ---------------------------------------------------------------- payments

/** A payer pays the grocery's signed invoice: VAT (16%) to the budget, the net to the merchant. */
class PayInvoice extends Step {
  static nonce = 1n;
  constructor(
    readonly payer: Who,
    readonly amount: bigint,
  ) {
    super();
  }
  override check() {
    return this.payer !== "merchant";
  }
  async act(_m: Model, f: Real, before: Snapshot) {
    const payer = signer(f, this.payer);
    const invoice: Invoice = {
      merchant: f.merchant.address,
      amount: this.amount,
      vatCategory: VatCategory.STANDARD,
      vatRateBps: KZ_VAT_2026.STANDARD,
      expiry: BigInt((await time.latest()) + 3600),
      nonce: PayInvoice.nonce++,
      orderRef: ethers.id(`order-${PayInvoice.nonce}`),
    };
    const signature = await signInvoice(f.merchant, f.invoiceDomain, invoice);
    const { vat, net } = splitVat(this.amount, KZ_VAT_2026.STANDARD);
    // 6. The split adds up, to the tiyn, before anything moves.
    expect(vat + net).to.equal(this.amount);
    const sim = simulate(f);
    // One ledger movement (moduleSplit) when there is VAT: the payer is checked against the gross.
    const rejection =
      vat > 0n
        ? await sim.split(payer.address, f.merchant.address, net, f.budget.address, vat)
        : await sim.move(payer.address, f.merchant.address, net, "payment");
    const tx = f.payments.connect(payer).payInvoice(invoice, signature);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx)
      .to.emit(f.payments, "InvoicePaid")
      .withArgs(anyValue, f.merchant.address, payer.address, this.amount, vat, VatCategory.STANDARD, 1600, false);
    const after = await snapshot(f);
    const delta = (a: string) => after.balances[a] - before.balances[a];
    expect(delta(payer.address)).to.equal(-this.amount);
    expect(delta(f.merchant.address)).to.equal(net);
    expect(delta(f.budget.address)).to.equal(vat);
    expect(delta(f.merchant.address) + delta(f.budget.address)).to.equal(-delta(payer.address));
  }
  toString() {
    return `PayInvoice(${this.payer}, ${this.amount})`;
  }
}
const anyValue = () => true;

// ---------------------------------------------------------------- programs

const MEAL_DAY_LIMIT = tenge(1_500);
const MEAL_PROGRAM_LIMIT = tenge(20_000);

/** Kazpost submits a batch of card taps for the lunch program at the canteen. */
class LunchTaps extends Step {
  static sequence = 1;
  constructor(readonly taps: { pupil: number; amount: bigint }[]) {
    super();
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const id = f.lunchProgramId;
    const now = BigInt(await time.latest()) + 1n;
    await time.setNextBlockTimestamp(now);
    const words = this.taps.map((t) =>
      encodeTap({ terminal: 7, sequence: LunchTaps.sequence++, beneficiary: t.pupil, amount: t.amount, canteen: 0 }),
    );
    const program = await f.purposePrograms.programOf(id);
    const tx = f.purposePrograms.connect(f.agent).submitTaps(id, [f.canteen.address], words);
    if (m.programClosed) {
      await expect(tx).to.be.revertedWithCustomError(f.purposePrograms, "ProgramIsClosed").withArgs(id);
      await unchanged(f, before, "ProgramIsClosed");
      return;
    }
    if (now >= f.lunchProgramEnd) {
      await expect(tx)
        .to.be.revertedWithCustomError(f.purposePrograms, "ProgramNotOpen")
        .withArgs(id, program.start, program.end, now);
      await unchanged(f, before, "ProgramNotOpen");
      return;
    }
    // The model's judgement of each tap: amount, the pupil's day and program limits, the budget.
    const day = almatyDay(now);
    let budget = program.budget;
    let paid = 0n;
    for (const t of this.taps) {
      const pupil = m.lunch.get(t.pupil) ?? { day, today: 0n, total: 0n };
      if (pupil.day !== day) Object.assign(pupil, { day, today: 0n });
      const ok =
        t.amount > 0n &&
        pupil.today + t.amount <= MEAL_DAY_LIMIT &&
        pupil.total + t.amount <= MEAL_PROGRAM_LIMIT &&
        t.amount <= budget;
      if (ok) {
        pupil.today += t.amount;
        pupil.total += t.amount;
        budget -= t.amount;
        paid += t.amount;
      }
      m.lunch.set(t.pupil, pupil);
    }
    await expect(tx).to.changeTokenBalances(f.ledger, [f.canteen, f.purposePrograms], [paid, -paid]);
    expect((await f.purposePrograms.programOf(id)).budget).to.equal(budget);
  }
  toString() {
    return `LunchTaps(${this.taps.map((t) => `${t.pupil}:${t.amount}`).join(",")})`;
  }
}

/** Time passes: days roll over (daily limits reset), prices age, the lunch program may end. */
class AdvanceTime extends Step {
  constructor(readonly days: number) {
    super();
  }
  async act() {
    await time.increase(this.days * 86_400);
  }
  toString() {
    return `AdvanceTime(${this.days}d)`;
  }
}

/** Anyone closes the lunch program after its end: the unspent budget goes back to the akimat. */
class CloseExpiredProgram extends Step {
  async act(m: Model, f: Real, before: Snapshot) {
    const id = f.lunchProgramId;
    const now = BigInt(await time.latest()) + 1n;
    await time.setNextBlockTimestamp(now);
    const budget = (await f.purposePrograms.programOf(id)).budget;
    const tx = f.purposePrograms.connect(f.stranger).closeExpired(id);
    if (m.programClosed) {
      await expect(tx).to.be.revertedWithCustomError(f.purposePrograms, "ProgramIsClosed").withArgs(id);
      await unchanged(f, before, "ProgramIsClosed");
    } else if (now < f.lunchProgramEnd) {
      await expect(tx)
        .to.be.revertedWithCustomError(f.purposePrograms, "ProgramNotExpired")
        .withArgs(id, f.lunchProgramEnd, now);
      await unchanged(f, before, "ProgramNotExpired");
    } else {
      await expect(tx).to.changeTokenBalances(f.ledger, [f.akimat, f.purposePrograms], [budget, -budget]);
      m.programClosed = true;
    }
  }
  toString() {
    return "CloseExpiredProgram";
  }
}

// ---------------------------------------------------------------- reserves

/** The exchange deposits DKZT into the stablecoin's reserve and mints KZTE to alice. */
class StableMint extends Step {
  constructor(readonly amount: bigint) {
    super();
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const reserve = await f.stablecoin.getAddress();
    const rejection = await simulate(f).move(f.exchange.address, reserve, this.amount, "payment");
    const tx = f.stablecoin.connect(f.exchange).mint(f.alice.address, this.amount);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [f.exchange.address, reserve], [-this.amount, this.amount]);
    expect(await f.stablecoin.balanceOf(f.alice.address)).to.equal(m.aliceKzte + this.amount);
    m.aliceKzte += this.amount;
  }
  toString() {
    return `StableMint(alice, ${this.amount})`;
  }
}

/** Alice redeems KZTE for DKZT into her own account. */
class StableRedeem extends Step {
  constructor(readonly part: number) {
    super();
  }
  override check(m: Readonly<Model>) {
    return m.aliceKzte > 0n;
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const amount = (m.aliceKzte * BigInt(this.part)) / 100n || 1n;
    const reserve = await f.stablecoin.getAddress();
    const rejection = await simulate(f).move(reserve, f.alice.address, amount, "payment");
    const tx = f.stablecoin.connect(f.alice).redeem(amount, f.alice.address);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [reserve, f.alice.address], [-amount, amount]);
    m.aliceKzte -= amount;
    expect(await f.stablecoin.balanceOf(f.alice.address)).to.equal(m.aliceKzte);
  }
  toString() {
    return `StableRedeem(alice, ${this.part}%)`;
  }
}

/** The price is published, then a resident buys gold at the desk, paying the treasury in DKZT. */
class GoldBuy extends Step {
  constructor(
    readonly buyer: "alice" | "bob" | "merchant",
    readonly milligrams: bigint,
  ) {
    super();
  }
  async act(_m: Model, f: Real, before: Snapshot) {
    await f.goldDesk.connect(f.priceFeed).publishPrice(GOLD_MID, await time.latest());
    const buyer = f[this.buyer];
    const units = this.milligrams * 1_000n;
    const cost = await f.goldDesk.quoteBuy(units);
    const rejection = await simulate(f).move(buyer.address, f.treasury.address, cost, "payment");
    const tx = f.goldDesk.connect(buyer).buy(units, cost);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [buyer, f.treasury], [-cost, cost]);
  }
  toString() {
    return `GoldBuy(${this.buyer}, ${this.milligrams} mg)`;
  }
}

// ---------------------------------------------------------------- cross-border

/** A customer sends a pacs.008 abroad: the gateway escrows it, bank A confirms, the escrow goes to the nostro. */
class SwiftOut extends Step {
  constructor(
    readonly customer: Who,
    readonly amount: bigint,
  ) {
    super();
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const customer = signer(f, this.customer);
    const payment = onChain(
      outboundMessage({ uetr: uetrNo(++m.uetrs), amount: this.amount, debtorAgent: bicOf(this.customer) }),
      ref("gateway-salt"),
    );
    const deadline = BigInt(await time.latest()) + DAY;
    const gateway = await f.gateway.getAddress();
    const rejection = await simulate(f).move(customer.address, gateway, this.amount, "payment");
    const tx = f.gateway.connect(customer).initiateOutbound(payment, deadline);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [customer.address, gateway], [-this.amount, this.amount]);
    await expect(f.gateway.connect(f.bankA).settleOutbound(payment.uetr, ref("MT-ACK"))).to.changeTokenBalances(
      f.ledger,
      [gateway, f.bankA.address],
      [-this.amount, this.amount],
    );
  }
  toString() {
    return `SwiftOut(${this.customer}, ${this.amount})`;
  }
}

/** A pacs.008 from abroad: bank A (the gateway bank) credits the customer from its own DKZT. */
class SwiftIn extends Step {
  constructor(
    readonly creditor: Who,
    readonly amount: bigint,
  ) {
    super();
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const creditor = signer(f, this.creditor);
    const payment = onChain(
      inboundMessage({ uetr: uetrNo(10_000 + ++m.uetrs), amount: this.amount, creditorAgent: bicOf(this.creditor) }),
      ref("gateway-salt"),
    );
    const rejection = await simulate(f).move(f.bankA.address, creditor.address, this.amount, "payment");
    const tx = f.gateway.connect(f.bankA).creditInbound(payment, creditor.address);
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [f.bankA, creditor], [-this.amount, this.amount]);
  }
  toString() {
    return `SwiftIn(${this.creditor}, ${this.amount})`;
  }
}

/** Bank A locks DKZT for Bank of China under a hashlock; Bank of China claims it with the secret. */
class HtlcLockClaim extends Step {
  constructor(readonly amount: bigint) {
    super();
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const htlc = await f.htlc.getAddress();
    const terms = {
      ledger: await f.ledger.getAddress(),
      recipient: f.cnBank.address,
      amount: this.amount,
      hashlock: hashlockOf(SECRET),
      deadline: BigInt(await time.latest()) + DAY,
      counterpartDeadline: 0n,
      payment: toPaymentLink({
        uetr: uetrNo(20_000 + ++m.locks),
        debtorAgent: BIC.bankA,
        creditorAgent: BIC.cnBank,
        quoteId: ref(`FXQ-${m.locks}`),
        quoteExpiry: (await time.latest()) + 3600,
      }),
    };
    const sim = simulate(f);
    const lockRejection = await sim.move(f.bankA.address, htlc, this.amount, "payment");
    const lockTx = f.htlc.connect(f.bankA).lock(terms);
    if (lockRejection) return expectLedgerRejection(f, lockTx, lockRejection, before);
    const lockId = await f.htlc.lockIdOf(f.bankA.address, terms);
    await expect(lockTx).to.changeTokenBalances(f.ledger, [f.bankA.address, htlc], [-this.amount, this.amount]);
    const locked = await snapshot(f);
    const claimRejection = await sim.move(htlc, f.cnBank.address, this.amount, "payment");
    const claimTx = f.htlc.connect(f.cnBank).claim(lockId, SECRET);
    if (claimRejection) {
      await expectLedgerRejection(f, claimTx, claimRejection, locked);
      // Unclaimable now: bank A takes it back after the deadline.
      await time.increaseTo(terms.deadline);
      await expect(f.htlc.connect(f.bankA).refund(lockId)).to.changeTokenBalances(
        f.ledger,
        [htlc, f.bankA.address],
        [-this.amount, this.amount],
      );
      return;
    }
    await expect(claimTx).to.changeTokenBalances(f.ledger, [htlc, f.cnBank.address], [-this.amount, this.amount]);
  }
  toString() {
    return `HtlcLockClaim(bankA -> cnBank, ${this.amount})`;
  }
}

// ---------------------------------------------------------------- offline

const PURSE_CAP = tenge(35_000);

/** Alice tops up her offline purse. */
class FundPurse extends Step {
  constructor(readonly amount: bigint) {
    super();
  }
  override check(m: Readonly<Model>) {
    return !m.purse.frozen;
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const purse = f.purseKey.address;
    const now = BigInt(await time.latest()) + 1n;
    await time.setNextBlockTimestamp(now);
    const offline = await f.offline.getAddress();
    const rejection = await simulate(f).move(f.alice.address, offline, this.amount, "payment");
    const tx = f.offline.connect(f.alice).fund(purse, this.amount);
    if (now > f.purseExpiry) {
      await expect(tx).to.be.revertedWithCustomError(f.offline, "PurseExpired").withArgs(purse, f.purseExpiry);
      await unchanged(f, before, "PurseExpired");
      return;
    }
    if (m.purse.balance + this.amount > PURSE_CAP) {
      await expect(tx)
        .to.be.revertedWithCustomError(f.offline, "PurseCapExceeded")
        .withArgs(purse, PURSE_CAP, m.purse.balance + this.amount);
      await unchanged(f, before, "PurseCapExceeded");
      return;
    }
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [f.alice.address, offline], [-this.amount, this.amount]);
    m.purse.balance += this.amount;
  }
  toString() {
    return `FundPurse(${this.amount})`;
  }
}

/**
 * A payee redeems a cheque alice's device signed offline. With `doubleSpend`, the device signs a second, different
 * cheque with the serial it already spent: the contract rejects it without reverting, freezes the purse and
 * records a loss claim; no DKZT moves.
 */
class RedeemCheque extends Step {
  constructor(
    readonly payee: Who,
    readonly part: number,
    readonly doubleSpend: boolean,
  ) {
    super();
  }
  override check(m: Readonly<Model>) {
    if (m.purse.frozen) return false;
    if (this.doubleSpend) return m.purse.lastPaid !== null;
    return m.purse.balance > 0n && m.purse.nextSerial < 10;
  }
  async act(m: Model, f: Real, before: Snapshot) {
    const purse = f.purseKey.address;
    const payee = signer(f, this.payee).address;
    const offline = await f.offline.getAddress();
    const now = BigInt(await time.latest()) + 1n;
    await time.setNextBlockTimestamp(now);
    const serial = this.doubleSpend ? m.purse.lastPaid!.serial : m.purse.nextSerial;
    // A double spend: another cheque (one tiyn more than the paid one) with the serial already spent.
    const amount = this.doubleSpend
      ? m.purse.lastPaid!.amount + 1n
      : (m.purse.balance * BigInt(this.part)) / 100n || 1n;
    const cheque = { purse, payee, amount, serial, expiry: f.purseExpiry };
    const signed = signCheque(f.offlineDomain, f.purseKey, cheque);
    const tx = f.offline.connect(f.stranger).redeem(signed);
    if (now > f.purseExpiry) {
      await expect(tx).to.be.revertedWithCustomError(f.offline, "ChequeExpired");
      await unchanged(f, before, "ChequeExpired");
      return;
    }
    if (this.doubleSpend) {
      await expect(tx).to.emit(f.offline, "ChequeRejected");
      await unchanged(f, before, "ChequeRejected (double spend)");
      m.purse.frozen = true;
      return;
    }
    const rejection = await simulate(f).move(offline, payee, amount, "payment");
    if (rejection) return expectLedgerRejection(f, tx, rejection, before);
    await expect(tx).to.changeTokenBalances(f.ledger, [offline, payee], [-amount, amount]);
    m.purse.balance -= amount;
    m.purse.lastPaid = { serial, amount };
    m.purse.nextSerial++;
  }
  toString() {
    return `RedeemCheque(${this.payee}, ${this.doubleSpend ? "double spend" : `${this.part}%`})`;
  }
}

// ---------------------------------------------------------------- the run

const who = (list: readonly Who[]) => fc.constantFrom(...list);
const commands = [
  fc
    .tuple(fc.constantFrom("bankA" as const, "bankB" as const), fc.bigInt(1n, tenge(3_000_000)))
    .map(([b, a]) => new Issue(b, a)),
  fc.tuple(who(PEOPLE), who(PEOPLE), amountArb).map(([a, b, x]) => new Transfer(a, b, x)),
  fc.tuple(who(PEOPLE), who(PEOPLE), amountArb).map(([a, b, x]) => new Transfer(a, b, x)),
  fc.tuple(who([...CUSTOMERS, "bankA", "bankB"]), amountArb).map(([a, x]) => new RedeemToNonCash(a, x)),
  fc.tuple(who(CUSTOMERS), fc.integer({ min: 0, max: 2 })).map(([a, s]) => new SetFreeze(a, s)),
  fc.tuple(who(CUSTOMERS), amountArb).map(([a, x]) => new AttachAndSeize(a, x)),
  fc.tuple(who(["alice", "bob", "carol", "dave", "exchange"]), amountArb).map(([a, x]) => new PayInvoice(a, x)),
  fc
    .array(fc.record({ pupil: fc.integer({ min: 1, max: 8 }), amount: fc.bigInt(0n, tenge(1_600)) }), {
      minLength: 1,
      maxLength: 6,
    })
    .map((taps) => new LunchTaps(taps)),
  fc.integer({ min: 1, max: 4 }).map((d) => new AdvanceTime(d)),
  fc.constant(new CloseExpiredProgram()),
  fc.constant(new CloseExpiredProgram()),
  amountArb.map((x) => new StableMint(x)),
  fc.integer({ min: 1, max: 100 }).map((p) => new StableRedeem(p)),
  fc
    .tuple(fc.constantFrom("alice" as const, "bob" as const, "merchant" as const), fc.bigInt(1n, 2_000n))
    .map(([b, mg]) => new GoldBuy(b, mg)),
  fc.tuple(who(CUSTOMERS), amountArb).map(([a, x]) => new SwiftOut(a, x)),
  fc.tuple(who(CUSTOMERS), amountArb).map(([a, x]) => new SwiftIn(a, x)),
  amountArb.map((x) => new HtlcLockClaim(x)),
  fc.bigInt(1n, tenge(20_000)).map((x) => new FundPurse(x)),
  fc
    .tuple(who(["bob", "carol", "dave", "merchant"]), fc.integer({ min: 1, max: 100 }), fc.boolean())
    .map(([p, part, d]) => new RedeemCheque(p, part, d)),
  fc
    .tuple(who(["bob", "carol", "dave", "merchant"]), fc.integer({ min: 1, max: 100 }), fc.boolean())
    .map(([p, part, d]) => new RedeemCheque(p, part, d)),
  fc.integer({ min: 1, max: 100 }).map((p) => new StableRedeem(p)),
];

async function initialModel(f: Real): Promise<Model> {
  const { banks } = await chainState(f);
  const issued = new Map<string, bigint>([f.bankA, f.bankB].map((bank, i) => [bank.address, banks[i].issued]));
  return {
    issued,
    aliceKzte: 0n,
    purse: { balance: 0n, nextSerial: 0, frozen: false, lastPaid: null },
    lunch: new Map(),
    programClosed: false,
    uetrs: 0,
    locks: 0,
  };
}

describe("cross-module invariants @plain", function () {
  // Generous: the deployment of every module takes most of it on a loaded machine (the runs alone take ~1 min).
  let deploySeconds = 0;

  before(async () => {
    const start = Date.now();
    await loadFixture(invariantSuite);
    deploySeconds = (Date.now() - start) / 1000;
  });

  it("hold after every step of random operation sequences across the suite", async () => {
    const runsStart = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: MAX_COMMANDS, size: "max" }), async (cmds) => {
        const f = await loadFixture(invariantSuite);
        const model = await initialModel(f);
        await checkInvariants(model, f, await snapshot(f), new Map());
        last = null;
        await fc.asyncModelRun(() => ({ model, real: f }), cmds);
      }),
      {
        numRuns: NUM_RUNS,
        seed: SEED,
        path: process.env.INVARIANT_PATH,
        endOnFailure: process.env.INVARIANT_SHRINK === undefined,
      },
    );
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `      deployment ${deploySeconds.toFixed(1)} s; ${NUM_RUNS} runs (seed ${SEED}) ${seconds(Date.now() - runsStart)} s; outcomes:`,
    );
    const table = [...outcomes.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (const [key, n] of table) console.log(`        ${key}: ${n}`);
    // The runs must have exercised every command that moves money: each succeeded at least once.
    const names = [
      ...["Issue", "Transfer", "Redeem", "SetFreeze", "AttachAndSeize", "PayInvoice", "LunchTaps", "AdvanceTime"],
      ...["StableMint", "StableRedeem", "GoldBuy", "SwiftOut", "SwiftIn", "HtlcLockClaim", "FundPurse", "RedeemCheque"],
    ];
    for (const name of names) {
      expect(outcomes.get(`${name} ok`) ?? 0, `${name} never succeeded`).to.be.greaterThan(0);
    }
  });
});
