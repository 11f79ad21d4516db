/**
 * Talking to a real node: every failure on the way (node down, wrong chain, no gas money, stale nonce, an
 * Ignition deployment that another sender interferes with) as one line saying what happened and what to do,
 * and `runMain`, the top-level error handling of every script (`npx hardhat run scripts/x.ts --network y`).
 *
 * Reverts and Hardhat's own connection errors are decoded by src/errors.ts (`describeError`); this file adds
 * what only a live network produces: ethers' fetch errors, Ignition's execution errors (IGN4xx, IGN900) and
 * the chain check of networks whose config names no chain id (localhost).
 */
import { SuiteError, describeError, type ErrorContext } from "./errors";

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === "object" && x !== null;

/** `err` and every error nested in it (cause, error, parent, info), each once. */
function chain(err: unknown): Loose[] {
  const found: Loose[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && found.length < 32) {
    const next = queue.shift();
    if (!isObject(next) || found.includes(next)) continue;
    found.push(next);
    for (const key of ["cause", "error", "parent", "info"]) queue.push(next[key]);
  }
  return found;
}

function textOf(err: unknown): string {
  return chain(err)
    .map((e) => (typeof e.message === "string" ? e.message : ""))
    .concat(typeof err === "string" ? [err] : [])
    .join("\n");
}

/** Ignition's error number (IGNnnn), from the error object or its message. */
function ignitionNumber(err: unknown): number | undefined {
  for (const e of chain(err)) {
    if (typeof e.errorNumber === "number" && typeof e.message === "string" && e.message.startsWith("IGN")) {
      return e.errorNumber;
    }
  }
  const match = /\bIGN(\d{3,4}):/.exec(textOf(err));
  return match ? Number(match[1]) : undefined;
}

function where(context: ErrorContext): string {
  return context.network ? `network ${context.network}` : "the network";
}

/** Failures only a live network produces, that src/errors.ts does not name; undefined for the rest. */
function liveNetworkFailure(err: unknown, context: ErrorContext): string | undefined {
  const text = textOf(err);
  const ign = ignitionNumber(err);
  const sender = /from (0x[0-9a-fA-F]{40})/.exec(text)?.[1];
  const account = sender ? ` ${sender}` : "";

  if (ign === 403 || ign === 404 || ign === 405) {
    return (
      `Nonce in use: another process has sent transactions from the deploying account${account} that Ignition ` +
      "has not seen confirmed. Wait until they are mined (or stop the other sender), then run the same command " +
      "again: the deployment resumes where it stopped."
    );
  }
  if (ign === 408 || ign === 409) {
    return (
      `Insufficient funds for gas: the deploying account${account} cannot pay for the next contract. Fund it ` +
      "with the chain's native coin (BNB on BNB Chain), then run the same command again: the deployment resumes."
    );
  }
  if (ign === 401 || ign === 411) {
    return (
      `A deployment transaction was dropped or lost on ${where(context)}. Run the same command again; if it ` +
      "says so, find the transaction in a block explorer and add it with `npx hardhat ignition track-tx`."
    );
  }
  if (ign === 900) {
    const ids = /previously run against the chain (\d+), but the current network is the chain (\d+)/.exec(text);
    return (
      `Wrong chain for this deployment record: it was started on chain ${ids?.[1] ?? "?"} and ${where(context)} ` +
      `answers chain ${ids?.[2] ?? "?"}. Check the RPC URL, or deploy with another --deployment-id.`
    );
  }
  // Hardhat's own errors (HH108 node down, HH101 wrong chain, …) are worded by src/errors.ts.
  if (chain(err).some((e) => e._isHardhatError === true)) return undefined;
  // ethers' own fetch layer (a JsonRpcProvider outside Hardhat): "connect ECONNREFUSED 127.0.0.1:8545".
  const refused = /ECONNREFUSED (\S+)/.exec(text);
  if (refused) {
    return (
      `Node down: connection refused at ${refused[1]} (${where(context)}). Is the node running? For localhost ` +
      "start one with `npx hardhat node` (and set LOCALHOST_URL if it listens elsewhere)."
    );
  }
  if (/failed to detect network|could not detect network/i.test(text)) {
    return `Node unreachable: ${where(context)} does not answer JSON-RPC. Check the RPC URL in your .env and that the node runs.`;
  }
  return undefined;
}

/**
 * One line for any failure of a call to a node: what happened and what to do. Reverts come out as the
 * decoded custom error; connection, chain, funds and nonce failures as the sentences above or in errors.ts.
 */
export function describeRpcError(err: unknown, context: ErrorContext = {}): string {
  if (err instanceof SuiteError) return err.message;
  return liveNetworkFailure(err, context) ?? describeError(err, context);
}

/** The chain id a node answers, or a SuiteError in words when it does not answer. */
export async function chainIdOf(
  provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> },
  context: ErrorContext = {},
): Promise<number> {
  try {
    return Number(await provider.request({ method: "eth_chainId" }));
  } catch (err) {
    throw new SuiteError(describeRpcError(err, context), { cause: err });
  }
}

/**
 * Refuse to go on when the node answers another chain than the one expected: Hardhat checks networks whose
 * config names a chain id, not `localhost`, where `LOCALHOST_CHAIN_ID` (when set) is the expectation.
 */
export async function expectChain(
  provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> },
  expected: number,
  context: ErrorContext = {},
): Promise<void> {
  const actual = await chainIdOf(provider, context);
  if (actual !== expected) {
    throw new SuiteError(
      `Wrong chain: ${where(context)} should be chain id ${expected}, but the node answers chain id ${actual}. ` +
        "Check the RPC URL (and the chain id settings) in your .env.",
    );
  }
}

/** Hardhat's "show stack traces" flag, as the `hardhat run` child process and tasks see it. */
function stackTracesWanted(): boolean {
  return process.argv.includes("--show-stack-traces") || process.env.HARDHAT_SHOW_STACK_TRACES === "true";
}

/** The network this process talks to, when it runs under Hardhat; undefined otherwise. */
function currentNetwork(): string | undefined {
  if (process.env.HARDHAT_NETWORK) return process.env.HARDHAT_NETWORK;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const hre = require("hardhat") as { network?: { name?: string } };
    return hre.network?.name;
  } catch {
    return undefined;
  }
}

/**
 * The top-level error handling of a script: run `main`; on failure print one line (`Error: …`, what happened
 * and what to do) instead of a stack trace and set exit code 1. `--show-stack-traces` prints the stack too.
 *
 *     // scripts/x.ts
 *     import { runMain } from "../src/rpc";
 *     void runMain(async () => { … });
 */
export async function runMain(main: () => Promise<unknown>, context: ErrorContext = {}): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (stackTracesWanted()) console.error(err);
    const network = context.network ?? currentNetwork();
    console.error(`Error: ${describeRpcError(err, { ...context, network })}`);
    process.exitCode = 1;
  }
}
