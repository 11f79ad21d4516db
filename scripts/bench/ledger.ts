import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Signature, ZeroAddress, id, type TypedDataDomain } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { BenchModule__factory, type DigitalTenge } from "../../typechain-types";
import { fundedLedger, ref } from "../../test/helpers/fixtures";
import { AccountKind, Tier } from "../../src/tiers";
import { UNLIMITED, tenge } from "../../src/money";
import { BENCH_AMOUNT } from "./baselines";
import {
  USDC_GAS,
  expectEffect,
  gasOf,
  rowAgainstUpgradeable,
  rowWithAbsoluteTarget,
  type BenchCase,
  type BenchRow,
} from "./types";
import { accountOf, remainingDailyOutflow } from "../../src/accounts";
import { SIGNED } from "../../test/helpers/eip712";

/** Seconds in a day, and Almaty's offset from UTC: the ledger's days roll at local midnight (DigitalTenge.DAY_OFFSET). */
const DAY = 86_400;
const DAY_OFFSET = 5 * 3_600;

/**
 * Deadline of every signed message: 0xffffffff (7 Feb 2106), a timestamp-sized value (four non-zero calldata
 * bytes, as a real deadline has) fixed so that the calldata, and so the gas, is the same in every run.
 */
const SIGNATURE_DEADLINE = 2n ** 32n - 1n;

/**
 * Move the chain clock to the next Almaty-local noon, so that a case's warm-up payments and the payment it
 * measures fall on the same ledger day (a run never crosses local midnight). Call it before deploying.
 */
export async function startBenchDay(hre: HardhatRuntimeEnvironment): Promise<void> {
  const latest = await hre.ethers.provider.getBlock("latest");
  if (latest === null) throw new Error("no latest block");
  const localDay = Math.floor((latest.timestamp + DAY_OFFSET) / DAY);
  const nextNoon = (localDay + 1) * DAY - DAY_OFFSET + 12 * 3_600;
  await hre.network.provider.send("evm_setNextBlockTimestamp", [nextNoon]);
  await hre.network.provider.send("evm_mine", []);
}

/** The EIP-712 domain, read from the contract (ERC-5267), never hard-coded. */
async function domainOf(ledger: DigitalTenge): Promise<TypedDataDomain> {
  const d = await ledger.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const TRANSFER_WITH_AUTHORIZATION_TYPES = {
  TransferWithAuthorization: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "validAfter", type: "uint256" },
    { name: "validBefore", type: "uint256" },
    { name: "nonce", type: "bytes32" },
  ],
};

/** `owner` signs an ERC-2612 permit for `spender` with its current nonce; `relayer` submits it and pays. */
async function relayPermit(
  ledger: DigitalTenge,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  relayer: HardhatEthersSigner,
): Promise<bigint> {
  const nonce = await ledger.nonces(owner.address);
  const message = { owner: owner.address, spender, value, nonce, deadline: SIGNATURE_DEADLINE };
  const sig = Signature.from(await owner.signTypedData(await domainOf(ledger), PERMIT_TYPES, message));
  return gasOf(
    ledger.connect(relayer)[SIGNED.permit](owner.address, spender, value, SIGNATURE_DEADLINE, sig.v, sig.r, sig.s),
  );
}

/**
 * The ledger's own rows. Actors are test/helpers/fixtures.ts's `fundedLedger`, deployed through the production
 * Ignition module: alice and bob are standard-tier individuals at bank A (status, tier, holding and daily limits
 * all checked), bob already holds DKZT, and every measured payment is alice's second (or later) of the day.
 * A relayer is an unregistered signer that submits signed messages and pays their gas.
 */
