import hre from "hardhat";
import { ethers } from "hardhat";
import { MaxUint256, encodeBytes32String } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { actors, populate, ref, type Actors } from "../helpers/fixtures";
import {
  deployBridgedStablecoin,
  deployReserves,
  onboardReserves,
  type BridgedDeployment,
  type Reserves,
} from "../../src/reserves";
import type { LedgerSuite } from "../../src/suite";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { TestBridge__factory, type TestBridge } from "../../typechain-types";

/** The actors of the reserves capability, beside the suite's. */
export interface ReserveActors extends Actors {
  /** A licensed exchange: the stablecoin issuer (a business customer of bank A). */
  exchange: HardhatEthersSigner;
  stableCompliance: HardhatEthersSigner;
  rescuer: HardhatEthersSigner;
  bridgeAdmin: HardhatEthersSigner;
  /** The gold vault's custodian. */
  custodian: HardhatEthersSigner;
  /** Publishes the central bank's gold price. */
  priceFeed: HardhatEthersSigner;
  /** The treasury's DKZT account (government, bank A). */
  treasury: HardhatEthersSigner;
  /** A holder on an exchange, with no DKZT account. */
  trader: HardhatEthersSigner;
}

export type ReservesFixture = LedgerSuite & Reserves & ReserveActors;

/** Gold price used by the fixtures: 43 210.55 tenge per gram of fine gold, in tiyn. */
export const GOLD_MID = 4_321_055n;
/** Each side's spread at the desk in the fixtures, basis points (the deployment default). */
export const GOLD_SPREAD_BPS = 50n;

export const TAU_KEN = encodeBytes32String("TAU-KEN SAMRUK");
export const ALMATY_VAULT = encodeBytes32String("NBK-ALMATY-1");

/** A kilobar: 1 000 g gross at 999.9, fine 999.9 g; and a 100 g bar at 999.9, fine 99.99 g. */
export const KILOBAR = { serial: encodeBytes32String("KB-0001"), gross: 1_000_000n, fineness: 9_999n, fine: 999_900n };
export const BAR_100G = { serial: encodeBytes32String("SB-0100"), gross: 100_000n, fineness: 9_999n, fine: 99_990n };
export const SPARE_KILOBAR = {
  serial: encodeBytes32String("KB-0002"),
  gross: 1_000_000n,
  fineness: 9_999n,
  fine: 999_900n,
};

async function reserveActors(): Promise<ReserveActors> {
  const a = await actors();
  const [exchange, stableCompliance, rescuer, bridgeAdmin, custodian, priceFeed, treasury, trader] = a.spare;
  return {
    ...a,
    spare: a.spare.slice(8),
    exchange,
    stableCompliance,
    rescuer,
    bridgeAdmin,
    custodian,
    priceFeed,
    treasury,
    trader,
  };
}

/**
 * The Reserves module deployed (with the Ledger), the ledger populated, the stablecoin and gold desk onboarded as
 * SystemContract accounts; the exchange (business tier) holds 5 000 000 ₸, the treasury (unlimited) 1 000 000 ₸,
 * the merchant 5 000 000 ₸; nothing minted yet.
 */
