/**
 * Delayed operations through the AccessManager, made by a Safe multisig: schedule → wait the delay → execute,
 * and the guardian's cancel. The same path serves tier changes, ceilings, unpausing, role grants and upgrades.
 */
import type { Signer } from "ethers";
import type { AccessManager } from "../../typechain-types";
import type { Safe } from "../../typechain-types/safe";
import { safeCall } from "./safe";

/** An operation on `target` with calldata `data`, to be made by `safe` through `manager`. */
export interface DelayedOperation {
  manager: AccessManager;
  safe: Safe;
  target: string;
  data: string;
}

/** The AccessManager's id of the operation (what the guardian cancels and the events carry). */
export async function operationId(op: DelayedOperation): Promise<string> {
  return op.manager.hashOperation(await op.safe.getAddress(), op.target, op.data);
}

/** The Safe (with `owners`' confirmations) schedules the operation for as soon as its delay allows. */
export async function scheduleBySafe(op: DelayedOperation, owners: Signer[]) {
  const call = op.manager.interface.encodeFunctionData("schedule", [op.target, op.data, 0]);
  return safeCall(op.safe, owners, await op.manager.getAddress(), call);
}

/** The Safe executes a scheduled operation once its delay has passed. */
export async function executeBySafe(op: DelayedOperation, owners: Signer[]) {
  const call = op.manager.interface.encodeFunctionData("execute", [op.target, op.data]);
  return safeCall(op.safe, owners, await op.manager.getAddress(), call);
}

/** The guardian cancels a scheduled operation during its delay. */
export async function cancelAsGuardian(op: DelayedOperation, guardian: Signer) {
  return (await op.manager.connect(guardian).cancel(await op.safe.getAddress(), op.target, op.data)).wait();
}
