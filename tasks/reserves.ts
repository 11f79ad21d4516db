/**
 * Reserve-backed assets tasks. Nothing from typechain or src/ is imported at the top (this file is loaded by
 * hardhat.config.ts before types exist): each action imports what it needs.
 */
import { task, types } from "hardhat/config";

task("dkzt:proof-of-reserves", "Print the stablecoin's proof of reserves and the gold vault against its token")
  .addOptionalParam(
    "stablecoin",
    "ReserveStablecoin address (default: from the Ignition deployment)",
    undefined,
    types.string,
  )
  .addOptionalParam("gold", "GoldToken address (default: from the Ignition deployment)", undefined, types.string)
  .addOptionalParam("deploymentId", "Ignition deployment id (default: chain-<chainId>)", undefined, types.string)
  .addOptionalParam("bridges", "Comma-separated bridge addresses whose positions to list", undefined, types.string)
  .setAction(
    async (
      args: { stablecoin?: string; gold?: string; deploymentId?: string; bridges?: string },
      hre,
    ): Promise<string> => {
      const { proofOfReservesReport } = await import("../src/reserves/report");
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
  );

task("dkzt:gold-bars", "List the bars on the gold vault's register")
  .addOptionalParam("gold", "GoldToken address (default: from the Ignition deployment)", undefined, types.string)
  .addOptionalParam("deploymentId", "Ignition deployment id (default: chain-<chainId>)", undefined, types.string)
  .setAction(async (args: { gold?: string; deploymentId?: string }, hre): Promise<string> => {
    const { listBars } = await import("../src/reserves/report");
    const text = await listBars(hre, args);
    console.log(text);
    return text;
  });
