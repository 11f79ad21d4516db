/**
 * The load test's settings, from the environment, with the defaults `npm run load` uses. One place, so the
 * launcher, the runner and the report agree.
 */
import * as path from "node:path";

export interface LoadSettings {
  /** LOAD_PAYMENTS: payments per token phase (default 10 000): each of the three tokens runs this many. */
  payments: number;
  /** LOAD_WALLETS: paying wallets (default 200). */
  wallets: number;
  /** LOAD_SEED: seed of the wallets' keys and of the plan (default "dkzt-load-1"). */
  seed: string;
  /** LOAD_WARMUP: payments of a warm-up plan run on every token before the clock (default min(500, payments/10)). */
  warmUp: number;
  /** LOAD_MINING: "interval" (default) or "auto" (one block per transaction). */
  mining: "interval" | "auto";
  /** LOAD_BLOCK_MS: block interval under interval mining (default 250 ms). */
  blockMs: number;
  /** LOAD_BLOCK_GAS_LIMIT: the node's block gas limit during the phases (default 1 000 000 000: never binds). */
  blockGasLimit: bigint;
  /** LOAD_GAS_LIMIT: gas limit of every payment, every token (default 150 000). */
  gasLimit: bigint;
  /** LOAD_BATCH: raw transactions per JSON-RPC batch request (default 50). */
  batchSize: number;
  /** LOAD_PARALLEL: batch requests in flight at once (default 4). */
  parallel: number;
  /**
   * LOAD_SLICES: the measured plan runs in this many slices, the three tokens' order rotating each slice
   * (A B C | B C A | C A B | A C B | C B A | B A C; default 6, so each token runs first, second and third twice and
   * directly after each other token twice).
   */
  slices: number;
  /** LOAD_ERC20_FIRST=true starts the rotation with the plain ERC-20 instead of DKZT. */
  erc20First: boolean;
  /** LOAD_PROGRESS=false hides the progress bars (default: shown on a terminal). */
  progress: boolean;
  /** LOAD_OUT: the report (default reports/load.json). */
  out: string;
  /** LOAD_OBSERVATIONS: where to dump what the reconciler read (default: not written). */
  observations?: string;
  /** LOAD_DEPLOYMENT_ID: Ignition deployment id on the private node (launcher sets a fresh one per run). */
  deploymentId: string;
  /** LOAD_TARGET: the DKZT / plain ERC-20 throughput ratio (`ratio`) to meet (default 0.9). */
  target: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${text}`);
  return value;
}

function warmUpFrom(env: NodeJS.ProcessEnv, payments: number): number {
  const text = env.LOAD_WARMUP;
  if (text === undefined || text === "") return Math.min(500, Math.ceil(payments / 10));
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`LOAD_WARMUP must be 0 or a positive integer, got ${text}`);
  return value;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): LoadSettings {
  const mining = env.LOAD_MINING ?? "interval";
  if (mining !== "interval" && mining !== "auto")
    throw new Error(`LOAD_MINING must be interval or auto, got ${mining}`);
  const target = Number(env.LOAD_TARGET ?? 0.9);
  if (!(target > 0)) throw new Error(`LOAD_TARGET must be a positive number, got ${env.LOAD_TARGET}`);
  return {
    payments: positiveInt(env, "LOAD_PAYMENTS", 10_000),
    wallets: positiveInt(env, "LOAD_WALLETS", 200),
    seed: env.LOAD_SEED ?? "dkzt-load-1",
    warmUp: warmUpFrom(env, positiveInt(env, "LOAD_PAYMENTS", 10_000)),
    mining,
    blockMs: positiveInt(env, "LOAD_BLOCK_MS", 250),
    blockGasLimit: BigInt(positiveInt(env, "LOAD_BLOCK_GAS_LIMIT", 1_000_000_000)),
    gasLimit: BigInt(positiveInt(env, "LOAD_GAS_LIMIT", 150_000)),
    batchSize: positiveInt(env, "LOAD_BATCH", 50),
    parallel: positiveInt(env, "LOAD_PARALLEL", 4),
    slices: positiveInt(env, "LOAD_SLICES", 6),
    erc20First: env.LOAD_ERC20_FIRST === "true",
    progress: env.LOAD_PROGRESS === undefined ? Boolean(process.stdout.isTTY) : env.LOAD_PROGRESS === "true",
    out: env.LOAD_OUT ?? path.join("reports", "load.json"),
    observations: env.LOAD_OBSERVATIONS || undefined,
    deploymentId: env.LOAD_DEPLOYMENT_ID ?? `localhost-load-${process.pid}`,
    target,
  };
}
