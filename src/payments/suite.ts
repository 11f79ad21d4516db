/**
 * Deploy, load and set up the payments capability. Tests, the bench and the tasks all go through here.
 */
import { loadDeployment } from "../deployment";
import { ZeroAddress, encodeBytes32String, resolveAddress, type AddressLike, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import {
  AccessManager__factory,
  CardGateway__factory,
  DigitalTenge__factory,
  IssuanceDesk__factory,
  MerchantPayments__factory,
} from "../../typechain-types";
import type { CardGateway, MerchantPayments } from "../../typechain-types";
import PaymentsModule from "../../ignition/modules/Payments";
import { deploymentIdFor, suiteParameters, type RoleHolders, type CoreSuite as Suite } from "../suite";
import { AccountKind, Tier } from "../tiers";
import { SCHEDULED_CATEGORIES, VatCategory, type VatCategoryName } from "./vat";
import { ignitionConfig } from "../ignition";
import { accountOf } from "../accounts";

/** The suite with the payments contracts. */
export interface PaymentsSuite extends Suite {
  payments: MerchantPayments;
  cards: CardGateway;
}

/** Role holders of a deployment with payments: the suite's parties, plus the State Revenue Committee's key. */
export type PaymentsRoleHolders = RoleHolders & { TAX_AUTHORITY: string };

/** Deploy the suite with the Payments module through Ignition (resumable) and return typed contracts. */
export async function deployPayments(
  hre: HardhatRuntimeEnvironment,
  holders: PaymentsRoleHolders,
  options: { deploymentId?: string; executionDelay?: number } = {},
): Promise<PaymentsSuite> {
  const parameters = {
    ...suiteParameters(holders, options.executionDelay),
    Payments: { TAX_AUTHORITY: holders.TAX_AUTHORITY },
  };
  const deployed = await hre.ignition.deploy(PaymentsModule, {
    parameters,
    deploymentId:
      hre.network.name === "hardhat" ? options.deploymentId : await deploymentIdFor(hre, options.deploymentId),
    displayUi: false,
    config: ignitionConfig(hre),
  });
  const runner = (await hre.ethers.getSigners())[0];
  return {
    manager: AccessManager__factory.connect(await deployed.manager.getAddress(), runner),
    ledger: DigitalTenge__factory.connect(await deployed.ledger.getAddress(), runner),
    desk: IssuanceDesk__factory.connect(await deployed.desk.getAddress(), runner),
    payments: MerchantPayments__factory.connect(await deployed.payments.getAddress(), runner),
    cards: CardGateway__factory.connect(await deployed.cards.getAddress(), runner),
  };
}

/** The payments contracts of the suite deployed on this network (src/deployment.ts loadDeployment). */
export async function loadPayments(
  hre: HardhatRuntimeEnvironment,
  deploymentId?: string,
  runner?: Signer,
): Promise<PaymentsSuite> {
  return loadDeployment(hre, "payments", { deploymentId, runner });
}

/**
 * The operator onboards both payments contracts on the ledger as SystemContract accounts (unlimited tier, no
 * bank of record): what lets them make module payments and redemptions.
 */
export async function onboardPaymentModules(suite: PaymentsSuite, operator: Signer): Promise<void> {
  const ledger = suite.ledger.connect(operator);
  const modules: Array<[string, string]> = [
    [await suite.payments.getAddress(), "MODULE-PAYMENTS"],
    [await suite.cards.getAddress(), "MODULE-CARDS"],
  ];
  for (const [address, label] of modules) {
    if ((await accountOf(suite.ledger, address)).registered) continue;
    await (
      await ledger.onboardParticipant(
        address,
        AccountKind.SystemContract,
        Tier.UNLIMITED,
        ZeroAddress,
        encodeBytes32String(label),
      )
    ).wait();
  }
}

/**
 * Bank `bank` sets its customers' payment mandates, as at onboarding (`granted` false: takes them back): each of
 * `customers` mandates the merchant payments module (invoices it pays, refunds and VAT marking it makes, a
 * merchant's conversion to non-cash; the VAT circuit is that same contract) and the card gateway (cash at ATMs).
 * The ledger refuses a module's debit of an account that did not mandate it (`ModuleNotMandated`). Mandates
 * already as asked are skipped.
 */
export async function setPaymentMandates(
  suite: PaymentsSuite,
  bank: Signer,
  customers: readonly AddressLike[],
  granted = true,
): Promise<void> {
  const modules = [await suite.payments.getAddress(), await suite.cards.getAddress()];
  for (const customer of customers) {
    const account = await resolveAddress(customer);
    for (const module of modules) {
      if ((await suite.ledger.hasMandate(account, module)) === granted) continue;
      await (await suite.ledger.connect(bank).setCustomerMandate(account, module, granted)).wait();
    }
  }
}

/**
 * A bank whose ATMs pay cash for other banks' cards gives the card gateway its own mandate: an off-us withdrawal
 * redeems the DKZT from the ATM bank's own account.
 */
export async function mandateAtmBank(suite: PaymentsSuite, bank: Signer): Promise<void> {
  const cards = await suite.cards.getAddress();
  if (await suite.ledger.hasMandate(await bank.getAddress(), cards)) return;
  await (await suite.ledger.connect(bank).setModuleMandate(cards, true)).wait();
}

/**
 * The State Revenue Committee's VAT budget account: its bank onboards it (Government, unlimited tier), the
 * tax authority designates it, and the account accepts; it mandates the merchant payments module (which is also
 * the VAT circuit), which pays VAT refunds and the VAT part of B2C refunds from it.
 */
export async function setUpVatBudget(
  suite: PaymentsSuite,
  bank: Signer,
  taxAuthority: Signer,
  budget: Signer,
  ref = encodeBytes32String("SRC-VAT-BUDGET"),
): Promise<void> {
  const address = await budget.getAddress();
  if (!(await accountOf(suite.ledger, address)).registered) {
    await (
      await suite.ledger.connect(bank).onboardCustomer(address, AccountKind.Government, Tier.UNLIMITED, ref)
    ).wait();
  }
  await (await suite.payments.connect(taxAuthority).designateVatBudget(address)).wait();
  await (await suite.payments.connect(budget).acceptVatBudget()).wait();
  const payments = await suite.payments.getAddress();
  if (!(await suite.ledger.hasMandate(address, payments))) {
    await (await suite.ledger.connect(budget).setModuleMandate(payments, true)).wait();
  }
}

/** The tax authority puts `rates` (basis points) in force from `effectiveDay` (today for a first definition). */
export async function scheduleVatRates(
  payments: MerchantPayments,
  taxAuthority: Signer,
  rates: Partial<Record<VatCategoryName, number>>,
  effectiveDay: number,
): Promise<void> {
  for (const name of SCHEDULED_CATEGORIES) {
    const rate = rates[name];
    if (rate === undefined) continue;
    await (await payments.connect(taxAuthority).scheduleVatRate(VatCategory[name], rate, effectiveDay)).wait();
  }
}
