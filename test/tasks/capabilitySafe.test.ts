import { expect } from "chai";
import hre from "hardhat";
import { ZeroAddress, ZeroHash } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { actors } from "../helpers/fixtures";
import { twoOfThreeSafes } from "../helpers/governance";
import { DELAY, capturedOutput, dkzt, loadQuietlyFirst, officers, rejectionOf } from "./helpers";
import { deploy } from "../../src/ops";
import { describeError } from "../../src/errors";
import { DEFAULT_TIERS, Tier } from "../../src/tiers";
import { VatCategory, dateOfDay } from "../../src/payments/vat";
import { confirm, packSignatures, propose } from "../../src/governance/safe";
import type { SafeCallResult } from "../../src/governance/actor";
import { Role } from "../../src/roles";

/*
 * The capability tasks acting as Safe multisig role holders, through the same `--safe --signers --wait-delay`
 * path as the dkzt:* tasks (tasks/acting.ts → src/ops.ts resolveSafeSigner): a bank's 2-of-3 Safe onboards its
 * merchant (an immediate power, dkzt:payments:onboard-merchant); the State Revenue Committee's 2-of-3 Safe
 * schedules a VAT rate (TAX_AUTHORITY, a delayed power, dkzt:payments:schedule-vat).
 */

/**
 * The whole suite with delays on: the operator, a bank and the tax authority are 2-of-3 Safes. The operator's Safe
 * has onboarded the bank's Safe (dkzt:onboard-bank --safe), the central bank has defined the business tier
 * (scheduled, then executed after the delay), and the bank's Safe has opened the merchant's account.
 */
async function capabilitySafes() {
  const a = await actors();
  const [o1, o2, o3, k1, k2, k3, t1, t2, t3] = a.spare;
  const [opSafe, bankSafe, taxSafe] = await twoOfThreeSafes(a.deployer, 21n, [o1, o2, o3], [k1, k2, k3], [t1, t2, t3]);
  const { suite } = await deploy(hre, {
    holders: { OPERATOR: await opSafe.getAddress(), TAX_AUTHORITY: await taxSafe.getAddress() },
    executionDelay: DELAY,
    handover: true,
  });

  const ledger = await suite.ledger.getAddress();
  const business = DEFAULT_TIERS.find((t) => t.id === Tier.BUSINESS)!;
  const setTier = suite.ledger.interface.encodeFunctionData("setTier", [
    business.id,
    business.holdingLimit,
    business.dailyLimit,
  ]);
  await suite.manager.connect(a.centralBank).schedule(ledger, setTier, 0);
  await time.increase(DELAY);
  await suite.manager.connect(a.centralBank).execute(ledger, setTier);

  const bank = await bankSafe.getAddress();
  await dkzt("onboard-bank", { safe: await opSafe.getAddress(), signers: officers([o1, o2]), bank, ref: "BANK-SAFE" });
  await dkzt("onboard-customer", {
    safe: bank,
    signers: officers([k2, k3]),
    account: a.merchant.address,
    kind: "merchant",
    tier: "business",
    ref: "MERCHANT-1",
  });
  return {
    ...a,
    ...suite,
    opSafe,
    bankSafe,
    taxSafe,
    opOfficers: [o1, o2, o3],
    bankOfficers: [k1, k2, k3],
    taxOfficers: [t1, t2, t3],
  };
}

type Fixture = Awaited<ReturnType<typeof capabilitySafes>>;

/** The merchant's record in the payments registry, as a plain tuple. */
async function merchantRecord(f: Fixture): Promise<unknown[]> {
  return [...(await f.payments.merchantOf(f.merchant.address))];
}

