import { task, types } from "hardhat/config";

/**
 * Programs operations. Registered from tasks/index.ts; everything typed (typechain, src/) is imported inside
 * the actions, so loading the Hardhat config never needs compiled artifacts.
 */
task(
  "dkzt:programs:report",
  "Report of a purpose-bound program: lunches per school per day, spent, remaining, returned",
)
  .addParam("program", "Program id", undefined, types.string)
  .addOptionalParam("deployment", "Ignition deployment id (default chain-<id>)", undefined, types.string)
  .addOptionalParam("from", "First block to read events from", 0, types.int)
  .addFlag("marked", "The program is a marked (procurement) program")
  .addFlag("json", "Print JSON instead of text")
  .setAction(
    async (args: { program: string; deployment?: string; from: number; marked: boolean; json: boolean }, hre) => {
      // Arguments first: a malformed one is reported as such, not as a missing deployment.
      if (!/^\d+$/.test(args.program))
        throw new Error(`--program: "${args.program}" is not a program id (a whole number, e.g. 1)`);
      const id = BigInt(args.program);
      const { loadPrograms } = await import("../src/programs/deploy");
      const report = await import("../src/programs/report");
      const programs = await loadPrograms(hre, args.deployment);
      const json = (value: unknown) =>
        JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
      if (args.marked) {
        const r = await report.markedProgramReport(programs.markedPrograms, id, args.from);
        console.log(args.json ? json(r) : report.formatMarkedProgramReport(r));
      } else {
        const r = await report.programReport(programs.purposePrograms, id, args.from);
        console.log(args.json ? json(r) : report.formatProgramReport(r));
      }
    },
  );

task(
  "dkzt:programs:mandate",
  "A funder gives the program contracts its ledger mandate to take its DKZT (createProgram, topUp, fund need it)",
)
  .addParam("from", "The funder who signs: an address or an account index", undefined, types.string)
  .addOptionalParam(
    "modules",
    "Which contracts: purpose, marked, m2e (comma-separated)",
    "purpose,marked",
    types.string,
  )
  .addFlag("revoke", "Withdraw the mandate instead")
  .addOptionalParam("deployment", "Ignition deployment id (default chain-<id>)", undefined, types.string)
  .setAction(async (args: { from: string; modules: string; revoke: boolean; deployment?: string }, hre) => {
    // Arguments first: a malformed one is reported as such, not as a missing deployment.
    const { MANDATABLE_PROGRAMS, grantProgramMandates, loadPrograms, parseMandatablePrograms } =
      await import("../src/programs/deploy");
    const names = parseMandatablePrograms(args.modules);
    const { resolveSigner } = await import("../src/ops");
    const { DigitalTenge__factory } = await import("../typechain-types");
    const funder = await resolveSigner(hre, args.from);
    const programs = await loadPrograms(hre, args.deployment, funder);
    const ledger = DigitalTenge__factory.connect(await programs.purposePrograms.ledger(), funder);
    const modules = names.map((name) => programs[MANDATABLE_PROGRAMS[name]]);
    await grantProgramMandates(ledger, funder, modules, !args.revoke);
    console.log(`${funder.address} ${args.revoke ? "withdrew its mandate from" : "mandated"}: ${names.join(", ")}`);
  });
