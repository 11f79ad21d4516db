import * as fs from "node:fs";
import { ZeroAddress, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  GuardianRules__factory,
  MerchantCategories__factory,
  PurposePrograms__factory,
  type DigitalTenge,
  type GuardianRules,
  type MerchantCategories,
  type PurposePrograms,
} from "../../typechain-types";
import { deploymentFile } from "../suite";
import { AccountKind, Tier } from "../tiers";

/** The programs capability, typed. */
export interface ProgramsSuite {
  merchantCategories: MerchantCategories;
  guardianRules: GuardianRules;
  purposePrograms: PurposePrograms;
}

/** Ignition future ids of the Programs module, as recorded in deployed_addresses.json. */
export const PROGRAMS_FUTURES = {
  merchantCategories: "Programs#MerchantCategories",
  guardianRules: "Programs#GuardianRules",
  purposePrograms: "Programs#PurposePrograms",
} as const;

/** Connect typed contracts to deployed addresses. */
export function connectPrograms(addresses: Record<keyof ProgramsSuite, string>, runner: Signer | null): ProgramsSuite {
  return {
    merchantCategories: MerchantCategories__factory.connect(addresses.merchantCategories, runner),
    guardianRules: GuardianRules__factory.connect(addresses.guardianRules, runner),
    purposePrograms: PurposePrograms__factory.connect(addresses.purposePrograms, runner),
  };
}

/** Load the programs deployed earlier on this network from Ignition's records. */
export async function loadPrograms(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<ProgramsSuite> {
  const { chainId } = await hre.ethers.provider.getNetwork();
  const file = deploymentFile(chainId, deploymentId);
  if (!fs.existsSync(file)) throw new Error(`No deployment on chain ${chainId} (looked for ${file}).`);
  const recorded = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const need = (key: string): string => {
    const address = recorded[key];
    if (!address) throw new Error(`${file} has no ${key}: deploy the Programs module first`);
    return address;
  };
  return connectPrograms(
    {
      merchantCategories: need(PROGRAMS_FUTURES.merchantCategories),
      guardianRules: need(PROGRAMS_FUTURES.guardianRules),
      purposePrograms: need(PROGRAMS_FUTURES.purposePrograms),
    },
    runner ?? (await hre.ethers.getSigners())[0],
  );
}

/**
 * The operator onboards the contracts that act as suite modules as SystemContract accounts (unlimited tier, no
 * bank of record): the programs hold DKZT; the guardian rules hold none, but are registered so compliance can
 * see them (and the programs call them as modules).
 */
export async function onboardPrograms(
  ledger: DigitalTenge,
  operator: Signer,
  programs: ProgramsSuite,
): Promise<void> {
  const modules: [string, string][] = [
    [await programs.purposePrograms.getAddress(), "PROGRAMS"],
  ];
  for (const [address, label] of modules) {
    const reference = `0x${Buffer.from(label.padEnd(32, "\0")).toString("hex")}`;
    await (
      await ledger.connect(operator).onboardParticipant(address, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, reference)
    ).wait();
  }
}