describe("capability tasks through Safe multisigs (--safe, --signers, --wait-delay) @plain", () => {
  const printed = capturedOutput();
  loadQuietlyFirst(capabilitySafes);

  describe("when the bank's Safe onboards its merchant (dkzt:payments:onboard-merchant, an immediate power)", () => {
    it("two officers confirm and the merchant is onboarded at once", async () => {
      const f = await loadFixture(capabilitySafes);
      expect(await merchantRecord(f)).to.deep.equal([false, false, 0n, 0n]);
      const result = await dkzt("payments:onboard-merchant", {
        safe: await f.bankSafe.getAddress(),
        signers: officers([f.bankOfficers[0], f.bankOfficers[2]]),
        merchant: f.merchant.address,
        mcc: 5411,
        vatRef: "VAT-CERT-1",
        convert: false,
      });
      expect(result).to.equal(undefined);
      expect(await merchantRecord(f)).to.deep.equal([true, true, 0n, 5411n]);
    });

    it("fails in words with one officer short of the threshold, and onboards nothing", async () => {
      const f = await loadFixture(capabilitySafes);
      const bank = await f.bankSafe.getAddress();
      const nonce = await f.bankSafe.nonce();
      const err = await rejectionOf(
        dkzt("payments:onboard-merchant", {
          safe: bank,
          signers: f.bankOfficers[0].address,
          merchant: f.merchant.address,
          mcc: 5411,
          convert: false,
        }),
      );
      expect(err.message).to.equal(`Safe ${bank} needs 2 confirmations, has 1: collect more before executing`);

      // Sent anyway, the Safe itself refuses the one-officer transaction: GS020, in words.
      const data = f.payments.interface.encodeFunctionData("onboardMerchant", [f.merchant.address, 5411, ZeroHash, 0]);
      const proposal = await propose(f.bankSafe, await f.payments.getAddress(), data);
      await confirm(proposal, f.bankOfficers[0]);
      const onChain = await rejectionOf(
        f.bankSafe
          .connect(f.bankOfficers[0])
          .execTransaction(
            proposal.tx.to,
            0,
            data,
            0,
            0,
            0,
            0,
            ZeroAddress,
            ZeroAddress,
            packSignatures(proposal.signatures),
          ),
      );
      expect(describeError(onChain)).to.equal("Safe GS020: not enough signatures for the Safe's threshold");

      expect(await merchantRecord(f)).to.deep.equal([false, false, 0n, 0n]);
      expect(await f.bankSafe.nonce()).to.equal(nonce);
    });

    it("names the missing role when the Safe holds none for the function", async () => {
      const f = await loadFixture(capabilitySafes);
      const err = await rejectionOf(
        dkzt("payments:onboard-merchant", {
          safe: await f.taxSafe.getAddress(),
          signers: officers(f.taxOfficers.slice(0, 2)),
          merchant: f.merchant.address,
          mcc: 5411,
          convert: false,
        }),
      );
      const tax = (await f.taxSafe.getAddress()).slice(0, 10);
      expect(err.message).to.match(new RegExp(`^AccessManagedUnauthorized: ${tax}.* does not hold the role it needs`));
      expect(await merchantRecord(f)).to.deep.equal([false, false, 0n, 0n]);
    });
  });

  describe("when the tax authority's Safe schedules a VAT rate (dkzt:payments:schedule-vat, a delayed power)", () => {
    /** A date a year ahead, the task's arguments, and the rate the contract has for that day. */
    async function vatChange(f: Fixture, extra: Record<string, unknown> = {}) {
      const day = Number(await f.payments.turnoverDay()) + 365;
      const args = {
        safe: await f.taxSafe.getAddress(),
        signers: officers(f.taxOfficers.slice(0, 2)),
        category: "STANDARD",
        rate: 1700,
        date: dateOfDay(day),
        ...extra,
      };
      const rateOn = async () => (await f.payments.vatRateOn(VatCategory.STANDARD, day)).rateBps;
      return { day, args, rateOn };
    }

    it("schedules it, says it is waiting when run early, and sets it when run again after the delay", async () => {
      const f = await loadFixture(capabilitySafes);
      const { args, rateOn } = await vatChange(f);
      const before = await rateOn();
      expect(before).to.not.equal(1700n);

      const first = await dkzt<SafeCallResult>("payments:schedule-vat", args);
      expect(first.status).to.equal("scheduled");
      expect(printed.at(-1)).to.match(/^Scheduled: operation 0x[0-9a-f]{64} may be executed from \d{4}-/);
      expect(await rateOn()).to.equal(before);

      const early = await dkzt<SafeCallResult>("payments:schedule-vat", args);
      expect(early.status).to.equal("waiting");
      expect(printed.at(-1)).to.match(/^Already scheduled, not ready yet/);
      expect(await rateOn()).to.equal(before);

      await time.increase(DELAY);
      expect(await dkzt("payments:schedule-vat", args)).to.equal(undefined);
      expect(await rateOn()).to.equal(1700n);
    });

    it("with --wait-delay on the local chain, schedules and executes in one command", async () => {
      const f = await loadFixture(capabilitySafes);
      const { args, rateOn } = await vatChange(f, { waitDelay: true, rate: 1800 });
      expect(await dkzt("payments:schedule-vat", args)).to.equal(undefined);
      expect(await rateOn()).to.equal(1800n);
    });

    it("the guardian's cancel stops it: running the command again schedules it anew", async () => {
      const f = await loadFixture(capabilitySafes);
      const { day, args, rateOn } = await vatChange(f);
      const before = await rateOn();
      const first = await dkzt<SafeCallResult>("payments:schedule-vat", args);
      if (first.status === "executed") return expect.fail("a VAT rate change must be delayed");
      const data = f.payments.interface.encodeFunctionData("scheduleVatRate", [VatCategory.STANDARD, 1700, day]);
      await expect(
        f.manager.connect(f.guardian).cancel(await f.taxSafe.getAddress(), await f.payments.getAddress(), data),
      )
        .to.emit(f.manager, "OperationCanceled")
        .withArgs(first.operationId, 1n);
      await time.increase(DELAY);
      const again = await dkzt<SafeCallResult>("payments:schedule-vat", args);
      expect(again.status).to.equal("scheduled");
      expect(await rateOn()).to.equal(before);
    });
  });

  describe("when the gateway bank's Safe rejects an outbound payment (dkzt:xb:reject, an immediate power)", () => {
    const uetr = "eb6305c9-1f7f-49de-aed0-16487c27b42d";

    it("names the missing role while the Safe is not the gateway bank, and signs nothing", async () => {
      const f = await loadFixture(capabilitySafes);
      const nonce = await f.bankSafe.nonce();
      const err = await rejectionOf(
        dkzt("xb:reject", {
          safe: await f.bankSafe.getAddress(),
          signers: officers(f.bankOfficers.slice(0, 2)),
          uetr,
          reason: "AC01",
          signer: 0,
        }),
      );
      const bank = (await f.bankSafe.getAddress()).slice(0, 10);
      expect(err.message).to.match(new RegExp(`^AccessManagedUnauthorized: ${bank}.* does not hold the role it needs`));
      expect(await f.bankSafe.nonce()).to.equal(nonce);
    });

    it("once governance admits it (a delayed grant), the gateway's own refusal is decoded before anyone signs", async () => {
      const f = await loadFixture(capabilitySafes);
      const bank = await f.bankSafe.getAddress();
      const admit = f.manager.interface.encodeFunctionData("grantRole", [Role.GATEWAY_BANK, bank, 0]);
      await f.manager.connect(f.governance).schedule(await f.manager.getAddress(), admit, 0);
      await time.increase(DELAY);
      await f.manager.connect(f.governance).execute(await f.manager.getAddress(), admit);
      const nonce = await f.bankSafe.nonce();
      const err = await rejectionOf(
        dkzt("xb:reject", {
          safe: bank,
          signers: officers(f.bankOfficers.slice(1, 3)),
          uetr,
          reason: "AC01",
          signer: 0,
        }),
      );
      expect(err.message).to.match(/^PaymentNotFound/);
      expect(await f.bankSafe.nonce()).to.equal(nonce);
    });
  });
});