export async function reservesDeployed(): Promise<ReservesFixture> {
  const a = await reserveActors();
  const deployed = await deployReserves(
    hre,
    {
      CENTRAL_BANK: a.centralBank.address,
      OPERATOR: a.operator.address,
      COMPLIANCE: a.compliance.address,
      GOVERNANCE: a.governance.address,
    },
    {
      STABLE_ISSUER: a.exchange.address,
      STABLE_COMPLIANCE: a.stableCompliance.address,
      STABLE_RESCUER: a.rescuer.address,
      BRIDGE_ADMIN: a.bridgeAdmin.address,
      GOLD_CUSTODIAN: a.custodian.address,
      GOLD_PRICE_FEED: a.priceFeed.address,
    },
    { treasury: a.treasury.address },
  );
  const f = await populate({ ...deployed, ...a });
  await onboardReserves(f, f.operator, f);
  const { ledger, centralBank, bankA } = f;
  await ledger.connect(centralBank).setIssuanceCeiling(bankA.address, tenge(100_000_000));
  await ledger.connect(centralBank).issue(bankA.address, tenge(20_000_000), ref("RSV-A-2"));
  await ledger
    .connect(bankA)
    .onboardCustomer(a.exchange.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-exchange"));
  await ledger
    .connect(bankA)
    .onboardCustomer(a.treasury.address, AccountKind.Government, Tier.UNLIMITED, ref("treasury"));
  // The issuer mandates the stablecoin to take its deposits (ledger module mandates), as a deployment's issuer does.
  await ledger.connect(a.exchange).setModuleMandate(await f.stablecoin.getAddress(), true);
  await ledger.connect(bankA).transfer(a.exchange.address, tenge(5_000_000));
  await ledger.connect(bankA).transfer(a.treasury.address, tenge(1_000_000));
  await ledger.connect(bankA).transfer(a.merchant.address, tenge(5_000_000));
  return f;
}

/**
 * {reservesDeployed}, then the exchange mints 1 000 000 KZTE: 100 000 to alice, 50 000 to the trader (an exchange
 * customer without a DKZT account), the rest to itself.
 * Built on {reservesDeployed} restored from its snapshot (loadFixture), not deployed again: call it through loadFixture,
 * or first thing in another fixture.
 */
export async function stablecoinIssued(): Promise<ReservesFixture> {
  const f = await loadFixture(reservesDeployed);
  const issuer = f.stablecoin.connect(f.exchange);
  await issuer.mint(f.alice.address, tenge(100_000));
  await issuer.mint(f.trader.address, tenge(50_000));
  await issuer.mint(f.exchange.address, tenge(850_000));
  return f;
}

/**
 * A second chain's stablecoin (its own authority) and a test bridge with a 300 000 limit (a day, each way) on both
 * chains; the bridge's users (alice, bob, carol, the exchange, the trader) approved it on both chains, as a wallet
 * does before a crosschain send: a bridge burns only what a holder handed it.
 */
export interface BridgedFixture extends ReservesFixture {
  remote: BridgedDeployment;
  bridge: TestBridge;
}

export const BRIDGE_LIMIT = tenge(300_000);

/** {stablecoinIssued} (restored from its snapshot, as there), then {BridgedFixture}'s second chain and bridge. */
export async function stablecoinBridged(): Promise<BridgedFixture> {
  const f = await loadFixture(stablecoinIssued);
  const remote = await deployBridgedStablecoin(hre, {
    STABLE_COMPLIANCE: f.stableCompliance.address,
    STABLE_RESCUER: f.rescuer.address,
    BRIDGE_ADMIN: f.bridgeAdmin.address,
    GUARDIAN: f.guardian.address,
    GOVERNANCE: f.governance.address,
  });
  const bridge = await new TestBridge__factory(f.deployer).deploy();
  await f.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(await bridge.getAddress(), BRIDGE_LIMIT);
  await remote.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(await bridge.getAddress(), BRIDGE_LIMIT);
  for (const user of [f.alice, f.bob, f.carol, f.exchange, f.trader]) {
    await f.stablecoin.connect(user).approve(await bridge.getAddress(), MaxUint256);
    await remote.stablecoin.connect(user).approve(await bridge.getAddress(), MaxUint256);
  }
  return { ...f, remote, bridge };
}

/**
 * {reservesDeployed}, then the gold side: alice holds 1 000 000 ₸ and the merchant 60 000 000 ₸; the price published now, three bars attested (a kilobar and a 100 g
 * bar minted to the desk, a spare kilobar only attested), the treasury's buy-back allowance to the desk
 * (10 000 000 ₸), and alice and the merchant approve the desk on the gold token and give it their ledger mandate.
 * Built on {reservesDeployed} restored from its snapshot (loadFixture), not deployed again: call it through loadFixture,
 * or first thing in another fixture.
 */
export async function goldStocked(): Promise<ReservesFixture & GoldIds> {
  return stockGold(await loadFixture(reservesDeployed));
}

/** The ids of the fixture's bars. */
export interface GoldIds {
  kilobarId: string;
  bar100Id: string;
  spareId: string;
}

/** The gold side of {goldStocked}, on any reserves fixture. */
export async function stockGold<T extends ReservesFixture>(f: T): Promise<T & GoldIds> {
  const custodian = f.gold.connect(f.custodian);
  const ids: string[] = [];
  for (const bar of [KILOBAR, BAR_100G, SPARE_KILOBAR]) {
    await custodian.addBar(bar.serial, TAU_KEN, ALMATY_VAULT, bar.gross, bar.fineness, bar.fine);
    ids.push(await f.gold.barIdOf(TAU_KEN, bar.serial));
  }
  const deskAddress = await f.desk.getAddress();
  // Buyers: alice up to her standard tier (1 000 000 ₸ in all), the merchant enough for more than a kilobar.
  await f.ledger.connect(f.centralBank).issue(f.bankA.address, tenge(60_000_000), ref("RSV-A-3"));
  await f.ledger.connect(f.bankA).transfer(f.alice.address, tenge(900_000));
  await f.ledger.connect(f.bankA).transfer(f.merchant.address, tenge(55_000_000));
  await custodian.mintAgainstBar(ids[0], deskAddress);
  await custodian.mintAgainstBar(ids[1], deskAddress);
  await f.desk.connect(f.priceFeed).publishPrice(GOLD_MID, await time.latest());
  await f.ledger.connect(f.treasury).approve(deskAddress, tenge(10_000_000));
  await f.gold.connect(f.alice).approve(deskAddress, MaxUint256);
  await f.gold.connect(f.merchant).approve(deskAddress, MaxUint256);
  // Buyers mandate the desk to take their payments (ledger module mandates), as a resident does before buying.
  await f.ledger.connect(f.alice).setModuleMandate(deskAddress, true);
  await f.ledger.connect(f.merchant).setModuleMandate(deskAddress, true);
  return { ...f, kilobarId: ids[0], bar100Id: ids[1], spareId: ids[2] };
}

export { ref, ethers };
