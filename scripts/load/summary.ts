/**
 * The console summary of a load report: the three tokens' throughput, both ratios, and which of them the target is
 * judged on. Pure, so the load test checks it.
 */
import type { LoadReport } from "./report";

export function summary(report: LoadReport, seconds: number, target: number): string {
  const met = report.ratio >= target;
  const proxyHop = report.erc20PerSec > 0 ? report.erc20ProxiedPerSec / report.erc20PerSec : 0;
  return [
    `payments per token  ${report.payments} (DKZT, plain ERC-20, proxied ERC-20: the same plan on each)`,
    `lost / duplicated   ${report.lost} / ${report.duplicated}`,
    `DKZT                ${report.dkztPerSec.toFixed(1)} payments/s`,
    `ERC-20, plain       ${report.erc20PerSec.toFixed(1)} payments/s`,
    `ERC-20, proxied     ${report.erc20ProxiedPerSec.toFixed(1)} payments/s (proxied / plain ${proxyHop.toFixed(3)}: the proxy hop)`,
    `ratio               ${report.ratio.toFixed(3)} DKZT / plain ERC-20 (target >= ${target}: ${met ? "met" : "MISSED"})`,
    `ratio vs proxied    ${report.ratioVsProxied.toFixed(3)} DKZT / proxied ERC-20 (DKZT's own checks)`,
    `target              judged on ratio (DKZT / plain ERC-20, the issue's figure); ratio vs proxied is diagnostic`,
    `run                 ${seconds.toFixed(1)} s, node stopped; report in reports/load.json`,
  ].join("\n");
}
