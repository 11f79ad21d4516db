/** The proof-of-reserves report the `dkzt:proof-of-reserves` task prints. */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { GoldToken__factory, ReserveStablecoin__factory } from "../../typechain-types";
import type { GoldToken, ReserveStablecoin } from "../../typechain-types";
import {
  formatGoldReserve,
  formatProofOfReserves,
  type BridgeLine,
  type GoldReserve,
  type ReserveProof,
} from "./format";

/** Read the stablecoin's proof of reserves as plain bigints. */
export async function readProof(stablecoin: ReserveStablecoin): Promise<ReserveProof> {
  const p = await stablecoin.proofOfReserves();
  return {
    supply: p.supply,
    bridgedOut: p.bridgedOut,
    obligations: p.obligations,
    reserve: p.reserve,
    attached: p.attached,
    available: p.available,
    ratioBps: p.ratioBps,
    fullyBacked: p.fullyBacked,
    redeemable: p.redeemable,
    status: p.status,
  };
}

/** Read the gold token's reserve as plain bigints. */
export async function readGoldReserve(gold: GoldToken): Promise<GoldReserve> {
  const r = await gold.goldReserve();
  return {
    barsInVault: r.barsInVault,
    attestedFineMg: r.attestedFineMg,
    backingFineMg: r.backingFineMg,
    supplyUnits: r.supplyUnits,
    attestedUnits: r.attestedUnits,
  };
}

/** Where to find the contracts: explicit addresses, or Ignition's records for this network. */
export interface ReportTarget {
  stablecoin?: string;
  gold?: string;
  deploymentId?: string;
  /** Bridges whose position on this chain the report lists. */
  bridges?: string[];
}

/** The full report: the stablecoin's proof of reserves (and bridges), then the gold vault against its token. */
export async function proofOfReservesReport(
  hre: HardhatRuntimeEnvironment,
  target: ReportTarget = {},
): Promise<string> {
  const runner = hre.ethers.provider;
  let stablecoinAddress = target.stablecoin;
  let goldAddress = target.gold;
  if (!stablecoinAddress || !goldAddress) {
    const { loadReserves } = await import("./index");
    const loaded = await loadReserves(hre, target.deploymentId);
    stablecoinAddress ??= await loaded.stablecoin.getAddress();
    goldAddress ??= await loaded.gold.getAddress();
  }
  const stablecoin = ReserveStablecoin__factory.connect(stablecoinAddress, runner);
  const gold = GoldToken__factory.connect(goldAddress, runner);
  const { chainId } = await runner.getNetwork();
  const block = await runner.getBlockNumber();
  const symbol = await stablecoin.symbol();
  const bridges: BridgeLine[] = [];
  for (const bridge of target.bridges ?? []) {
    const position = await stablecoin.bridgeOf(bridge);
    bridges.push({
      bridge,
      limit: position.limit,
      outstanding: position.outstanding,
      mintAvailable: position.mintAvailable,
      burnAvailable: position.burnAvailable,
    });
  }
  return [
    `Proof of reserves, chain ${chainId}, block ${block}`,
    `${await stablecoin.name()} (${symbol}) at ${stablecoinAddress}`,
    formatProofOfReserves(await readProof(stablecoin), symbol, bridges),
    `Tokenized gold (${await gold.symbol()}) at ${goldAddress}`,
    formatGoldReserve(await readGoldReserve(gold)),
  ].join("\n");
}

const BAR_STATUS = ["None", "Attested", "Backing", "Released", "Removed"] as const;

/** Every bar ever attested, one line each: serial, refiner, vault, weights, fineness, status. */
export async function listBars(
  hre: HardhatRuntimeEnvironment,
  target: { gold?: string; deploymentId?: string } = {},
): Promise<string> {
  let goldAddress = target.gold;
  if (!goldAddress) {
    const { loadReserves } = await import("./index");
    goldAddress = await (await loadReserves(hre, target.deploymentId)).gold.getAddress();
  }
  const gold = GoldToken__factory.connect(goldAddress, hre.ethers.provider);
  const { decodeBytes32String } = await import("ethers");
  const count = await gold.barCount();
  const lines = [`${count} bar(s) on the register of ${goldAddress}`];
  for (let i = 0n; i < count; i++) {
    const id = await gold.barIdAt(i);
    const bar = await gold.barOf(id);
    const fineness = `${bar.fineness / 10n}.${bar.fineness % 10n}`;
    lines.push(
      `  ${decodeBytes32String(bar.serial)} ${decodeBytes32String(bar.refiner)} @ ${decodeBytes32String(bar.vault)}: ` +
        `gross ${bar.grossWeightMg} mg, fineness ${fineness}, fine ${bar.fineWeightMg} mg, ${BAR_STATUS[Number(bar.status)]}`,
    );
  }
  return lines.join("\n");
}
