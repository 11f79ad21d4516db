/**
 * What every capability task shares: its failure is one line of words (src/errors.ts describeError), and it loads
 * the code it needs before its first request to the node.
 *
 * Loading first matters: requiring project code (typechain, the ISO 20022 library) blocks Node for seconds on a
 * busy machine, longer than a node keeps an idle HTTP connection open (5 s on Hardhat's node), and a request sent
 * after such a pause may go out on a connection the node has already closed (`SocketError: other side closed`).
 * Loaded first, nothing blocks between a task's requests. (A read that meets a closed connection anyway is retried
 * once: tasks/provider.ts.)
 */
import { HardhatPluginError } from "hardhat/plugins";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { pendingOperation } from "./acting";

/** What `--deployment-id` (`--deployment`) means, for every task that takes it. */
export const DEPLOYMENT_HELP =
  "Ignition deployment id (default: the one dkzt:deploy records under: localhost-chain-<chainId> on localhost, " +
  "chain-<chainId> elsewhere; DKZT_DEPLOYMENT_ID overrides)";

/**
 * A task action whose failure is one line: run in-process (`hre.run`, tests, scripts) it throws a
 * HardhatPluginError with that line as its message; run as the command itself it prints the line and sets exit
 * code 1 (no stack trace unless `--show-stack-traces`). A Safe's delayed call that was only scheduled returns its
 * result instead (tasks/acting.ts pendingOperation).
 */
export function inWords<A, R>(
  name: string,
  action: (args: A, hre: HardhatRuntimeEnvironment) => Promise<R>,
): (args: A, hre: HardhatRuntimeEnvironment) => Promise<R | undefined> {
  return async (args, hre) => {
    try {
      return await action(args, hre);
    } catch (err) {
      const pending = await pendingOperation(err);
      if (pending) return pending.result as R;
      let message: string;
      try {
        const { describeError } = await import("../src/errors");
        message = describeError(err, { network: hre.network.name });
      } catch {
        message = err instanceof Error ? err.message : String(err);
      }
      const command = process.argv.includes(name) && !process.argv.includes("--show-stack-traces");
      if (!command) throw new HardhatPluginError("dkzt", message, err instanceof Error ? err : undefined);
      console.error(`Error: ${message}`);
      process.exitCode = 1;
      return undefined;
    }
  };
}

/**
 * Hooks for tests: `beforeLoad` runs inside `loadFirst` before the code is loaded (a test makes loading slow there
 * on purpose), `afterLoad` once it is, so a test can check that a task sends nothing to the node in between.
 */
export const loading = {
  beforeLoad: async (): Promise<void> => undefined,
  afterLoad: (): void => undefined,
};

/** Load what a task needs (`load`), before the task touches the chain; then run `body` with it. */
export async function loadFirst<L, R>(load: () => Promise<L>, body: (lib: L) => Promise<R>): Promise<R> {
  await loading.beforeLoad();
  const lib = await load();
  loading.afterLoad();
  return body(lib);
}
