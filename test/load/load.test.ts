import hre from "hardhat";
import { expect } from "chai";
import { id } from "ethers";
import { runLoad, type LoadRun } from "../../scripts/load/core";
import { buildPlan, expectedBalances, MAX_AMOUNT, MIN_AMOUNT, rotatingOrder, slicePlan } from "../../scripts/load/plan";
import { reconcile, type ReconcileInput } from "../../scripts/load/reconcile";
import { deserializeObservation, serializeObservation, TOKENS } from "../../scripts/load/report";
import { ProviderRpc } from "../../scripts/load/rpc";
import { settingsFromEnv } from "../../scripts/load/settings";
import { summary } from "../../scripts/load/summary";
import { LOAD_REPORT_KEYS } from "./reportKeys";

/** A clean observation of `payments` payments between `wallets` wallets: every payment applied exactly once. */
function cleanObservation(wallets: number, payments: number): ReconcileInput {
  const plan = buildPlan("reconcile-test", wallets, payments);
  const addresses = plan.wallets.map((w) => w.address);
  const initial = new Map(addresses.map((a) => [a.toLowerCase(), plan.initialBalance]));
  const sent = plan.payments.map((p) => ({
    seq: p.seq,
    from: addresses[p.from],
    to: addresses[p.to],
    amount: p.amount,
    hash: id(`tx ${p.seq}`),
  }));
  return {
    wallets: addresses,
    payments: sent,
    initial,
    receipts: sent.map((p, i) => ({ hash: p.hash, status: 1, blockNumber: 10 + i, gasUsed: 43_000n })),
    transfers: sent.map((p) => ({ txHash: p.hash, from: p.from, to: p.to, value: p.amount })),
    final: expectedBalances(addresses, plan.payments, initial),
  };
}

