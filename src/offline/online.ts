/**
 * The online side of offline payments: deploy or load the OfflinePurses contract, onboard it in the ledger, read
 * its EIP-712 domain for devices to keep, register certificates and redeem cheques in batches.
 */
import { loadDeployment } from "../deployment";
import { ZeroAddress, encodeBytes32String, type ContractTransactionReceipt, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { AccessManager__factory, DigitalTenge__factory, OfflinePurses__factory } from "../../typechain-types";
import type { DigitalTenge, OfflinePurses } from "../../typechain-types";
import OfflineModule from "../../ignition/modules/Offline";
import { LEDGER_PARTIES, type LedgerParty } from "../roles";
import type { LedgerSuite } from "../suite";
import { AccountKind, Tier } from "../tiers";
import { chunkCheques, encodeBatch } from "./batch";
import { DEFAULT_OFFLINE_LIMITS, type OfflineLimits } from "./limits";
import type { OfflineDomain, SignedCertificate, SignedCheque } from "./types";
import { ignitionConfig } from "../ignition";
import { accountOf } from "../accounts";

/** The suite with its offline purses. */
export interface OfflineSuite extends LedgerSuite {
  offline: OfflinePurses;
}

/** Deploy the Ledger and Offline modules with Ignition (resumable, like deploySuite) and return typed contracts. */
export async function deployOffline(
  hre: HardhatRuntimeEnvironment,
  holders: Record<LedgerParty, string>,
  options: { limits?: Partial<OfflineLimits>; deploymentId?: string } = {},
): Promise<OfflineSuite> {
  const limits = { ...DEFAULT_OFFLINE_LIMITS, ...options.limits };
  const parameters = {
    Ledger: Object.fromEntries(LEDGER_PARTIES.map((role) => [role, holders[role]])),
    Offline: { ...limits },
  };
  const deployed = await hre.ignition.deploy(OfflineModule, {
    parameters,
    deploymentId: options.deploymentId,
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), runner),
    offline: OfflinePurses__factory.connect(await deployed.offline.getAddress(), runner),
  };
}

/** The OfflinePurses contract of the suite deployed on this network (src/deployment.ts loadDeployment). */
export async function loadOffline(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<OfflinePurses> {
  return (await loadDeployment(hre, "offline", { deploymentId, runner })).offline;
}

/** The operator onboards the offline contract in the ledger: a SystemContract account (unlimited tier). */
export async function onboardOfflinePurses(
  ledger: DigitalTenge,
  operator: Signer,
  offline: string,
  ref: string = encodeBytes32String("OFFLINE-PURSES"),
): Promise<void> {
  if ((await accountOf(ledger, offline)).registered) return; // the whole Suite opens it at genesis
  await (
    await ledger
      .connect(operator)
      .onboardParticipant(offline, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref)
  ).wait();
}

/**
 * `holder` mandates the offline purses contract to debit its account, which the ledger requires for a module's
 * debit (`ModuleNotMandated` otherwise): a purse owner before funding its purse, a certifying bank before covering
 * loss claims from its own DKZT. Nothing is sent when the mandate is already there.
 */
export async function mandateOfflinePurses(ledger: DigitalTenge, holder: Signer, offline: string): Promise<void> {
  if (await ledger.hasMandate(await holder.getAddress(), offline)) return;
  await (await ledger.connect(holder).setModuleMandate(offline, true)).wait();
}

/** The contract's EIP-712 domain, read from `eip712Domain()` (never hard-coded): devices keep it for offline use. */
export async function offlineDomain(offline: OfflinePurses): Promise<OfflineDomain> {
  const d = await offline.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/** Register a bank-signed certificate (anyone may send it). */
export async function registerCertificate(
  offline: OfflinePurses,
  signed: SignedCertificate,
): Promise<ContractTransactionReceipt> {
  const receipt = await (await offline.registerPurse(signed.certificate, signed.r, signed.vs)).wait();
  if (!receipt) throw new Error("registerPurse: no receipt");
  return receipt;
}

/** What happened to one cheque of a redemption. */
export interface RedemptionOutcome {
  digest: string;
  purse: string;
  payee: string;
  serial: number;
  amount: bigint;
  paid: boolean;
  /** For a rejected cheque: the custom error (this contract's or the ledger's), decoded. */
  reason?: { name: string; args: unknown[]; data: string };
}

/** The per-cheque outcomes a redemption receipt reports, in batch order. */
export function outcomesOf(receipt: ContractTransactionReceipt, offline: OfflinePurses): RedemptionOutcome[] {
  const ledgerInterface = DigitalTenge__factory.createInterface();
  const outcomes: RedemptionOutcome[] = [];
  // A contract connected at an address (as every loader here connects it) has a string target.
  if (typeof offline.target !== "string") throw new Error("outcomesOf: the OfflinePurses contract has no address");
  const address = offline.target.toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const event = offline.interface.parseLog(log);
    if (!event) continue;
    if (event.name === "ChequeRedeemed") {
      const [purse, payee, serial, amount, digest] = event.args as unknown as [string, string, bigint, bigint, string];
      outcomes.push({ digest, purse, payee, serial: Number(serial), amount, paid: true });
    } else if (event.name === "ChequeRejected") {
      const [purse, payee, serial, amount, digest, data] = event.args as unknown as [
        string,
        string,
        bigint,
        bigint,
        string,
        string,
      ];
      const parsed = offline.interface.parseError(data) ?? ledgerInterface.parseError(data);
      outcomes.push({
        digest,
        purse,
        payee,
        serial: Number(serial),
        amount,
        paid: false,
        reason: { name: parsed?.name ?? "unknown", args: parsed ? [...parsed.args] : [], data },
      });
    }
  }
  return outcomes;
}

/** Redeem `signed` in batches of at most `size` (in order); returns each cheque's outcome and each batch's gas. */
export async function redeemCheques(
  offline: OfflinePurses,
  signed: readonly SignedCheque[],
  size = 100,
): Promise<{ outcomes: RedemptionOutcome[]; gasUsed: bigint[] }> {
  const outcomes: RedemptionOutcome[] = [];
  const gasUsed: bigint[] = [];
  for (const chunk of chunkCheques(signed, size)) {
    const batch = encodeBatch(chunk);
    const receipt = await (await offline.redeemBatch(batch.purses, batch.payees, batch.cheques)).wait();
    if (!receipt) throw new Error("redeemBatch: no receipt");
    gasUsed.push(receipt.gasUsed);
    outcomes.push(...outcomesOf(receipt, offline));
  }
  return { outcomes, gasUsed };
}
