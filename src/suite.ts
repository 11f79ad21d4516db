import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { AccessManager__factory, DigitalTenge__factory, IssuanceDesk__factory } from "../typechain-types";
import type { AccessManager, DigitalTenge, IssuanceDesk } from "../typechain-types";
import SuiteModule from "../ignition/modules/Suite";
import HandoverModule from "../ignition/modules/Handover";
import { GOVERNANCE_PARTIES, LEDGER_PARTIES, Role, type Party } from "./roles";
import { DEFAULT_TIERS, type TierSpec } from "./tiers";

/** The deployed suite, typed. Later capabilities add their contracts here. */
export interface Suite {
  manager: AccessManager;
  ledger: DigitalTenge;
  desk: IssuanceDesk;
}

/** Who the deployment names for each party (see src/roles.ts GRANTS for the roles each party holds). */
export type RoleHolders = Record<Party, string>;

export interface DeployOptions {
  /** Ignition deployment id (default: chain-<id>); the journal makes a rerun resume, not redeploy. */
  deploymentId?: string;
  /** Execution delay in seconds of the delayed grants (default 0; production uses DEFAULT_EXECUTION_DELAY). */
  executionDelay?: number;
  /** Finish with the Handover module: governance administers every role, the deployer renounces admin. */
  handover?: boolean;
}

/** Ignition parameters for the suite's modules. */
export function suiteParameters(holders: RoleHolders, executionDelay = 0) {
  return {
    Ledger: {
      ...Object.fromEntries(LEDGER_PARTIES.map((party) => [party, holders[party]])),
      EXECUTION_DELAY: executionDelay,
    },
    Governance: Object.fromEntries(GOVERNANCE_PARTIES.map((party) => [party, holders[party]])),
  };
}

/**
 * Deploy the suite with Ignition (resumable: running it again against the same network finishes what is
 * missing and deploys nothing twice) and return typed contracts.
 */
export async function deploySuite(
  hre: HardhatRuntimeEnvironment,
  holders: RoleHolders,
  options: DeployOptions = {},
): Promise<Suite> {
  const deployed = await hre.ignition.deploy(options.handover ? HandoverModule : SuiteModule, {
    parameters: suiteParameters(holders, options.executionDelay),
    deploymentId:
      hre.network.name === "hardhat" ? options.deploymentId : await deploymentIdFor(hre, options.deploymentId),
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
 * The Ignition deployment id for this network when none is given: Ignition's own `chain-<id>`, except on
 * `localhost`, whose node takes BNB Chain's chain id for realism and must never share a record with a real
 * BNB Chain deployment (`localhost-chain-<id>`, ignored by git).
 */
export async function deploymentIdFor(hre: HardhatRuntimeEnvironment, given?: string): Promise<string> {
  if (given) return given;
  const { chainId } = await hre.ethers.provider.getNetwork();
  return hre.network.name === "localhost" ? `localhost-chain-${chainId}` : `chain-${chainId}`;
}

/** Where Ignition records a deployment's addresses. */
export function deploymentFile(chainId: bigint | number, deploymentId?: string): string {
  return path.join("ignition", "deployments", deploymentId ?? `chain-${chainId}`, "deployed_addresses.json");
}

/** Load a suite deployed earlier on this network (localhost, testnet...) from Ignition's records. */
export async function loadSuite(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<Suite> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  const file = deploymentFile(chainId, await deploymentIdFor(hre, deploymentId));
  if (!fs.existsSync(file)) {
    throw new Error(
      `No suite deployed on chain ${chainId} (looked for ${file}). Deploy it first: npx hardhat dkzt:deploy --network ${hre.network.name}`,
    );
  }
  const addresses = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const signer = runner ?? (await hre.ethers.getSigners())[0];
  const need = (key: string): string => {
    const address = addresses[key];
    if (!address) throw new Error(`${file} has no ${key}`);
    return address;
  };
  return {
    manager: AccessManager__factory.connect(need("Ledger#AccessManager"), signer),
    ledger: DigitalTenge__factory.connect(need("Ledger#DigitalTenge"), signer),
    desk: IssuanceDesk__factory.connect(need("Governance#IssuanceDesk"), signer),
  };
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
  suite: Suite,
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
