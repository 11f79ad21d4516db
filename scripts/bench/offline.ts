/**
 * Offline payments benchmark (issue 7): `offlineBench` is the BenchCase registered in `npm run bench`.
 *
 * offline.redeem.batch100: one redeemBatch of 100 cheques drawn from 15 purses (6-7 cheques each, serials 0-6)
 * to 30 payees (merchants that already hold DKZT), interleaved so no two neighbours share a purse or a payee.
 * Everything is cold: each purse word and each payee account is touched for the first time in the transaction.
 * Per-cheque gas = the batch transaction's receipt gasUsed (21 000 intrinsic and calldata included) / 100.
 * Target: <= 0.6 x the upgradeable ERC-20 transfer baseline.
 *
 * Run alone (it measures its own baselines): npx hardhat run scripts/bench/offline.ts
 */
import { startBenchDay } from "./ledger";
import { Wallet, id } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { configureTiers, onboardBank } from "../../src/suite";
import { AccountKind, Tier } from "../../src/tiers";
import { tenge } from "../../src/money";
import {
  deployOffline,
  encodeBatch,
  mandateOfflinePurses,
  offlineDomain,
  onboardOfflinePurses,
  registerCertificate,
  signCertificateWith,
  signCheque,
  type EncodedBatch,
  type OfflineSuite,
  type SignedCheque,
} from "../../src/offline";
import { rowAgainstUpgradeable, type BenchCase, type BenchRow, type Baselines } from "./types";

/** The shape of the benchmark batch. */
export interface BatchShape {
  cheques: number;
  purses: number;
  payees: number;
}

export const BENCH_SHAPE: BatchShape = { cheques: 100, purses: 15, payees: 30 };

/** A deployed suite with funded purses and a signed, encoded batch ready to redeem. */
export interface OfflineBenchScenario extends OfflineSuite {
  shape: BatchShape;
  signed: SignedCheque[];
  batch: EncodedBatch;
  /** Who sends the redemption (a payment agent redeeming for merchants). */
  redeemer: HardhatEthersSigner;
  /** A further purse, funded, with one cheque signed for a payee, for the single-cheque row. */
  single: SignedCheque;
}

const ref = (text: string): string => id(text);

/** Build the benchmark scenario on `hre`'s network (a fresh deployment). */
export async function offlineBenchScenario(
  hre: HardhatRuntimeEnvironment,
  shape: BatchShape = BENCH_SHAPE,
): Promise<OfflineBenchScenario> {
  const s = await hre.ethers.getSigners();
  const [, governance, centralBank, operator, compliance, bank] = s;
  const redeemer = s[11];
  const owners = s.slice(14, 14 + shape.purses + 1);
  if (owners.length < shape.purses + 1) throw new Error(`offline bench: needs ${shape.purses + 15} accounts`);

  const suite = await deployOffline(hre, {
    CENTRAL_BANK: centralBank.address,
    OPERATOR: operator.address,
    COMPLIANCE: compliance.address,
    GOVERNANCE: governance.address,
  });
  const { ledger, offline } = suite;
  await configureTiers(ledger, centralBank);
  await onboardBank(suite, operator, bank.address, Tier.UNLIMITED, ref("BENCH-BANK"));
  await (await ledger.connect(centralBank).setIssuanceCeiling(bank.address, tenge(100_000_000))).wait();
  await (await ledger.connect(centralBank).issue(bank.address, tenge(10_000_000), ref("BENCH-RSV"))).wait();
  await onboardOfflinePurses(ledger, operator, await offline.getAddress());
  const byBank = ledger.connect(bank);

  const payees = Array.from({ length: shape.payees }, (_, i) => new Wallet(id(`bench-payee-${i}`)).address);
  for (const [i, payee] of payees.entries()) {
    await (await byBank.onboardCustomer(payee, AccountKind.Merchant, Tier.BUSINESS, ref(`bench-shop-${i}`))).wait();
    await (await byBank.transfer(payee, tenge(1))).wait(); // an existing holder, as in the baseline
  }

  const domain = await offlineDomain(offline);
  // A fixed point in time (the next Almaty noon), so the cheques' expiry and hence their calldata are the same in
  // every run: the bench is deterministic to the gas.
  await startBenchDay(hre);
  const now = BigInt((await hre.ethers.provider.getBlock("latest"))!.timestamp);
  const expiry = now + 30n * 24n * 3600n;
  const devices: Wallet[] = [];
  for (const [i, owner] of owners.entries()) {
    await (
      await byBank.onboardCustomer(owner.address, AccountKind.Individual, Tier.STANDARD, ref(`bench-owner-${i}`))
    ).wait();
    await (await byBank.transfer(owner.address, tenge(50_000))).wait();
    const device = new Wallet(id(`bench-device-${i}`));
    devices.push(device);
    const certificate = await signCertificateWith(domain, bank, {
      purse: device.address,
      owner: owner.address,
      bank: bank.address,
      capAmount: tenge(35_000),
      maxPayments: 10,
      expiry,
    });
    await registerCertificate(offline, certificate);
    await mandateOfflinePurses(ledger, owner, await offline.getAddress());
    await (await offline.connect(owner).fund(device.address, tenge(35_000))).wait();
  }

  // Cheque k: purse k mod P (serial k div P), payee 7k mod Q: neighbours never share a purse or a payee, and
  // each purse pays several payees. Amounts 1 000.00 .. 2 990.00 ₸: at most 7 x 2 990 ₸ per purse, under its 35 000 ₸.
  const signed: SignedCheque[] = [];
  for (let k = 0; k < shape.cheques; k++) {
    const p = k % shape.purses;
    signed.push(
      signCheque(domain, devices[p], {
        purse: devices[p].address,
        payee: payees[(7 * k) % shape.payees],
        amount: tenge(1_000 + ((37 * k) % 200) * 10),
        serial: Math.floor(k / shape.purses),
        expiry,
      }),
    );
  }
  const last = devices[shape.purses];
  const single = signCheque(domain, last, {
    purse: last.address,
    payee: payees[0],
    amount: tenge(1_234),
    serial: 0,
    expiry,
  });
  return { ...suite, shape, signed, batch: encodeBatch(signed), redeemer, single };
}

