import { expect } from "chai";
import fc from "fast-check";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { ref } from "../helpers/fixtures";
import { BIC, crossBorderFixture, type CrossBorderFixture } from "./fixtures";
import { deadlineIn, inboundMessage, onChain, outboundMessage, rejectedAtGateway, uetrNo } from "./helpers";
import { asciiToBytes, bicToBytes11, reasonToBytes4, uetrToBytes16 } from "../../src/crossborder/iso20022";
import { fromOnChainPayment, onChainFieldsOf, type OnChainPayment } from "../../src/crossborder/pacs008";
import { outboundNonce, signOutboundAuthorization } from "../../src/crossborder/authorization";
import { FreezeState } from "../../src/tiers";
import { tenge } from "../../src/money";

const Status = { None: 0, Pending: 1, Settled: 2, Rejected: 3, Refunded: 4, Credited: 5 } as const;
const HOUR = 60 * 60;
const MAX_UINT64 = 2n ** 64n - 1n;

const rejected = rejectedAtGateway;

/** Alice escrows the standard outbound payment; returns the fixture, the payment and its deadline. */
async function pendingOutbound() {
  const f = await loadFixture(crossBorderFixture);
  const payment = onChain(outboundMessage(), f.salt);
  const deadline = await deadlineIn(24 * HOUR);
  await f.gateway.connect(f.alice).initiateOutbound(payment, deadline);
  return { f, payment, deadline };
}

