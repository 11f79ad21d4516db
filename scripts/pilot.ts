/**
 * The 2023 pilot, replayed end to end: `npm run pilot` (embedded chain) or `npm run pilot -- --network localhost`
 * (or any configured network). The scenario lives in scripts/pilot/scenario.ts; this prints the closing tables
 * and writes reports/pilot.json and reports/pilot.html. Exit code 1 if any invariant is broken.
 * PILOT_CITIZENS (default 300) scales the cast; PILOT_SCHOOL_DAYS (default 5) the lunch week; PILOT_SEED seeds the
 * derived wallets (citizens, and institutions the network has no key for); PILOT_GAS_FUND is the gas (in ether)
 * the funder sends each derived wallet (default 1 on a local node, 0.01 elsewhere); PILOT_REPORT_DIR where the reports
 * go (default reports/, relative to the project); PILOT_DEPLOYMENT_ID the Ignition record on a persistent network
 * (default pilot-chain-<id>).
 */
import hre from "hardhat";
import { describeError } from "../src/errors";
import { runPilot } from "./pilot/scenario";
import { renderTables } from "./pilot/console";
import { writePilotReports } from "./pilot/files";

async function main(): Promise<void> {
  const report = await runPilot(hre, {
    citizens: process.env.PILOT_CITIZENS ? Number(process.env.PILOT_CITIZENS) : undefined,
    schoolDays: process.env.PILOT_SCHOOL_DAYS ? Number(process.env.PILOT_SCHOOL_DAYS) : undefined,
    seed: process.env.PILOT_SEED,
  });
  console.log(`\n${renderTables(report)}`);
  const files = writePilotReports(hre.config.paths.root, report, process.env.PILOT_REPORT_DIR ?? "reports");
  console.log(`\nWrote ${files.json} and ${files.html} — ${(report.durationMs / 1000).toFixed(1)} s in all`);
  console.log("Render the HTML to a PNG: npx ts-node scripts/render-pilot.ts");
  const broken = report.invariants.filter((i) => !i.holds);
  if (broken.length > 0) {
    console.error(`\n${broken.length} invariant(s) BROKEN: ${broken.map((b) => b.name).join("; ")}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  console.error(`Pilot failed: ${describeError(err, { network: hre.network.name })}`);
  process.exitCode = 1;
});
