import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractRunner, Signer } from "ethers";
import {
  AccessManager__factory,
  CardGateway__factory,
  DigitalTenge__factory,
  ForeignCbdcSweep__factory,
  GoldDesk__factory,
  GoldToken__factory,
  GuardianRules__factory,
  HashedTimelock__factory,
  IssuanceDesk__factory,
  MarkedPrograms__factory,
  MerchantCategories__factory,
  MerchantPayments__factory,
  MoveToEarn__factory,
  OfflinePurses__factory,
  PurposePrograms__factory,
  PvPSettlement__factory,
  ReserveStablecoin__factory,
  SwiftGateway__factory,
} from "../typechain-types";
import type {
  AccessManager,
  CardGateway,
  DigitalTenge,
  ForeignCbdcSweep,
  GoldDesk,
  GoldToken,
  GuardianRules,
  HashedTimelock,
  IssuanceDesk,
  MarkedPrograms,
  MerchantCategories,
  MerchantPayments,
  MoveToEarn,
  OfflinePurses,
  PurposePrograms,
  PvPSettlement,
  ReserveStablecoin,
  SwiftGateway,
} from "../typechain-types";
import GovernanceModule from "../ignition/modules/Governance";
import SuiteModule from "../ignition/modules/Suite";
import HandoverModule from "../ignition/modules/Handover";
import {
  CAPABILITY_PARTIES,
  GOVERNANCE_PARTIES,
  LEDGER_PARTIES,
  Role,
  type CapabilityParty,
  type LedgerParty,
  type Party,
} from "./roles";
import { DEFAULT_TIERS, type TierSpec } from "./tiers";
import { RESERVE_HELD_ROLES } from "./reserves/roles";
import { DEFAULT_OFFLINE_LIMITS, type OfflineLimits } from "./offline/limits";
import {
  confirmMinedTransactions,
  ignitionConfig,
  recoverLostTransactions,
  repairInterruptedJournal,
  requiredConfirmationsOn,
} from "./ignition";

/** The ledger and its governance: what the Governance module deploys, and what ledger-only fixtures use. */
export interface CoreSuite {
  manager: AccessManager;
  ledger: DigitalTenge;
  desk: IssuanceDesk;
}

/** The whole deployed suite (the composed Suite module), typed. */
export interface Suite extends CoreSuite {
  payments: MerchantPayments;
  cards: CardGateway;
  merchantCategories: MerchantCategories;
  guardianRules: GuardianRules;
  purposePrograms: PurposePrograms;
  markedPrograms: MarkedPrograms;
  moveToEarn: MoveToEarn;
  stablecoin: ReserveStablecoin;
  gold: GoldToken;
  /** The gold desk (buys and sells gold tokens against DKZT); `desk` is the issuance desk. */
  goldDesk: GoldDesk;
  offline: OfflinePurses;
  /** The foreign CBDC the cross-border contracts settle against, behind its own authority. */
  foreignManager: AccessManager;
  foreignLedger: DigitalTenge;
  gateway: SwiftGateway;
  pvp: PvPSettlement;
  htlc: HashedTimelock;
  sweep: ForeignCbdcSweep;
}
export type SuiteContract = keyof Suite;

/** The part of the suite every capability stands on: the authority and the ledger. */
export type LedgerSuite = Pick<CoreSuite, "manager" | "ledger">;

/** Who the deployment names for each party of the ledger and its governance (src/roles.ts GRANTS). */
export type RoleHolders = Record<Party, string>;

/**
 * Everyone the whole suite names: the ledger's and governance's parties, the capabilities' parties (the tax
 * authority, the reserve roles), the gold desk's treasury account, the move-to-earn sponsor, and the foreign
 * central bank's parties over its own CBDC.
 */
export type SuiteHolders = RoleHolders &
  Record<CapabilityParty, string> & {
    /** The treasury's DKZT account: receives what gold buyers pay, pays gold sellers. */
    TREASURY: string;
    /** Owner of the move-to-earn campaign (oracle keys, schedule, cap). */
    M2E_SPONSOR: string;
    /** The foreign central bank, operator, compliance and governance (over the foreign CBDC only). */
    foreign: Record<LedgerParty, string>;
  };

