/**
 * Deploy, load and set up the cross-border capability: the SWIFT gateway, PvP settlement and hashed time locks
 * on DKZT, and a foreign central bank's CBDC (a second ledger instance with its own authority) with its
 * end-of-day sweep. Tests, tasks and the bench all go through here.
 */
import { loadDeployment } from "../deployment";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { ZeroAddress, encodeBytes32String, type Signer } from "ethers";
import {
  AccessManager__factory,
  DigitalTenge__factory,
  ForeignCbdcSweep__factory,
  HashedTimelock__factory,
  IssuanceDesk__factory,
  PvPSettlement__factory,
  SwiftGateway__factory,
} from "../../typechain-types";
import type {
  AccessManager,
  DigitalTenge,
  ForeignCbdcSweep,
  HashedTimelock,
  PvPSettlement,
  SwiftGateway,
} from "../../typechain-types";
import { CrossBorderWithSuite } from "../../ignition/modules/CrossBorder";
import { LEDGER_PARTIES, type LedgerParty } from "../roles";
import { configureTiers, suiteParameters, type RoleHolders, type CoreSuite as Suite } from "../suite";
import { AccountKind, Tier, type TierSpec } from "../tiers";
import { UNLIMITED } from "../money";
import { currencyToBytes3 } from "./iso20022";
import { ignitionConfig } from "../ignition";
import { accountOf } from "../accounts";

/** The cross-border contracts and the foreign CBDC, typed. */
export interface CrossBorder {
  foreignManager: AccessManager;
  foreignLedger: DigitalTenge;
  gateway: SwiftGateway;
  pvp: PvPSettlement;
  htlc: HashedTimelock;
  sweep: ForeignCbdcSweep;
}
export type CrossBorderSuite = Suite & CrossBorder;

/** Who holds the foreign central bank's roles over its CBDC. */
export type ForeignHolders = Record<LedgerParty, string>;

export interface CrossBorderOptions {
  deploymentId?: string;
  /** Execution delay of both ledgers' delayed grants (default 0). */
  executionDelay?: number;
  /** The gateway's settlement currency (ISO 4217, default "KZT"). */
  settlementCurrency?: string;
  /** Seconds the second HTLC leg must end before the first (default 6 hours). */
  safetyMargin?: number;
}

/** A tier id the foreign central bank gives banks that hold its CBDC from abroad. */
export const FOREIGN_BANK_TIER = 5;

/**
 * The foreign central bank's tier table in this suite's examples (minor units: fen). Tier 5 is its limit on how
 * much of its CBDC a foreign bank may hold: the ledger enforces it on every path, PvP settlement included.
 */
export const FOREIGN_TIERS: readonly TierSpec[] = [
  { id: 1, name: "standard", holdingLimit: 5_000_000n, dailyLimit: 2_000_000n },
  { id: FOREIGN_BANK_TIER, name: "foreign-participant-bank", holdingLimit: 100_000_000n, dailyLimit: UNLIMITED },
  { id: Tier.UNLIMITED, name: "unlimited", holdingLimit: UNLIMITED, dailyLimit: UNLIMITED },
];

/** Ignition parameters for the suite, the foreign ledger and cross-border. */
export function crossBorderParameters(holders: RoleHolders, foreign: ForeignHolders, options: CrossBorderOptions = {}) {
  const delay = options.executionDelay ?? 0;
  return {
    ...suiteParameters(holders, delay),
    ForeignLedger: {
      ...Object.fromEntries(LEDGER_PARTIES.map((party) => [party, foreign[party]])),
      EXECUTION_DELAY: delay,
    },
    CrossBorder: {
      settlementCurrency: currencyToBytes3(options.settlementCurrency ?? "KZT"),
      safetyMargin: options.safetyMargin ?? 6 * 60 * 60,
    },
  };
}

