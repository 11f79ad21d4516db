import hre, { ethers } from "hardhat";
import { Wallet, id } from "ethers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import SuiteModule from "../../ignition/modules/Suite";
import PaymentsModule from "../../ignition/modules/Payments";
import ProgramsModule from "../../ignition/modules/Programs";
import ReservesModule from "../../ignition/modules/Reserves";
import CrossBorderModule from "../../ignition/modules/CrossBorder";
import OfflineModule from "../../ignition/modules/Offline";
import {
  AccessManager__factory,
  CardGateway__factory,
  DigitalTenge__factory,
  ForeignCbdcSweep__factory,
  GoldDesk__factory,
  GoldToken__factory,
  HashedTimelock__factory,
  IssuanceDesk__factory,
  MerchantPayments__factory,
  OfflinePurses__factory,
  PvPSettlement__factory,
  ReserveStablecoin__factory,
  SwiftGateway__factory,
} from "../../typechain-types";
import type { GoldDesk, GoldToken, OfflinePurses, ReserveStablecoin } from "../../typechain-types";
import { suiteParameters, type Suite } from "../../src/suite";
import { LEDGER_PARTIES, Role } from "../../src/roles";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { onboardPaymentModules, scheduleVatRates, setUpVatBudget, type PaymentsSuite } from "../../src/payments/suite";
import { paymentsDomain } from "../../src/payments/invoice";
import { KZ_VAT_2026, almatyDay } from "../../src/payments/vat";
import { connectPrograms, onboardPrograms, type ProgramsSuite } from "../../src/programs/deploy";
import { MCC } from "../../src/programs/taps";
import { RESERVE_HELD_ROLES, onboardReserves } from "../../src/reserves";
import { configureForeignLedger, onboardCrossBorder, type CrossBorder } from "../../src/crossborder/suite";
import { bicToBytes11, currencyToBytes3 } from "../../src/crossborder/iso20022";
import {
  DEFAULT_OFFLINE_LIMITS,
  offlineDomain,
  onboardOfflinePurses,
  registerCertificate,
  signCertificateWith,
  type OfflineDomain,
} from "../../src/offline";
import { actors, populate, ref, type Actors } from "../helpers/fixtures";
import { BIC } from "../crossborder/fixtures";
import { ignitionConfig } from "../../src/ignition";

/**
 * Every capability on one authority and one ledger: the Suite module (ledger, governance) with the Payments,
 * Programs, Reserves, CrossBorder and Offline modules. Ignition deploys the shared Ledger module once. When the
 * Suite module composes the capabilities itself, this module becomes `SuiteModule` and nothing else changes.
 */
const AllCapabilities = buildModule("InvariantSuite", (m) => {
  const suite = m.useModule(SuiteModule);
  const payments = m.useModule(PaymentsModule);
  const programs = m.useModule(ProgramsModule);
  const reserves = m.useModule(ReservesModule);
  const crossBorder = m.useModule(CrossBorderModule);
  const offline = m.useModule(OfflineModule);
  return {
    manager: suite.manager,
    ledger: suite.ledger,
    desk: suite.desk,
    payments: payments.payments,
    cards: payments.cards,
    merchantCategories: programs.merchantCategories,
    guardianRules: programs.guardianRules,
    purposePrograms: programs.purposePrograms,
    markedPrograms: programs.markedPrograms,
    moveToEarn: programs.moveToEarn,
    stablecoin: reserves.stablecoin,
    gold: reserves.gold,
    goldDesk: reserves.desk,
    foreignManager: crossBorder.foreignManager,
    foreignLedger: crossBorder.foreignLedger,
    gateway: crossBorder.gateway,
    pvp: crossBorder.pvp,
    htlc: crossBorder.htlc,
    sweep: crossBorder.sweep,
    offline: offline.offline,
  };
});

