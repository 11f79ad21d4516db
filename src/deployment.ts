/**
 * The one way anything finds a deployed suite: tasks, scripts, the console and the capability libraries all call
 * `loadDeployment`. It names the deployment exactly as `dkzt:deploy` records it (src/suite.ts deploymentIdFor:
 * `localhost-chain-<id>` on localhost, `chain-<id>` elsewhere, `--deployment-id` or DKZT_DEPLOYMENT_ID
 * overriding), looks first at the suites this process deployed (the embedded network keeps no Ignition records),
 * then reads Ignition's deployed_addresses.json once, and hands back typed contracts for the capability that asks.
 * When there is no suite it fails in one line of words naming the record it looked for and the command that
 * deploys it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { ContractRunner, Signer } from "ethers";
import { SuiteError } from "./errors";
import { SUITE_CONNECT, SUITE_FUTURES, deploymentIdFor, type Suite, type SuiteContract } from "./suite";

/** The addresses of a deployed suite, by contract (src/suite.ts SUITE_FUTURES). */
export type SuiteAddresses = Record<SuiteContract, string>;

const ALL = Object.keys(SUITE_FUTURES) as SuiteContract[];

/** The contracts each capability needs, by their keys in the whole suite (src/suite.ts Suite). */
export const CAPABILITIES = {
  /** The ledger and its governance. */
  core: ["manager", "ledger", "desk"],
  payments: ["manager", "ledger", "desk", "payments", "cards"],
  programs: ["merchantCategories", "guardianRules", "purposePrograms", "markedPrograms", "moveToEarn"],
  reserves: ["stablecoin", "gold", "goldDesk"],
  offline: ["manager", "ledger", "offline"],
  crossBorder: ["foreignManager", "foreignLedger", "gateway", "pvp", "htlc", "sweep"],
  /** The whole suite. */
  suite: ALL,
} as const satisfies Record<string, readonly SuiteContract[]>;
export type Capability = keyof typeof CAPABILITIES;

/** The typed contracts `loadDeployment` hands back for a capability. */
export type CapabilityContracts<C extends Capability> = Pick<Suite, (typeof CAPABILITIES)[C][number]>;

export interface LoadOptions {
  /** The Ignition deployment id (default: the one dkzt:deploy records under on this network). */
  deploymentId?: string;
  /** Who the contracts act as (default: the network's first account, else read-only on the provider). */
  runner?: Signer;
}

// ------------------------------------------------------------------------------------------- this process

/**
 * Suites deployed in this process, by network and deployment id, oldest first. The embedded `hardhat` network
 * keeps no Ignition records (its chain dies with the process), so a task that loads a suite deployed earlier in
 * the same process (a test, a script) finds it here: the newest one that still has code, which after a test's
 * snapshot revert is the one deployed before the snapshot.
 */
const deployedHere = new Map<string, SuiteAddresses[]>();

function registryKey(hre: HardhatRuntimeEnvironment, id: string): string {
  return `${hre.network.name}/${id}`;
}

/** Remember a suite deployed by this process under deployment id `id` (src/ops.ts deploy). */
export function rememberDeployment(hre: HardhatRuntimeEnvironment, id: string, addresses: SuiteAddresses): void {
  const key = registryKey(hre, id);
  deployedHere.set(key, [...(deployedHere.get(key) ?? []), addresses]);
}

async function hasCode(hre: HardhatRuntimeEnvironment, address: string): Promise<boolean> {
  return (await hre.ethers.provider.getCode(address)) !== "0x";
}