describe("SwiftGateway", () => {
  describe("outbound, initiated by the customer", () => {
    it("escrows the amount in the gateway's own ledger account and records the pacs.008 fields", async () => {
      const f = await loadFixture(crossBorderFixture);
      const msg = outboundMessage();
      const payment = onChain(msg, f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      const tx = f.gateway.connect(f.alice).initiateOutbound(payment, deadline);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.alice, f.gateway], [-payment.amount, payment.amount]);
      await expect(tx).to.emit(f.gateway, "PaymentStatusChanged").withArgs(payment.uetr, Status.None, Status.Pending);
      await expect(tx)
        .to.emit(f.gateway, "OutboundInitiated")
        .withArgs(payment.uetr, f.alice.address, f.alice.address, anyValue, deadline);

      expect(await f.gateway.statusOf(payment.uetr)).to.equal(Status.Pending);
      const record = await f.gateway.paymentOf(payment.uetr);
      expect(record.status).to.equal(Status.Pending);
      expect(record.account).to.equal(f.alice.address);
      expect(record.deadline).to.equal(deadline);
      expect(fromOnChainPayment(record.payment)).to.deep.equal(onChainFieldsOf(msg, f.salt));
    });

    describe("when the gateway bank settles it", () => {
      it("pays the escrow to the nostro account and marks the UETR Settled", async () => {
        const { f, payment } = await pendingOutbound();
        const confirmation = ref("pacs002-ACSC");
        const tx = f.gateway.connect(f.bankA).settleOutbound(payment.uetr, confirmation);
        await expect(tx).to.changeTokenBalances(
          f.ledger,
          [f.gateway, f.bankA, f.alice],
          [-payment.amount, payment.amount, 0],
        );
        await expect(tx)
          .to.emit(f.gateway, "OutboundSettled")
          .withArgs(payment.uetr, f.bankA.address, payment.amount, confirmation);
        await expect(tx)
          .to.emit(f.gateway, "PaymentStatusChanged")
          .withArgs(payment.uetr, Status.Pending, Status.Settled);
        expect(await f.gateway.statusOf(payment.uetr)).to.equal(Status.Settled);
      });

      it("reverts with PaymentNotPending when settled twice", async () => {
        const { f, payment } = await pendingOutbound();
        await f.gateway.connect(f.bankA).settleOutbound(payment.uetr, ref("ack"));
        await rejected(
          f,
          [f.alice, f.bankA],
          [payment.uetr],
          () => f.gateway.connect(f.bankA).settleOutbound(payment.uetr, ref("ack")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.gateway, "PaymentNotPending")
              .withArgs(payment.uetr, Status.Settled),
        );
      });

      it("reverts with PaymentNotFound for a UETR never seen", async () => {
        const f = await loadFixture(crossBorderFixture);
        const unknown = uetrToBytes16(uetrNo(77));
        await rejected(
          f,
          [f.bankA],
          [unknown],
          () => f.gateway.connect(f.bankA).settleOutbound(unknown, ref("ack")),
          (p) => expect(p).to.be.revertedWithCustomError(f.gateway, "PaymentNotFound").withArgs(unknown),
        );
      });

      it("reverts with AccessManagedUnauthorized when the caller is not the gateway bank", async () => {
        const { f, payment } = await pendingOutbound();
        for (const caller of [f.bankB, f.alice, f.operator]) {
          await rejected(
            f,
            [f.alice, f.bankA],
            [payment.uetr],
            () => f.gateway.connect(caller).settleOutbound(payment.uetr, ref("ack")),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.gateway, "AccessManagedUnauthorized").withArgs(caller.address),
          );
        }
      });

      it("reverts with PaymentDeadlinePassed once the deadline has come", async () => {
        const { f, payment, deadline } = await pendingOutbound();
        await time.increaseTo(deadline);
        await rejected(
          f,
          [f.alice, f.bankA],
          [payment.uetr],
          () => f.gateway.connect(f.bankA).settleOutbound(payment.uetr, ref("ack")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.gateway, "PaymentDeadlinePassed")
              .withArgs(payment.uetr, deadline),
        );
      });

      it("reverts with NostroNotSet while no nostro account is configured", async () => {
        // A gateway fresh from deployment, before the operator sets the nostro: same contract, new instance.
        const f = await loadFixture(crossBorderFixture);
        const factory = await (await import("hardhat")).ethers.getContractFactory("SwiftGateway");
        const bare = await factory.deploy(
          await f.manager.getAddress(),
          await f.ledger.getAddress(),
          asciiToBytes("KZT", 3),
        );
        const target = await bare.getAddress();
        const selectors = (["settleOutbound", "rejectOutbound", "creditInbound"] as const).map(
          (n) => bare.interface.getFunction(n).selector,
        );
        await f.manager.connect(f.deployer).setTargetFunctionRole(target, selectors, 40n);
        await f.manager
          .connect(f.deployer)
          .setTargetFunctionRole(target, [bare.interface.getFunction("setBankBic").selector], 2n);
        await f.ledger
          .connect(f.operator)
          .onboardParticipant(target, 6, 6, "0x0000000000000000000000000000000000000000", ref("GW2"));
        await bare.connect(f.operator).setBankBic(f.bankA.address, bicToBytes11(BIC.bankA));
        await f.ledger.connect(f.bankA).setCustomerMandate(f.alice.address, target, true);
        const payment = onChain(outboundMessage(), f.salt);
        await bare.connect(f.alice).initiateOutbound(payment, await deadlineIn(2 * HOUR));
        await expect(bare.connect(f.bankA).settleOutbound(payment.uetr, ref("ack"))).to.be.revertedWithCustomError(
          bare,
          "NostroNotSet",
        );
        expect(await bare.statusOf(payment.uetr)).to.equal(Status.Pending);
        expect(await f.ledger.balanceOf(target)).to.equal(payment.amount);
      });
    });

    describe("when the gateway bank rejects it", () => {
      it("refunds the customer and marks the UETR Rejected with the ISO reason", async () => {
        const { f, payment } = await pendingOutbound();
        const reason = reasonToBytes4("AC01");
        const tx = f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, reason);
        await expect(tx).to.changeTokenBalances(
          f.ledger,
          [f.gateway, f.alice, f.bankA],
          [-payment.amount, payment.amount, 0],
        );
        await expect(tx)
          .to.emit(f.gateway, "OutboundRejected")
          .withArgs(payment.uetr, f.alice.address, payment.amount, reason);
        await expect(tx)
          .to.emit(f.gateway, "PaymentStatusChanged")
          .withArgs(payment.uetr, Status.Pending, Status.Rejected);
        expect(await f.gateway.statusOf(payment.uetr)).to.equal(Status.Rejected);
      });

      it("reverts with ReasonCodeInvalid for a malformed reason code", async () => {
        const { f, payment } = await pendingOutbound();
        const bad = asciiToBytes("ac0", 4);
        await rejected(
          f,
          [f.alice],
          [payment.uetr],
          () => f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, bad),
          (p) => expect(p).to.be.revertedWithCustomError(f.gateway, "ReasonCodeInvalid").withArgs(bad),
        );
      });

      it("reverts with PaymentNotPending after a settlement", async () => {
        const { f, payment } = await pendingOutbound();
        await f.gateway.connect(f.bankA).settleOutbound(payment.uetr, ref("ack"));
        await rejected(
          f,
          [f.alice, f.bankA],
          [payment.uetr],
          () => f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, reasonToBytes4("AM04")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.gateway, "PaymentNotPending")
              .withArgs(payment.uetr, Status.Settled),
        );
      });
    });

    describe("when nothing happens by the deadline", () => {
      it("lets the customer take the escrow back and marks the UETR Refunded", async () => {
        const { f, payment, deadline } = await pendingOutbound();
        await time.increaseTo(deadline);
        const tx = f.gateway.connect(f.alice).refundExpired(payment.uetr);
        await expect(tx).to.changeTokenBalances(f.ledger, [f.gateway, f.alice], [-payment.amount, payment.amount]);
        await expect(tx).to.emit(f.gateway, "OutboundRefunded").withArgs(payment.uetr, f.alice.address, payment.amount);
        await expect(tx)
          .to.emit(f.gateway, "PaymentStatusChanged")
          .withArgs(payment.uetr, Status.Pending, Status.Refunded);
        expect(await f.gateway.statusOf(payment.uetr)).to.equal(Status.Refunded);
      });

      it("pays the customer, never the caller, when someone else triggers the refund", async () => {
        const { f, payment, deadline } = await pendingOutbound();
        await time.increaseTo(deadline);
        await expect(f.gateway.connect(f.stranger).refundExpired(payment.uetr)).to.changeTokenBalances(
          f.ledger,
          [f.gateway, f.alice, f.stranger],
          [-payment.amount, payment.amount, 0],
        );
      });

      it("reverts with PaymentNotExpired before the deadline", async () => {
        const { f, payment, deadline } = await pendingOutbound();
        await rejected(
          f,
          [f.alice],
          [payment.uetr],
          () => f.gateway.connect(f.alice).refundExpired(payment.uetr),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.gateway, "PaymentNotExpired").withArgs(payment.uetr, deadline),
        );
      });

      it("reverts with PaymentNotPending when the refund is taken twice", async () => {
        const { f, payment, deadline } = await pendingOutbound();
        await time.increaseTo(deadline);
        await f.gateway.connect(f.alice).refundExpired(payment.uetr);
        await rejected(
          f,
          [f.alice],
          [payment.uetr],
          () => f.gateway.connect(f.alice).refundExpired(payment.uetr),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.gateway, "PaymentNotPending")
              .withArgs(payment.uetr, Status.Refunded),
        );
      });
    });

    describe("when the UETR was used before", () => {
      it("reverts with UetrAlreadyUsed whatever the UETR's state, and escrows nothing", async () => {
        const { f, payment } = await pendingOutbound();
        const again = async () => f.gateway.connect(f.alice).initiateOutbound(payment, await deadlineIn(24 * HOUR));
        await rejected(f, [f.alice], [payment.uetr], again, (p) =>
          expect(p).to.be.revertedWithCustomError(f.gateway, "UetrAlreadyUsed").withArgs(payment.uetr, Status.Pending),
        );
        await f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, reasonToBytes4("AC01"));
        await rejected(f, [f.alice], [payment.uetr], again, (p) =>
          expect(p).to.be.revertedWithCustomError(f.gateway, "UetrAlreadyUsed").withArgs(payment.uetr, Status.Rejected),
        );
      });
    });

    describe("when a field is malformed", () => {
      const cases: {
        name: string;
        change: (p: OnChainPayment) => OnChainPayment;
        error: string;
        args: (p: OnChainPayment) => unknown[];
      }[] = [
        {
          name: "a UETR of version 1",
          change: (p) => ({ ...p, uetr: "0x1b4f3a9e7c2d1e8f9a01000000000001" }),
          error: "UetrInvalid",
          args: (p) => [p.uetr],
        },
        {
          name: "a UETR with the wrong variant",
          change: (p) => ({ ...p, uetr: "0x1b4f3a9e7c2d4e8fca01000000000001" }),
          error: "UetrInvalid",
          args: (p) => [p.uetr],
        },
        {
          name: "the zero UETR",
          change: (p) => ({ ...p, uetr: "0x00000000000000000000000000000000" }),
          error: "UetrInvalid",
          args: (p) => [p.uetr],
        },
        {
          name: "a lower-case debtor BIC",
          change: (p) => ({ ...p, debtorAgent: asciiToBytes("eurikzka", 11) }),
          error: "BicInvalid",
          args: (p) => [p.debtorAgent],
        },
        {
          name: "a creditor BIC with digits for a country",
          change: (p) => ({ ...p, creditorAgent: asciiToBytes("CITI1233", 11) }),
          error: "BicInvalid",
          args: (p) => [p.creditorAgent],
        },
        {
          name: "a creditor BIC of 10 characters",
          change: (p) => ({ ...p, creditorAgent: asciiToBytes("CITIUS33XX", 11) }),
          error: "BicInvalid",
          args: (p) => [p.creditorAgent],
        },
        {
          name: "a currency other than KZT",
          change: (p) => ({ ...p, currency: asciiToBytes("USD", 3) }),
          error: "CurrencyNotSettled",
          args: (p) => [p.currency, asciiToBytes("KZT", 3)],
        },
        {
          name: "a KNP with a letter",
          change: (p) => ({ ...p, purpose: asciiToBytes("7A0", 3) }),
          error: "PurposeCodeInvalid",
          args: (p) => [p.purpose],
        },
        {
          name: "a zero amount",
          change: (p) => ({ ...p, amount: 0n }),
          error: "PaymentAmountInvalid",
          args: (p) => [p.amount, MAX_UINT64],
        },
        {
          name: "an amount above 2^64 - 1",
          change: (p) => ({ ...p, amount: MAX_UINT64 + 1n }),
          error: "PaymentAmountInvalid",
          args: (p) => [p.amount, MAX_UINT64],
        },
        {
          name: "a debtor agent that is not the customer's bank",
          change: (p) => ({ ...p, debtorAgent: bicToBytes11(BIC.bankB) }),
          error: "DebtorAgentMismatch",
          args: (p) => [p.debtorAgent, bicToBytes11(BIC.bankA)],
        },
      ];
      for (const c of cases) {
        it(`reverts with ${c.error} for ${c.name}`, async () => {
          const f = await loadFixture(crossBorderFixture);
          const payment = c.change(onChain(outboundMessage(), f.salt));
          const deadline = await deadlineIn(24 * HOUR);
          await rejected(
            f,
            [f.alice],
            [payment.uetr],
            () => f.gateway.connect(f.alice).initiateOutbound(payment, deadline),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.gateway, c.error)
                .withArgs(...c.args(payment)),
          );
        });
      }

      it("reverts with PaymentDeadlineOutOfRange for a deadline under an hour or over 30 days away", async () => {
        const f = await loadFixture(crossBorderFixture);
        const payment = onChain(outboundMessage(), f.salt);
        for (const offset of [HOUR - 10, 30 * 24 * HOUR + 10]) {
          const deadline = await deadlineIn(offset);
          const now = BigInt(await time.latest()) + 1n;
          await time.setNextBlockTimestamp(now);
          await rejected(
            f,
            [f.alice],
            [payment.uetr],
            () => f.gateway.connect(f.alice).initiateOutbound(payment, deadline),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.gateway, "PaymentDeadlineOutOfRange")
                .withArgs(deadline, now + BigInt(HOUR), now + BigInt(30 * 24 * HOUR)),
          );
        }
      });
    });

    describe("when the ledger refuses the customer's payment", () => {
      it("reverts with the ledger's AccountFrozen for a frozen customer", async () => {
        const f = await loadFixture(crossBorderFixture);
        await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, ref("order-1"));
        const payment = onChain(outboundMessage(), f.salt);
        await rejected(
          f,
          [f.alice],
          [payment.uetr],
          async () => f.gateway.connect(f.alice).initiateOutbound(payment, await deadlineIn(2 * HOUR)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
        );
      });

      it("reverts with the ledger's DailyLimitExceeded above the customer's daily limit", async () => {
        const f = await loadFixture(crossBorderFixture);
        const payment = onChain(outboundMessage({ amount: tenge(500_001) }), f.salt);
        await f.ledger.connect(f.bankA).transfer(f.alice.address, tenge(500_000));
        await rejected(
          f,
          [f.alice],
          [payment.uetr],
          async () => f.gateway.connect(f.alice).initiateOutbound(payment, await deadlineIn(2 * HOUR)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "DailyLimitExceeded")
              .withArgs(f.alice.address, tenge(500_000), tenge(500_001)),
        );
      });

      it("reverts with the ledger's LedgerPaused while the ledger is paused", async () => {
        const f = await loadFixture(crossBorderFixture);
        await f.ledger.connect(f.operator).pause();
        const payment = onChain(outboundMessage(), f.salt);
        await rejected(
          f,
          [f.alice],
          [payment.uetr],
          async () => f.gateway.connect(f.alice).initiateOutbound(payment, await deadlineIn(2 * HOUR)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
        );
      });
    });
  });

  describe("outbound, initiated by the customer's bank with the customer's authorisation", () => {
    async function signed(f: CrossBorderFixture, payment: OnChainPayment, deadline: bigint) {
      const now = BigInt(await time.latest());
      return signOutboundAuthorization(f.ledger, f.alice, await f.gateway.getAddress(), payment, deadline, {
        validAfter: now - 1n,
        validBefore: now + BigInt(HOUR),
      });
    }

    it("escrows the customer's DKZT for exactly the payment the customer signed", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      expect(await f.gateway.outboundAuthorizationNonce(payment, deadline)).to.equal(outboundNonce(payment, deadline));
      const auth = await signed(f, payment, deadline);
      const tx = f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, payment, deadline, auth);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.alice, f.gateway, f.bankA],
        [-payment.amount, payment.amount, 0],
      );
      await expect(tx)
        .to.emit(f.gateway, "OutboundInitiated")
        .withArgs(payment.uetr, f.alice.address, f.bankA.address, anyValue, deadline);
      await expect(tx)
        .to.emit(f.ledger, "AuthorizationUsed")
        .withArgs(f.alice.address, outboundNonce(payment, deadline));
      expect(await f.gateway.statusOf(payment.uetr)).to.equal(Status.Pending);
    });

    it("reverts with the ledger's SignatureInvalid(customer) when the bank changes the payment the customer signed", async () => {
      const f = await loadFixture(crossBorderFixture);
      const signedFor = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      const auth = await signed(f, signedFor, deadline);
      const altered = { ...signedFor, creditorAccountHash: ref("someone-else") };
      await rejected(
        f,
        [f.alice, f.bankA],
        [altered.uetr],
        () => f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, altered, deadline, auth),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "SignatureInvalid").withArgs(f.alice.address),
      );
    });

    it("reverts with NotCustomersBank when another bank initiates", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      const auth = await signed(f, payment, deadline);
      await rejected(
        f,
        [f.alice, f.bankB],
        [payment.uetr],
        () => f.gateway.connect(f.bankB).initiateOutboundFor(f.alice.address, payment, deadline, auth),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.gateway, "NotCustomersBank")
            .withArgs(f.bankB.address, f.alice.address),
      );
    });

    it("reverts with AccessManagedUnauthorized when the caller is not a bank", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      const auth = await signed(f, payment, deadline);
      await rejected(
        f,
        [f.alice],
        [payment.uetr],
        () => f.gateway.connect(f.stranger).initiateOutboundFor(f.alice.address, payment, deadline, auth),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.gateway, "AccessManagedUnauthorized").withArgs(f.stranger.address),
      );
    });

    it("reverts with UetrAlreadyUsed when the authorisation is replayed after a rejection", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      const auth = await signed(f, payment, deadline);
      await f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, payment, deadline, auth);
      await f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, reasonToBytes4("AC01"));
      await rejected(
        f,
        [f.alice],
        [payment.uetr],
        () => f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, payment, deadline, auth),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.gateway, "UetrAlreadyUsed").withArgs(payment.uetr, Status.Rejected),
      );
    });
  });

  describe("inbound", () => {
    it("credits the creditor from the gateway bank's own DKZT and marks the UETR Credited", async () => {
      const f = await loadFixture(crossBorderFixture);
      const msg = inboundMessage();
      const payment = onChain(msg, f.salt);
      const supply = await f.ledger.totalSupply();
      const tx = f.gateway.connect(f.bankA).creditInbound(payment, f.bob.address);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.bankA, f.bob, f.gateway],
        [-payment.amount, payment.amount, 0],
      );
      await expect(tx)
        .to.emit(f.gateway, "InboundCredited")
        .withArgs(payment.uetr, f.bob.address, f.bankA.address, anyValue);
      await expect(tx).to.emit(f.gateway, "PaymentStatusChanged").withArgs(payment.uetr, Status.None, Status.Credited);
      expect(await f.ledger.totalSupply()).to.equal(supply, "no DKZT minted outside the two-tier path");
      const record = await f.gateway.paymentOf(payment.uetr);
      expect(record.status).to.equal(Status.Credited);
      expect(record.account).to.equal(f.bob.address);
      expect(record.deadline).to.equal(0n);
      expect(fromOnChainPayment(record.payment)).to.deep.equal(onChainFieldsOf(msg, f.salt));
    });

    describe("when the same UETR is retried", () => {
      it("reverts with UetrAlreadyUsed and credits nothing, whatever else the retry changes", async () => {
        const f = await loadFixture(crossBorderFixture);
        const payment = onChain(inboundMessage(), f.salt);
        await f.gateway.connect(f.bankA).creditInbound(payment, f.bob.address);
        const retries = [
          payment,
          { ...payment, amount: payment.amount + 1n },
          { ...payment, creditorAccountHash: ref("other") },
        ];
        for (const retry of retries) {
          for (const creditor of [f.bob, f.alice]) {
            await rejected(
              f,
              [f.bob, f.alice, f.bankA],
              [payment.uetr],
              () => f.gateway.connect(f.bankA).creditInbound(retry, creditor.address),
              (p) =>
                expect(p)
                  .to.be.revertedWithCustomError(f.gateway, "UetrAlreadyUsed")
                  .withArgs(payment.uetr, Status.Credited),
            );
          }
        }
      });
    });

    it("reverts with CreditorAgentMismatch when the creditor's bank is not the message's creditor agent", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(inboundMessage(), f.salt);
      await rejected(
        f,
        [f.carol, f.bankA],
        [payment.uetr],
        () => f.gateway.connect(f.bankA).creditInbound(payment, f.carol.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.gateway, "CreditorAgentMismatch")
            .withArgs(payment.creditorAgent, bicToBytes11(BIC.bankB)),
      );
    });

    it("reverts with the ledger's AccountNotRegistered for an unregistered creditor", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(inboundMessage(), f.salt);
      await rejected(
        f,
        [f.stranger, f.bankA],
        [payment.uetr],
        () => f.gateway.connect(f.bankA).creditInbound(payment, f.stranger.address),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountNotRegistered").withArgs(f.stranger.address),
      );
    });

    it("reverts with the ledger's HoldingLimitExceeded above the creditor's holding limit", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(inboundMessage({ amount: tenge(1_500_000) }), f.salt);
      await rejected(
        f,
        [f.bob, f.bankA],
        [payment.uetr],
        () => f.gateway.connect(f.bankA).creditInbound(payment, f.bob.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "HoldingLimitExceeded")
            .withArgs(f.bob.address, tenge(1_500_000), tenge(1_510_000)),
      );
    });

    it("reverts with AccessManagedUnauthorized when the caller is not the gateway bank", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(inboundMessage(), f.salt);
      await rejected(
        f,
        [f.bob, f.bankB],
        [payment.uetr],
        () => f.gateway.connect(f.bankB).creditInbound(payment, f.bob.address),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.gateway, "AccessManagedUnauthorized").withArgs(f.bankB.address),
      );
    });
  });

  describe("escrow, over any sequence of actions", () => {
    it("holds exactly the sum of Pending payments; a UETR changes status at most twice and never credits twice", async () => {
      const action = fc.constantFrom("initiate", "settle", "reject", "refund", "credit", "wait");
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(action, fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 12 }),
          async (steps) => {
            const f = await loadFixture(crossBorderFixture);
            const outbound = [0, 1, 2].map((i) =>
              onChain(outboundMessage({ uetr: uetrNo(100 + i), amount: tenge(1_000 * (i + 1)) }), f.salt),
            );
            const inbound = [0, 1, 2].map((i) =>
              onChain(inboundMessage({ uetr: uetrNo(200 + i), amount: tenge(500) }), f.salt),
            );
            const gw = f.gateway;
            for (const [step, i] of steps) {
              const attempt = async () => {
                if (step === "initiate")
                  return gw.connect(f.alice).initiateOutbound(outbound[i], await deadlineIn(2 * HOUR));
                if (step === "settle") return gw.connect(f.bankA).settleOutbound(outbound[i].uetr, ref("ack"));
                if (step === "reject")
                  return gw.connect(f.bankA).rejectOutbound(outbound[i].uetr, reasonToBytes4("AC01"));
                if (step === "refund") return gw.connect(f.stranger).refundExpired(outbound[i].uetr);
                if (step === "credit") return gw.connect(f.bankA).creditInbound(inbound[i], f.bob.address);
                return time.increase(HOUR + 1);
              };
              await attempt().catch(() => undefined);
              let pending = 0n;
              for (const p of outbound) if ((await gw.statusOf(p.uetr)) === BigInt(Status.Pending)) pending += p.amount;
              expect(await f.ledger.balanceOf(gw)).to.equal(pending, "the gateway holds exactly the pending escrow");
            }
            for (const p of [...outbound, ...inbound]) {
              const status = Number(await gw.statusOf(p.uetr));
              const into = (await gw.queryFilter(gw.filters.PaymentStatusChanged(p.uetr))).length;
              expect(into).to.equal(
                status === Status.None ? 0 : status === Status.Pending || status === Status.Credited ? 1 : 2,
              );
            }
            const credited = await gw.queryFilter(gw.filters.InboundCredited());
            expect(new Set(credited.map((e) => e.args.uetr)).size).to.equal(credited.length, "no UETR credited twice");
          },
        ),
        { numRuns: 20 },
      );
    });
  });

  describe("configuration", () => {
    it("lets the operator set the nostro account, emitting old and new", async () => {
      const f = await loadFixture(crossBorderFixture);
      await expect(f.gateway.connect(f.operator).setNostroAccount(f.bankB.address))
        .to.emit(f.gateway, "NostroAccountSet")
        .withArgs(f.bankA.address, f.bankB.address);
      expect(await f.gateway.nostroAccount()).to.equal(f.bankB.address);
    });

    it("reverts with AccessManagedUnauthorized when anyone else sets the nostro or a BIC", async () => {
      const f = await loadFixture(crossBorderFixture);
      await expect(f.gateway.connect(f.bankA).setNostroAccount(f.bankA.address))
        .to.be.revertedWithCustomError(f.gateway, "AccessManagedUnauthorized")
        .withArgs(f.bankA.address);
      await expect(f.gateway.connect(f.bankA).setBankBic(f.bankA.address, bicToBytes11("EURIKZKX")))
        .to.be.revertedWithCustomError(f.gateway, "AccessManagedUnauthorized")
        .withArgs(f.bankA.address);
      expect(await f.gateway.nostroAccount()).to.equal(f.bankA.address);
      expect(await f.gateway.bicOf(f.bankA.address)).to.equal(bicToBytes11(BIC.bankA));
    });

    it("records BICs both ways, moves a bank to a new BIC, and refuses a taken or malformed BIC or a non-bank", async () => {
      const f = await loadFixture(crossBorderFixture);
      const newBic = bicToBytes11("EURIKZKAXXX");
      await expect(f.gateway.connect(f.operator).setBankBic(f.bankA.address, newBic))
        .to.emit(f.gateway, "BankBicSet")
        .withArgs(f.bankA.address, bicToBytes11(BIC.bankA), newBic);
      expect(await f.gateway.bankOfBic(newBic)).to.equal(f.bankA.address);
      expect(await f.gateway.bankOfBic(bicToBytes11(BIC.bankA))).to.equal("0x0000000000000000000000000000000000000000");
      await expect(f.gateway.connect(f.operator).setBankBic(f.bankB.address, newBic))
        .to.be.revertedWithCustomError(f.gateway, "BicTaken")
        .withArgs(newBic, f.bankA.address);
      const bad = asciiToBytes("EURI-ZKA", 11);
      await expect(f.gateway.connect(f.operator).setBankBic(f.bankB.address, bad))
        .to.be.revertedWithCustomError(f.gateway, "BicInvalid")
        .withArgs(bad);
      await expect(f.gateway.connect(f.operator).setBankBic(f.alice.address, bicToBytes11("ALICKZKA")))
        .to.be.revertedWithCustomError(f.gateway, "BicHolderNotBank")
        .withArgs(f.alice.address);
      expect(await f.gateway.bicOf(f.bankB.address)).to.equal(bicToBytes11(BIC.bankB));
    });
  });
});
