/**
 * Ignition's per-deployment settings for every `hre.ignition.deploy` of the suite.
 *
 * `hre.ignition.deploy` does not read `hardhat.config.ts`'s `ignition` section by itself, so each deployment passes
 * this on: the config's `requiredConfirmations` / `blockPollingInterval` (set from the environment, see
 * .env.example), and on the embedded chain and a local node a 20 ms poll instead of Ignition's default second —
 * those chains mine at once, and a one-second wait per batch of transactions is most of a fixture's deployment time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
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

/** Journal lines that open a future which must send something before it can be resumed. */
const SENDING_FUTURE_STARTS: readonly string[] = [
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
];

/**
 * Make a deployment killed at any instant resumable. Ignition (0.15) journals a future's start and, a moment later,
 * its first network interaction; a process killed between the two leaves a journal Ignition refuses to resume
 * ("IGN1: Unable to find network interaction for … when trying to get pending onchain interaction"). Such a
 * future has sent nothing, so its start line is dropped and the resumed run starts it afresh. Returns the ids of
 * the futures dropped (empty when the journal was whole or absent).
 */
export function repairInterruptedJournal(deploymentDir: string): string[] {
  const file = path.join(deploymentDir, "journal.jsonl");
  if (!fs.existsSync(file)) return [];
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const parsed = lines.map((line) => {
    try {
      return JSON.parse(line) as { type?: string; futureId?: string };
    } catch {
      return undefined; // a line cut short by the kill: dropped below
    }
  });
  const interacted = new Set(parsed.filter((m) => m?.type === "NETWORK_INTERACTION_REQUEST").map((m) => m?.futureId));
  const dropped: string[] = [];
  const kept = lines.filter((_, i) => {
    const message = parsed[i];
    if (message === undefined) {
      dropped.push(`(unreadable line ${i + 1})`);
      return false;
    }
    const orphan = SENDING_FUTURE_STARTS.includes(message.type ?? "") && !interacted.has(message.futureId);
    if (orphan) dropped.push(message.futureId ?? "?");
    return !orphan;
  });
  if (dropped.length > 0) fs.writeFileSync(file, kept.map((line) => `${line}\n`).join(""));
  return dropped;
}
