import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import hre from "hardhat";
import { expect } from "chai";
import { runPilot } from "../../scripts/pilot/scenario";
import { writePilotReports } from "../../scripts/pilot/files";
import { renderTables } from "../../scripts/pilot/console";
import type { PilotReport } from "../../scripts/pilot/types";
import { splitVat, KZ_VAT_2026 } from "../../src/payments/vat";
import { AccessManager__factory } from "../../typechain-types";
import { Role } from "../../src/roles";

/**
 * The pilot's scenario library, played small (10 citizens, 2 school days) on the embedded chain: every step runs,
 * every invariant holds with the figures that prove it, and the report files are written and self-contained.
 */
describe("Pilot scenario (small scale) @plain", function () {
  let report: PilotReport;
  let dir: string;

  before(async function () {
    report = await runPilot(hre, { citizens: 10, schoolDays: 2, verbose: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pilot-test-"));
  });

  after(() => {
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("when the whole story has run", () => {
    it("ran every step of the seed story, in order", () => {
      expect(report.steps.map((s) => s.title)).to.include.members([
        "Issuance to five intermediary banks",
        "Card and QR purchases with VAT split",
        "B2B purchase: VAT marked",
        "ATM cash-out",
        "A week of school lunches by card tap",
        "Move-to-earn claims",
        "Stablecoin issuance and redemption",
        "Tokenized gold",
        "SWIFT payments out and in",
        "PvP FX deal with the foreign CBDC",
        "Offline cheques settled later",
      ]);
      expect(report.citizens).to.equal(10);
    });

    it("holds every invariant, each with its figures", () => {
      const broken = report.invariants.filter((i) => !i.holds).map((i) => `${i.name}: ${JSON.stringify(i.figures)}`);
      expect(broken).to.deep.equal([]);
      expect(report.invariants.length).to.be.greaterThanOrEqual(12);
      for (const i of report.invariants) expect(Object.keys(i.figures).length).to.be.greaterThan(0);
    });

    it("refuses a lite wallet's payment above its daily limit, in words", () => {
      const step = report.steps.find((s) => s.title === "Tier limits hold");
      expect(step?.lines.join(" ")).to.match(/The ledger refused: DailyLimitExceeded/);
    });

    it("balances the supply per bank: outstanding = issued − redeemed, Σ = total supply", () => {
      let outstanding = 0n;
      for (const b of report.banks) {
        expect(b.outstanding).to.equal(b.issued - b.redeemed, b.name);
        outstanding += b.outstanding;
      }
      expect(outstanding).to.equal(report.supply.totalSupply);
      // Freedom Bank returned 1 000 000 ₸; Eurasian's grocery converted to non-cash.
      expect(report.banks[3].redeemed >= 100_000_000n).to.equal(true);
      expect(report.banks[0].redeemed > 0n).to.equal(true);
    });

    it("collects VAT exactly: Σ per-category splits = what the budget received, less the marked VAT", () => {
      const { vat } = report;
      const splits = vat.byCategory.reduce((a, c) => a + c.vat, 0n);
      expect(splits).to.equal(vat.splits);
      expect(vat.collected).to.equal(vat.splits + vat.markedPaid);
      expect(vat.reported).to.equal(vat.splits);
      // The supplier's 116 000 ₸ invoice at 16 % marks exactly 16 000 ₸.
      expect(vat.markedPaid).to.equal(splitVat(11_600_000n, KZ_VAT_2026.STANDARD).vat);
      expect(vat.byCategory.find((c) => c.category === "EXEMPT")?.vat).to.equal(0n);
    });

    it("serves lunches per school per day and pays each re-sent tap once", () => {
      const { lunches } = report;
      expect(lunches.days).to.have.length(2);
      const meals = lunches.meals.flat().reduce((a, m) => a + m, 0);
      expect(meals).to.equal(lunches.taps);
      expect(lunches.rejected.TapDuplicate).to.equal(2);
      expect(lunches.paid).to.equal(lunches.budget - lunches.remaining);
      // School days fall on weekdays.
      for (const day of lunches.days) expect([0, 6]).not.to.include(new Date(`${day}T00:00:00Z`).getUTCDay());
    });

    it("keeps the stablecoin and the gold token fully backed", () => {
      const { stable, gold } = report.reserves;
      expect(stable.fullyBacked).to.equal(true);
      expect(stable.reserve).to.equal(stable.obligations);
      expect(gold.supplyUnits).to.equal(gold.backingFineMg * 1_000n);
      expect(report.reserves.goldBought > 0n).to.equal(true);
    });

    it("settles a SWIFT payment out, refunds a refused one, credits one in, and settles the PvP deal", () => {
      expect(report.crossBorder.swift.map((s) => `${s.direction}:${s.status}`)).to.deep.equal([
        "outbound:Settled",
        "outbound:Rejected",
        "inbound:Credited",
      ]);
      expect(report.crossBorder.pvp.status).to.equal("Settled");
    });

    it("settles offline cheques later and catches the one double spend", () => {
      const { offline } = report;
      expect(offline.rejected.map((r) => r.reason)).to.deep.equal(["ChequeDoubleSpent"]);
      expect(offline.accepted).to.equal(offline.presented - 1);
      expect(offline.settled).to.equal(offline.acceptedAmount);
      expect(offline.lossClaimsCovered).to.equal(offline.rejected[0].amount);
    });
  });

  describe("when the central bank, the operator and governance act through their Safes", () => {
    it("their roles are held by 2-of-3 Safes, and the deployer holds none", async () => {
      const manager = AccessManager__factory.connect(report.contracts.manager, hre.ethers.provider);
      expect(report.safes.map((s) => s.holder)).to.deep.equal([
        "National Bank of Kazakhstan",
        "National Payment Corporation",
        "NBK board (governance)",
      ]);
      const [cb, op, board] = report.safes;
      const held: [bigint, string][] = [
        [Role.CENTRAL_BANK, cb.safe],
        [Role.ISSUER, cb.safe],
        [Role.OPERATOR, op.safe],
        [Role.GOVERNANCE, board.safe],
        [Role.ADMIN, board.safe],
      ];
      for (const [role, safe] of held)
        expect((await manager.hasRole(role, safe)).isMember, String(role)).to.equal(true);
      const [deployer] = await hre.ethers.getSigners();
      for (const [role] of held) expect((await manager.hasRole(role, deployer.address)).isMember).to.equal(false);
      for (const s of report.safes) {
        expect([s.threshold, s.officers.length, s.signed.length], s.holder).to.deep.equal([2, 3, 2]);
      }
    });

    it("the central bank scheduled its tiers and ceilings, executed each after the delay, and issued at once", async () => {
      const [cb, op, board] = report.safes;
      // Four tiers (the genesis defined the unlimited one) and five ceilings, each scheduled then executed; five
      // issuances at once. The operator's powers are immediate but one: the SWIFT gateway's nostro account
      // (GATEWAY_ADMIN), scheduled and executed after the delay; governance used one: admitting the gateway bank
      // (GATEWAY_BANK, a delayed grant), scheduled and executed.
      expect([cb.delayed, cb.transactions]).to.deep.equal([9, 9 * 2 + 5]);
      expect([op.delayed, op.transactions]).to.deep.equal([1, 28]);
      expect([board.delayed, board.transactions]).to.deep.equal([1, 2]);
      const manager = AccessManager__factory.connect(report.contracts.manager, hre.ethers.provider);
      const scheduled = (await manager.queryFilter(manager.filters.OperationScheduled())).filter(
        (e) => e.args.caller === cb.safe,
      );
      const executed = new Set(
        (await manager.queryFilter(manager.filters.OperationExecuted())).map((e) => e.args.operationId),
      );
      expect(scheduled).to.have.length(9);
      for (const e of scheduled) {
        expect(executed.has(e.args.operationId), e.args.operationId).to.equal(true);
        expect(await manager.getSchedule(e.args.operationId)).to.equal(0n);
      }
    });

    it("says in the narrative which Safe acted and which officers confirmed", () => {
      const issuance = report.steps.find((s) => s.title === "Issuance to five intermediary banks");
      const cb = report.safes[0];
      expect(issuance?.lines.join("\n")).to.contain(
        `National Bank of Kazakhstan acted through its 2-of-3 Safe ${cb.safe.slice(0, 6)}…${cb.safe.slice(-4)} ` +
          "(confirmed by NBK Governor and NBK Deputy Governor): ceilings scheduled, executed after the 2-day delay",
      );
      expect(renderTables(report)).to.contain(cb.safe);
    });
  });

  describe("when the report is written", () => {
    it("writes pilot.json with the same figures, amounts as decimal strings", () => {
      const files = writePilotReports(dir, report, ".");
      const json = JSON.parse(fs.readFileSync(path.resolve(files.json), "utf8")) as {
        supply: { totalSupply: string };
        invariants: { holds: boolean }[];
      };
      expect(json.supply.totalSupply).to.equal(report.supply.totalSupply.toString());
      expect(json.invariants.every((i) => i.holds)).to.equal(true);
    });

    it("writes a self-contained pilot.html with its charts inline and no external resource", () => {
      const files = writePilotReports(dir, report, ".");
      const html = fs.readFileSync(path.resolve(files.html), "utf8");
      expect(html.match(/<svg /g)?.length).to.be.greaterThanOrEqual(5);
      expect(html).not.to.match(/<script|<link|src="http|href="http|url\(http/i);
      expect(html).to.contain(`All ${report.invariants.length} invariants hold`);
      for (const bank of report.banks) expect(html).to.contain(bank.name);
    });

    it("prints the closing tables with every invariant", () => {
      const text = renderTables(report);
      for (const heading of [
        "Supply per bank",
        "VAT collected",
        "School lunches served",
        "Reserves",
        "Cross-border",
        "Offline settlement",
      ])
        expect(text).to.contain(heading);
      expect(text.match(/✓/g)?.length).to.equal(report.invariants.length);
    });
  });
});
