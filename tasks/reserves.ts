/**
 * Reserve-backed assets tasks. Nothing from typechain or src/ is imported at the top (this file is loaded by
 * hardhat.config.ts before types exist): each action imports what it needs before it touches the chain, and
 * fails in one line of words (tasks/guard.ts).
 */
import { task, types } from "hardhat/config";
import { DEPLOYMENT_HELP, inWords, loadFirst } from "./guard";

task("dkzt:proof-of-reserves", "Print the stablecoin's proof of reserves and the gold vault against its token")
  .addOptionalParam(
    "stablecoin",
    "ReserveStablecoin address (default: from the Ignition deployment)",
    undefined,
    types.string,
  )
  .addOptionalParam("gold", "GoldToken address (default: from the Ignition deployment)", undefined, types.string)
  .addOptionalParam("deploymentId", DEPLOYMENT_HELP, undefined, types.string)
  .addOptionalParam("bridges", "Comma-separated bridge addresses whose positions to list", undefined, types.string)
  .setAction(
    inWords(
      "dkzt:proof-of-reserves",
      async (args: { stablecoin?: string; gold?: string; deploymentId?: string; bridges?: string }, hre) =>
        loadFirst(
          () => import("../src/reserves"),
          async ({ proofOfReservesReport }): Promise<string> => {
            const bridges = args.bridges
              ? args.bridges
                  .split(",")
                  .map((b) => b.trim())
                  .filter((b) => b.length > 0)
              : [];
            const report = await proofOfReservesReport(hre, { ...args, bridges });
            console.log(report);
            return report;
          },
        ),
    ),
  );

task("dkzt:gold-bars", "List the bars on the gold vault's register")
  .addOptionalParam("gold", "GoldToken address (default: from the Ignition deployment)", undefined, types.string)
  .addOptionalParam("deploymentId", DEPLOYMENT_HELP, undefined, types.string)
  .setAction(
    inWords("dkzt:gold-bars", async (args: { gold?: string; deploymentId?: string }, hre) =>
      loadFirst(
        () => import("../src/reserves"),
        async ({ listBars }): Promise<string> => {
          const text = await listBars(hre, args);
          console.log(text);
          return text;
        },
      ),
    ),
  );
