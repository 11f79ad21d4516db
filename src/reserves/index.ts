/**
 * Reserve-backed assets: deploy and load the stablecoin, gold token and gold desk, onboard them on the ledger,
 * and format their proofs of reserves. Tasks, scripts and tests all go through here.
 */
import { loadDeployment } from "../deployment";
import { ZeroAddress, encodeBytes32String, getAddress, isAddress, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  AccessManager__factory,
  BridgedStablecoin__factory,
  DigitalTenge__factory,
  GoldDesk__factory,
  GoldToken__factory,
  ReserveStablecoin__factory,
} from "../../typechain-types";
import type { AccessManager, BridgedStablecoin, GoldDesk, GoldToken, ReserveStablecoin } from "../../typechain-types";
import ReservesModule, { BridgedStablecoinModule } from "../../ignition/modules/Reserves";
import { LEDGER_PARTIES, type LedgerParty } from "../roles";
import { type LedgerSuite, type CoreSuite as Suite } from "../suite";
import { AccountKind, Tier } from "../tiers";
import { RESERVE_HELD_ROLES, BRIDGED_HELD_ROLES, type BridgedHeldRole, type ReserveHeldRole } from "./roles";
import { ignitionConfig } from "../ignition";
import { accountOf } from "../accounts";

export { RESERVE_HELD_ROLES, BRIDGED_HELD_ROLES, RESERVE_DEFAULTS } from "./roles";
export type { ReserveHeldRole, BridgedHeldRole } from "./roles";
export * from "./format";
export * from "./report";

/** The reserve-backed assets of the home chain, typed. */
export interface Reserves {
  stablecoin: ReserveStablecoin;
  gold: GoldToken;
  desk: GoldDesk;
}

/** The stablecoin on another chain, with that chain's authority. */
export interface BridgedDeployment {
  manager: AccessManager;
  stablecoin: BridgedStablecoin;
}

/** Who holds each reserves role. */
export type ReserveHolders = Record<ReserveHeldRole, string>;
export type BridgedHolders = Record<BridgedHeldRole, string>;

/** Deployment settings of the Reserves module. */
export interface ReservesConfig {
  /** The treasury's DKZT account: receives what gold buyers pay, pays gold sellers. */
  treasury: string;
  stableName?: string;
  stableSymbol?: string;
  goldSpreadBps?: number;
  goldMaxPriceAge?: number;
}

/**
 * Deploy the Reserves module with Ignition and return the suite it stands on and the reserve contracts, typed.
 * The module includes the Ledger module, so `suiteHolders` (the ledger's role holders) are its parameters too:
 * on a persistent network with the same deployment id Ignition finds the Ledger already deployed and reuses it;
 * on the embedded Hardhat network (ephemeral deployments) it deploys both, which is what fixtures want.
 */
export async function deployReserves(
  hre: HardhatRuntimeEnvironment,
  suiteHolders: Record<LedgerParty, string>,
  holders: ReserveHolders,
  config: ReservesConfig,
  options: { deploymentId?: string } = {},
): Promise<Omit<Suite, "desk"> & Reserves> {
  const reserveParameters: Record<string, string | number> = { treasury: config.treasury };
  for (const role of RESERVE_HELD_ROLES) reserveParameters[role] = holders[role];
  if (config.stableName !== undefined) reserveParameters.stableName = config.stableName;
  if (config.stableSymbol !== undefined) reserveParameters.stableSymbol = config.stableSymbol;
  if (config.goldSpreadBps !== undefined) reserveParameters.goldSpreadBps = config.goldSpreadBps;
  if (config.goldMaxPriceAge !== undefined) reserveParameters.goldMaxPriceAge = config.goldMaxPriceAge;
  const parameters = {
    Ledger: Object.fromEntries(LEDGER_PARTIES.map((role) => [role, suiteHolders[role]])),
    Reserves: reserveParameters,
  };
  const deployed = await hre.ignition.deploy(ReservesModule, {
    parameters,
    deploymentId: options.deploymentId,
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), runner),
    stablecoin: ReserveStablecoin__factory.connect(await deployed.stablecoin.getAddress(), runner),
    gold: GoldToken__factory.connect(await deployed.gold.getAddress(), runner),
    desk: GoldDesk__factory.connect(await deployed.desk.getAddress(), runner),
  };
}

/**
 * Deploy the stablecoin for another chain (its own AccessManager) with Ignition. `executionDelay` (seconds,
 * default 0) delays the grants the roles table marks delayed: unpause, bridge limits, rescues, and governance's
 * GOVERNANCE and ADMIN. The deployment ends with the deployer renouncing ADMIN there: afterwards it holds nothing on
 * that chain, and every later grant or rewiring is governance's delayed, guardian-cancellable operation.
 */
export async function deployBridgedStablecoin(
  hre: HardhatRuntimeEnvironment,
  holders: BridgedHolders,
  options: { stableName?: string; stableSymbol?: string; deploymentId?: string; executionDelay?: number } = {},
): Promise<BridgedDeployment> {
  // The deployment ends with the deployer renouncing ADMIN: a governance that is the deployer (or no one) would leave
  // the roles ADMIN administers there without an administrator, for good. Refused before anything is sent.
  const deployer = (await hre.ethers.getSigners())[0].address;
  const governance = holders.GOVERNANCE;
  if (!isAddress(governance) || governance === ZeroAddress || getAddress(governance) === getAddress(deployer)) {
    throw new Error(
      `the bridged chain's GOVERNANCE must be a governance account other than the deployer ${deployer}, got ` +
        `${governance}: the deployer renounces ADMIN at the end, which would leave no one to administer the roles there`,
    );
  }
  const parameters: Record<string, string | number> = {};
  for (const role of BRIDGED_HELD_ROLES) parameters[role] = holders[role];
  if (options.executionDelay !== undefined) parameters.EXECUTION_DELAY = options.executionDelay;
  if (options.stableName !== undefined) parameters.stableName = options.stableName;
  if (options.stableSymbol !== undefined) parameters.stableSymbol = options.stableSymbol;
  const deployed = await hre.ignition.deploy(BridgedStablecoinModule, {
    parameters: { BridgedStablecoin: parameters },
    deploymentId: options.deploymentId,
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    stablecoin: BridgedStablecoin__factory.connect(await deployed.stablecoin.getAddress(), runner),
  };
}

/** The reserve contracts of the suite deployed on this network (src/deployment.ts loadDeployment). */
export async function loadReserves(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<Reserves> {
  const { stablecoin, gold, goldDesk } = await loadDeployment(hre, "reserves", { deploymentId, runner });
  return { stablecoin, gold, desk: goldDesk };
}

/**
 * The operator onboards the stablecoin (its reserve account) and the gold desk as SystemContract ledger accounts
 * with the unlimited tier and no bank of record. The gold token needs no account: it holds no DKZT.
 */
export async function onboardReserves(suite: LedgerSuite, operator: Signer, reserves: Reserves): Promise<void> {
  const ledger = suite.ledger.connect(operator);
  const modules: [string, string][] = [
    [await reserves.stablecoin.getAddress(), "RESERVE-STABLECOIN"],
    [await reserves.desk.getAddress(), "GOLD-DESK"],
  ];
  for (const [address, reference] of modules) {
    if ((await accountOf(ledger, address)).registered) continue; // the whole Suite opens it at genesis
    await (
      await ledger.onboardParticipant(
        address,
        AccountKind.SystemContract,
        Tier.UNLIMITED,
        ZeroAddress,
        encodeBytes32String(reference),
      )
    ).wait();
  }
}
