import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";
import { AccessManager__factory, DigitalTenge__factory } from "../typechain-types";
import type { AccessManager, DigitalTenge } from "../typechain-types";
import LedgerModule from "../ignition/modules/Ledger";
import { HELD_ROLES, Role, type HeldRole } from "./roles";
import { DEFAULT_TIERS, type TierSpec } from "./tiers";

/** The deployed suite, typed. Later capabilities add their contracts here. */
export interface Suite {
  manager: AccessManager;
  ledger: DigitalTenge;
}

/** Who holds each role the deployment hands out. */
export type RoleHolders = Record<HeldRole, string>;

/**
 * Deploy the suite with Ignition (resumable: running it again against the same network finishes what is
 * missing and deploys nothing twice) and return typed contracts.
 */
export async function deploySuite(
  hre: HardhatRuntimeEnvironment,
  holders: RoleHolders,
  options: { deploymentId?: string } = {},
): Promise<Suite> {
  const parameters = { Ledger: Object.fromEntries(HELD_ROLES.map((role) => [role, holders[role]])) };
  const deployed = await hre.ignition.deploy(LedgerModule, {
    parameters,
    deploymentId: options.deploymentId,
    displayUi: false,
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), runner),
  };
}

/** Where Ignition records a deployment's addresses for a chain. */
export function deploymentFile(chainId: bigint | number, deploymentId?: string): string {
  return path.join("ignition", "deployments", deploymentId ?? `chain-${chainId}`, "deployed_addresses.json");
}

/** Load a suite deployed earlier on this network (localhost, testnet...) from Ignition's records. */
export async function loadSuite(hre: HardhatRuntimeEnvironment, deploymentId?: string, runner?: Signer): Promise<Suite> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  const file = deploymentFile(chainId, deploymentId);
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
  await (await suite.manager.connect(operator).grantRole(Role.BANK, bank, 0)).wait();
  await (await suite.ledger.connect(operator).onboardBank(bank, tier, ref)).wait();
}
