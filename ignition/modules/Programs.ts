import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import LedgerModule from "./Ledger";

/**
 * Programmable money: the merchant category registry, parental (guardian) rules and purpose-bound programs
 * (school lunches, vouchers), marked procurement funds and the move-to-earn reward pool. Every power in these contracts is data-level (a program's funder, a merchant's or
 * minor's bank of record, a program's agents), so there are no rows to wire in the roles table.
 *
 * After deployment the operator onboards the contracts that hold DKZT (PurposePrograms) as SystemContract
 * accounts, and GuardianRules and PurposePrograms as modules (see src/programs/deploy.ts onboardPrograms).
 */
export default buildModule("Programs", (m) => {
  const { manager, ledger } = m.useModule(LedgerModule);
  const merchantCategories = m.contract("MerchantCategories", [ledger]);
  const guardianRules = m.contract("GuardianRules", [ledger, merchantCategories]);
  const purposePrograms = m.contract("PurposePrograms", [ledger, merchantCategories, guardianRules]);
  const markedPrograms = m.contract("MarkedPrograms", [ledger, merchantCategories]);
  // The move-to-earn campaign's sponsor (owner: oracle keys, schedule, cap, pool). Production passes it; the
  // default, the deployer, must hand the campaign over with the two-step ownership transfer.
  const sponsor = m.getParameter("M2E_SPONSOR", m.getAccount(0));
  const moveToEarn = m.contract("MoveToEarn", [ledger, sponsor]);
  return { manager, ledger, merchantCategories, guardianRules, purposePrograms, markedPrograms, moveToEarn };
});
