import hre from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { actors, populate, ref, type Actors } from "../helpers/fixtures";
import {
  FOREIGN_BANK_TIER,
  configureForeignLedger,
  deployCrossBorder,
  ensureMandate,
  onboardCrossBorder,
  type CrossBorderSuite,
} from "../../src/crossborder/suite";
import { bicToBytes11 } from "../../src/crossborder/iso20022";
import { Role } from "../../src/roles";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import type { DigitalTenge } from "../../typechain-types";

/** The foreign side (a test "e-CNY"): its central bank's parties, a domestic bank, a keeper and an FX facility. */
export interface ForeignActors {
  foreignCentralBank: HardhatEthersSigner;
  foreignOperator: HardhatEthersSigner;
  foreignCompliance: HardhatEthersSigner;
  foreignGovernance: HardhatEthersSigner;
  /** A Chinese bank: issues e-CNY at home, holds DKZT on the NBK's ledger as a foreign participant. */
  cnBank: HardhatEthersSigner;
  sweepKeeper: HardhatEthersSigner;
  /** The foreign central bank's FX facility account (a sweep destination). */
  fxFacility: HardhatEthersSigner;
}

export type CrossBorderFixture = CrossBorderSuite & Actors & ForeignActors & { salt: string };

/** BICs of the banks in the fixture (Eurasian Bank, Halyk Bank, Bank of China). */
export const BIC = { bankA: "EURIKZKA", bankB: "HSBKKZKX", cnBank: "BKCHCNBJ", foreign: "CITIUS33XXX" } as const;

/** Each of `holders` mandates each of `modules` on `ledger` (the holder's own setModuleMandate). */
export async function grantMandates(
  ledger: DigitalTenge,
  holders: readonly HardhatEthersSigner[],
  modules: readonly { getAddress(): Promise<string> }[],
): Promise<void> {
  for (const holder of holders) {
    for (const module of modules) await ensureMandate(ledger, holder, await module.getAddress());
  }
}

/** A fen (e-CNY minor unit) amount from yuan. */
export const yuan = (amount: number | bigint): bigint => BigInt(amount) * 100n;

/**
 * The suite with cross-border deployed through the same Ignition modules as production, populated as
 * {fundedLedger}, and set up:
 * - the contracts onboarded as SystemContract accounts on both ledgers, both ledgers listed for PvP and HTLC;
 * - the SWIFT gateway: bank A is the gateway bank and its own nostro; BICs of bank A and bank B recorded;
 * - the foreign CBDC: its tiers (tier 5 = foreign participant banks, 1 000 000 yuan holding limit), cnBank
 *   onboarded as a bank with 10 000 000 yuan issued; bank A and bank B hold e-CNY as foreign participants
 *   (bank of record cnBank); cnBank holds DKZT as a foreign participant on the NBK's ledger (bank of record A);
 * - PvP dealers: bank A, bank B, cnBank; the sweep keeper holds its role in the foreign authority.
 */
export async function crossBorderFixture(): Promise<CrossBorderFixture> {
  const a = await actors();
  const [foreignCentralBank, foreignOperator, foreignCompliance, foreignGovernance, cnBank, sweepKeeper, fxFacility] =
    a.spare;
  const suite = await deployCrossBorder(
    hre,
    {
      CENTRAL_BANK: a.centralBank.address,
      OPERATOR: a.operator.address,
      COMPLIANCE: a.compliance.address,
      GOVERNANCE: a.governance.address,
      GUARDIAN: a.guardian.address,
      ISSUANCE_DESK: a.deskKey.address,
    },
    {
      CENTRAL_BANK: foreignCentralBank.address,
      OPERATOR: foreignOperator.address,
      COMPLIANCE: foreignCompliance.address,
      GOVERNANCE: foreignGovernance.address,
    },
  );
  const f: CrossBorderFixture = {
    ...suite,
    ...a,
    foreignCentralBank,
    foreignOperator,
    foreignCompliance,
    foreignGovernance,
    cnBank,
    sweepKeeper,
    fxFacility,
    salt: ref("gateway-salt-2026"),
  };
  await populate(f);
  const { ledger, foreignLedger, operator, bankA, bankB } = f;

  // The foreign CBDC.
  await configureForeignLedger(foreignLedger, foreignCentralBank);
  await (await f.foreignManager.connect(foreignOperator).grantRole(Role.BANK, cnBank.address, 0)).wait();
  await foreignLedger.connect(foreignOperator).onboardBank(cnBank.address, Tier.UNLIMITED, ref("BKCHCNBJ"));
  await foreignLedger.connect(foreignCentralBank).setIssuanceCeiling(cnBank.address, yuan(100_000_000));
  await foreignLedger.connect(foreignCentralBank).issue(cnBank.address, yuan(10_000_000), ref("PBOC-RSV-1"));
  for (const bank of [bankA, bankB]) {
    await foreignLedger
      .connect(foreignOperator)
      .onboardParticipant(
        bank.address,
        AccountKind.PaymentAgent,
        FOREIGN_BANK_TIER,
        cnBank.address,
        ref("FOREIGN-BANK"),
      );
  }
  await foreignLedger
    .connect(foreignOperator)
    .onboardParticipant(
      fxFacility.address,
      AccountKind.PaymentAgent,
      Tier.UNLIMITED,
      cnBank.address,
      ref("FX-FACILITY"),
    );
  await ledger
    .connect(operator)
    .onboardParticipant(cnBank.address, AccountKind.PaymentAgent, Tier.BUSINESS, bankA.address, ref("FOREIGN-BANK"));

  await onboardCrossBorder(f, operator, foreignOperator);

  // Module mandates, as a real deployment gives them (the ledger lets a module debit only an account that mandated
  // it): the banks pay through PvP and the time locks on both ledgers; bank A, the gateway bank, pays inbound
  // credits through the gateway; alice's and carol's banks let the gateway take their outbound escrow.
  await grantMandates(ledger, [bankA, bankB, cnBank], [f.pvp, f.htlc]);
  await grantMandates(foreignLedger, [bankA, bankB, cnBank], [f.pvp, f.htlc]);
  await grantMandates(ledger, [bankA], [f.gateway]);
  await ledger.connect(bankA).setCustomerMandate(f.alice.address, await f.gateway.getAddress(), true);
  await ledger.connect(bankB).setCustomerMandate(f.carol.address, await f.gateway.getAddress(), true);

  // SWIFT gateway.
  await f.manager.connect(f.governance).grantRole(Role.GATEWAY_BANK, bankA.address, 0);
  await f.gateway.connect(operator).setNostroAccount(bankA.address);
  await f.gateway.connect(operator).setBankBic(bankA.address, bicToBytes11(BIC.bankA));
  await f.gateway.connect(operator).setBankBic(bankB.address, bicToBytes11(BIC.bankB));

  // PvP dealers and the sweep keeper.
  for (const dealer of [bankA, bankB, cnBank])
    await f.manager.connect(operator).grantRole(Role.PVP_DEALER, dealer.address, 0);
  await f.foreignManager.connect(foreignOperator).grantRole(Role.FX_SWEEP_KEEPER, sweepKeeper.address, 0);

  // Some float: bank B holds e-CNY, cnBank holds DKZT.
  await foreignLedger.connect(cnBank).transfer(bankB.address, yuan(200_000));
  await ledger.connect(f.centralBank).issue(bankA.address, tenge(5_000_000), ref("RSV-A-2"));
  await ledger.connect(bankA).transfer(cnBank.address, tenge(2_000_000));
  return f;
}
