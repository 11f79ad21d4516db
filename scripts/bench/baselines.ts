import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  BaselineERC20__factory,
  BaselineERC20Upgradeable__factory,
  ERC1967Proxy__factory,
  IERC20__factory,
} from "../../typechain-types";
import { tenge } from "../../src/money";
import { expectEffect, gasOf, rowAgainstUpgradeable, type Baselines, type BenchRow } from "./types";

/**
 * The amount every transfer-like bench moves (1 000 ₸ = 100 000 tiyn, three non-zero calldata bytes). Baselines
 * and DKZT rows use the same amount and the same sender/receiver addresses, so their calldata costs the same.
 */
export const BENCH_AMOUNT = tenge(1_000);

/** Minted to the baseline holder: as much as alice holds in the DKZT fixture. */
const BASELINE_SUPPLY = tenge(100_000);

/** Signer indexes of alice and bob in test/helpers/fixtures.ts: the baselines pay between the same addresses. */
const ALICE = 7;
const BOB = 8;

/**
 * Measure both ERC-20 baselines, compiled in this run: a transfer to an existing holder (sender and receiver
 * both hold a balance before and after), the second transfer from alice to bob, on
 * - OpenZeppelin's plain ERC20, and
 * - OpenZeppelin's ERC20Upgradeable behind OpenZeppelin's ERC1967Proxy (what DKZT is: a proxied ledger).
 */
export async function measureBaselines(hre: HardhatRuntimeEnvironment): Promise<Baselines> {
  const signers = await hre.ethers.getSigners();
  const [deployer, alice, bob] = [signers[0], signers[ALICE], signers[BOB]];

  const plain = await new BaselineERC20__factory(deployer).deploy(alice.address, BASELINE_SUPPLY);
  await plain.waitForDeployment();

  const implementation = await new BaselineERC20Upgradeable__factory(deployer).deploy();
  await implementation.waitForDeployment();
  const init = implementation.interface.encodeFunctionData("initialize", [alice.address, BASELINE_SUPPLY]);
  const proxy = await new ERC1967Proxy__factory(deployer).deploy(await implementation.getAddress(), init);
  await proxy.waitForDeployment();

  const measure = async (address: string, what: string): Promise<number> => {
    const token = IERC20__factory.connect(address, alice);
    // First transfer makes bob an existing holder; the second is the one measured.
    await gasOf(token.transfer(bob.address, BENCH_AMOUNT));
    const before = await token.balanceOf(bob.address);
    const gas = await gasOf(token.transfer(bob.address, BENCH_AMOUNT));
    expectEffect(`${what}: bob's balance`, await token.balanceOf(bob.address), before + BENCH_AMOUNT);
    return Number(gas);
  };

  return {
    erc20Transfer: await measure(await plain.getAddress(), "oz.erc20.transfer"),
    erc20UpgradeableTransfer: await measure(await proxy.getAddress(), "oz.erc20upgradeable.transfer"),
  };
}

/**
 * The baselines as rows, both against the upgradeable baseline (the comparison every DKZT row uses): the
 * upgradeable one has ratio 1 by construction, the plain one shows what the proxy costs.
 */
export function baselineRows(baselines: Baselines): BenchRow[] {
  return [
    rowAgainstUpgradeable("oz.erc20.transfer", baselines.erc20Transfer, baselines, {
      note: "OpenZeppelin ERC20, transfer to an existing holder (no proxy)",
    }),
    rowAgainstUpgradeable("oz.erc20upgradeable.transfer", baselines.erc20UpgradeableTransfer, baselines, {
      note: "OpenZeppelin ERC20Upgradeable behind ERC1967Proxy, transfer to an existing holder; ratio 1 against itself",
    }),
  ];
}
