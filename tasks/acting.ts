/**
 * Who a task acts as: a key (`--from`, or a task's own signer option) or a Safe multisig role holder
 * (`--safe <address> --signers <officer,officer> [--wait-delay]`). The dkzt:* tasks (tasks/index.ts) and the
 * capability tasks (tasks/payments.ts, tasks/crossborder.ts) share these parameters and this one path to
 * src/ops.ts resolveSafeSigner (src/governance/actor.ts asSafe): an immediate power is proposed, confirmed and
 * executed; a delayed one is scheduled in the AccessManager, then executed when the command is run again after
 * the delay, or at once with --wait-delay on hardhat/localhost.
 *
 * Like every task file it is loaded by hardhat.config.ts before anything is compiled: nothing from src/ or
 * typechain at the top, only inside the functions.
 */
import { types } from "hardhat/config";
import type { ConfigurableTaskDefinition, HardhatRuntimeEnvironment } from "hardhat/types";
import type { Signer } from "ethers";

/** The Safe parameters of a task. */
export interface SafeArgs {
  /** Act as this Safe multisig role holder (see src/ops.ts resolveSafeSigner). */
  safe?: string;
  /** With --safe: the officers who confirm. */
  signers?: string;
  /** With --safe on hardhat/localhost: move the clock past an execution delay and execute at once. */
  waitDelay?: boolean;
}

/** Add --safe, --signers and --wait-delay to a task; `instead` names the key option they replace. */
export function withSafeParams(t: ConfigurableTaskDefinition, instead = "--from"): ConfigurableTaskDefinition {
  return t
    .addOptionalParam(
      "safe",
      `Act as this Safe multisig role holder (address or account index) instead of ${instead}`,
      undefined,
      types.string,
    )
    .addOptionalParam(
      "signers",
      "With --safe: the officers who confirm (comma-separated addresses or account indexes; at least the threshold)",
      undefined,
      types.string,
    )
    .addFlag(
      "waitDelay",
      "With --safe on hardhat/localhost: move the clock past an execution delay and execute at once",
    );
}

/**
 * The Safe `args.safe` as an ethers Signer, confirmed by `args.signers`, for calls authorised by the
 * AccessManager that `managed` (a contract of the suite, or its AccessManager itself) answers to.
 */
export async function safeSigner(
  hre: HardhatRuntimeEnvironment,
  args: SafeArgs & { safe: string },
  managed: string,
): Promise<Signer> {
  const { resolveSafeSigner } = await import("../src/ops");
  const { AccessManager__factory } = await import("../typechain-types");
  const authority = new hre.ethers.Contract(
    managed,
    ["function authority() view returns (address)"],
    hre.ethers.provider,
  );
  let manager = managed;
  try {
    manager = (await authority.getFunction("authority")()) as string;
  } catch {
    // Not an AccessManaged contract: the AccessManager itself.
  }
  const { signer } = await resolveSafeSigner(
    hre,
    { manager: AccessManager__factory.connect(manager, hre.ethers.provider) },
    { safe: args.safe, signers: args.signers, waitDelay: args.waitDelay },
  );
  return signer;
}

/**
 * A Safe's delayed call that was only scheduled (or is still waiting) is half of an operation, not a failure: print
 * when it may run and return its result ({ status: "scheduled" | "waiting", operationId, readyAt }). Undefined for
 * any other error (the caller reports it).
 */
export async function pendingOperation(err: unknown): Promise<{ result: unknown } | undefined> {
  if (!(err instanceof Error) || err.name !== "OperationPending") return undefined;
  const { output } = await import("../src/ops");
  output.line(err.message);
  return { result: (err as Error & { result: unknown }).result };
}
