import { expect } from "chai";
import { encodeBytes32String, keccak256, toUtf8Bytes } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { actors } from "../helpers/fixtures";
import { ledgerState } from "../helpers/state";
import { capturedOutput, dkzt, rejectionOf } from "./helpers";
import type { Deployment, AccountReport } from "../../src/ops";
import type { SupplyReport } from "../../src/report";
import { tenge } from "../../src/money";
import { Role } from "../../src/roles";
import { AccountKind, DEFAULT_TIERS, FreezeState, Tier } from "../../src/tiers";
import { accountOf } from "../../src/accounts";

/** What the tasks printed, captured instead of going to the console: at the top level, in every test of the run. */
const printed = capturedOutput();

/** The suite deployed by `dkzt:deploy` with its defaults (role holders = local accounts 1..4, default tiers). */
async function deployedByTasks() {
  const a = await actors();
  const deployment = await dkzt<Deployment>("deploy");
  return { ...a, ...deployment.suite, deployment };
}

/**
 * Two banks onboarded, given ceilings and funds through the tasks; alice and a merchant at bank A, carol
 * (anonymous-lite) at bank B; alice holds 100 000 ₸.
 */
async function bankedByTasks() {
  // On top of the deployment above, restored from its snapshot: one whole-suite deployment serves both fixtures.
  const f = await loadFixture(deployedByTasks);
  await dkzt("onboard-bank", { bank: f.bankA.address, ref: "BANK-001" });
  await dkzt("onboard-bank", { bank: "6", ref: "BANK-002" });
  await dkzt("set-ceiling", { bank: f.bankA.address, amount: "10000000" });
  await dkzt("set-ceiling", { bank: f.bankB.address, amount: "5000000" });
  await dkzt("issue", { bank: f.bankA.address, amount: "1000000", ref: "RSV-A-1" });
  await dkzt("issue", { bank: f.bankB.address, amount: "500000", ref: "RSV-B-1" });
  await dkzt("onboard-customer", { from: "5", account: f.alice.address, ref: "cust-alice" });
  await dkzt("onboard-customer", {
    from: "5",
    account: f.merchant.address,
    kind: "merchant",
    tier: "business",
    ref: "shop",
  });
  await dkzt("onboard-customer", { from: "6", account: f.carol.address, tier: "anonymous-lite", ref: "cust-carol" });
  await dkzt("transfer", { from: "5", to: f.alice.address, amount: "100000" });
  return f;
}

/**
 * A later whole-suite deployment on top of {bankedByTasks}, by `dkzt:deploy` with role holders given as an address
 * (the central bank: spare account 0) and an account index (the operator: "17", spare account 1), tiers skipped:
 * its outcome, what it printed, and the banked suite's ledger it must not replace.
 */
async function laterDeploymentByTasks() {
  const { ledger, spare } = await loadFixture(bankedByTasks);
  const from = printed.length;
  const later = await dkzt<Deployment>("deploy", { centralBank: spare[0].address, operator: "17", skipTiers: true });
  return { bankedLedger: ledger, later, printed: printed.slice(from) };
}