/** Everyone the invariant runs move money for, beside the ledger fixture's actors. */
export interface SuiteActors extends Actors {
  taxAuthority: HardhatEthersSigner;
  /** The State Revenue Committee's VAT budget account (government, bank B). */
  budget: HardhatEthersSigner;
  foreignCentralBank: HardhatEthersSigner;
  foreignOperator: HardhatEthersSigner;
  /** Bank of China: a foreign participant on the DKZT ledger (bank of record A). */
  cnBank: HardhatEthersSigner;
  /** The stablecoin issuer (a licensed exchange, business customer of bank A). */
  exchange: HardhatEthersSigner;
  custodian: HardhatEthersSigner;
  priceFeed: HardhatEthersSigner;
  /** The treasury's DKZT account (government, bank A): the gold desk's counterparty. */
  treasury: HardhatEthersSigner;
  /** Almaty akimat: government at bank A, funds the school lunch program. */
  akimat: HardhatEthersSigner;
  /** A school canteen: merchant at bank A, category 5814. */
  canteen: HardhatEthersSigner;
  /** dave: an anonymous-lite individual at bank B (100 000 ₸ holding limit): where holding limits bite. */
  dave: HardhatEthersSigner;
}

export interface InvariantSuite extends Suite, PaymentsSuite, ProgramsSuite, CrossBorder, SuiteActors {
  stablecoin: ReserveStablecoin;
  gold: GoldToken;
  goldDesk: GoldDesk;
  offline: OfflinePurses;
  invoiceDomain: Awaited<ReturnType<typeof paymentsDomain>>;
  offlineDomain: OfflineDomain;
  /** The school lunch program (akimat, Kazpost as agent, the canteen eligible, 8 pupils), open three days. */
  lunchProgramId: bigint;
  lunchProgramEnd: bigint;
  /** Alice's offline purse: its device key and certificate expiry (certified by bank A, cap 35 000 ₸). */
  purseKey: Wallet;
  purseExpiry: bigint;
  /** Every address that may hold DKZT in these runs: people, banks, government, modules. */
  holders: string[];
}

/** The gold price the fixture publishes: 43 210.55 ₸ per gram of fine gold. */
export const GOLD_MID = 4_321_055n;

/**
 * The whole suite deployed through Ignition in one module and populated: the ledger as {fundedLedger}, VAT rates
 * and budget and the merchant onboarded for payments, a three-day school lunch program funded with 200 000 ₸, the
 * stablecoin and gold desk onboarded (a kilobar minted to the desk, the price published, the treasury's
 * buy-back allowance), the SWIFT gateway and HTLC with bank A as gateway bank and nostro, and alice's offline
 * purse registered.
 */