export interface DeployOptions {
  /** Ignition deployment id (default: chain-<id>); the journal makes a rerun resume, not redeploy. */
  deploymentId?: string;
  /** Execution delay in seconds of the delayed grants (default 0; production uses DEFAULT_EXECUTION_DELAY). */
  executionDelay?: number;
  /** Finish with the Handover module: governance administers every role, the deployer renounces admin. */
  handover?: boolean;
}

/** Options of the whole suite's capabilities (module defaults otherwise). */
export interface SuiteOptions extends DeployOptions {
  /** The SWIFT gateway's settlement currency as bytes3 hex (default "KZT"). */
  settlementCurrency?: string;
  /** Seconds the second HTLC leg must end before the first (default 6 hours). */
  safetyMargin?: number;
  offlineLimits?: Partial<OfflineLimits>;
}

/** Ignition parameters for the ledger and its governance (the Ledger and Governance modules). */
export function suiteParameters(holders: RoleHolders, executionDelay = 0) {
  return {
    Ledger: {
      ...Object.fromEntries(LEDGER_PARTIES.map((party) => [party, holders[party]])),
      EXECUTION_DELAY: executionDelay,
    },
    Governance: Object.fromEntries(GOVERNANCE_PARTIES.map((party) => [party, holders[party]])),
  };
}

/** Ignition parameters for the whole suite (every module the Suite module composes). */
export function wholeSuiteParameters(holders: SuiteHolders, options: SuiteOptions = {}) {
  const delay = options.executionDelay ?? 0;
  const crossBorder: Record<string, string | number> = {};
  if (options.settlementCurrency !== undefined) crossBorder.settlementCurrency = options.settlementCurrency;
  if (options.safetyMargin !== undefined) crossBorder.safetyMargin = options.safetyMargin;
  const limits = { ...DEFAULT_OFFLINE_LIMITS, ...options.offlineLimits };
  return {
    ...suiteParameters(holders, delay),
    Payments: { TAX_AUTHORITY: holders.TAX_AUTHORITY, EXECUTION_DELAY: delay },
    Programs: { M2E_SPONSOR: holders.M2E_SPONSOR },
    Reserves: {
      treasury: holders.TREASURY,
      EXECUTION_DELAY: delay,
      ...Object.fromEntries(RESERVE_HELD_ROLES.map((role) => [role, holders[role]])),
    },
    Offline: { ...limits },
    ForeignLedger: {
      ...Object.fromEntries(LEDGER_PARTIES.map((party) => [party, holders.foreign[party]])),
      EXECUTION_DELAY: delay,
    },
    CrossBorder: crossBorder,
  };
}

/** Every party of the whole suite, for callers that build SuiteHolders (CAPABILITY_PARTIES beyond the core). */
export const SUITE_PARTIES = [...LEDGER_PARTIES, ...GOVERNANCE_PARTIES, ...CAPABILITY_PARTIES] as const;

/** Ignition future ids of the suite's contracts, as recorded in deployed_addresses.json. */
export const SUITE_FUTURES: Record<SuiteContract, string> = {
  manager: "Ledger#AccessManager",
  ledger: "Ledger#DigitalTenge",
  desk: "Governance#IssuanceDesk",
  payments: "Payments#MerchantPayments",
  cards: "Payments#CardGateway",
  merchantCategories: "Programs#MerchantCategories",
  guardianRules: "Programs#GuardianRules",
  purposePrograms: "Programs#PurposePrograms",
  markedPrograms: "Programs#MarkedPrograms",
  moveToEarn: "Programs#MoveToEarn",
  stablecoin: "Reserves#ReserveStablecoin",
  gold: "Reserves#GoldToken",
  goldDesk: "Reserves#GoldDesk",
  offline: "Offline#OfflinePurses",
  foreignManager: "ForeignLedger#AccessManager",
  foreignLedger: "ForeignLedger#DigitalTenge",
  gateway: "CrossBorder#SwiftGateway",
  pvp: "CrossBorder#PvPSettlement",
  htlc: "CrossBorder#HashedTimelock",
  sweep: "CrossBorder#ForeignCbdcSweep",
};

