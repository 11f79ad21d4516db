import { task, types } from "hardhat/config";

/**
 * Programs operations. Registered from tasks/index.ts; everything typed (typechain, src/) is imported inside
 * the actions, so loading the Hardhat config never needs compiled artifacts.
 */
task("dkzt:programs:report", "Report of a purpose-bound program: lunches per school per day, spent, remaining, returned")
  .addParam("program", "Program id", undefined, types.string)
  .addOptionalParam("deployment", "Ignition deployment id (default chain-<id>)", undefined, types.string)
  .addOptionalParam("from", "First block to read events from", 0, types.int)
  .addFlag("json", "Print JSON instead of text")
  .setAction(async (args: { program: string; deployment?: string; from: number; json: boolean }, hre) => {
    const { loadPrograms } = await import("../src/programs/deploy");
    const { programReport, formatProgramReport } = await import("../src/programs/report");
    const { purposePrograms } = await loadPrograms(hre, args.deployment);
    const report = await programReport(purposePrograms, BigInt(args.program), args.from);
    console.log(
      args.json
        ? JSON.stringify(report, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)
        : formatProgramReport(report),
    );
  });