/** Checks shared by the synthetic and the measured observation: each tampering is caught and named. */
function shouldCatchTampering(observation: () => ReconcileInput): void {
  describe("when every payment has one successful receipt and one Transfer event", () => {
    it("reconciles with nothing lost, duplicated or off", () => {
      const result = reconcile(observation());
      expect(result).to.include({ lost: 0, duplicated: 0, unexpected: 0, reverted: 0, ok: true });
      expect(result.applied).to.equal(result.payments);
      expect(result.mismatches).to.deep.equal([]);
      expect(result.supplyDrift).to.equal(0n);
    });
  });

  describe("when a payment's receipt is dropped", () => {
    it("counts it lost", () => {
      const o = observation();
      const dropped = o.payments[3].hash.toLowerCase();
      const result = reconcile({ ...o, receipts: o.receipts.filter((r) => r.hash.toLowerCase() !== dropped) });
      expect(result).to.include({ lost: 1, duplicated: 0, ok: false });
      expect(result.applied).to.equal(result.payments - 1);
    });
  });

  describe("when a payment was never applied (no receipt, no event, balances unchanged by it)", () => {
    it("counts it lost and names both wallets' balances as off", () => {
      const o = observation();
      const p = o.payments[5];
      const final = new Map(o.final);
      final.set(p.from.toLowerCase(), (final.get(p.from.toLowerCase()) ?? 0n) + p.amount);
      final.set(p.to.toLowerCase(), (final.get(p.to.toLowerCase()) ?? 0n) - p.amount);
      const result = reconcile({
        ...o,
        receipts: o.receipts.filter((r) => r.hash !== p.hash),
        transfers: o.transfers.filter((t) => t.txHash !== p.hash),
        final,
      });
      expect(result).to.include({ lost: 1, duplicated: 0, ok: false });
      expect(result.mismatches.map((m) => m.account)).to.have.members([p.from.toLowerCase(), p.to.toLowerCase()]);
    });
  });

  describe("when a payment's receipt says reverted", () => {
    it("counts it lost and reverted", () => {
      const o = observation();
      const receipts = o.receipts.map((r, i) => (i === 0 ? { ...r, status: 0 } : r));
      expect(reconcile({ ...o, receipts })).to.include({ lost: 1, reverted: 1, ok: false });
    });
  });

  describe("when a payment's Transfer event is missing", () => {
    it("counts it lost", () => {
      const o = observation();
      const gone = o.payments[1].hash;
      expect(reconcile({ ...o, transfers: o.transfers.filter((t) => t.txHash !== gone) })).to.include({
        lost: 1,
        ok: false,
      });
    });
  });

  describe("when a payment's Transfer event appears twice", () => {
    it("counts it duplicated", () => {
      const o = observation();
      const result = reconcile({ ...o, transfers: [...o.transfers, { ...o.transfers[2] }] });
      expect(result).to.include({ lost: 0, duplicated: 1, ok: false });
    });
  });

  describe("when a payment is replayed in another transaction and applied again", () => {
    it("counts it duplicated and the balances as off", () => {
      const o = observation();
      const p = o.payments[4];
      const final = new Map(o.final);
      final.set(p.from.toLowerCase(), (final.get(p.from.toLowerCase()) ?? 0n) - p.amount);
      final.set(p.to.toLowerCase(), (final.get(p.to.toLowerCase()) ?? 0n) + p.amount);
      const replay = { txHash: id("replay"), from: p.from, to: p.to, value: p.amount };
      const result = reconcile({ ...o, transfers: [...o.transfers, replay], final });
      expect(result).to.include({ duplicated: 1, ok: false });
      expect(result.mismatches).to.have.length(2);
    });
  });

  describe("when a transfer no payment accounts for moves money between load wallets", () => {
    it("counts it unexpected", () => {
      const o = observation();
      const stray = { txHash: id("stray"), from: o.wallets[0], to: o.wallets[1], value: 1n };
      expect(reconcile({ ...o, transfers: [...o.transfers, stray] })).to.include({ unexpected: 1, ok: false });
    });
  });

  describe("when one final balance is off by one tiyn", () => {
    it("names that account with the expected and actual balance", () => {
      const o = observation();
      const account = o.wallets[2].toLowerCase();
      const expected = o.final.get(account) ?? 0n;
      const final = new Map(o.final);
      final.set(account, expected + 1n);
      const result = reconcile({ ...o, final });
      expect(result.ok).to.equal(false);
      expect(result.mismatches).to.deep.equal([{ account, expected, actual: expected + 1n }]);
      expect(result.supplyDrift).to.equal(1n);
    });
  });
}