/** The newest suite this process deployed under `id` that still has code, or undefined. */
export async function deployedInProcess(
  hre: HardhatRuntimeEnvironment,
  id: string,
): Promise<SuiteAddresses | undefined> {
  const list = deployedHere.get(registryKey(hre, id)) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    if (await hasCode(hre, list[i].ledger)) return list[i];
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------- Ignition's records

/** Where Ignition records the addresses of deployment `id` of this project. */
export function recordPath(hre: HardhatRuntimeEnvironment, id: string): string {
  return path.join(hre.config.paths.ignition, "deployments", id, "deployed_addresses.json");
}

/** A path as an operator reads it: relative to where the command runs when it is below it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

/** The one-line refusal when the record names a ledger this chain does not have. */
export function staleRecord(file: string, hre: HardhatRuntimeEnvironment, ledger: string): SuiteError {
  return new SuiteError(
    `The deployment record ${shown(file)} names DigitalTenge at ${ledger}, but network ` +
      `${hre.network.name} has no contract there: the record is from another chain with the same id (a restarted ` +
      "local node, or a local chain using BNB Chain's id). Move that folder away, or pass --deployment-id.",
  );
}

function noSuite(hre: HardhatRuntimeEnvironment, chainId: bigint, file: string, given?: string): SuiteError {
  if (hre.network.name === "hardhat") {
    return new SuiteError(
      "No suite deployed in this process: the embedded hardhat network forgets everything when the command ends " +
        `(and there is no record ${shown(file)} either). ` +
        "Start a node (`npx hardhat node`), deploy with `npx hardhat dkzt:deploy --network localhost`, and pass " +
        "--network localhost to every task.",
    );
  }
  return new SuiteError(
    `No suite deployed on chain ${chainId} (looked for ${shown(file)}). Deploy it first: ` +
      `npx hardhat dkzt:deploy --network ${hre.network.name}${given ? ` --deployment-id ${given}` : ""}`,
  );
}

// ------------------------------------------------------------------------------------------- the loader

/**
 * The contracts of `capability` in the suite deployed on this network: the one this process deployed under that
 * deployment id, else Ignition's record of it. Fails in one line (a SuiteError) when there is none, when the
 * record lacks the capability, or when the record is stale (its ledger has no code on this chain).
 */
export async function loadDeployment<C extends Capability>(
  hre: HardhatRuntimeEnvironment,
  capability: C,
  options: LoadOptions = {},
): Promise<CapabilityContracts<C>> {
  const keys: readonly SuiteContract[] = CAPABILITIES[capability];
  const id = await deploymentIdFor(hre, options.deploymentId);
  let addresses: Partial<SuiteAddresses> | undefined = await deployedInProcess(hre, id);
  if (!addresses) {
    const file = recordPath(hre, id);
    if (!fs.existsSync(file)) {
      const { chainId } = await hre.ethers.provider.getNetwork();
      throw noSuite(hre, chainId, file, options.deploymentId ?? process.env.DKZT_DEPLOYMENT_ID);
    }
    let recorded: Record<string, string>;
    try {
      recorded = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
    } catch (err) {
      throw new SuiteError(`${shown(file)} is not Ignition's record of a deployment (not JSON): ${String(err)}`);
    }
    const missing = keys.filter((key) => !recorded[SUITE_FUTURES[key]]);
    if (missing.length > 0) {
      throw new SuiteError(
        `${shown(file)} has no ${missing.map((key) => SUITE_FUTURES[key]).join(", ")}: deployment ${id} does not ` +
          `have the ${capability} contracts. Finish it with: npx hardhat dkzt:deploy --network ${hre.network.name}` +
          (options.deploymentId ? ` --deployment-id ${options.deploymentId}` : ""),
      );
    }
    addresses = Object.fromEntries(ALL.map((key) => [key, recorded[SUITE_FUTURES[key]]]));
    const ledger = recorded[SUITE_FUTURES.ledger];
    if (ledger && !(await hasCode(hre, ledger))) throw staleRecord(file, hre, ledger);
  }
  const runner: ContractRunner = options.runner ?? (await hre.ethers.getSigners())[0] ?? hre.ethers.provider;
  const found = addresses;
  return Object.fromEntries(
    keys.map((key) => [key, SUITE_CONNECT[key](found[key] as string, runner)]),
  ) as unknown as CapabilityContracts<C>;
}