/** The BenchCase: redeem the 100-cheque batch, then one cheque alone, and report gas per cheque. */
export const offlineBench: BenchCase = async (hre, baselines): Promise<BenchRow[]> => {
  const scenario = await offlineBenchScenario(hre);
  const { offline, batch, redeemer, shape, single } = scenario;
  const receipt = await (await offline.connect(redeemer).redeemBatch(batch.purses, batch.payees, batch.cheques)).wait();
  if (!receipt) throw new Error("offline bench: no receipt");
  const paid = (await offline.queryFilter(offline.filters.ChequeRedeemed(), receipt.blockNumber, receipt.blockNumber))
    .length;
  if (paid !== shape.cheques) throw new Error(`offline bench: ${paid} of ${shape.cheques} cheques paid`);
  const perCheque = Math.round(Number(receipt.gasUsed) / shape.cheques);

  const singleReceipt = await (await offline.connect(redeemer).redeem(single)).wait();
  if (!singleReceipt) throw new Error("offline bench: no receipt");

  return [
    rowAgainstUpgradeable("offline.redeem.batch100", perCheque, baselines, {
      target: 0.6,
      note:
        `per cheque: batch gasUsed ${receipt.gasUsed} / ${shape.cheques}; ${shape.cheques} cheques from ` +
        `${shape.purses} purses to ${shape.payees} payees, all cold; 21k intrinsic and calldata included`,
    }),
    rowAgainstUpgradeable("offline.redeem.single", singleReceipt.gasUsed, baselines, {
      note: "one cheque alone (redeem), cold purse, existing payee",
    }),
  ];
};

/** Measure the two baselines the way scripts/bench does: a transfer to an existing holder. */
export async function measureBaselines(hre: HardhatRuntimeEnvironment): Promise<Baselines> {
  const [holder, other] = await hre.ethers.getSigners();
  const plain = await hre.ethers.deployContract("BaselineERC20", [holder.address, 10n ** 24n]);
  await (await plain.transfer(other.address, 1n)).wait();
  const plainGas = (await (await plain.transfer(other.address, 1n)).wait())!.gasUsed;

  const implementation = await hre.ethers.deployContract("BaselineERC20Upgradeable");
  const init = implementation.interface.encodeFunctionData("initialize", [holder.address, 10n ** 24n]);
  const proxy = await hre.ethers.deployContract("ERC1967Proxy", [await implementation.getAddress(), init]);
  const upgradeable = implementation.attach(await proxy.getAddress()) as typeof implementation;
  await (await upgradeable.transfer(other.address, 1n)).wait();
  const upgradeableGas = (await (await upgradeable.transfer(other.address, 1n)).wait())!.gasUsed;
  return { erc20Transfer: Number(plainGas), erc20UpgradeableTransfer: Number(upgradeableGas) };
}

async function main(): Promise<void> {
  const hre = (await import("hardhat")).default;
  const baselines = await measureBaselines(hre);
  const rows = await offlineBench(hre, baselines);
  console.log(JSON.stringify({ baselines, rows }, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
