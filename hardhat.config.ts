import * as path from "node:path";
import "dotenv/config";
import * as fs from "node:fs";
import { subtask, task } from "hardhat/config";
import {
  TASK_COMPILE,
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_MERGE_COMPILATION_JOBS,
} from "hardhat/builtin-tasks/task-names";
import type { CompilationJob } from "hardhat/types";
import type { HardhatUserConfig, NetworkUserConfig } from "hardhat/types";
import "@nomicfoundation/hardhat-toolbox";
import "@openzeppelin/hardhat-upgrades";
import "./tasks";

/**
 * The compiler comes from the pinned `solc` npm package, never from the network: bank networks and
 * these machines reach only the npm registry. Bump `solc` in package.json and SOLC_VERSION together.
 */
const SOLC_VERSION = "0.8.28";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const solcPackage = require("solc/package.json") as { version: string };
if (solcPackage.version !== SOLC_VERSION) {
  throw new Error(
    `Compiler mismatch: hardhat.config.ts wants solc ${SOLC_VERSION} but the installed npm package 'solc' is ` +
      `${solcPackage.version}. Pin them together (npm install --save-exact solc@${SOLC_VERSION}).`,
  );
}

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) {
    // Another version can only come from a second compiler entry; fall back to Hardhat (needs network).
    return (await runSuper(args)) as unknown;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: solc.version(),
  };
});

/**
 * Under solidity-coverage the instrumented suite is too large for one solcjs (WebAssembly) run, which then fails
 * with "memory access out of bounds". For coverage only, the compilation jobs are merged per folder (ledger,
 * payments, …, and one per dependency package) instead of into one job, so each solcjs run stays small.
 * Normal builds are unchanged.
 */
subtask(
  TASK_COMPILE_SOLIDITY_MERGE_COMPILATION_JOBS,
  async (args: { compilationJobs: CompilationJob[] }, hre, runSuper) => {
    const coverage = (hre as unknown as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING;
    if (coverage !== true) return (await runSuper(args)) as unknown;
    const groups = new Map<string, CompilationJob[]>();
    for (const job of args.compilationJobs) {
      const emitted = job.getResolvedFiles().find((file) => job.emitsArtifacts(file));
      const parts = (emitted?.sourceName ?? "").split("/");
      const key = parts[0] === "contracts" ? parts.slice(0, 2).join("/") : parts[0];
      groups.set(key, [...(groups.get(key) ?? []), job]);
    }
    const merged: CompilationJob[] = [];
    for (const jobs of groups.values()) {
      merged.push(...((await runSuper({ compilationJobs: jobs })) as CompilationJob[]));
    }
    return merged;
  },
);

/**
 * Typed Safe multisig contracts (role holders) from the compiled artifacts @safe-global/safe-contracts publishes
 * on npm: typechain writes them to typechain-types/safe after every compile if they are missing.
 */
const SAFE_ARTIFACTS = ["Safe.sol/Safe.json", "proxies/SafeProxyFactory.sol/SafeProxyFactory.json"].map((file) =>
  path.join(
    path.dirname(require.resolve("@safe-global/safe-contracts/package.json")),
    "build/artifacts/contracts",
    file,
  ),
);
task(TASK_COMPILE).setAction(async (args, hre, runSuper) => {
  const result: unknown = await runSuper(args);
  const outDir = path.join(hre.config.paths.root, "typechain-types", "safe");
  if (!fs.existsSync(path.join(outDir, "index.ts"))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runTypeChain } = require("typechain") as typeof import("typechain");
    await runTypeChain({
      cwd: hre.config.paths.root,
      filesToProcess: SAFE_ARTIFACTS,
      allFiles: SAFE_ARTIFACTS,
      outDir,
      target: "ethers-v6",
    });
  }
  return result;
});

/** Remote networks come from environment variables alone (see .env.example); nothing secret is committed. */
function remote(url: string | undefined, chainId: number, gasPrice?: string): NetworkUserConfig | undefined {
  if (!url) return undefined;
  const key = process.env.DEPLOYER_KEY;
  return { url, chainId, accounts: key ? [key] : [], ...(gasPrice ? { gasPrice: Number(gasPrice) } : {}) };
}

/** A number from the environment, or undefined when the variable is unset or empty. */
function numberFromEnv(name: string): number | undefined {
  const text = process.env[name]?.trim();
  return text ? Number(text) : undefined;
}

const networks: HardhatUserConfig["networks"] = {
  hardhat: {
    // BNB Smart Chain's chain id, for realism; override with HARDHAT_CHAIN_ID.
    chainId: Number(process.env.HARDHAT_CHAIN_ID ?? 56),
    hardfork: "cancun",
    accounts: { count: 64 },
  },
  localhost: {
    url: process.env.LOCALHOST_URL ?? "http://127.0.0.1:8545",
    // Estimate every transaction's gas, so a refusal is decoded in words and nothing is sent. Left unset,
    // hardhat-ethers sends a fixed gas limit to any node answering `hardhat_metadata` — anvil does, and mines
    // the refused transaction as a failure with no reason.
    gas: "auto",
  },
};
// When set, Hardhat refuses a localhost node answering another chain id ("Wrong chain: …").
const localhostChainId = numberFromEnv("LOCALHOST_CHAIN_ID");
if (localhostChainId !== undefined) networks.localhost = { ...networks.localhost, chainId: localhostChainId };
const bscTestnet = remote(process.env.BSC_TESTNET_RPC_URL, 97);
const bsc = remote(process.env.BSC_RPC_URL, 56);
const permissioned = process.env.RPC_URL
  ? remote(process.env.RPC_URL, Number(process.env.CHAIN_ID ?? 1337), process.env.PERMISSIONED_GAS_PRICE)
  : undefined;
if (bscTestnet) networks.bscTestnet = bscTestnet;
if (bsc) networks.bsc = bsc;
if (permissioned) networks.permissioned = permissioned;

/**
 * Ignition's confirmations on networks that do not automine (default 5; never set it for an automining node,
 * whose blocks come only with transactions) and its block polling interval; src/suite.ts passes them on.
 */
const ignition: NonNullable<HardhatUserConfig["ignition"]> = {};
const confirmations = numberFromEnv("IGNITION_CONFIRMATIONS");
if (confirmations !== undefined) ignition.requiredConfirmations = confirmations;
const polling = numberFromEnv("IGNITION_POLLING_MS");
if (polling !== undefined) ignition.blockPollingInterval = polling;

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
    },
  },
  networks,
  gasReporter: { enabled: process.env.REPORT_GAS === "true" },
  // One key, Etherscan's v2 API: it serves BNB Chain (56) and BNB Chain testnet (97), both built into
  // hardhat-verify (no customChains). `npx hardhat ignition verify <deployment-id>` verifies a whole deployment.
  etherscan: { apiKey: process.env.BSCSCAN_API_KEY ?? "" },
  ignition,
  sourcify: { enabled: false },
  // `npm test` runs the suite in parts (coverage, @plain/@gas, @node), each in parallel over both cores; the @node
  // files start their own nodes (Hardhat's and anvil). MOCHA_GREP / MOCHA_INVERT select the part. No test may
  // fail because the machine is busy: one generous timeout (a hung test still ends the run well inside CI's
  // limit), and no file sets a tighter one on its heavy hooks.
  mocha: {
    timeout: 15 * 60 * 1000,
    jobs: Number(process.env.MOCHA_JOBS ?? 2),
    ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP, invert: process.env.MOCHA_INVERT === "1" } : {}),
  },
};

export default config;
