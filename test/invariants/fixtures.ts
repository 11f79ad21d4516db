import hre, { ethers } from "hardhat";
import { Wallet, id } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deploySuite, type Suite } from "../../src/suite";
import { Role } from "../../src/roles";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import { scheduleVatRates, setUpVatBudget } from "../../src/payments/suite";
import { paymentsDomain } from "../../src/payments/invoice";
import { KZ_VAT_2026, almatyDay } from "../../src/payments/vat";
import { MCC } from "../../src/programs/taps";
import { configureForeignLedger, onboardCrossBorderAbroad } from "../../src/crossborder/suite";
import { bicToBytes11 } from "../../src/crossborder/iso20022";
import { offlineDomain, registerCertificate, signCertificateWith, type OfflineDomain } from "../../src/offline";
import { actors, populate, ref, type Actors } from "../helpers/fixtures";
import { BIC } from "../crossborder/fixtures";

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

export interface InvariantSuite extends Suite, SuiteActors {
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
 * The whole suite as production deploys it (src/suite.ts deploySuite: the Suite module, whose genesis opens every
 * module's ledger account, then the Handover) and populated: the ledger as {fundedLedger}, VAT rates and budget
 * and the merchant onboarded for payments, a three-day school lunch program funded with 200 000 ₸, a kilobar
 * minted to the gold desk (the price published, the treasury's buy-back allowance), the foreign CBDC's tiers and
 * the cross-border contracts' accounts on it, the SWIFT gateway with bank A as gateway bank and nostro, and
 * alice's offline purse registered.
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
  // The production deployment (the Suite module): its genesis opens every module's SystemContract account and
  // lists both ledgers on PvP and the hashed time locks; the deployer keeps nothing after the Handover.
  const contracts = await deploySuite(
    hre,
    {
      CENTRAL_BANK: a.centralBank.address,
      OPERATOR: a.operator.address,
      COMPLIANCE: a.compliance.address,
      GOVERNANCE: a.governance.address,
      GUARDIAN: a.guardian.address,
      ISSUANCE_DESK: a.deskKey.address,
      TAX_AUTHORITY: taxAuthority.address,
      STABLE_ISSUER: exchange.address,
      STABLE_COMPLIANCE: stableCompliance.address,
      STABLE_RESCUER: rescuer.address,
      BRIDGE_ADMIN: bridgeAdmin.address,
      GOLD_CUSTODIAN: custodian.address,
      GOLD_PRICE_FEED: priceFeed.address,
      TREASURY: treasury.address,
      M2E_SPONSOR: sponsor.address,
      foreign: {
        CENTRAL_BANK: foreignCentralBank.address,
        OPERATOR: foreignOperator.address,
        COMPLIANCE: foreignCompliance.address,
        GOVERNANCE: foreignGovernance.address,
      },
    },
    { handover: true },
  );
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

  // Payments: VAT budget and rates, the merchant (grocery, VAT payer, keeps DKZT).
  await setUpVatBudget(f, bankB, taxAuthority, budget);
  await scheduleVatRates(f.payments, taxAuthority, KZ_VAT_2026, almatyDay(await time.latest()));
  await f.payments.connect(bankA).onboardMerchant(f.merchant.address, 5411, ref("VAT-GROCERY"), 0);

  // Mandates: every person and bank in these runs lets every module debit it (holders mandate escrows, programs,
  // purses, the stablecoin and the gold desk themselves; banks mandate payment modules for their customers): the
  // random operations exercise every module path, and the ledger's refusal without a mandate has its own tests.
  const mandated = [bankA, bankB, f.alice, f.bob, f.carol, f.merchant, f.court, budget, exchange, treasury, akimat];
  const mandatedModules = [
    f.payments,
    f.cards,
    f.purposePrograms,
    f.markedPrograms,
    f.moveToEarn,
    f.stablecoin,
    f.goldDesk,
    f.gateway,
    f.pvp,
    f.htlc,
    f.offline,
  ];
  for (const who of [...mandated, canteen, dave]) {
    for (const module of mandatedModules) await ledger.connect(who).setModuleMandate(module, true);
  }

  // Programs: the school lunch program, three days, 200 000 ₸, 1 500 ₸ a pupil a day.
  await f.merchantCategories.connect(bankA).setCategory(canteen.address, MCC.CANTEEN);
  const start = BigInt(await time.latest());
  const lunchProgramEnd = start + 3n * 86_400n;
  await (
    await f.purposePrograms
      .connect(akimat)
      .createProgram(
        { kbk: 464_003_011n, start, end: lunchProgramEnd, ref: ref("decree-2023-11") },
        { perDay: tenge(1_500), perProgram: tenge(20_000) },
        tenge(200_000),
      )
  ).wait();
  const lunchProgramId = await f.purposePrograms.programCount();
  await f.purposePrograms.connect(akimat).setAgent(lunchProgramId, f.agent.address, true);
  await f.purposePrograms.connect(akimat).setRecipientCategory(lunchProgramId, MCC.CANTEEN, true);
  await f.purposePrograms.connect(akimat).registerBeneficiaries(
    lunchProgramId,
    Array.from({ length: 8 }, (_, i) => id(`onay:card:${i}`)),
  );

  // Reserves: a kilobar minted to the desk, the price, the treasury's allowance.
  const goldDesk = await f.goldDesk.getAddress();
  const TAU_KEN = ethers.encodeBytes32String("TAU-KEN SAMRUK");
  const serial = ethers.encodeBytes32String("KB-0001");
  await f.gold
    .connect(custodian)
    .addBar(serial, TAU_KEN, ethers.encodeBytes32String("NBK-ALMATY-1"), 1_000_000n, 9_999n, 999_900n);
  await f.gold.connect(custodian).mintAgainstBar(await f.gold.barIdOf(TAU_KEN, serial), goldDesk);
  await f.goldDesk.connect(priceFeed).publishPrice(GOLD_MID, await time.latest());
  await ledger.connect(treasury).approve(goldDesk, tenge(10_000_000));

  // Cross-border: the foreign CBDC's tiers, the contracts onboarded abroad, bank A the gateway bank and nostro.
  await configureForeignLedger(f.foreignLedger, foreignCentralBank);
  await onboardCrossBorderAbroad(f, foreignOperator);
  await f.manager.connect(f.governance).grantRole(Role.GATEWAY_BANK, bankA.address, 0);
  await f.gateway.connect(operator).setNostroAccount(bankA.address);
  await f.gateway.connect(operator).setBankBic(bankA.address, bicToBytes11(BIC.bankA));
  await f.gateway.connect(operator).setBankBic(bankB.address, bicToBytes11(BIC.bankB));

  // Offline: alice's purse (cap 35 000 ₸, 10 payments, 30 days), not yet funded.
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

  const modules: { getAddress(): Promise<string> }[] = mandatedModules;
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
