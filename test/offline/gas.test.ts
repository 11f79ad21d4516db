import hre from "hardhat";
import { expect } from "chai";
import { measureBaselines, offlineBenchScenario, BENCH_SHAPE } from "../../scripts/bench/offline";
import { outcomesOf } from "../../src/offline";

describe("OfflinePurses: gas (issue 7 target) @gas", () => {
  it("redeems a batch of 100 cheques (15 purses, 30 payees) at <= 0.6x an upgradeable ERC-20 transfer per cheque", async () => {
    const baselines = await measureBaselines(hre);
    const scenario = await offlineBenchScenario(hre, BENCH_SHAPE);
    const { offline, batch, redeemer } = scenario;
    const receipt = (await (
      await offline.connect(redeemer).redeemBatch(batch.purses, batch.payees, batch.cheques)
    ).wait())!;
    const outcomes = outcomesOf(receipt, offline);
    expect(outcomes.filter((o) => o.paid)).to.have.length(BENCH_SHAPE.cheques);
    const perCheque = Number(receipt.gasUsed) / BENCH_SHAPE.cheques;
    console.log(
      `      offline.redeem.batch100: ${perCheque} gas per cheque, baseline ${baselines.erc20UpgradeableTransfer}, ` +
        `ratio ${(perCheque / baselines.erc20UpgradeableTransfer).toFixed(4)}`,
    );
    expect(perCheque).to.be.lte(0.6 * baselines.erc20UpgradeableTransfer);
  });
});
