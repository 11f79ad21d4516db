import { loadDeployment } from "../deployment";
import { ZeroAddress, type AddressLike, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  GuardianRules__factory,
  MarkedPrograms__factory,
  MoveToEarn__factory,
  MerchantCategories__factory,
  PurposePrograms__factory,
  type DigitalTenge,
  type GuardianRules,
  type MarkedPrograms,
  type MerchantCategories,
  type MoveToEarn,
  type PurposePrograms,
} from "../../typechain-types";
import { AccountKind, Tier } from "../tiers";
import { accountOf } from "../accounts";

/** The programs capability, typed. */
export interface ProgramsSuite {
  merchantCategories: MerchantCategories;
  guardianRules: GuardianRules;
  purposePrograms: PurposePrograms;
  markedPrograms: MarkedPrograms;
  moveToEarn: MoveToEarn;
}

/** Ignition future ids of the Programs module, as recorded in deployed_addresses.json. */
export const PROGRAMS_FUTURES = {
  merchantCategories: "Programs#MerchantCategories",
  guardianRules: "Programs#GuardianRules",
  purposePrograms: "Programs#PurposePrograms",
  markedPrograms: "Programs#MarkedPrograms",
  moveToEarn: "Programs#MoveToEarn",
} as const;

/** Connect typed contracts to deployed addresses. */
export function connectPrograms(addresses: Record<keyof ProgramsSuite, string>, runner: Signer | null): ProgramsSuite {
  return {
    merchantCategories: MerchantCategories__factory.connect(addresses.merchantCategories, runner),
    guardianRules: GuardianRules__factory.connect(addresses.guardianRules, runner),
    purposePrograms: PurposePrograms__factory.connect(addresses.purposePrograms, runner),
    markedPrograms: MarkedPrograms__factory.connect(addresses.markedPrograms, runner),
    moveToEarn: MoveToEarn__factory.connect(addresses.moveToEarn, runner),
  };
}

/** The programs of the suite deployed on this network (src/deployment.ts loadDeployment). */
export async function loadPrograms(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<ProgramsSuite> {
  return loadDeployment(hre, "programs", { deploymentId, runner });
}

/**
 * The operator onboards the contracts that hold DKZT as SystemContract accounts (unlimited tier, no bank of
 * record): the purpose programs, the marked programs and the move-to-earn pool. (The guardian rules and the category registry hold
 * no DKZT and are not onboarded.)
 */
export async function onboardPrograms(ledger: DigitalTenge, operator: Signer, programs: ProgramsSuite): Promise<void> {
  const modules: [string, string][] = [
    [await programs.purposePrograms.getAddress(), "PROGRAMS"],
    [await programs.markedPrograms.getAddress(), "MARKED-PROGRAMS"],
    [await programs.moveToEarn.getAddress(), "MOVE-TO-EARN"],
  ];
  for (const [address, label] of modules) {
    if ((await accountOf(ledger, address)).registered) continue; // the whole Suite opens it at genesis
    const reference = `0x${Buffer.from(label.padEnd(32, "\0")).toString("hex")}`;
    await (
      await ledger
        .connect(operator)
        .onboardParticipant(address, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, reference)
    ).wait();
  }
}

/**
 * A funder's own act before it funds anything through the programs: it gives each program contract it funds (the
 * purpose programs, the marked programs, a campaign's pool) its mandate to debit its ledger account
 * (`DigitalTenge.setModuleMandate`). `createProgram`, `topUp` and `fund` move the funder's DKZT with
 * `moduleTransfer`, which the ledger refuses without it (`ModuleNotMandated(module, funder)`); withdrawing it later
 * stops further funding and nothing else.
 */
export async function grantProgramMandates(
  ledger: DigitalTenge,
  funder: Signer,
  modules: readonly AddressLike[],
): Promise<void> {
  for (const module of modules) await (await ledger.connect(funder).setModuleMandate(module, true)).wait();
}
