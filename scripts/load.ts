/**
 * `npm run load` (hardhat run scripts/load.ts): the load test. Starts its own `hardhat node` on a free loopback
 * port, deploys the suite there, sends LOAD_PAYMENTS (10 000) payments from LOAD_WALLETS (200) registered wallets
 * concurrently on DKZT and then the same payments on a plain OpenZeppelin ERC-20, reconciles both to the tiyn,
 * writes reports/load.json and stops the node. Exit code: 0 reconciled (a missed throughput target is reported,
 * not failed), 2 a payment lost, duplicated or a balance off, 1 a crash.
 *
 * Settings: see scripts/load/settings.ts (LOAD_PAYMENTS, LOAD_WALLETS, LOAD_MINING, LOAD_BLOCK_MS, ...).
 */
import { launchLoad } from "./load/launch";

async function main(): Promise<void> {
  const { code, report, seconds, nodeLog } = await launchLoad(process.env, "inherit");
  if (code !== 0 && nodeLog !== undefined) console.error(`--- the node's last output ---\n${nodeLog.slice(-3_000)}`);
  if (report !== undefined) {
    const met = report.ratio >= Number(process.env.LOAD_TARGET ?? 0.9);
    console.log(
      [
        `payments per phase  ${report.payments}`,
        `lost / duplicated   ${report.lost} / ${report.duplicated}`,
        `DKZT                ${report.dkztPerSec.toFixed(1)} payments/s`,
        `ERC-20              ${report.erc20PerSec.toFixed(1)} payments/s`,
        `ratio               ${report.ratio.toFixed(3)} (target >= ${process.env.LOAD_TARGET ?? "0.9"}: ${met ? "met" : "MISSED"})`,
        `run                 ${seconds.toFixed(1)} s, node stopped; report in reports/load.json`,
      ].join("\n"),
    );
  }
  process.exitCode = code;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
