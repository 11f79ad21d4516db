import { expect } from "chai";
import hre from "hardhat";
import { BENCH_CASES } from "../../scripts/bench/index";
import { ledgerBench } from "../../scripts/bench/ledger";
import { runBench, type BenchResult } from "../../scripts/bench/run";
import {
  USDC_GAS,
  gasOf,
  rowAgainstUpgradeable,
  rowWithAbsoluteTarget,
  verdict,
  type BenchCase,
  type Baselines,
} from "../../scripts/bench/types";
import { fundedLedger } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";

const LEDGER_ROWS = [
  "dkzt.transfer",
  "dkzt.permit",
  "dkzt.transferFrom",
  "dkzt.transferWithAuthorization",
  "dkzt.issue",
  "dkzt.redeem",
  "dkzt.redeemToNonCash",
  "dkzt.moduleTransfer",
  "dkzt.moduleRedeem",
];

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * Targets the suite misses today, each reported in its issue's closing note with what it would take:
 * payments.invoice.vat (issue 3) is 2.07x against 1.8x: one ledger split (moduleSplit: payer -> merchant net and
 * payer -> budget VAT), a signed invoice and its nonce already cost 69,500 gas in storage, calls, signature and
 * events before any code runs (docs/payments.md, Gas: what is left). A fix shows up here as a failure of "still
 * misses only ...", so the list is kept true.
 */
const KNOWN_MISSES: string[] = ["payments.invoice.vat"];

describe("bench @gas", () => {
  describe("row helpers", () => {
    const baselines: Baselines = { erc20Transfer: 34_000, erc20UpgradeableTransfer: 40_000 };

    it("computes the ratio against the upgradeable baseline, to 4 decimals", () => {
      expect(rowAgainstUpgradeable("x", 43_999n, baselines)).to.deep.equal({
        name: "x",
        gas: 43_999,
        baseline: "oz.erc20upgradeable.transfer",
        baselineGas: 40_000,
        ratio: 1.1,
      });
    });

    it("expresses an absolute target as a ratio and names it in the note", () => {
      const row = rowWithAbsoluteTarget("y", 50_000, baselines, { label: "USDC", gas: USDC_GAS.transferFrom }, "z");
      expect(row.target).to.equal(1.3323);
      expect(row.note).to.equal("USDC: 53,292; z");
    });

    it("judges an absolute target to the gas, not to the rounded ratio", () => {
      const usdc = { label: "USDC", gas: USDC_GAS.transferFrom };
      expect(verdict(rowWithAbsoluteTarget("y", USDC_GAS.transferFrom - 1, baselines, usdc))).to.equal("PASS");
      expect(verdict(rowWithAbsoluteTarget("y", USDC_GAS.transferFrom + 1, baselines, usdc))).to.equal("MISS");
    });

    it("judges a ratio target inclusively and leaves report-only rows unjudged", () => {
      expect(verdict(rowAgainstUpgradeable("t", 44_000, baselines, { target: 1.1 }))).to.equal("PASS");
      expect(verdict(rowAgainstUpgradeable("t", 44_001, baselines, { target: 1.1 }))).to.equal("MISS");
      expect(verdict(rowAgainstUpgradeable("t", 99_999, baselines))).to.equal("-");
    });
  });

  describe("gasOf", () => {
    it("rejects when the measured transaction reverts", async () => {
      const { ledger, stranger, bob } = await fundedLedger();
      await expectRejected(
        ledger,
        [stranger, bob],
        () => gasOf(ledger.connect(stranger).transfer(bob.address, 1n, { gasLimit: 200_000 })),
        (attempt) =>
          expect(attempt).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
      );
    });
  });

  describe("a run of every case", () => {
    let first: BenchResult;

    before(async () => {
      first = await runBench(hre, BENCH_CASES);
    });

    it("measures without failures", () => {
      expect(first.failures).to.deep.equal([]);
    });

    it("reports both baselines as rows against the upgradeable one", () => {
      const [plain, upgradeable] = first.rows;
      expect(plain.name).to.equal("oz.erc20.transfer");
      expect(upgradeable).to.include({ name: "oz.erc20upgradeable.transfer", ratio: 1 });
      // The proxy costs something: a delegatecall and the implementation slot read.
      expect(plain.gas).to.be.greaterThan(21_000).and.lessThan(upgradeable.gas);
      expect(upgradeable.gas).to.equal(first.baselines.erc20UpgradeableTransfer);
    });

    it("reports every ledger row once, with a consistent ratio", () => {
      const names = first.rows.map((row) => row.name);
      expect(names).to.include.members(LEDGER_ROWS);
      expect(new Set(names).size).to.equal(names.length);
      for (const row of first.rows) {
        expect(row.baselineGas, row.name).to.equal(first.baselines.erc20UpgradeableTransfer);
        expect(row.ratio, row.name).to.equal(round4(row.gas / row.baselineGas));
      }
    });

    it("meets every target the issue sets", () => {
      const judged = first.rows.filter((row) => row.target !== undefined);
      // Every row an issue gives a target (the capabilities' rows join as their cases are registered).
      expect(judged.map((row) => row.name)).to.include.members([
        "dkzt.transfer",
        "dkzt.transferFrom",
        "dkzt.permit",
        "dkzt.transferWithAuthorization",
        "reserves.stable.transfer",
        "offline.redeem.batch100",
        "programs.lunch.batch200",
        "payments.invoice.vat",
      ]);
      for (const row of judged.filter((r) => !KNOWN_MISSES.includes(r.name)))
        expect(verdict(row), `${row.name}: ${row.gas} gas, ratio ${row.ratio}`).to.equal("PASS");
    });

    it("still misses only the targets the open issues say it misses", () => {
      const missed = first.rows.filter((row) => row.target !== undefined && verdict(row) === "MISS");
      expect(missed.map((row) => row.name)).to.deep.equal(KNOWN_MISSES);
    });

    it("gives the same figures when run again (deterministic, chain left as found)", async () => {
      const again = await runBench(hre, BENCH_CASES);
      expect(again.rows).to.deep.equal(first.rows);
    });
  });

  describe("when a case fails", () => {
    it("records the failure by case name and still runs the other cases", async () => {
      const brokenCase: BenchCase = async () => {
        throw new Error("boom");
      };
      const result = await runBench(hre, [brokenCase, ledgerBench]);
      expect(result.failures).to.deep.equal(["brokenCase: boom"]);
      expect(result.rows.map((row) => row.name)).to.include.members(LEDGER_ROWS);
    });

    it("records duplicate row names", async () => {
      const twice: BenchCase = async (_hre, baselines) => [
        rowAgainstUpgradeable("dup", 1, baselines),
        rowAgainstUpgradeable("dup", 2, baselines),
      ];
      const result = await runBench(hre, [twice]);
      expect(result.failures).to.deep.equal(["duplicate row name dup"]);
    });
  });
});
