import { task, types } from "hardhat/config";
import { DEPLOYMENT_HELP, inWords, loadFirst } from "./guard";

/**
 * Programs operations. Registered from tasks/index.ts; everything typed (typechain, src/) is imported inside
 * the actions (before they touch the chain), so loading the Hardhat config never needs compiled artifacts; a
 * failure is one line of words (tasks/guard.ts).
 */
task(
  "dkzt:programs:report",
  "Report of a purpose-bound program: lunches per school per day, spent, remaining, returned",
)
  .addParam("program", "Program id", undefined, types.string)
  .addOptionalParam("deployment", DEPLOYMENT_HELP, undefined, types.string)
  .addOptionalParam("from", "First block to read events from", 0, types.int)
  .addFlag("marked", "The program is a marked (procurement) program")
  .addFlag("json", "Print JSON instead of text")
  .setAction(
    inWords(
      "dkzt:programs:report",
      async (args: { program: string; deployment?: string; from: number; marked: boolean; json: boolean }, hre) => {
        // Arguments first: a malformed one is reported as such, not as a missing deployment.
        if (!/^\d+$/.test(args.program))
          throw new Error(`--program: "${args.program}" is not a program id (a whole number, e.g. 1)`);
        const id = BigInt(args.program);
        await loadFirst(
          async () => ({
            deployment: await import("../src/deployment"),
            report: await import("../src/programs/report"),
          }),
          async ({ deployment, report }) => {
            const programs = await deployment.loadDeployment(hre, "programs", { deploymentId: args.deployment });
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
      },
    ),
  );
