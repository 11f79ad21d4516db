/**
 * Safe by default: what a deployment's governance looks like when the operator names none. On the embedded chain
 * and a local node a deployment is a sandbox (no delay, the deployer keeps ADMIN so tests and the pilot can wire
 * things). On any other network (BNB Chain, its testnet, a permissioned Besu/QBFT network) it is production: every
 * delayed power waits DEFAULT_EXECUTION_DELAY and the deployment ends with the Handover (governance administers
 * every role, the deployer renounces ADMIN) unless the operator explicitly opts out, and then is told so loudly.
 */
import { DEFAULT_EXECUTION_DELAY } from "./roles";

/** Networks that are sandboxes: the embedded chain and a local node. */
export const SANDBOX_NETWORKS: readonly string[] = ["hardhat", "localhost"];

export interface SafetyRequest {
  /** Seconds the delayed powers wait; undefined: the network's default. */
  executionDelay?: number;
  /** Finish with the Handover; undefined: the network's default. */
  handover?: boolean;
  /** The operator's explicit opt-out of production governance (no delay, no handover) on a production network. */
  unsafe?: boolean;
}

export interface SafetyDecision {
  executionDelay: number;
  handover: boolean;
  /** One line each, for the operator: what is unsafe about this deployment. Empty when nothing is. */
  warnings: string[];
}

/** The governance a deployment on `network` gets for `request` (see the file comment). */
export function deploymentSafety(network: string, request: SafetyRequest = {}): SafetyDecision {
  const production = !SANDBOX_NETWORKS.includes(network);
  const defaultSafe = production && request.unsafe !== true;
  const executionDelay = request.executionDelay ?? (defaultSafe ? DEFAULT_EXECUTION_DELAY : 0);
  const handover = request.handover ?? defaultSafe;
  const warnings: string[] = [];
  if (production && executionDelay === 0) {
    warnings.push(
      `UNSAFE: no execution delay on ${network}: every central-bank, operator and governance power acts at once ` +
        `and the guardian cannot cancel anything (production: --execution-delay ${DEFAULT_EXECUTION_DELAY}).`,
    );
  }
  if (production && !handover) {
    warnings.push(
      `UNSAFE: no handover on ${network}: the deployer key keeps ADMIN of the AccessManager and can grant itself ` +
        "every role (production: --handover).",
    );
  }
  return { executionDelay, handover, warnings };
}