describe("load test", () => {
  describe("plan", () => {
    it("is the same for the same seed and gives every wallet the same number of payments", () => {
      const a = buildPlan("seed", 7, 70);
      const b = buildPlan("seed", 7, 70);
      expect(a.payments).to.deep.equal(b.payments);
      expect(a.wallets.map((w) => w.address)).to.deep.equal(b.wallets.map((w) => w.address));
      for (let w = 0; w < 7; w++) expect(a.payments.filter((p) => p.from === w)).to.have.length(10);
    });

    it("never pays a wallet itself, stays within the amount bounds, and covers the largest outflow", () => {
      const plan = buildPlan("seed", 5, 500);
      for (const p of plan.payments) {
        expect(p.to).to.not.equal(p.from);
        expect(p.amount >= MIN_AMOUNT && p.amount <= MAX_AMOUNT).to.equal(true);
      }
      expect(plan.initialBalance >= plan.maxOutflow).to.equal(true);
    });

    it("slices by round: every payment in exactly one slice, in order, nonces re-based per slice", () => {
      const plan = buildPlan("seed", 4, 40);
      const slices = slicePlan(plan, 3);
      expect(slices).to.have.length(3);
      // 10 rounds in 3 slices: 3, 3 and 4 rounds of the 4 wallets (no slice more than one round off another).
      expect(slices.map((s) => s.payments.length)).to.deep.equal([12, 12, 16]);
      expect(slicePlan(plan, 6)).to.have.length(6);
      expect(slicePlan(plan, 20)).to.have.length(10);
      expect(slices.flatMap((s) => s.payments.map((p) => p.seq))).to.deep.equal(plan.payments.map((p) => p.seq));
      for (const slice of slices) {
        for (let w = 0; w < 4; w++) {
          const indexes = slice.payments.filter((p) => p.from === w).map((p) => p.index);
          expect(indexes).to.deep.equal(indexes.map((_, i) => i));
        }
      }
    });

    it("rotates the tokens' order per slice: over six slices each token holds each place and follows each other twice", () => {
      const order = rotatingOrder(["A", "B", "C"], 7);
      expect(order).to.deep.equal([
        ["A", "B", "C"],
        ["B", "C", "A"],
        ["C", "A", "B"],
        ["A", "C", "B"],
        ["C", "B", "A"],
        ["B", "A", "C"],
        ["A", "B", "C"],
      ]);
      const six = order.slice(0, 6);
      for (const token of ["A", "B", "C"]) {
        for (let place = 0; place < 3; place++) {
          expect(
            six.filter((slice) => slice[place] === token),
            `${token} in place ${place}`,
          ).to.have.length(2);
        }
        for (const next of ["A", "B", "C"].filter((t) => t !== token)) {
          const follows = six.filter((slice) => slice.join("").includes(`${token}${next}`));
          expect(follows, `${next} right after ${token}`).to.have.length(2);
        }
      }
    });

    it("keeps the wallets and draws other payments under another payment seed", () => {
      const main = buildPlan("seed", 5, 50);
      const warm = buildPlan("seed", 5, 50, "seed/warm-up");
      expect(warm.wallets.map((w) => w.address)).to.deep.equal(main.wallets.map((w) => w.address));
      expect(warm.payments.map((p) => p.amount)).to.not.deep.equal(main.payments.map((p) => p.amount));
    });
  });

  describe("reconciliation of a synthetic run", () => {
    shouldCatchTampering(() => cleanObservation(6, 60));
  });

  // @plain: it raises the block gas limit and mines by interval, which the coverage provider's fixed transaction
  // gas does not fit: it runs on uninstrumented bytecode (npm run test:plain).
  describe("a small run on the test's own node (200 payments per token, 20 wallets, three tokens) @plain", function () {
    let run: LoadRun;
    let snapshot: string;
    let blockGasLimit: string;

    before(async () => {
      const provider = hre.network.provider;
      snapshot = (await provider.request({ method: "evm_snapshot", params: [] })) as string;
      const latest = (await provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
        gasLimit: string;
      };
      blockGasLimit = latest.gasLimit;
      const settings = settingsFromEnv({
        LOAD_PAYMENTS: "200",
        LOAD_WALLETS: "20",
        LOAD_WARMUP: "20",
        LOAD_BLOCK_MS: "100",
        LOAD_PROGRESS: "false",
        LOAD_DEPLOYMENT_ID: "load-test",
      });
      run = await runLoad(hre, new ProviderRpc(provider), settings, () => undefined);
    });

    after(async () => {
      // Give the chain back as it was: automine, the block gas limit, the state.
      const provider = hre.network.provider;
      await provider.request({ method: "evm_setIntervalMining", params: [0] });
      await provider.request({ method: "evm_setAutomine", params: [true] });
      await provider.request({ method: "evm_setBlockGasLimit", params: [blockGasLimit] });
      await provider.request({ method: "evm_revert", params: [snapshot] });
      await provider.request({ method: "hardhat_setLoggingEnabled", params: [false] });
    });

    it("applies every payment exactly once on each of the three tokens, balances exact to the tiyn", () => {
      expect(run.report).to.include({ payments: 200, lost: 0, duplicated: 0 });
      expect(run.checks.warmUp).to.have.length(3);
      for (const check of [...TOKENS.map((token) => run.checks[token]), ...run.checks.warmUp]) {
        expect(check.ok, check.findings.join("; ")).to.equal(true);
      }
      for (const token of TOKENS) expect(run.checks[token].applied, token).to.equal(200);
      for (const observed of [run.dkzt, run.erc20, run.erc20Proxied]) {
        expect(observed.payments).to.have.length(200);
        expect(observed.transfers).to.have.length(200);
      }
      // The three tokens are three contracts, each with its own reconciled phase in the report.
      const phases = run.report.details.phases as Record<string, { token: string; reconciliation: { ok: boolean } }>;
      expect(Object.keys(phases)).to.deep.equal(["dkzt", "erc20", "erc20Proxied"]);
      expect(new Set(Object.values(phases).map((p) => p.token.toLowerCase())).size).to.equal(3);
      for (const phase of Object.values(phases)) expect(phase.reconciliation.ok).to.equal(true);
      const slices = (run.report.details.phases as Record<string, { slicePaymentsPerSec: number[] }>).dkzt;
      expect(slices.slicePaymentsPerSec).to.have.length(6);
    });

    it("writes the issue's keys first, in its order, then the proxied figures, with throughput figures", () => {
      expect(Object.keys(run.report)).to.deep.equal(LOAD_REPORT_KEYS);
      expect(run.report.dkztPerSec).to.be.greaterThan(0);
      expect(run.report.erc20PerSec).to.be.greaterThan(0);
      expect(run.report.erc20ProxiedPerSec).to.be.greaterThan(0);
      expect(run.report.details.erc20).to.match(/no proxy/);
      expect(run.report.details.erc20Proxied).to.match(/ERC1967Proxy/);
      expect(run.report.ratio).to.be.closeTo(run.report.dkztPerSec / run.report.erc20PerSec, 0.01);
      expect(run.report.ratioVsProxied).to.be.closeTo(run.report.dkztPerSec / run.report.erc20ProxiedPerSec, 0.01);
      // The target is judged on `ratio` (against the plain ERC-20), whatever the proxied figure says.
      expect(run.report.details.met).to.equal(run.report.ratio >= 0.9);
      expect(run.report.details.judgedOn).to.match(/^ratio: DKZT \/ plain ERC-20/);
    });

    it("runs six slices with the tokens' order rotating, so no token always goes first", () => {
      const order = String(run.report.details.order);
      expect(order).to.match(/^6 slices/);
      const slices = order.slice(order.indexOf(":") + 2).split(" | ");
      expect(slices).to.have.length(6);
      for (const slice of slices) expect(slice.split(", ").sort()).to.deep.equal(["DKZT", "ERC-20", "ERC-20 proxied"]);
      for (const token of ["DKZT", "ERC-20", "ERC-20 proxied"]) {
        expect(
          slices.filter((slice) => slice.split(", ")[0] === token),
          token,
        ).to.have.length(2);
      }
    });

    it("prints both ratios and says the target is judged on ratio", () => {
      const text = summary(run.report, 12.3, 0.9);
      expect(text).to.contain(`ratio               ${run.report.ratio.toFixed(3)} DKZT / plain ERC-20`);
      expect(text).to.contain(`ratio vs proxied    ${run.report.ratioVsProxied.toFixed(3)} DKZT / proxied ERC-20`);
      expect(text).to.contain(`ERC-20, proxied     ${run.report.erc20ProxiedPerSec.toFixed(1)} payments/s`);
      expect(text).to.match(/^target +judged on ratio \(DKZT \/ plain ERC-20/m);
      expect(text).to.contain(`(target >= 0.9: ${run.report.ratio >= 0.9 ? "met" : "MISSED"})`);
    });

    it("round-trips its observation through JSON unchanged", () => {
      const back = deserializeObservation(
        JSON.parse(JSON.stringify(serializeObservation(run.dkzt))) as ReturnType<typeof serializeObservation>,
      );
      expect(reconcile(back)).to.deep.equal(reconcile(run.dkzt));
    });

    describe("tampering with what the run observed on DKZT", () => {
      shouldCatchTampering(() => run.dkzt);
    });

    describe("tampering with what the run observed on the proxied ERC-20", () => {
      shouldCatchTampering(() => run.erc20Proxied);
    });
  });
});