describe("dkzt tasks @plain", function () {
  describe("dkzt:deploy", () => {
    it("deploys the suite, hands the roles to the local accounts the fixtures name and defines the default tiers", async () => {
      const { deployment, ledger, manager, governance, centralBank, operator, compliance, guardian, deskKey } =
        await loadFixture(deployedByTasks);
      // The whole suite's other parties (tax authority, reserves, foreign CBDC) default to local accounts too.
      expect(deployment.holders).to.deep.include({
        CENTRAL_BANK: centralBank.address,
        OPERATOR: operator.address,
        COMPLIANCE: compliance.address,
        GOVERNANCE: governance.address,
        GUARDIAN: guardian.address,
        ISSUANCE_DESK: deskKey.address,
      });
      expect((await manager.hasRole(Role.GUARDIAN, guardian.address))[0]).to.equal(true);
      expect((await manager.hasRole(Role.ISSUANCE_DESK, deskKey.address))[0]).to.equal(true);
      expect((await manager.hasRole(Role.CENTRAL_BANK, centralBank.address))[0]).to.equal(true);
      expect((await manager.hasRole(Role.OPERATOR, operator.address))[0]).to.equal(true);
      expect((await manager.hasRole(Role.COMPLIANCE, compliance.address))[0]).to.equal(true);
      expect((await manager.hasRole(Role.GOVERNANCE, governance.address))[0]).to.equal(true);
      for (const tier of DEFAULT_TIERS) {
        expect(await ledger.tierLimits(tier.id)).to.deep.equal([tier.holdingLimit, tier.dailyLimit, true]);
      }
      expect(deployment.tiersDefined).to.equal(true);
      expect(deployment.record).to.equal(undefined);
    });

    it("prints the addresses and says the embedded network keeps no record", async () => {
      const { later: deployment, printed: lines } = await loadFixture(laterDeploymentByTasks);
      expect(lines).to.include(`  DigitalTenge    ${deployment.addresses.ledger}`);
      expect(lines).to.include(`  AccessManager   ${deployment.addresses.manager}`);
      expect(lines.at(-1)).to.match(/^ {2}recorded in {5}nothing: the embedded hardhat network/);
      expect(deployment.tiersDefined).to.equal(false);
      expect((await deployment.suite.ledger.tierLimits(Tier.STANDARD))[2]).to.equal(false);
    });

    it("takes role holders given as addresses or account indexes", async () => {
      const a = await actors();
      const { later: deployment } = await loadFixture(laterDeploymentByTasks);
      expect(deployment.holders.CENTRAL_BANK).to.equal(a.spare[0].address);
      expect(deployment.holders.OPERATOR).to.equal(a.spare[1].address);
      expect(deployment.holders.COMPLIANCE).to.equal(a.compliance.address);
      expect((await deployment.suite.manager.hasRole(Role.CENTRAL_BANK, a.spare[0].address))[0]).to.equal(true);
    });

    // Here, right after the later deployment's other tests, so its snapshot is still there to restore.
    it("finds the banked suite again after a later deployment was reverted away", async () => {
      const { later, bankedLedger } = await loadFixture(laterDeploymentByTasks);
      expect(later.addresses.ledger).to.not.equal(await bankedLedger.getAddress());
      const { ledger: again } = await loadFixture(bankedByTasks);
      const report = await dkzt<SupplyReport>("supply");
      expect(report.ledger).to.equal(await again.getAddress());
      expect(report.totalSupply).to.equal(tenge(1_500_000));
    });
  });

  describe("when the operator and the central bank set up banks", () => {
    it("onboards banks with the BANK role, sets ceilings and issues, loading the suite deployed in this process", async () => {
      const { ledger, manager, bankA, bankB } = await loadFixture(bankedByTasks);
      expect((await manager.hasRole(Role.BANK, bankA.address))[0]).to.equal(true);
      expect((await manager.hasRole(Role.BANK, bankB.address))[0]).to.equal(true);
      const a = await ledger.bankOf(bankA.address);
      expect([a.id, a.ceiling, a.issued, a.redeemed, a.outstanding]).to.deep.equal([
        1n,
        tenge(10_000_000),
        tenge(1_000_000),
        0n,
        tenge(1_000_000),
      ]);
      expect((await ledger.bankOf(bankB.address)).id).to.equal(2n);
      expect(await ledger.balanceOf(bankA.address)).to.equal(tenge(900_000));
      expect(await ledger.totalSupply()).to.equal(tenge(1_500_000));
    });

    it("prints what it did, references as text", async () => {
      const { bankA } = await loadFixture(bankedByTasks);
      await dkzt("issue", { bank: "5", amount: "2500.50", ref: "RSV-A-2" });
      expect(printed[0]).to.equal(`Issued 2 500.50 ₸ to ${bankA.address} (reserve operation "RSV-A-2")`);
      expect(printed[1]).to.match(/^ {2}tx 0x[0-9a-f]{64} \(block \d+, gas \d+\)$/);
    });

    it("records a bank registry code as bytes32 text and a customer reference as its keccak256 hash", async () => {
      const { ledger, bankA, alice } = await loadFixture(bankedByTasks);
      expect((await accountOf(ledger, bankA.address)).accountRef).to.equal(encodeBytes32String("BANK-001"));
      expect((await accountOf(ledger, alice.address)).accountRef).to.equal(keccak256(toUtf8Bytes("cust-alice")));
    });

    it("defines a tier with limits in tenge or unlimited", async () => {
      const { ledger } = await loadFixture(bankedByTasks);
      await dkzt("define-tier", { tier: "4", holding: "3000000", daily: "unlimited" });
      expect(await ledger.tierLimits(4)).to.deep.equal([tenge(3_000_000), 2n ** 256n - 1n, true]);
    });
  });

  describe("when banks serve customers", () => {
    it("onboards customers with kind, tier and bank of record, and moves money between them", async () => {
      const { ledger, bankA, alice, merchant } = await loadFixture(bankedByTasks);
      const m = await accountOf(ledger, merchant.address);
      expect([m.kind, m.tier, m.bankOfRecord]).to.deep.equal([
        BigInt(AccountKind.Merchant),
        BigInt(Tier.BUSINESS),
        bankA.address,
      ]);
      await dkzt("transfer", { from: "7", to: merchant.address, amount: "1500.25" });
      expect(await ledger.balanceOf(alice.address)).to.equal(tenge("98499.75"));
      expect(await ledger.balanceOf(merchant.address)).to.equal(tenge("1500.25"));
      expect(printed[0]).to.equal(`${alice.address} paid 1 500.25 ₸ to ${merchant.address}`);
    });

    it("changes a customer's tier, converts to non-cash, recovers a wallet and redeems to the central bank", async () => {
      const { ledger, bankA, alice, stranger } = await loadFixture(bankedByTasks);
      await dkzt("set-tier", { from: "5", account: alice.address, tier: "enhanced" });
      expect((await accountOf(ledger, alice.address)).tier).to.equal(BigInt(Tier.ENHANCED));

      await dkzt("to-non-cash", { from: alice.address, amount: "1000" });
      expect(await ledger.balanceOf(alice.address)).to.equal(tenge(99_000));

      await dkzt("recover", { from: "5", lost: alice.address, replacement: stranger.address });
      expect(await ledger.balanceOf(stranger.address)).to.equal(tenge(99_000));
      expect((await accountOf(ledger, alice.address)).closed).to.equal(true);

      await dkzt("redeem", { from: bankA.address, amount: "400000", ref: "RSV-A-R1" });
      const a = await ledger.bankOf(bankA.address);
      expect([a.redeemed, a.outstanding]).to.deep.equal([tenge(401_000), tenge(599_000)]);
      expect(await ledger.totalSupply()).to.equal(tenge(1_099_000));
    });

    it("shows an account with dkzt:balance", async () => {
      const { alice, bankA } = await loadFixture(bankedByTasks);
      const report = await dkzt<AccountReport>("balance", { account: "7" });
      expect(report).to.include({
        address: alice.address,
        kind: "Individual",
        tier: Tier.STANDARD,
        bankOfRecord: bankA.address,
      });
      expect(report.balance).to.equal(tenge(100_000));
      expect(report.remainingToday).to.equal(tenge(500_000));
      expect(printed).to.include("  balance          100 000.00 ₸");
    });
  });

  describe("when compliance acts", () => {
    it("freezes receive-only, unfreezes, attaches and seizes under legal references", async () => {
      const { ledger, alice, merchant } = await loadFixture(bankedByTasks);
      await dkzt("freeze", { account: alice.address, ref: "AFM-2023-17", receiveOnly: true });
      expect((await accountOf(ledger, alice.address)).freeze).to.equal(BigInt(FreezeState.OutboundOnly));
      await dkzt("freeze", { account: merchant.address, ref: "AFM-2023-18" });
      expect((await accountOf(ledger, merchant.address)).freeze).to.equal(BigInt(FreezeState.Full));
      await dkzt("unfreeze", { account: merchant.address, ref: "AFM-2023-18" });
      expect((await accountOf(ledger, merchant.address)).freeze).to.equal(BigInt(FreezeState.None));

      await dkzt("attach", { account: alice.address, amount: "30000", ref: "COURT-118" });
      await dkzt("release", { account: alice.address, amount: "5000", ref: "COURT-118" });
      await dkzt("seize", { account: alice.address, to: merchant.address, amount: "25000", ref: "COURT-118" });
      expect(await ledger.attachedOf(alice.address)).to.equal(0n);
      expect(await ledger.balanceOf(alice.address)).to.equal(tenge(75_000));
      expect(await ledger.balanceOf(merchant.address)).to.equal(tenge(25_000));
      expect(printed.at(-2)).to.equal(
        `Seized 25 000.00 ₸ from ${alice.address} to ${merchant.address} (court order "COURT-118")`,
      );
    });
  });

  describe("dkzt:supply", () => {
    it("reports each bank's position, the totals, and that the supply adds up", async () => {
      const { bankA, bankB } = await loadFixture(bankedByTasks);
      await dkzt("to-non-cash", { from: "7", amount: "250" });
      printed.length = 0;
      const report = await dkzt<SupplyReport>("supply");
      expect(
        report.banks.map((b) => [b.id, b.bank, b.ceiling, b.issued, b.redeemed, b.outstanding, b.held]),
      ).to.deep.equal([
        [1, bankA.address, tenge(10_000_000), tenge(1_000_000), tenge(250), tenge(999_750), tenge(900_000)],
        [2, bankB.address, tenge(5_000_000), tenge(500_000), 0n, tenge(500_000), tenge(500_000)],
      ]);
      expect(report.totals.outstanding).to.equal(tenge(1_499_750));
      expect(report.totalSupply).to.equal(tenge(1_499_750));
      expect(report.balanced).to.equal(true);
      expect(printed[0]).to.contain("│ 1 │");
      expect(printed[0]).to.contain("1 499 750.00");
      expect(printed[0]).to.match(/total supply 1 499 750.00 ₸ = Σ outstanding ✓/);
    });

    it("prints JSON with amounts in tiyn", async () => {
      await loadFixture(bankedByTasks);
      await dkzt("supply", { json: true });
      const json = JSON.parse(printed[0]) as { totalSupply: string; balanced: boolean; unit: string };
      expect(json).to.include({ totalSupply: tenge(1_500_000).toString(), balanced: true, unit: "tiyn" });
    });
  });

  describe("dkzt:mandate", () => {
    it("a bank gives its customer's mandate to a named module, the holder takes it back; each prints one line", async () => {
      const { ledger, alice, deployment } = await loadFixture(bankedByTasks);
      const cards = deployment.addresses.cards;
      printed.length = 0;
      await dkzt("mandate", { from: "5", account: "7", module: "cards" });
      expect(await ledger.hasMandate(alice, cards)).to.equal(true);
      expect(printed[0]).to.contain(`Module ${cards}`);
      expect(printed[0]).to.contain(`may now debit ${alice.address}`);
      await dkzt("mandate", { from: "7", module: cards, revoke: true });
      expect(await ledger.hasMandate(alice, cards)).to.equal(false);
    });

    it("another bank is refused in words and nothing is recorded", async () => {
      const { ledger, alice, bankB, deployment } = await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("mandate", { from: "6", account: "7", module: "payments" }));
      expect(err.message).to.equal(
        `NotBankOfRecord: ${bankB.address} is not the bank of record of account ${alice.address}, so it may not act on it`,
      );
      expect(await ledger.hasMandate(alice, deployment.addresses.payments)).to.equal(false);
    });
  });

  describe("when an operation is rejected", () => {
    it("fails with the decoded custom error in words and leaves the ledger as it was", async () => {
      const { ledger, bankA, alice, merchant } = await loadFixture(bankedByTasks);
      await dkzt("transfer", { from: "5", to: alice.address, amount: "500000" }); // alice: 600 000 ₸
      const accounts = [alice, merchant, bankA];
      const before = await ledgerState(ledger, accounts);
      const err = await rejectionOf(dkzt("transfer", { from: "7", to: merchant.address, amount: "600000" }));
      expect(err.message).to.equal(
        `DailyLimitExceeded: account ${alice.address} would spend 600 000.00 ₸ today, above its limit of 500 000.00 ₸`,
      );
      expect(await ledgerState(ledger, accounts)).to.deep.equal(before);
    });

    it("names the role the roles table requires when the signer lacks it", async () => {
      const { ledger, bankA, alice } = await loadFixture(bankedByTasks);
      const before = await ledgerState(ledger, [bankA]);
      const err = await rejectionOf(
        dkzt("issue", { from: alice.address, bank: bankA.address, amount: "1", ref: "RSV-X" }),
      );
      expect(err.message).to.equal(
        `AccessManagedUnauthorized: ${alice.address} does not hold the role it needs to call DigitalTenge.issue, ` +
          "which the roles table gives to ISSUER",
      );
      expect(await ledgerState(ledger, [bankA])).to.deep.equal(before);
    });

    it("checks a bank's onboarding first, so a rejection leaves no BANK role behind", async () => {
      const { ledger, manager, stranger } = await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("onboard-bank", { bank: stranger.address, tier: "5", ref: "BANK-009" }));
      expect(err.message).to.equal(
        "TierNotDefined: tier 5 is not defined: the central bank sets it with dkzt:define-tier",
      );
      expect((await manager.hasRole(Role.BANK, stranger.address))[0]).to.equal(false);
      expect((await accountOf(ledger, stranger.address)).registered).to.equal(false);
      expect(await ledger.bankCount()).to.equal(2n);
    });

    it("refuses an issuance retried under the same reserve reference, in words, and issues nothing", async () => {
      const { ledger, bankA } = await loadFixture(bankedByTasks);
      const before = await ledgerState(ledger, [bankA]);
      const position = (await ledger.bankOf(bankA)).toString();
      const err = await rejectionOf(dkzt("issue", { bank: "5", amount: "1000000", ref: "RSV-A-1" }));
      expect(err.message).to.equal(
        'ReferenceAlreadyUsed: reference "RSV-A-1" was already used for an issuance or redemption (or is empty): ' +
          "each reserve operation has its own reference, so a retried command never moves the money supply twice",
      );
      expect(await ledgerState(ledger, [bankA])).to.deep.equal(before);
      expect((await ledger.bankOf(bankA)).toString()).to.equal(position);
    });

    it("says a frozen sender cannot pay, and moves nothing", async () => {
      const { ledger, alice, merchant } = await loadFixture(bankedByTasks);
      await dkzt("freeze", { account: "7", ref: "AFM-2023-19" });
      const before = await ledgerState(ledger, [alice, merchant]);
      const err = await rejectionOf(dkzt("transfer", { from: "7", to: merchant.address, amount: "10" }));
      expect(err.message).to.equal(
        `AccountFrozen: account ${alice.address} is frozen: it can neither send nor receive`,
      );
      expect(await ledgerState(ledger, [alice, merchant])).to.deep.equal(before);
    });
  });

  describe("when the operator types something wrong", () => {
    it("rejects an amount finer than a tiyn", async () => {
      const { alice } = await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("transfer", { from: "5", to: alice.address, amount: "1.234" }));
      expect(err.message).to.equal(
        '--amount: "1.234" is not an amount of tenge (digits, up to 2 decimals, e.g. 1500.25)',
      );
    });

    it("rejects an account index the network does not have", async () => {
      await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("transfer", { from: "99", to: "7", amount: "1" }));
      expect(err.message).to.equal("Account index 99 does not exist: network hardhat has 64 account(s).");
    });

    it("requires --from where no role is implied", async () => {
      await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("redeem", { amount: "1", ref: "RSV" }));
      expect(err.message).to.equal("--from is required: which account signs this operation?");
    });

    it("takes a 0x… 32-byte reference as it is", async () => {
      const { ledger, bankA } = await loadFixture(bankedByTasks);
      const hash = keccak256(toUtf8Bytes("reserve operation 2023-11-15 #42"));
      const { txs } = await dkzt("issue", { bank: "5", amount: "1", ref: hash });
      const [issued] = await ledger.queryFilter(ledger.filters.Issued(bankA.address), txs[0].block, txs[0].block);
      expect([issued.args.bank, issued.args.amount, issued.args.ref]).to.deep.equal([bankA.address, tenge(1), hash]);
    });

    it("rejects a text reference longer than 31 bytes", async () => {
      await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("issue", { bank: "5", amount: "1", ref: "R".repeat(32) }));
      expect(err.message).to.equal(
        `reference "${"R".repeat(32)}" is longer than 31 bytes: shorten it or pass a 0x… 32-byte value`,
      );
    });

    it("says when no suite is deployed under the deployment id asked for", async () => {
      await loadFixture(bankedByTasks);
      const err = await rejectionOf(dkzt("supply", { deploymentId: "nowhere" }));
      expect(err.message).to.match(
        /^No suite deployed in this process: the embedded hardhat network forgets everything/,
      );
    });
  });
});
