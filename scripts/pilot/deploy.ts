/**
 * The pilot's deployment, behind one function: the ledger suite and every capability's Ignition module, composed
 * into one Ignition module so that they share one authority and one ledger (on the embedded network each
 * `ignition.deploy` is ephemeral, so deploying the capability modules one by one would give each its own ledger).
 * When src/suite.ts `deploySuite` composes every capability, `deployPilotSuite` becomes a one-line call to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import {
  AccessManager__factory,
  CardGateway__factory,
  DigitalTenge__factory,
  ForeignCbdcSweep__factory,
  GoldDesk__factory,
  GoldToken__factory,
  HashedTimelock__factory,
  IssuanceDesk__factory,
  MerchantPayments__factory,
  OfflinePurses__factory,
  PvPSettlement__factory,
  ReserveStablecoin__factory,
  SwiftGateway__factory,
} from "../../typechain-types";
import type {
  AccessManager,
  CardGateway,
  DigitalTenge,
  ForeignCbdcSweep,
  GoldDesk,
  GoldToken,
  HashedTimelock,
  MerchantPayments,
  OfflinePurses,
  PvPSettlement,
  ReserveStablecoin,
  SwiftGateway,
} from "../../typechain-types";
import SuiteModule from "../../ignition/modules/Suite";
import PaymentsModule from "../../ignition/modules/Payments";
import ProgramsModule from "../../ignition/modules/Programs";
import ReservesModule from "../../ignition/modules/Reserves";
import CrossBorderModule from "../../ignition/modules/CrossBorder";
import OfflineModule from "../../ignition/modules/Offline";
import { connectPrograms, type ProgramsSuite } from "../../src/programs/deploy";
import { crossBorderParameters, type ForeignHolders } from "../../src/crossborder/suite";
import { DEFAULT_OFFLINE_LIMITS } from "../../src/offline/limits";
import { RESERVE_HELD_ROLES, type ReserveHolders } from "../../src/reserves";
import type { RoleHolders, Suite } from "../../src/suite";

/** Networks that mine each transaction at once. */
const LOCAL = ["hardhat", "localhost"];

/** Every module of the suite, on one authority and one ledger. */
export const PilotSuiteModule = buildModule("PilotSuite", (m) => {
  const suite = m.useModule(SuiteModule);
  const payments = m.useModule(PaymentsModule);
  const programs = m.useModule(ProgramsModule);
  const reserves = m.useModule(ReservesModule);
  const crossBorder = m.useModule(CrossBorderModule);
  const offline = m.useModule(OfflineModule);
  return {
    manager: suite.manager,
    ledger: suite.ledger,
    desk: suite.desk,
    payments: payments.payments,
    cards: payments.cards,
    merchantCategories: programs.merchantCategories,
    guardianRules: programs.guardianRules,
    purposePrograms: programs.purposePrograms,
    markedPrograms: programs.markedPrograms,
    moveToEarn: programs.moveToEarn,
    stablecoin: reserves.stablecoin,
    gold: reserves.gold,
    goldDesk: reserves.desk,
    foreignManager: crossBorder.foreignManager,
    foreignLedger: crossBorder.foreignLedger,
    gateway: crossBorder.gateway,
    pvp: crossBorder.pvp,
    htlc: crossBorder.htlc,
    sweep: crossBorder.sweep,
    offline: offline.offline,
  };
});

/** The whole suite, typed. */
export interface PilotSuite extends Suite, ProgramsSuite {
  payments: MerchantPayments;
  cards: CardGateway;
  stablecoin: ReserveStablecoin;
  gold: GoldToken;
  goldDesk: GoldDesk;
  foreignManager: AccessManager;
  foreignLedger: DigitalTenge;
  gateway: SwiftGateway;
  pvp: PvPSettlement;
  htlc: HashedTimelock;
  sweep: ForeignCbdcSweep;
  offline: OfflinePurses;
}

/** Who the deployment names: the suite's parties, the capabilities' role holders and the foreign central bank's. */
export interface PilotHolders {
  suite: RoleHolders;
  taxAuthority: string;
  moveToEarnSponsor: string;
  treasury: string;
  reserves: ReserveHolders;
  foreign: ForeignHolders;
}

/** Ignition parameters of every module the pilot deploys. */
export function pilotParameters(holders: PilotHolders) {
  const reserves: Record<string, string> = { treasury: holders.treasury };
  for (const role of RESERVE_HELD_ROLES) reserves[role] = holders.reserves[role];
  return {
    ...crossBorderParameters(holders.suite, holders.foreign),
    Payments: { TAX_AUTHORITY: holders.taxAuthority },
    Programs: { M2E_SPONSOR: holders.moveToEarnSponsor },
    Reserves: reserves,
    Offline: { ...DEFAULT_OFFLINE_LIMITS },
  };
}

/**
 * Deploy the whole suite with Ignition and return it typed. On a persistent network the pilot starts from a fresh
 * deployment (`pilot-chain-<id>`: the previous pilot's record is forgotten); the embedded network keeps none.
 */
export async function deployPilotSuite(
  hre: HardhatRuntimeEnvironment,
  holders: PilotHolders,
): Promise<{ suite: PilotSuite; deploymentId?: string }> {
  let deploymentId: string | undefined;
  if (hre.network.name !== "hardhat") {
    const { chainId } = await hre.ethers.provider.getNetwork();
    deploymentId = `pilot-chain-${chainId}`;
    fs.rmSync(path.join(hre.config.paths.ignition, "deployments", deploymentId), { recursive: true, force: true });
  }
  const d = await hre.ignition.deploy(PilotSuiteModule, {
    parameters: pilotParameters(holders),
    deploymentId,
    displayUi: false,
    // Ignition polls for receipts every second by default: a local node mines at once.
    config: LOCAL.includes(hre.network.name) ? { blockPollingInterval: 20 } : undefined,
  });
  const runner = (await hre.ethers.getSigners())[0];
  const at = async (c: { getAddress(): Promise<string> }): Promise<string> => c.getAddress();
  const suite: PilotSuite = {
    manager: AccessManager__factory.connect(await at(d.manager), runner),
    ledger: DigitalTenge__factory.connect(await at(d.ledger), runner),
    desk: IssuanceDesk__factory.connect(await at(d.desk), runner),
    payments: MerchantPayments__factory.connect(await at(d.payments), runner),
    cards: CardGateway__factory.connect(await at(d.cards), runner),
    ...connectPrograms(
      {
        merchantCategories: await at(d.merchantCategories),
        guardianRules: await at(d.guardianRules),
        purposePrograms: await at(d.purposePrograms),
        markedPrograms: await at(d.markedPrograms),
        moveToEarn: await at(d.moveToEarn),
      },
      runner,
    ),
    stablecoin: ReserveStablecoin__factory.connect(await at(d.stablecoin), runner),
    gold: GoldToken__factory.connect(await at(d.gold), runner),
    goldDesk: GoldDesk__factory.connect(await at(d.goldDesk), runner),
    foreignManager: AccessManager__factory.connect(await at(d.foreignManager), runner),
    foreignLedger: DigitalTenge__factory.connect(await at(d.foreignLedger), runner),
    gateway: SwiftGateway__factory.connect(await at(d.gateway), runner),
    pvp: PvPSettlement__factory.connect(await at(d.pvp), runner),
    htlc: HashedTimelock__factory.connect(await at(d.htlc), runner),
    sweep: ForeignCbdcSweep__factory.connect(await at(d.sweep), runner),
    offline: OfflinePurses__factory.connect(await at(d.offline), runner),
  };
  return { suite, deploymentId };
}