export async function invariantSuite(): Promise<InvariantSuite> {
  const a = await actors();
  const [
    taxAuthority,
    budget,
    foreignCentralBank,
    foreignOperator,
    foreignCompliance,
    foreignGovernance,
    cnBank,
    exchange,
    stableCompliance,
    rescuer,
    bridgeAdmin,
    custodian,
    priceFeed,
    treasury,
    akimat,
    canteen,
    sponsor,
    dave,
  ] = a.spare;
  const reserveHolders: Record<string, string> = {
    STABLE_ISSUER: exchange.address,
    STABLE_COMPLIANCE: stableCompliance.address,
    STABLE_RESCUER: rescuer.address,
    BRIDGE_ADMIN: bridgeAdmin.address,
    GOLD_CUSTODIAN: custodian.address,
    GOLD_PRICE_FEED: priceFeed.address,
  };
  const deployed = await hre.ignition.deploy(AllCapabilities, {
    parameters: {
      ...suiteParameters({
        CENTRAL_BANK: a.centralBank.address,
        OPERATOR: a.operator.address,
        COMPLIANCE: a.compliance.address,
        GOVERNANCE: a.governance.address,
        GUARDIAN: a.guardian.address,
        ISSUANCE_DESK: a.deskKey.address,
      }),
      Payments: { TAX_AUTHORITY: taxAuthority.address },
      Programs: { M2E_SPONSOR: sponsor.address },
      Reserves: {
        treasury: treasury.address,
        ...Object.fromEntries(RESERVE_HELD_ROLES.map((role) => [role, reserveHolders[role]])),
      },
      ForeignLedger: {
        ...Object.fromEntries(
          LEDGER_PARTIES.map((party) => [
            party,
            {
              CENTRAL_BANK: foreignCentralBank.address,
              OPERATOR: foreignOperator.address,
              COMPLIANCE: foreignCompliance.address,
              GOVERNANCE: foreignGovernance.address,
            }[party],
          ]),
        ),
      },
      CrossBorder: { settlementCurrency: currencyToBytes3("KZT") },
      Offline: { ...DEFAULT_OFFLINE_LIMITS },
    },
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = a.deployer;
  const at = async (c: { getAddress(): Promise<string> }): Promise<string> => c.getAddress();
  const programs = connectPrograms(
    {
      merchantCategories: await at(deployed.merchantCategories),
      guardianRules: await at(deployed.guardianRules),
      purposePrograms: await at(deployed.purposePrograms),
      markedPrograms: await at(deployed.markedPrograms),
      moveToEarn: await at(deployed.moveToEarn),
    },
    runner,
  );
  const contracts = {
    manager: AccessManager__factory.connect(await at(deployed.manager), runner),
    ledger: DigitalTenge__factory.connect(await at(deployed.ledger), runner),
    desk: IssuanceDesk__factory.connect(await at(deployed.desk), runner),
    payments: MerchantPayments__factory.connect(await at(deployed.payments), runner),
    cards: CardGateway__factory.connect(await at(deployed.cards), runner),
    stablecoin: ReserveStablecoin__factory.connect(await at(deployed.stablecoin), runner),
    gold: GoldToken__factory.connect(await at(deployed.gold), runner),
    goldDesk: GoldDesk__factory.connect(await at(deployed.goldDesk), runner),
    foreignManager: AccessManager__factory.connect(await at(deployed.foreignManager), runner),
    foreignLedger: DigitalTenge__factory.connect(await at(deployed.foreignLedger), runner),
    gateway: SwiftGateway__factory.connect(await at(deployed.gateway), runner),
    pvp: PvPSettlement__factory.connect(await at(deployed.pvp), runner),
    htlc: HashedTimelock__factory.connect(await at(deployed.htlc), runner),
    sweep: ForeignCbdcSweep__factory.connect(await at(deployed.sweep), runner),
    offline: OfflinePurses__factory.connect(await at(deployed.offline), runner),
    ...programs,
  };
  const f = await populate({
    ...contracts,
    ...a,
    spare: a.spare.slice(18),
    taxAuthority,
    budget,
    foreignCentralBank,
    foreignOperator,
    cnBank,
    exchange,
    custodian,
    priceFeed,
    treasury,
    akimat,
    canteen,
    dave,
  });
  const { ledger, operator, centralBank, bankA, bankB } = f;
  await ledger.connect(centralBank).setIssuanceCeiling(bankA.address, tenge(200_000_000));
  await ledger.connect(centralBank).issue(bankA.address, tenge(60_000_000), ref("RSV-A-2"));

  // Customers of this fixture.
  const byA = ledger.connect(bankA);
  await ledger.connect(bankB).onboardCustomer(dave.address, AccountKind.Individual, Tier.ANONYMOUS_LITE, ref("dave"));
  await byA.onboardCustomer(exchange.address, AccountKind.Merchant, Tier.BUSINESS, ref("cust-exchange"));
  await byA.onboardCustomer(treasury.address, AccountKind.Government, Tier.UNLIMITED, ref("treasury"));
  await byA.onboardCustomer(akimat.address, AccountKind.Government, Tier.UNLIMITED, ref("akimat"));
  await byA.onboardCustomer(canteen.address, AccountKind.Merchant, Tier.BUSINESS, ref("canteen-1"));
  await ledger
    .connect(operator)
    .onboardParticipant(cnBank.address, AccountKind.PaymentAgent, Tier.BUSINESS, bankA.address, ref("BKCHCNBJ"));
  await byA.transfer(exchange.address, tenge(5_000_000));
  await byA.transfer(treasury.address, tenge(20_000_000));
  await byA.transfer(akimat.address, tenge(1_000_000));
  await byA.transfer(cnBank.address, tenge(1_000_000));
  await byA.transfer(f.merchant.address, tenge(200_000));
  await byA.transfer(f.bob.address, tenge(1_200_000)); // bob: 1 210 000 ₸, enough to meet his daily limit

  // Payments: modules on the ledger, VAT budget and rates, the merchant (grocery, VAT payer, keeps DKZT).
  await onboardPaymentModules(f, operator);
  await setUpVatBudget(f, bankB, taxAuthority, budget);
  await scheduleVatRates(f.payments, taxAuthority, KZ_VAT_2026, almatyDay(await time.latest()));
  await f.payments.connect(bankA).onboardMerchant(f.merchant.address, 5411, ref("VAT-GROCERY"), 0);

  // Programs: the school lunch program, three days, 200 000 ₸, 1 500 ₸ a pupil a day.
  await onboardPrograms(ledger, operator, programs);
  await programs.merchantCategories.connect(bankA).setCategory(canteen.address, MCC.CANTEEN);
  const start = BigInt(await time.latest());
  const lunchProgramEnd = start + 3n * 86_400n;
  await (
    await programs.purposePrograms
      .connect(akimat)
      .createProgram(
        { kbk: 464_003_011n, start, end: lunchProgramEnd, ref: ref("decree-2023-11") },
        { perDay: tenge(1_500), perProgram: tenge(20_000) },
        tenge(200_000),
      )
  ).wait();
  const lunchProgramId = await programs.purposePrograms.programCount();
  await programs.purposePrograms.connect(akimat).setAgent(lunchProgramId, f.agent.address, true);
  await programs.purposePrograms.connect(akimat).setRecipientCategory(lunchProgramId, MCC.CANTEEN, true);
  await programs.purposePrograms.connect(akimat).registerBeneficiaries(
    lunchProgramId,
    Array.from({ length: 8 }, (_, i) => id(`onay:card:${i}`)),
  );

  // Reserves: stablecoin and desk accounts, a kilobar minted to the desk, the price, the treasury's allowance.
  await onboardReserves(f, operator, { stablecoin: f.stablecoin, gold: f.gold, desk: f.goldDesk });
  const goldDesk = await f.goldDesk.getAddress();
  const TAU_KEN = ethers.encodeBytes32String("TAU-KEN SAMRUK");
  const serial = ethers.encodeBytes32String("KB-0001");
  await f.gold
    .connect(custodian)
    .addBar(serial, TAU_KEN, ethers.encodeBytes32String("NBK-ALMATY-1"), 1_000_000n, 9_999n, 999_900n);
  await f.gold.connect(custodian).mintAgainstBar(await f.gold.barIdOf(TAU_KEN, serial), goldDesk);
  await f.goldDesk.connect(priceFeed).publishPrice(GOLD_MID, await time.latest());
  await ledger.connect(treasury).approve(goldDesk, tenge(10_000_000));

  // Cross-border: the foreign CBDC's tiers, the contracts onboarded, bank A the gateway bank and nostro.
  await configureForeignLedger(f.foreignLedger, foreignCentralBank);
  await onboardCrossBorder(f, operator, foreignOperator);
  await f.manager.connect(operator).grantRole(Role.GATEWAY_BANK, bankA.address, 0);
  await f.gateway.connect(operator).setNostroAccount(bankA.address);
  await f.gateway.connect(operator).setBankBic(bankA.address, bicToBytes11(BIC.bankA));
  await f.gateway.connect(operator).setBankBic(bankB.address, bicToBytes11(BIC.bankB));

  // Offline: the module's account and alice's purse (cap 35 000 ₸, 10 payments, 30 days), not yet funded.
  const offlineAddress = await f.offline.getAddress();
  await onboardOfflinePurses(ledger, operator, offlineAddress);
  const domain = await offlineDomain(f.offline);
  const purseKey = new Wallet(id("device-alice"));
  const purseExpiry = BigInt(await time.latest()) + 30n * 86_400n;
  await registerCertificate(
    f.offline,
    await signCertificateWith(domain, bankA, {
      purse: purseKey.address,
      owner: f.alice.address,
      bank: bankA.address,
      capAmount: tenge(35_000),
      maxPayments: 10,
      expiry: purseExpiry,
    }),
  );

  const modules: { getAddress(): Promise<string> }[] = [
    f.payments,
    f.cards,
    programs.purposePrograms,
    programs.markedPrograms,
    programs.moveToEarn,
    f.stablecoin,
    f.goldDesk,
    f.gateway,
    f.pvp,
    f.htlc,
    f.offline,
  ];
  const people = [
    bankA,
    bankB,
    f.alice,
    f.bob,
    f.carol,
    f.merchant,
    f.agent,
    f.court,
    budget,
    cnBank,
    exchange,
    treasury,
    akimat,
    canteen,
    dave,
  ].map((s) => s.address);
  const holders = [...people, ...(await Promise.all(modules.map((m) => m.getAddress())))];
  return {
    ...f,
    invoiceDomain: await paymentsDomain(f.payments),
    offlineDomain: domain,
    lunchProgramId,
    lunchProgramEnd,
    purseKey,
    purseExpiry,
    holders,
  };
}
