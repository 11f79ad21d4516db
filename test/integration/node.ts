/**
 * A real node for integration tests: `hardhat node` in its own process group on a free loopback port with
 * BNB Chain testnet's chain id, and the Hardhat CLI run against it as an operator would run it. Every child
 * is killed with its whole process group when the test stops it, and again on exit if a test forgot to.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { JsonRpcProvider, Network } from "ethers";

/** The repository root (where hardhat.config.ts is). */
export const ROOT = path.resolve(__dirname, "..", "..");
/** Hardhat's CLI, run with this Node: the same program as `npx hardhat`, without npm's wrapper process. */
const HARDHAT_CLI = require.resolve("hardhat/internal/cli/cli");
/** BNB Smart Chain testnet, the chain the pilot ran on. */
export const BSC_TESTNET_CHAIN_ID = 97;

const children = new Set<ChildProcess>();

/** Kill a child and everything it started (it leads its own process group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

process.on("exit", () => {
  for (const child of children) killGroup(child);
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** A port nobody listens on right now (the OS picks it), on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** Keeps the last `limit` characters a stream wrote (a node logs every call; the tail explains a failure). */
class Tail {
  text = "";
  constructor(private readonly limit = 20_000) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.limit);
  }
}

/** Foundry's anvil (the pinned npm binary package): a second node, not Hardhat's, that confirms after it answers. */
const ANVIL = path.join(path.dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");

/** The nodes the integration tests run on: Hardhat's own, and anvil. */
export type NodeKind = "hardhat" | "anvil";
export const NODE_KINDS: readonly NodeKind[] = ["hardhat", "anvil"];

function hardhat(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return start(process.execPath, [HARDHAT_CLI, ...args], env);
}

function start(program: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(program, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true, // its own process group, killed as a whole
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export interface LocalNode {
  kind: NodeKind;
  url: string;
  port: number;
  chainId: number;
  /** A provider on the node that does not probe the network first (a dead node fails the call, not a loop). */
  provider: JsonRpcProvider;
  /** What the node printed last. */
  log(): string;
  /** Stop the node and its process group; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Start `hardhat node` on a free loopback port with `chainId` (HARDHAT_CHAIN_ID, read by hardhat.config.ts)
 * and wait until it answers JSON-RPC. Retries on another port if the chosen one was taken meanwhile.
 */
export async function startNode(
  chainId = BSC_TESTNET_CHAIN_ID,
  timeoutMs = 120_000,
  kind: NodeKind = "hardhat",
): Promise<LocalNode> {
  let lastError: Error | undefined;
  // What each node prints once it answers JSON-RPC.
  const ready = kind === "anvil" ? "Listening on 127.0.0.1:" : "Started HTTP and WebSocket JSON-RPC server";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child =
      kind === "anvil"
        ? // The accounts of Hardhat's node: the same mnemonic (anvil's default), 64 of them, the same balances.
          start(
            ANVIL,
            ["--host", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId), "--accounts", "64"],
            {},
          )
        : hardhat(["node", "--hostname", "127.0.0.1", "--port", String(port)], { HARDHAT_CHAIN_ID: String(chainId) });
    const out = new Tail();
    child.stdout?.on("data", (d: Buffer) => out.push(d));
    child.stderr?.on("data", (d: Buffer) => out.push(d));
    const stop = async (): Promise<void> => {
      killGroup(child, "SIGTERM");
      const done = exited(child);
      const timer = setTimeout(() => killGroup(child), 3_000);
      await done;
      clearTimeout(timer);
    };
    const started = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const check = (): void => {
        if (out.text.includes(ready)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout?.on("data", check);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!started) {
      await stop();
      lastError = new Error(`${kind} node did not start on port ${port}:\n${out.text}`);
      if (/EADDRINUSE|Address already in use/i.test(out.text)) continue;
      throw lastError;
    }
    const url = `http://127.0.0.1:${port}`;
    const provider = new JsonRpcProvider(url, Network.from(chainId), {
      staticNetwork: true,
      polling: true,
      cacheTimeout: -1,
    });
    provider.pollingInterval = 50;
    const answered = Number(await provider.send("eth_chainId", []));
    if (answered !== chainId) {
      await stop();
      throw new Error(`the node on ${url} answers chain id ${answered}, not ${chainId}`);
    }
    return {
      kind,
      url,
      port,
      chainId,
      provider,
      log: () => out.text,
      stop: async () => {
        provider.destroy();
        await stop();
      },
    };
  }
  throw lastError ?? new Error(`${kind} node did not start`);
}

const shared = new Map<NodeKind, Promise<LocalNode>>();

/**
 * One node for every integration test file of this process (a node costs seconds of CPU to start), started
 * on first use and stopped after the last test file by the root `after` hook below. A test that counts what
 * the node mined counts from a block it noted first.
 */
export function sharedNode(kind: NodeKind = "hardhat"): Promise<LocalNode> {
  const node = shared.get(kind) ?? startNode(BSC_TESTNET_CHAIN_ID, 120_000, kind);
  shared.set(kind, node);
  return node;
}

export async function stopSharedNode(): Promise<void> {
  const nodes = [...shared.values()];
  shared.clear();
  for (const node of nodes) await (await node.catch(() => undefined))?.stop();
}

// Root-level hook: mocha runs it once, after every test file has run (also when a test failed).
if (typeof after === "function") after(stopSharedNode);

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  /** Lines written to the child's stdin, then stdin is closed (for `hardhat console`). */
  input?: string;
  timeoutMs?: number;
  /** Called with the running child, e.g. to kill it half way; the run resolves when it exits. */
  watch?: (child: ChildProcess, kill: () => void) => void;
}

/** Run `hardhat <args>` as an operator would (`npx hardhat …`) and collect what it printed. */
export async function runHardhat(args: string[], options: CliOptions = {}): Promise<CliRun> {
  // IGNITION_POLLING_MS: how often Ignition looks for new blocks, where the config reads it (an automining
  // node mines at once; Ignition's default second per batch is most of a local deployment's time).
  const child = hardhat(args, { IGNITION_POLLING_MS: "100", ...options.env });
  const stdout = new Tail(200_000);
  const stderr = new Tail(200_000);
  child.stdout?.on("data", (d: Buffer) => stdout.push(d));
  child.stderr?.on("data", (d: Buffer) => stderr.push(d));
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  const timer = setTimeout(() => killGroup(child), options.timeoutMs ?? 600_000);
  options.watch?.(child, () => killGroup(child));
  const result = await new Promise<CliRun>((resolve) => {
    child.once("close", (code, signal) => resolve({ code, signal, stdout: stdout.text, stderr: stderr.text }));
  });
  clearTimeout(timer);
  killGroup(child); // anything the CLI left behind in its group
  return result;
}

/** A fresh Ignition deployment id under ignition/deployments/localhost-* (ignored by git), removed by `forget`. */
export function deploymentId(name: string): string {
  return `localhost-it-${name}-${process.pid}-${Date.now().toString(36)}`;
}

export function deploymentDir(id: string): string {
  return path.join(ROOT, "ignition", "deployments", id);
}

export function forget(id: string): void {
  fs.rmSync(deploymentDir(id), { recursive: true, force: true });
}

/** The addresses Ignition recorded for a deployment. */
export function recordedAddresses(id: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(deploymentDir(id), "deployed_addresses.json"), "utf8")) as Record<
    string,
    string
  >;
}

/** Lines of the form "Error: …" and any stack frame a CLI printed: an operator must see the first, never the second. */
export function stackFrames(text: string): string[] {
  return text.split("\n").filter((line) => /^\s+at\s.+(\(|:\d+)/.test(line));
}