/** Deploy the suite with cross-border (resumable, like deploySuite) and return typed contracts. */
export async function deployCrossBorder(
  hre: HardhatRuntimeEnvironment,
  holders: RoleHolders,
  foreign: ForeignHolders,
  options: CrossBorderOptions = {},
): Promise<CrossBorderSuite> {
  const d = await hre.ignition.deploy(CrossBorderWithSuite, {
    parameters: crossBorderParameters(holders, foreign, options),
    deploymentId: options.deploymentId,
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await d.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await d.ledger.getAddress(), runner),
    desk: IssuanceDesk__factory.connect(await d.desk.getAddress(), runner),
    foreignManager: AccessManager__factory.connect(await d.foreignManager.getAddress(), runner),
    foreignLedger: DigitalTenge__factory.connect(await d.foreignLedger.getAddress(), runner),
    gateway: SwiftGateway__factory.connect(await d.gateway.getAddress(), runner),
    pvp: PvPSettlement__factory.connect(await d.pvp.getAddress(), runner),
    htlc: HashedTimelock__factory.connect(await d.htlc.getAddress(), runner),
    sweep: ForeignCbdcSweep__factory.connect(await d.sweep.getAddress(), runner),
  };
}

/** The cross-border contracts of the suite deployed on this network (src/deployment.ts loadDeployment). */
export async function loadCrossBorder(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<CrossBorder> {
  return loadDeployment(hre, "crossBorder", { deploymentId, runner });
}

/**
 * `holder` mandates `module` on `ledger` unless it has already: the ledger lets a module debit only itself or an
 * account that mandated it. What a customer does before its first outbound payment through the gateway (or its bank
 * does for it: `setCustomerMandate`), a bank before it funds PvP legs or locks, a gateway bank before its first
 * inbound credit, a foreign bank before it accepts the sweep. Returns whether it granted the mandate now.
 */
export async function ensureMandate(ledger: DigitalTenge, holder: Signer, module: string): Promise<boolean> {
  if (await ledger.hasMandate(await holder.getAddress(), module)) return false;
  await (await ledger.connect(holder).setModuleMandate(module, true)).wait();
  return true;
}

/** The foreign central bank defines its tier table. */
export async function configureForeignLedger(foreignLedger: DigitalTenge, foreignCentralBank: Signer): Promise<void> {
  await configureTiers(foreignLedger, foreignCentralBank, FOREIGN_TIERS);
}

/** `ledger`'s operator opens `account` as a SystemContract account (unlimited tier), unless it is open already. */
async function onboardModule(ledger: DigitalTenge, by: Signer, account: string, name: string): Promise<void> {
  if ((await accountOf(ledger, account)).registered) return; // the whole Suite opens the DKZT ones at genesis
  await (
    await ledger
      .connect(by)
      .onboardParticipant(account, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, encodeBytes32String(name))
  ).wait();
}

/**
 * The foreign operator onboards PvP, the hashed time locks and the end-of-day sweep on the foreign ledger
 * (SystemContract accounts, unlimited tier): its ledger, its decision, so no deployment of ours does it. The
 * foreign tier table must define tier 6. All a whole-Suite deployment leaves to do for cross-border.
 */
export async function onboardCrossBorderAbroad(s: CrossBorder, foreignOperator: Signer): Promise<void> {
  const [pvp, htlc, sweep] = await Promise.all([s.pvp, s.htlc, s.sweep].map((c) => c.getAddress()));
  await onboardModule(s.foreignLedger, foreignOperator, pvp, "PVP-SETTLEMENT");
  await onboardModule(s.foreignLedger, foreignOperator, htlc, "HTLC");
  await onboardModule(s.foreignLedger, foreignOperator, sweep, "EOD-SWEEP");
}

/**
 * Each ledger's operator onboards the cross-border contracts as SystemContract accounts (unlimited tier, no bank
 * of record), and the NBK's operator lists both ledgers for PvP and HTLC: for deployments made module by module
 * (the whole Suite's genesis does the NBK's part). Both tier tables must define tier 6.
 */
export async function onboardCrossBorder(
  s: CrossBorderSuite,
  operator: Signer,
  foreignOperator: Signer,
): Promise<void> {
  const [gateway, pvp, htlc] = await Promise.all([s.gateway, s.pvp, s.htlc].map((c) => c.getAddress()));
  await onboardModule(s.ledger, operator, gateway, "SWIFT-GATEWAY");
  await onboardModule(s.ledger, operator, pvp, "PVP-SETTLEMENT");
  await onboardModule(s.ledger, operator, htlc, "HTLC");
  await onboardCrossBorderAbroad(s, foreignOperator);
  for (const contract of [s.pvp, s.htlc]) {
    await (await contract.connect(operator).setLedgerSupported(await s.ledger.getAddress(), true)).wait();
    await (await contract.connect(operator).setLedgerSupported(await s.foreignLedger.getAddress(), true)).wait();
  }
}
