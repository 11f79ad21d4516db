import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";
import { ZeroAddress, encodeBytes32String } from "ethers";
import { Role } from "../../src/roles";
import { UNLIMITED } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import GovernanceModule from "./Governance";
import PaymentsModule from "./Payments";
import ProgramsModule from "./Programs";
import ReservesModule from "./Reserves";
import OfflineModule from "./Offline";
import CrossBorderModule from "./CrossBorder";

/**
 * The whole suite, composed: the ledger and its governance (Ledger, Governance), payments, programs, reserves,
 * offline purses and cross-border (with the foreign CBDC it settles against), one AccessManager wired from the
 * roles table. Every capability module keeps its own id, so its futures keep their ids (`Payments#CardGateway`)
 * and a deployment made module by module resumes into this one.
 *
 * Parameters: those of each module (src/suite.ts suiteParameters builds them from the role holders).
 *
 * Genesis: the deployer, still the authority's admin, takes the operator, central-bank and governance roles for a
 * moment to define the unlimited tier the suite's own accounts use, onboard every module that holds DKZT as a
 * SystemContract account, list the DKZT and foreign ledgers on PvP and the hashed time locks, and point the ledger
 * at the guardian rules contract (parental limits) and at the holdings check (no account closed while it holds
 * gold or stablecoin); then it drops the three roles. (The foreign ledger's own
 * accounts are opened by the foreign operator: its ledger, its decision; src/crossborder/suite.ts.) The Handover
 * module then leaves the deployer with nothing.
 */
const SuiteModule = buildModule("Suite", (m) => {
  const { manager, ledger, desk } = m.useModule(GovernanceModule);
  const { payments, cards } = m.useModule(PaymentsModule);
  const programs = m.useModule(ProgramsModule);
  const { stablecoin, gold, desk: goldDesk } = m.useModule(ReservesModule);
  const { offline } = m.useModule(OfflineModule);
  const { foreignManager, foreignLedger, gateway, pvp, htlc, sweep } = m.useModule(CrossBorderModule);

  const deployer = m.getAccount(0);
  const asOperator = m.call(manager, "grantRole", [Role.OPERATOR, deployer, 0], { id: "genesis_grant_OPERATOR" });
  const asCentralBank = m.call(manager, "grantRole", [Role.CENTRAL_BANK, deployer, 0], {
    id: "genesis_grant_CENTRAL_BANK",
  });
  const tier = m.call(ledger, "setTier", [Tier.UNLIMITED, UNLIMITED, UNLIMITED], {
    id: "genesis_tier_UNLIMITED",
    after: [asCentralBank],
  });

  const accounts = {
    PAYMENTS: [payments, "MODULE-PAYMENTS"],
    CARDS: [cards, "MODULE-CARDS"],
    PROGRAMS: [programs.purposePrograms, "PROGRAMS"],
    MARKED_PROGRAMS: [programs.markedPrograms, "MARKED-PROGRAMS"],
    MOVE_TO_EARN: [programs.moveToEarn, "MOVE-TO-EARN"],
    STABLECOIN: [stablecoin, "RESERVE-STABLECOIN"],
    GOLD_DESK: [goldDesk, "GOLD-DESK"],
    OFFLINE: [offline, "OFFLINE-PURSES"],
    SWIFT_GATEWAY: [gateway, "SWIFT-GATEWAY"],
    PVP: [pvp, "PVP-SETTLEMENT"],
    HTLC: [htlc, "HTLC"],
  } as const;
  const genesis: Future[] = [tier];
  for (const [name, [contract, label]] of Object.entries(accounts)) {
    genesis.push(
      m.call(
        ledger,
        "onboardParticipant",
        [contract, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, encodeBytes32String(label)],
        { id: `genesis_onboard_${name}`, after: [tier, asOperator] },
      ),
    );
  }
  for (const [name, contract] of [
    ["PVP", pvp],
    ["HTLC", htlc],
  ] as const) {
    genesis.push(
      m.call(contract, "setLedgerSupported", [ledger, true], {
        id: `genesis_${name}_supports_DKZT`,
        after: [asOperator],
      }),
      m.call(contract, "setLedgerSupported", [foreignLedger, true], {
        id: `genesis_${name}_supports_foreign`,
        after: [asOperator],
      }),
    );
  }
  // The ledger enforces parental limits through the guardian rules contract (GOVERNANCE's power, delayed later).
  const asGovernance = m.call(manager, "grantRole", [Role.GOVERNANCE, deployer, 0], {
    id: "genesis_grant_GOVERNANCE",
  });
  // Closing an account that still holds gold or stablecoin is refused: the ledger asks the holdings check first.
  const holdingsCheck = m.contract("HoldingsCheck", [[gold, stablecoin]]);
  genesis.push(
    m.call(ledger, "setGuardianRules", [programs.guardianRules], {
      id: "genesis_ledger_guardian_rules",
      after: [asGovernance],
    }),
    m.call(ledger, "setClosureCheck", [holdingsCheck], {
      id: "genesis_ledger_closure_check",
      after: [asGovernance],
    }),
  );
  m.call(manager, "revokeRole", [Role.GOVERNANCE, deployer], { id: "genesis_revoke_GOVERNANCE", after: genesis });
  m.call(manager, "revokeRole", [Role.OPERATOR, deployer], { id: "genesis_revoke_OPERATOR", after: genesis });
  m.call(manager, "revokeRole", [Role.CENTRAL_BANK, deployer], { id: "genesis_revoke_CENTRAL_BANK", after: genesis });

  return {
    manager,
    ledger,
    desk,
    payments,
    cards,
    merchantCategories: programs.merchantCategories,
    guardianRules: programs.guardianRules,
    purposePrograms: programs.purposePrograms,
    markedPrograms: programs.markedPrograms,
    moveToEarn: programs.moveToEarn,
    stablecoin,
    gold,
    goldDesk,
    offline,
    foreignManager,
    foreignLedger,
    gateway,
    pvp,
    htlc,
    sweep,
  };
});
export default SuiteModule;
