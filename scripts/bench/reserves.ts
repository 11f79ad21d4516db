import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { MaxUint256, ZeroHash, encodeBytes32String } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import { rowAgainstUpgradeable, type BenchCase, type BenchRow } from "./types";
import { configureTiers, onboardBank } from "../../src/suite";
import { deployReserves, onboardReserves } from "../../src/reserves";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("no receipt");
  return receipt.gasUsed;
}

/**
 * Reserve-backed assets: the stablecoin's transfer (target <= 1.10 x the upgradeable ERC-20 transfer), mint and
 * redeem, and the gold desk's buy and sell. Deploys its own suite and reserves on the embedded chain.
 */
export const reservesBench: BenchCase = async (hre: HardhatRuntimeEnvironment, baselines) => {
  const s = await hre.ethers.getSigners();
  const [, governance, centralBank, operator, compliance, bank, alice, bob, exchange, treasury, custodian, priceFeed] =
    s;
  const r = await deployReserves(
    hre,
    {
      CENTRAL_BANK: centralBank.address,
      OPERATOR: operator.address,
      COMPLIANCE: compliance.address,
      GOVERNANCE: governance.address,
    },
    {
      STABLE_ISSUER: exchange.address,
      STABLE_COMPLIANCE: compliance.address,
      STABLE_RESCUER: governance.address,
      BRIDGE_ADMIN: governance.address,
      GOLD_CUSTODIAN: custodian.address,
      GOLD_PRICE_FEED: priceFeed.address,
    },
    { treasury: treasury.address },
  );
  const { ledger, stablecoin, gold, desk } = r;
  await configureTiers(ledger, centralBank);
  await onboardBank(r, operator, bank.address, Tier.UNLIMITED, encodeBytes32String("BENCH-BANK"));
  await onboardReserves(r, operator, r);
  await ledger.connect(centralBank).setIssuanceCeiling(bank.address, tenge(100_000_000));
  await ledger.connect(centralBank).issue(bank.address, tenge(50_000_000), encodeBytes32String("BENCH-RSV-1"));
  for (const [who, kind, tier] of [
    [alice, AccountKind.Individual, Tier.STANDARD],
    [bob, AccountKind.Individual, Tier.STANDARD],
    [exchange, AccountKind.Merchant, Tier.BUSINESS],
    [treasury, AccountKind.Government, Tier.UNLIMITED],
  ] as const) {
    await ledger.connect(bank).onboardCustomer(who.address, kind, tier, ZeroHash);
  }
  await ledger.connect(bank).transfer(exchange.address, tenge(10_000_000));
  await ledger.connect(bank).transfer(alice.address, tenge(1_000_000));
  await ledger.connect(bank).transfer(treasury.address, tenge(1_000_000));

  // Module mandates, as holders give them: the issuer to the stablecoin, the gold buyer to the desk.
  await ledger.connect(exchange).setModuleMandate(await stablecoin.getAddress(), true);
  await ledger.connect(alice).setModuleMandate(await desk.getAddress(), true);

  // Stablecoin: warm both holders, as the baseline transfers to an existing holder.
  await stablecoin.connect(exchange).mint(alice.address, tenge(100_000));
  await stablecoin.connect(exchange).mint(bob.address, tenge(1));
  const transfer = await gasOf(stablecoin.connect(alice).transfer(bob.address, tenge(10)));
  const mint = await gasOf(stablecoin.connect(exchange).mint(alice.address, tenge(1_000)));
  const redeem = await gasOf(stablecoin.connect(alice).redeem(tenge(1_000), alice.address));

  // Gold: a kilobar minted to the desk, a price, the treasury's allowance, alice's approval.
  const refiner = encodeBytes32String("TAU-KEN SAMRUK");
  const serial = encodeBytes32String("BENCH-1");
  await gold
    .connect(custodian)
    .addBar(serial, refiner, encodeBytes32String("NBK-ALMATY-1"), 1_000_000n, 9_999n, 999_900n);
  await gold.connect(custodian).mintAgainstBar(await gold.barIdOf(refiner, serial), await desk.getAddress());
  const latest = await hre.ethers.provider.getBlock("latest");
  await desk.connect(priceFeed).publishPrice(4_321_055n, latest!.timestamp);
  await ledger.connect(treasury).approve(await desk.getAddress(), tenge(10_000_000));
  await gold.connect(alice).approve(await desk.getAddress(), MaxUint256);
  await desk.connect(alice).buy(1_000_000n, MaxUint256); // alice already holds gold for the measured buy
  const buy = await gasOf(desk.connect(alice).buy(2_000_000n, MaxUint256));
  const sell = await gasOf(desk.connect(alice).sell(1_000_000n, 0n));

  const rows: BenchRow[] = [
    rowAgainstUpgradeable("reserves.stable.transfer", transfer, baselines, {
      target: 1.1,
      note: "KZTE transfer to an existing holder; blacklist flag packed in the balance word, pause checked",
    }),
    rowAgainstUpgradeable("reserves.stable.mint", mint, baselines, {
      note: "issuer deposits DKZT (ledger moduleTransfer) and mints 1:1",
    }),
    rowAgainstUpgradeable("reserves.stable.redeem", redeem, baselines, {
      note: "holder burns, reserve pays DKZT to its ledger account",
    }),
    rowAgainstUpgradeable("reserves.gold.buy", buy, baselines, {
      note: "2 g: DKZT buyer -> treasury, gold desk -> buyer (holder checks)",
    }),
    rowAgainstUpgradeable("reserves.gold.sell", sell, baselines, {
      note: "1 g: gold seller -> desk, DKZT treasury -> seller (allowance)",
    }),
  ];
  return rows;
};

export default reservesBench;