/** How each contract of the suite is connected: its typechain factory, by its key in the suite. */
export const SUITE_CONNECT: { [K in SuiteContract]: (address: string, runner: ContractRunner | null) => Suite[K] } = {
  manager: (a, r) => AccessManager__factory.connect(a, r),
  ledger: (a, r) => DigitalTenge__factory.connect(a, r),
  desk: (a, r) => IssuanceDesk__factory.connect(a, r),
  payments: (a, r) => MerchantPayments__factory.connect(a, r),
  cards: (a, r) => CardGateway__factory.connect(a, r),
  merchantCategories: (a, r) => MerchantCategories__factory.connect(a, r),
  guardianRules: (a, r) => GuardianRules__factory.connect(a, r),
  purposePrograms: (a, r) => PurposePrograms__factory.connect(a, r),
  markedPrograms: (a, r) => MarkedPrograms__factory.connect(a, r),
  moveToEarn: (a, r) => MoveToEarn__factory.connect(a, r),
  stablecoin: (a, r) => ReserveStablecoin__factory.connect(a, r),
  gold: (a, r) => GoldToken__factory.connect(a, r),
  goldDesk: (a, r) => GoldDesk__factory.connect(a, r),
  offline: (a, r) => OfflinePurses__factory.connect(a, r),
  foreignManager: (a, r) => AccessManager__factory.connect(a, r),
  foreignLedger: (a, r) => DigitalTenge__factory.connect(a, r),
  gateway: (a, r) => SwiftGateway__factory.connect(a, r),
  pvp: (a, r) => PvPSettlement__factory.connect(a, r),
  htlc: (a, r) => HashedTimelock__factory.connect(a, r),
  sweep: (a, r) => ForeignCbdcSweep__factory.connect(a, r),
};

/** Typed contracts at the suite's addresses. */
export function connectSuite(a: Record<SuiteContract, string>, runner: Signer | null): Suite {
  const keys = Object.keys(SUITE_CONNECT) as SuiteContract[];
  return Object.fromEntries(keys.map((key) => [key, SUITE_CONNECT[key](a[key], runner)])) as unknown as Suite;
}

/** The addresses of a connected suite. */
export async function suiteAddresses(suite: Suite): Promise<Record<SuiteContract, string>> {
  const keys = Object.keys(SUITE_FUTURES) as SuiteContract[];
  const values = await Promise.all(keys.map((key) => suite[key].getAddress()));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as Record<SuiteContract, string>;
}

async function ignitionDeploymentId(hre: HardhatRuntimeEnvironment, given?: string): Promise<string | undefined> {
  const id = hre.network.name === "hardhat" ? given : await deploymentIdFor(hre, given);
  if (id !== undefined) {
    // A run killed at any instant resumes: see repairInterruptedJournal and recoverLostTransactions.
    const dir = path.join(hre.config.paths.ignition, "deployments", id);
    const dropped = repairInterruptedJournal(dir);
    if (dropped.length > 0)
      console.log(`resuming ${id}: restarting ${dropped.join(", ")} (interrupted before sending)`);
    const confirmations = await requiredConfirmationsOn(
      hre.network.provider,
      ignitionConfig(hre).requiredConfirmations,
    );
    const recovered = await recoverLostTransactions(dir, hre.network.provider, confirmations);
    if (recovered.length > 0) console.log(`resuming ${id}: ${recovered.join(", ")}`);
    const confirmed = await confirmMinedTransactions(dir, hre.network.provider, confirmations);
    if (confirmed.length > 0)
      console.log(
        `resuming ${id}: ${confirmed.length} transaction(s) mined while interrupted, recorded (${confirmed[0]}, …)`,
      );
  }
  return id;
}

