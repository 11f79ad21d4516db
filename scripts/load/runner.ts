/**
 * The load run against the private node the launcher (scripts/load/launch.ts) started:
 * `hardhat run --no-compile --network localhost scripts/load/runner.ts` with LOCALHOST_URL pointing at it. Writes
 * reports/load.json (LOAD_OUT) and, when LOAD_OBSERVATIONS names a file, what the reconciler read.
 * Exit code: 0 reconciled, 2 a payment lost or duplicated or a balance off, 1 a crash.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { runLoad } from "./core";
import { HttpRpc } from "./rpc";
import { serializeObservation, TOKENS } from "./report";
import { settingsFromEnv } from "./settings";

async function main(): Promise<void> {
  const settings = settingsFromEnv(process.env);
  const url = process.env.LOCALHOST_URL;
  if (hre.network.name !== "localhost" || !url) {
    throw new Error("runner.ts runs on --network localhost with LOCALHOST_URL set; start it with `npm run load`");
  }
  const quiet = process.env.LOAD_QUIET === "true";
  const run = await runLoad(hre, new HttpRpc(url), settings, quiet ? () => undefined : console.log);
  fs.mkdirSync(path.dirname(settings.out), { recursive: true });
  fs.writeFileSync(settings.out, `${JSON.stringify(run.report, null, 2)}\n`);
  if (settings.observations) {
    fs.mkdirSync(path.dirname(settings.observations), { recursive: true });
    fs.writeFileSync(
      settings.observations,
      JSON.stringify({
        dkzt: serializeObservation(run.dkzt),
        erc20: serializeObservation(run.erc20),
        erc20Proxied: serializeObservation(run.erc20Proxied),
      }),
    );
  }
  const failed = TOKENS.filter((token) => !run.checks[token].ok);
  for (const token of failed) for (const finding of run.checks[token].findings) console.error(`- ${token}: ${finding}`);
  if (failed.length > 0) process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