export const ledgerBench: BenchCase = async (hre, baselines) => {
  await startBenchDay(hre);
  const f = await fundedLedger();
  const { ledger, alice, bob, bankA, centralBank, operator, agent, merchant } = f;
  const relayer = f.spare[0];
  const rows: BenchRow[] = [];
  const balance = (who: { address: string }): Promise<bigint> => ledger.balanceOf(who.address);

  const aliceView = await accountOf(ledger, alice.address);
  if (aliceView.tier !== BigInt(Tier.STANDARD) || (await remainingDailyOutflow(ledger, alice.address)) === UNLIMITED) {
    throw new Error("alice must be a tiered account with a finite daily limit");
  }

  // ---- dkzt.transfer: alice's first payment today, then the measured second one.
  await gasOf(ledger.connect(alice).transfer(bob.address, BENCH_AMOUNT));
  expectEffect("first payment counted today", (await accountOf(ledger, alice.address)).spentToday, BENCH_AMOUNT);
  let bobBefore = await balance(bob);
  const transferGas = await gasOf(ledger.connect(alice).transfer(bob.address, BENCH_AMOUNT));
  expectEffect("dkzt.transfer: bob's balance", await balance(bob), bobBefore + BENCH_AMOUNT);
  expectEffect(
    "dkzt.transfer: alice's outflow today",
    (await accountOf(ledger, alice.address)).spentToday,
    2n * BENCH_AMOUNT,
  );
  rows.push(
    rowAgainstUpgradeable("dkzt.transfer", transferGas, baselines, {
      target: 1.1,
      note: "standard-tier individuals, to an existing holder, sender's second payment today (daily limit active)",
    }),
  );

  // ---- dkzt.permit: alice's first permit (nonce 0, for the agent), then the measured second (nonce 1).
  const allowance = tenge(10_000);
  await relayPermit(ledger, alice, agent.address, allowance, relayer);
  expectEffect("first permit: alice's nonce", await ledger.nonces(alice.address), 1n);
  const permitGas = await relayPermit(ledger, alice, merchant.address, allowance, relayer);
  expectEffect("dkzt.permit: allowance", await ledger.allowance(alice.address, merchant.address), allowance);
  expectEffect("dkzt.permit: alice's nonce", await ledger.nonces(alice.address), 2n);
  rows.push(
    rowWithAbsoluteTarget(
      "dkzt.permit",
      permitGas,
      baselines,
      { label: "USDC", gas: USDC_GAS.permit },
      "holder's second permit (nonce 1), new spender (allowance 0 -> value), sent by a relayer",
    ),
  );

  // ---- dkzt.transferFrom: the agent (a registered payment agent) pulls from alice on the permitted allowance.
  await gasOf(ledger.connect(agent).transferFrom(alice.address, bob.address, BENCH_AMOUNT));
  bobBefore = await balance(bob);
  const transferFromGas = await gasOf(ledger.connect(agent).transferFrom(alice.address, bob.address, BENCH_AMOUNT));
  expectEffect("dkzt.transferFrom: bob's balance", await balance(bob), bobBefore + BENCH_AMOUNT);
  expectEffect(
    "dkzt.transferFrom: allowance left",
    await ledger.allowance(alice.address, agent.address),
    allowance - 2n * BENCH_AMOUNT,
  );
  rows.push(
    rowWithAbsoluteTarget(
      "dkzt.transferFrom",
      transferFromGas,
      baselines,
      { label: "USDC", gas: USDC_GAS.transferFrom },
      "finite allowance left non-zero, spender a registered payment agent, to an existing holder",
    ),
  );

  // ---- dkzt.transferWithAuthorization: alice signs, a relayer submits, a fresh nonce.
  const authorization = {
    from: alice.address,
    to: bob.address,
    value: BENCH_AMOUNT,
    validAfter: 0n,
    validBefore: SIGNATURE_DEADLINE,
    // A fresh, random-looking 32-byte nonce, derived so that it is the same in every run.
    nonce: id("dkzt bench: transferWithAuthorization 1"),
  };
  const authSig = Signature.from(
    await alice.signTypedData(await domainOf(ledger), TRANSFER_WITH_AUTHORIZATION_TYPES, authorization),
  );
  bobBefore = await balance(bob);
  const authGas = await gasOf(
    ledger.connect(relayer).getFunction(SIGNED.transfer)(
      authorization.from,
      authorization.to,
      authorization.value,
      authorization.validAfter,
      authorization.validBefore,
      authorization.nonce,
      authSig.v,
      authSig.r,
      authSig.s,
    ),
  );
  expectEffect("dkzt.transferWithAuthorization: bob's balance", await balance(bob), bobBefore + BENCH_AMOUNT);
  if (!(await ledger.authorizationState(alice.address, authorization.nonce))) {
    throw new Error("dkzt.transferWithAuthorization: nonce not consumed");
  }
  rows.push(
    rowWithAbsoluteTarget(
      "dkzt.transferWithAuthorization",
      authGas,
      baselines,
      { label: "USDC", gas: USDC_GAS.transferWithAuthorization },
      "to an existing holder, fresh random nonce, sent by a relayer",
    ),
  );

  // ---- dkzt.issue: the central bank issues to bank A (already holding DKZT, already issued to).
  const supplyBefore = await ledger.totalSupply();
  const issueGas = await gasOf(ledger.connect(centralBank).issue(bankA.address, BENCH_AMOUNT, ref("RSV-A-2")));
  expectEffect("dkzt.issue: supply", await ledger.totalSupply(), supplyBefore + BENCH_AMOUNT);
  rows.push(
    rowAgainstUpgradeable("dkzt.issue", issueGas, baselines, {
      note: "central bank to a bank already holding DKZT; includes the AccessManager check",
    }),
  );

  // ---- dkzt.redeem: bank A returns DKZT to the central bank. Its first redemption ever also starts the bank's
  // `redeemed` counter (a fresh storage slot, about 17 000 gas once); the measured one is the second.
  await gasOf(ledger.connect(bankA).redeem(BENCH_AMOUNT, ref("RET-A-1")));
  const redeemGas = await gasOf(ledger.connect(bankA).redeem(BENCH_AMOUNT, ref("RET-A-2")));
  expectEffect("dkzt.redeem: supply", await ledger.totalSupply(), supplyBefore - BENCH_AMOUNT);
  expectEffect("dkzt.redeem: bank A's redeemed", (await ledger.bankOf(bankA.address)).redeemed, 2n * BENCH_AMOUNT);
  rows.push(
    rowAgainstUpgradeable("dkzt.redeem", redeemGas, baselines, {
      note: "bank to central bank (burn), the bank's second redemption; includes the AccessManager check",
    }),
  );

  // ---- dkzt.redeemToNonCash: alice redeems into her deposit at bank A (whose redeemed counter is started).
  let aliceBefore = await balance(alice);
  const redeemToNonCashGas = await gasOf(ledger.connect(alice).redeemToNonCash(BENCH_AMOUNT));
  expectEffect("dkzt.redeemToNonCash: alice's balance", await balance(alice), aliceBefore - BENCH_AMOUNT);
  rows.push(
    rowAgainstUpgradeable("dkzt.redeemToNonCash", redeemToNonCashGas, baselines, {
      note: "standard-tier individual into her deposit at her bank of record (burn)",
    }),
  );

  // ---- dkzt.moduleTransfer / dkzt.moduleRedeem: through a minimal module the payer calls (contracts/test/BenchModule.sol).
  const module = await new BenchModule__factory(f.deployer).deploy(await ledger.getAddress());
  await module.waitForDeployment();
  await gasOf(
    ledger
      .connect(operator)
      .onboardParticipant(
        await module.getAddress(),
        AccountKind.SystemContract,
        Tier.UNLIMITED,
        ZeroAddress,
        ref("BENCH-MODULE"),
      ),
  );
  // Alice pays through the module on the mandate she gave it (recorded in her account word).
  await gasOf(ledger.connect(alice).setModuleMandate(await module.getAddress(), true));
  bobBefore = await balance(bob);
  const moduleTransferGas = await gasOf(module.connect(alice).pay(bob.address, BENCH_AMOUNT));
  expectEffect("dkzt.moduleTransfer: bob's balance", await balance(bob), bobBefore + BENCH_AMOUNT);
  rows.push(
    rowAgainstUpgradeable("dkzt.moduleTransfer", moduleTransferGas, baselines, {
      note: "alice pays bob through BenchModule.pay (payer calls the module; the call into the module included)",
    }),
  );

  aliceBefore = await balance(alice);
  const moduleRedeemGas = await gasOf(module.connect(alice).redeem(BENCH_AMOUNT));
  expectEffect("dkzt.moduleRedeem: alice's balance", await balance(alice), aliceBefore - BENCH_AMOUNT);
  rows.push(
    rowAgainstUpgradeable("dkzt.moduleRedeem", moduleRedeemGas, baselines, {
      note: "alice redeems to non-cash through BenchModule.redeem (the call into the module included)",
    }),
  );

  return rows;
};
