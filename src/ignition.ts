/**
 * Ignition's per-deployment settings for every `hre.ignition.deploy` of the suite.
 *
 * `hre.ignition.deploy` does not read `hardhat.config.ts`'s `ignition` section by itself, so each deployment passes
 * this on: the config's `requiredConfirmations` / `blockPollingInterval` (set from the environment, see
 * .env.example), and on the embedded chain and a local node a 20 ms poll instead of Ignition's default second —
 * those chains mine at once, and a one-second wait per batch of transactions is most of a fixture's deployment time.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** Networks whose blocks are mined at once (automine): polling fast costs nothing there. */
const LOCAL_NETWORKS: readonly string[] = ["hardhat", "localhost"];

/** Ignition's deploy-time config for `hre`'s network. */
export function ignitionConfig(hre: HardhatRuntimeEnvironment): {
  requiredConfirmations?: number;
  blockPollingInterval?: number;
} {
  const { requiredConfirmations, blockPollingInterval } = hre.config.ignition;
  const local = LOCAL_NETWORKS.includes(hre.network.name) ? 20 : undefined;
  const polling = blockPollingInterval ?? local;
  return {
    ...(requiredConfirmations !== undefined ? { requiredConfirmations } : {}),
    ...(polling !== undefined ? { blockPollingInterval: polling } : {}),
  };
}
