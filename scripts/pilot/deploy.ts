/**
 * The pilot's deployment: exactly what production deploys (src/suite.ts deploySuite: the Suite module, whose
 * genesis opens every module's SystemContract account and lists both ledgers on PvP and the hashed time locks,
 * then the Handover, after which the deployer keeps nothing).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deploySuite, type Suite, type SuiteHolders } from "../../src/suite";

/**
 * Deploy the whole suite for the pilot. On a persistent network the pilot starts from a fresh deployment
 * (`pilot-chain-<id>`, or PILOT_DEPLOYMENT_ID: the previous pilot's record under that id is forgotten); the
 * embedded network keeps none.
 */
export async function deployPilotSuite(
  hre: HardhatRuntimeEnvironment,
  holders: SuiteHolders,
  executionDelay: number,
): Promise<{ suite: Suite; deploymentId?: string }> {
  let deploymentId: string | undefined;
  if (hre.network.name !== "hardhat") {
    const { chainId } = await hre.ethers.provider.getNetwork();
    deploymentId = process.env.PILOT_DEPLOYMENT_ID ?? `pilot-chain-${chainId}`;
    fs.rmSync(path.join(hre.config.paths.ignition, "deployments", deploymentId), { recursive: true, force: true });
  }
  const suite = await deploySuite(hre, holders, { deploymentId, executionDelay, handover: true });
  return { suite, deploymentId };
}