/**
 * Deploy the whole suite with Ignition (resumable: running it again against the same network finishes what is
 * missing and deploys nothing twice) and return typed contracts. Every contract is wired from the roles table
 * and every module that holds DKZT has its SystemContract account; with `handover`, governance administers every
 * role and the deployer keeps nothing.
 */
export async function deploySuite(
  hre: HardhatRuntimeEnvironment,
  holders: SuiteHolders,
  options: SuiteOptions = {},
): Promise<Suite> {
  const deployed = await hre.ignition.deploy(options.handover ? HandoverModule : SuiteModule, {
    parameters: wholeSuiteParameters(holders, options),
    deploymentId: await ignitionDeploymentId(hre, options.deploymentId),
    config: ignitionConfig(hre),
    displayUi: false,
  });
  const keys = Object.keys(SUITE_FUTURES) as SuiteContract[];
  const addresses = Object.fromEntries(
    await Promise.all(keys.map(async (key) => [key, await deployed[key].getAddress()] as const)),
  ) as Record<SuiteContract, string>;
  return connectSuite(addresses, (await hre.ethers.getSigners())[0]);
}

/**
 * Deploy only the ledger and its governance (the Governance module): the fast path for fixtures and tools that
 * need nothing else. Resumable like deploySuite.
 */
export async function deployCore(
  hre: HardhatRuntimeEnvironment,
  holders: RoleHolders,
  options: Omit<DeployOptions, "handover"> = {},
): Promise<CoreSuite> {
  const deployed = await hre.ignition.deploy(GovernanceModule, {
    parameters: suiteParameters(holders, options.executionDelay),
    deploymentId: await ignitionDeploymentId(hre, options.deploymentId),
    config: ignitionConfig(hre),
    displayUi: false,
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), runner),
    desk: IssuanceDesk__factory.connect(await deployed.desk.getAddress(), runner),
  };
}

/**
 * The Ignition deployment id for this network: the one given (`--deployment-id`), else DKZT_DEPLOYMENT_ID, else
 * Ignition's own `chain-<id>`, except on `localhost`, whose node takes BNB Chain's chain id for realism and must
 * never share a record with a real BNB Chain deployment (`localhost-chain-<id>`, ignored by git). dkzt:deploy
 * records under it and src/deployment.ts loadDeployment looks for it.
 */
export async function deploymentIdFor(hre: HardhatRuntimeEnvironment, given?: string): Promise<string> {
  if (given) return given;
  const fromEnv = process.env.DKZT_DEPLOYMENT_ID?.trim();
  if (fromEnv) return fromEnv;
  const { chainId } = await hre.ethers.provider.getNetwork();
  return hre.network.name === "localhost" ? `localhost-chain-${chainId}` : `chain-${chainId}`;
}

/** Where Ignition records a deployment's addresses. */
export function deploymentFile(chainId: bigint | number, deploymentId?: string): string {
  return path.join("ignition", "deployments", deploymentId ?? `chain-${chainId}`, "deployed_addresses.json");
}

/** The central bank defines the tier table. */
export async function configureTiers(
  ledger: DigitalTenge,
  centralBank: Signer,
  tiers: readonly TierSpec[] = DEFAULT_TIERS,
): Promise<void> {
  for (const tier of tiers) {
    await (await ledger.connect(centralBank).setTier(tier.id, tier.holdingLimit, tier.dailyLimit)).wait();
  }
}

/** The operator onboards an intermediary bank: the bank role in the authority, then the ledger account. */
export async function onboardBank(
  suite: LedgerSuite,
  operator: Signer,
  bank: string,
  tier: number,
  ref: string,
): Promise<void> {
  // Dry run first, so a rejected onboarding leaves no bank role behind.
  await suite.ledger.connect(operator).onboardBank.staticCall(bank, tier, ref);
  await (await suite.manager.connect(operator).grantRole(Role.BANK, bank, 0)).wait();
  await (await suite.ledger.connect(operator).onboardBank(bank, tier, ref)).wait();
}
