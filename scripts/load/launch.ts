/**
 * The launcher: start a private `hardhat node`, run scripts/load/runner.ts against it, stop the node whatever
 * happens, and remove the run's Ignition record (the node, and so the deployment, is gone).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { exitCode, spawnHardhat, startNode, stop } from "./processes";
import type { LoadReport } from "./report";

export interface LaunchResult {
  /** The runner's exit code: 0 ran and reconciled, 2 reconciliation failed, anything else a crash. */
  code: number;
  report?: LoadReport;
  /** Seconds, start of the node to its stop. */
  seconds: number;
  /** The node's log, when the run failed. */
  nodeLog?: string;
}

const ROOT = path.resolve(__dirname, "..", "..");

/** Run the load test with `env` (LOAD_* settings, see settings.ts) on a fresh private node. */
export async function launchLoad(
  env: NodeJS.ProcessEnv = {},
  stdio: "inherit" | "pipe" = "inherit",
): Promise<LaunchResult> {
  const started = performance.now();
  const node = await startNode();
  if (env.LOAD_QUIET !== "true") {
    console.log(`Node: hardhat node on ${node.url}, up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const deploymentId = `localhost-load-${node.port}-${Date.now()}`;
  const out = path.resolve(ROOT, env.LOAD_OUT ?? process.env.LOAD_OUT ?? path.join("reports", "load.json"));
  let code = 1;
  let runnerOutput = "";
  try {
    const runner = spawnHardhat(
      ["run", "--no-compile", "--network", "localhost", path.join("scripts", "load", "runner.ts")],
      { ...env, LOCALHOST_URL: node.url, LOAD_DEPLOYMENT_ID: deploymentId, LOAD_OUT: out },
      stdio,
    );
    runner.stdout?.on("data", (chunk: Buffer) => (runnerOutput += chunk.toString()));
    runner.stderr?.on("data", (chunk: Buffer) => (runnerOutput += chunk.toString()));
    code = await exitCode(runner);
  } finally {
    await stop(node.process);
    fs.rmSync(path.join(ROOT, "ignition", "deployments", deploymentId), { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const report = code === 0 || code === 2 ? (JSON.parse(fs.readFileSync(out, "utf8")) as LoadReport) : undefined;
  if (code !== 0 && runnerOutput) console.error(runnerOutput);
  return { code, report, seconds, nodeLog: code === 0 ? undefined : node.log() };
}
