import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, type AddressLike, type ContractTransactionResponse } from "ethers";
import { ledgerState } from "../helpers/state";
import { ref } from "../helpers/fixtures";
import { BIC, crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";
import {
  DAY,
  HOUR,
  UTC8,
  at,
  endOfDayRule,
  expectGatewayUnchanged,
  gatewayState,
  goToLocal,
  inboundMessage,
  mandatedSweep,
  onChain,
  pvpTerms,
  uetrNo,
} from "./helpers";
import { hashlockOf, toPaymentLink } from "../../src/crossborder/htlc";
import { asciiToBytes, bicToBytes11 } from "../../src/crossborder/iso20022";
import { tenge } from "../../src/money";
import type { IHashedTimelock } from "../../typechain-types";

// The rarely taken arms of the cross-border contracts' checks: each asserts the exact error and that nothing moved.

const MAX_UINT96 = 2n ** 96n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;
const ZERO_BIC = "0x" + "00".repeat(11);
const SECRET = "0x5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";

/** Every DKZT / e-CNY balance and status the cross-border contracts could touch. */
async function ledgers(f: CrossBorderFixture, extra: AddressLike[] = []) {
  const accounts: AddressLike[] = [
    f.bankA,
    f.bankB,
    f.cnBank,
    f.bob,
    f.fxFacility,
    f.htlc,
    f.pvp,
    f.gateway,
    f.sweep,
    ...extra,
  ];
  return { home: await ledgerState(f.ledger, accounts), foreign: await ledgerState(f.foreignLedger, accounts) };
}

/** Assert `action` is rejected as `assertion` says and neither ledger nor `contractState` changed. */
async function rejected(
  f: CrossBorderFixture,
  contractState: () => Promise<unknown>,
  action: () => Promise<ContractTransactionResponse>,
  assertion: (attempt: Promise<ContractTransactionResponse>) => Promise<void>,
): Promise<void> {
  const read = async () => ({ ledgers: await ledgers(f), contract: await contractState() });
  const before = await read();
  await assertion(action());
  expect(await read()).to.deep.equal(before, "a rejected call changed a ledger or the contract");
}

describe("Cross-border edges (checks the main suites do not reach)", () => {
  describe("HashedTimelock", () => {
    /** Bank A locks 70 420 ₸ for cnBank on DKZT for 24 hours (the first leg of the HTLC suite). */
    async function leg(
      f: CrossBorderFixture,
      overrides: Partial<IHashedTimelock.LockTermsStruct> = {},
      debtorAgent: string = bicToBytes11(BIC.bankA),
    ): Promise<IHashedTimelock.LockTermsStruct> {
      const now = await time.latest();
      return {
        ledger: await f.ledger.getAddress(),
        recipient: f.cnBank.address,
        amount: tenge(70_420),
        hashlock: hashlockOf(SECRET),
        deadline: BigInt(now + DAY),
        counterpartDeadline: 0n,
        payment: {
          ...toPaymentLink({
            uetr: uetrNo(1),
            debtorAgent: BIC.bankA,
            creditorAgent: BIC.cnBank,
            quoteId: ref("FXQ-77"),
            quoteExpiry: now + 3 * HOUR,
          }),
          debtorAgent,
        },
        ...overrides,
      };
    }
    /** The lock bank A would open with `terms` (status None while nothing was locked). */
    const lockRecord = (f: CrossBorderFixture, terms: IHashedTimelock.LockTermsStruct) => async () =>
      (await f.htlc.lockOf(await f.htlc.lockIdOf(f.bankA.address, terms))).toString();

    describe("when the amount is above 2^96 - 1", () => {
      it("reverts with LockAmountInvalid and escrows nothing", async () => {
        const f = await loadFixture(crossBorderFixture);
        const terms = await leg(f, { amount: MAX_UINT96 + 1n });
        await rejected(
          f,
          lockRecord(f, terms),
          () => f.htlc.connect(f.bankA).lock(terms),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.htlc, "LockAmountInvalid")
              .withArgs(MAX_UINT96 + 1n, MAX_UINT96),
        );
      });
    });

    describe("when a second leg names a first-leg deadline beyond 2^64 - 1", () => {
      it("reverts with SecondLegDeadlineUnsafe (it would not fit the lock record)", async () => {
        const f = await loadFixture(crossBorderFixture);
        const terms = await leg(f, { counterpartDeadline: MAX_UINT64 + 1n });
        const margin = await f.htlc.safetyMargin();
        await rejected(
          f,
          lockRecord(f, terms),
          () => f.htlc.connect(f.bankA).lock(terms),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.htlc, "SecondLegDeadlineUnsafe")
              .withArgs(terms.deadline, MAX_UINT64 + 1n, margin),
        );
      });
    });

    describe("when the debtor agent is not a BIC", () => {
      // A bad character in the location code (positions 6, 7: capital letters or digits) or the country code (4, 5).
      for (const text of ["EURIKZ-A", "EURIKZK-", "EURIK1KA"]) {
        it(`reverts with LockBicInvalid for "${text}"`, async () => {
          const f = await loadFixture(crossBorderFixture);
          const bad = asciiToBytes(text, 11);
          const terms = await leg(f, {}, bad);
          await rejected(
            f,
            lockRecord(f, terms),
            () => f.htlc.connect(f.bankA).lock(terms),
            (p) => expect(p).to.be.revertedWithCustomError(f.htlc, "LockBicInvalid").withArgs(bad),
          );
        });
      }

      it("accepts the same terms with the bank's real BIC (the rejection was the BIC alone)", async () => {
        const f = await loadFixture(crossBorderFixture);
        const terms = await leg(f);
        await expect(f.htlc.connect(f.bankA).lock(terms)).to.changeTokenBalances(
          f.ledger,
          [f.bankA, f.htlc],
          [-tenge(70_420), tenge(70_420)],
        );
      });
    });
  });

  describe("PvPSettlement", () => {
    const terms = pvpTerms;
    const deals = (f: CrossBorderFixture) => async () => f.pvp.dealCount();

    it("exposes MAX_AMOUNT and MAX_RATE as 2^96 - 1 (the bounds the rejections below name)", async () => {
      const f = await loadFixture(crossBorderFixture);
      expect(await f.pvp.MAX_AMOUNT()).to.equal(MAX_UINT96);
      expect(await f.pvp.MAX_RATE()).to.equal(MAX_UINT96);
    });

    describe("when leg A's amount is above 2^96 - 1", () => {
      it("reverts with DealAmountInvalid and opens no deal", async () => {
        const f = await loadFixture(crossBorderFixture);
        const t = await terms(f, { amountA: MAX_UINT96 + 1n });
        await rejected(
          f,
          deals(f),
          () => f.pvp.connect(f.bankA).proposeDeal(t),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.pvp, "DealAmountInvalid")
              .withArgs(MAX_UINT96 + 1n, MAX_UINT96),
        );
      });
    });

    describe("when leg B's amount is zero", () => {
      it("reverts with DealAmountInvalid and opens no deal", async () => {
        const f = await loadFixture(crossBorderFixture);
        const t = await terms(f, { amountB: 0n });
        await rejected(
          f,
          deals(f),
          () => f.pvp.connect(f.bankA).proposeDeal(t),
          (p) => expect(p).to.be.revertedWithCustomError(f.pvp, "DealAmountInvalid").withArgs(0n, MAX_UINT96),
        );
      });
    });

    describe("when the rate is above 2^96 - 1", () => {
      it("reverts with DealRateInvalid and opens no deal", async () => {
        const f = await loadFixture(crossBorderFixture);
        const t = await terms(f, { rate: MAX_UINT96 + 1n });
        await rejected(
          f,
          deals(f),
          () => f.pvp.connect(f.bankA).proposeDeal(t),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.pvp, "DealRateInvalid")
              .withArgs(MAX_UINT96 + 1n, MAX_UINT96),
        );
      });
    });
  });

  describe("SwiftGateway", () => {
    const KZT = asciiToBytes("KZT", 3);

    describe("when deployed", () => {
      it("reports the ledger and settlement currency it was wired with", async () => {
        const f = await loadFixture(crossBorderFixture);
        expect(await f.gateway.ledger()).to.equal(await f.ledger.getAddress());
        expect(await f.gateway.settlementCurrency()).to.equal(KZT);
      });

      it("refuses a zero ledger with GatewayZeroAddress", async () => {
        const f = await loadFixture(crossBorderFixture);
        const factory = await ethers.getContractFactory("SwiftGateway");
        await expect(factory.deploy(await f.manager.getAddress(), ZeroAddress, KZT)).to.be.revertedWithCustomError(
          factory,
          "GatewayZeroAddress",
        );
      });

      for (const code of ["kzt", "KZ1", "KZ"]) {
        it(`refuses settlement currency "${code}" with CurrencyNotSettled`, async () => {
          const f = await loadFixture(crossBorderFixture);
          const factory = await ethers.getContractFactory("SwiftGateway");
          const bad = asciiToBytes(code, 3);
          await expect(factory.deploy(await f.manager.getAddress(), await f.ledger.getAddress(), bad))
            .to.be.revertedWithCustomError(factory, "CurrencyNotSettled")
            .withArgs(bad, bad);
        });
      }
    });

    describe("when an inbound payment names no creditor", () => {
      it("reverts with GatewayZeroAddress and credits nothing", async () => {
        const f = await loadFixture(crossBorderFixture);
        const payment = onChain(inboundMessage(), f.salt);
        const before = await gatewayState(f.gateway, [payment.uetr]);
        await rejected(
          f,
          () => gatewayState(f.gateway, [payment.uetr]),
          () => f.gateway.connect(f.bankA).creditInbound(payment, ZeroAddress),
          (p) => expect(p).to.be.revertedWithCustomError(f.gateway, "GatewayZeroAddress"),
        );
        await expectGatewayUnchanged(f.gateway, [payment.uetr], before);
      });
    });

    describe("when the operator sets a zero nostro account", () => {
      it("reverts with GatewayZeroAddress and keeps the nostro", async () => {
        const f = await loadFixture(crossBorderFixture);
        expect(await f.gateway.nostroAccount()).to.equal(f.bankA.address);
        await rejected(
          f,
          () => f.gateway.nostroAccount(),
          () => f.gateway.connect(f.operator).setNostroAccount(ZeroAddress),
          (p) => expect(p).to.be.revertedWithCustomError(f.gateway, "GatewayZeroAddress"),
        );
      });
    });

    describe("when the operator clears a bank's BIC (zero BIC)", () => {
      it("forgets it both ways, records nobody for the zero BIC, and frees the old BIC for another bank", async () => {
        const f = await loadFixture(crossBorderFixture);
        const old = bicToBytes11(BIC.bankB);
        await expect(f.gateway.connect(f.operator).setBankBic(f.bankB.address, ZERO_BIC))
          .to.emit(f.gateway, "BankBicSet")
          .withArgs(f.bankB.address, old, ZERO_BIC);
        expect(await f.gateway.bicOf(f.bankB.address)).to.equal(ZERO_BIC);
        expect(await f.gateway.bankOfBic(old)).to.equal(ZeroAddress);
        expect(await f.gateway.bankOfBic(ZERO_BIC)).to.equal(ZeroAddress);
        // Clearing again is harmless: old is now zero too.
        await expect(f.gateway.connect(f.operator).setBankBic(f.bankB.address, ZERO_BIC))
          .to.emit(f.gateway, "BankBicSet")
          .withArgs(f.bankB.address, ZERO_BIC, ZERO_BIC);
        // Bank A can now take bank B's old BIC (it would be BicTaken were the reverse entry left behind).
        await f.gateway.connect(f.operator).setBankBic(f.bankA.address, old);
        expect(await f.gateway.bankOfBic(old)).to.equal(f.bankA.address);
      });

      it("then refuses an inbound payment for the bank's customer with CreditorAgentMismatch", async () => {
        const f = await loadFixture(crossBorderFixture);
        await f.gateway.connect(f.operator).setBankBic(f.bankB.address, ZERO_BIC);
        // carol banks with bank B, whose BIC is now unknown to the gateway.
        const payment = onChain(inboundMessage({ creditorAgent: BIC.bankB }), f.salt);
        await rejected(
          f,
          () => gatewayState(f.gateway, [payment.uetr]),
          () => f.gateway.connect(f.bankA).creditInbound(payment, f.carol.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.gateway, "CreditorAgentMismatch")
              .withArgs(bicToBytes11(BIC.bankB), ZERO_BIC),
        );
      });
    });
  });

  describe("ForeignCbdcSweep", () => {
    it("reports the ledger it sweeps (the foreign CBDC)", async () => {
      const f = await loadFixture(crossBorderFixture);
      expect(await f.sweep.ledger()).to.equal(await f.foreignLedger.getAddress());
    });

    describe("when the window starts at or after 24:00", () => {
      for (const windowStart of [DAY, DAY + 1]) {
        it(`reverts with SweepWindowInvalid for a start of ${windowStart} s and keeps the rule`, async () => {
          const f = await mandatedSweep();
          const bad = endOfDayRule({ windowStart, windowEnd: at(1) });
          await rejected(
            f,
            async () => (await f.sweep.sweepRule()).toString(),
            () => f.sweep.connect(f.foreignCentralBank).setSweepRule(bad),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.sweep, "SweepWindowInvalid").withArgs(UTC8, windowStart, at(1)),
          );
        });
      }
    });

    describe("when a mandated bank holds no more than the overnight allowance", () => {
      it("takes nothing from it and emits neither Swept nor SweepSkipped", async () => {
        const f = await mandatedSweep();
        await f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule({ overnightAllowance: yuan(50_000) }));
        const before = await ledgers(f);
        await goToLocal(at(23, 30));
        const tx = f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address]);
        await expect(tx).not.to.emit(f.sweep, "Swept");
        await expect(tx).not.to.emit(f.sweep, "SweepSkipped");
        expect(await ledgers(f)).to.deep.equal(before);
        expect(await f.foreignLedger.balanceOf(f.bankA)).to.equal(yuan(50_000));
      });
    });

    describe("when a court attachment covers a mandated bank's whole balance", () => {
      it("sweeps nothing: attached funds are not free, even with no allowance", async () => {
        const f = await mandatedSweep();
        await f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule({ overnightAllowance: 0n }));
        await f.foreignLedger.connect(f.foreignCompliance).attachFunds(f.bankA.address, yuan(60_000), ref("court-1"));
        const before = await ledgers(f);
        await goToLocal(at(23, 30));
        await expect(f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address])).not.to.emit(f.sweep, "Swept");
        expect(await ledgers(f)).to.deep.equal(before);
      });

      it("sweeps only the free part above the allowance once part is released", async () => {
        const f = await mandatedSweep();
        await f.sweep.connect(f.foreignCentralBank).setSweepRule(endOfDayRule({ overnightAllowance: 0n }));
        await f.foreignLedger.connect(f.foreignCompliance).attachFunds(f.bankA.address, yuan(60_000), ref("court-1"));
        await f.foreignLedger.connect(f.foreignCompliance).releaseFunds(f.bankA.address, yuan(20_000), ref("court-2"));
        await goToLocal(at(23, 30));
        await expect(f.sweep.connect(f.sweepKeeper).sweep([f.bankA.address])).to.changeTokenBalance(
          f.foreignLedger,
          f.bankA,
          -yuan(10_000),
        );
      });
    });
  });
});
