import { expect } from "chai";
import hre from "hardhat";
import { ethers } from "hardhat";
import {
  BaselineERC20Upgradeable__factory,
  BaselineERC20__factory,
  ERC1967Proxy__factory,
} from "../../typechain-types";
import { reservesBench } from "../../scripts/bench/reserves";
import type { Baselines } from "../../scripts/bench/types";

/** Runs the capability's BenchCase against baselines measured in the same run, and holds the transfer target. */
describe("Reserves bench @gas", () => {
  it("keeps the stablecoin transfer within 1.10x the upgradeable ERC-20 transfer, and reports mint, redeem, buy, sell", async () => {
    const [deployer, holder, other] = await ethers.getSigners();
    const plain = await new BaselineERC20__factory(deployer).deploy(holder.address, 10n ** 24n);
    await plain.connect(holder).transfer(other.address, 1n);
    const plainGas = (await (await plain.connect(holder).transfer(other.address, 1n)).wait())!.gasUsed;

    const implementation = await new BaselineERC20Upgradeable__factory(deployer).deploy();
    const init = implementation.interface.encodeFunctionData("initialize", [holder.address, 10n ** 24n]);
    const proxy = await new ERC1967Proxy__factory(deployer).deploy(await implementation.getAddress(), init);
    const upgradeable = BaselineERC20Upgradeable__factory.connect(await proxy.getAddress(), holder);
    await upgradeable.transfer(other.address, 1n);
    const upgradeableGas = (await (await upgradeable.transfer(other.address, 1n)).wait())!.gasUsed;

    const baselines: Baselines = { erc20Transfer: Number(plainGas), erc20UpgradeableTransfer: Number(upgradeableGas) };
    const rows = await reservesBench(hre, baselines);
    console.table(rows.map(({ name, gas, baselineGas, ratio, target }) => ({ name, gas, baselineGas, ratio, target })));
    expect(rows.map((r) => r.name)).to.deep.equal([
      "reserves.stable.transfer",
      "reserves.stable.mint",
      "reserves.stable.redeem",
      "reserves.gold.buy",
      "reserves.gold.sell",
    ]);
    const transfer = rows[0];
    expect(transfer.ratio).to.be.at.most(1.1);
  });
});
