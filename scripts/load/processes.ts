/**
 * Child processes of the load test: a private `hardhat node` on a free loopback port, and the runner that talks
 * to it. Each child leads its own process group, so stopping it stops everything it started (npx wrappers,
 * workers) and a run leaves no orphan behind, whether it ends normally, throws, or is interrupted (SIGINT/SIGTERM).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";

/** The Hardhat CLI of this project, run with this Node binary (no npx shell in between). */
const HARDHAT_CLI = require.resolve("hardhat/internal/cli/cli.js");
const ROOT = path.resolve(__dirname, "..", "..");

/** Children still running: stopped on exit and on signals. */
const live = new Set<ChildProcess>();
let hooked = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGKILL");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      for (const child of live) killGroup(child, "SIGKILL");
      process.exit(130);
    });
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released just before the node binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error("no port"));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Start `args` on the Hardhat CLI as the leader of a new process group. */
export function spawnHardhat(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  stdio: "inherit" | "pipe" = "pipe",
): ChildProcess {
  hookExit();
  const child = spawn(process.execPath, [HARDHAT_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: stdio === "inherit" ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  return child;
}

/** Stop a child's whole group: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export async function stop(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader is gone; make sure nothing it started outlives it.
  killGroup(child, "SIGKILL");
  live.delete(child);
}

/** Wait until `child` exits; resolves with its exit code (signals count as failure). */
export function exitCode(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(1);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
}

export interface LocalNode {
  url: string;
  port: number;
  process: ChildProcess;
  /** The node's own output, kept for diagnostics when something fails. */
  log: () => string;
}

/**
 * Start `hardhat node` on a free loopback port and wait until it answers JSON-RPC (eth_chainId). The node uses this
 * project's hardhat.config.ts (chain id, hardfork, accounts), so its accounts are the ones the tests name.
 */
export async function startNode(timeoutMs = 60_000): Promise<LocalNode> {
  const port = await freePort();
  const child = spawnHardhat(["node", "--hostname", "127.0.0.1", "--port", String(port)]);
  let output = "";
  const keep = (chunk: Buffer): void => {
    // Keep the start and the last 20 kB: the node logs every request.
    output = output.length > 40_000 ? output.slice(0, 10_000) + output.slice(-20_000) : output;
    output += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`hardhat node exited before it answered:\n${output}`);
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok) return { url, port, process: child, log: () => output };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop(child);
  throw new Error(`hardhat node did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
}
