/**
 * `npm run load` (hardhat run scripts/load.ts): the load test. Starts its own `hardhat node` on a free loopback
 * port, deploys the suite there, sends LOAD_PAYMENTS (10 000) payments from LOAD_WALLETS (200) registered wallets
 * concurrently on each of three tokens (DKZT, a plain OpenZeppelin ERC-20 and an OpenZeppelin ERC-20 behind an
 * ERC1967Proxy) in slices with the order rotating, reconciles each to the tiyn, writes reports/load.json and stops
 * the node. The target is judged on `ratio` (DKZT / plain ERC-20); `ratioVsProxied` says how much of the gap is the
 * proxy hop. Exit code: 0 reconciled (a missed throughput target is reported, not failed), 2 a payment lost,
 * duplicated or a balance off, 1 a crash.
 *
 * Settings: see scripts/load/settings.ts (LOAD_PAYMENTS, LOAD_WALLETS, LOAD_MINING, LOAD_BLOCK_MS, ...).
 */
import { launchLoad } from "./load/launch";
import { summary } from "./load/summary";

async function main(): Promise<void> {
  const { code, report, seconds, nodeLog } = await launchLoad(process.env, "inherit");
  if (code !== 0 && nodeLog !== undefined) console.error(`--- the node's last output ---\n${nodeLog.slice(-3_000)}`);
  if (report !== undefined) console.log(summary(report, seconds, Number(process.env.LOAD_TARGET ?? 0.9)));
  process.exitCode = code;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
