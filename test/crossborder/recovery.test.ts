import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { ref } from "../helpers/fixtures";
import { BIC, crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";
import { PVP_RATE, deadlineIn, onChain, outboundMessage, pvpTerms, uetrNo } from "./helpers";
import { convertDown, rateFromDecimal } from "../../src/crossborder/fx";
import { AccountKind } from "../../src/tiers";
import { Role } from "../../src/roles";
import { reasonToBytes4 } from "../../src/crossborder/iso20022";
import { hashlockOf, toPaymentLink } from "../../src/crossborder/htlc";
import { tenge } from "../../src/money";
import type { IHashedTimelock, IPvPSettlement } from "../../typechain-types";

/**
 * Value the cross-border modules hold for an account follows the account when its bank recovers the wallet
 * (`recoverAccount`, LedgerAccounts.current): refunds and deliveries reach the replacement, and the replacement
 * acts where the lost wallet could. Before the fix each payout went to the lost address, which the ledger refuses
 * (closed), so the money stayed stuck in the module.
 */
const HOUR = 60 * 60;
const SECRET = "0x5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";
const Leg = { A: 0, B: 1 } as const;
/** 1 CNY = 70.42 KZT: tiyn per fen. */
const CNY_KZT = rateFromDecimal("70.42");

/** A wallet nobody registered: the replacement a bank recovers a lost wallet to. */
const replacementOf = (f: CrossBorderFixture, n: number): HardhatEthersSigner => f.spare[30 + n];

describe("Cross-border payouts follow a recovered wallet", () => {
  describe("SwiftGateway: alice escrowed an outbound payment, then lost her wallet", () => {
    async function escrowedThenRecovered() {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      await f.gateway.connect(f.alice).initiateOutbound(payment, deadline);
      const replacement = replacementOf(f, 0);
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      return { f, payment, deadline, replacement };
    }

    it("a rejection refunds her replacement wallet", async () => {
      const { f, payment, replacement } = await escrowedThenRecovered();
      const reason = reasonToBytes4("AC01");
      const tx = f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, reason);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.gateway, replacement, f.alice],
        [-payment.amount, payment.amount, 0],
      );
      await expect(tx)
        .to.emit(f.gateway, "OutboundRejected")
        .withArgs(payment.uetr, replacement.address, payment.amount, reason);
    });

    it("an expiry refunds her replacement wallet, whoever triggers it", async () => {
      const { f, payment, deadline, replacement } = await escrowedThenRecovered();
      await time.increaseTo(deadline);
      const tx = f.gateway.connect(f.stranger).refundExpired(payment.uetr);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.gateway, replacement, f.alice, f.stranger],
        [-payment.amount, payment.amount, 0, 0],
      );
      await expect(tx)
        .to.emit(f.gateway, "OutboundRefunded")
        .withArgs(payment.uetr, replacement.address, payment.amount);
    });
  });

  describe("HashedTimelock: a DKZT lock between alice and bob (bank A's customers)", () => {
    async function lockTerms(f: CrossBorderFixture): Promise<IHashedTimelock.LockTermsStruct> {
      const now = await time.latest();
      return {
        ledger: await f.ledger.getAddress(),
        recipient: f.bob.address,
        amount: tenge(7_042),
        hashlock: hashlockOf(SECRET),
        deadline: BigInt(now + 24 * HOUR),
        counterpartDeadline: 0n,
        payment: toPaymentLink({
          uetr: uetrNo(1),
          debtorAgent: BIC.bankA,
          creditorAgent: BIC.cnBank,
          quoteId: ref("FXQ-77"),
          quoteExpiry: now + 3 * HOUR,
        }),
      };
    }

    async function lockedByAlice() {
      const f = await loadFixture(crossBorderFixture);
      await f.ledger.connect(f.alice).setModuleMandate(await f.htlc.getAddress(), true);
      const terms = await lockTerms(f);
      const id = await f.htlc.lockIdOf(f.alice.address, terms);
      await f.htlc.connect(f.alice).lock(terms);
      return { f, terms, id };
    }

    it("a claim pays the recipient's replacement wallet (bob's, recovered after the lock)", async () => {
      const { f, terms, id } = await lockedByAlice();
      const replacement = replacementOf(f, 1);
      await f.ledger.connect(f.bankA).recoverAccount(f.bob.address, replacement.address);
      const tx = f.htlc.connect(f.stranger).claim(id, SECRET);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.htlc, replacement, f.bob],
        [-BigInt(terms.amount), terms.amount, 0],
      );
      await expect(tx).to.emit(f.htlc, "Claimed").withArgs(id, f.bob.address, SECRET);
      await expect(tx)
        .to.emit(f.ledger, "Transfer")
        .withArgs(await f.htlc.getAddress(), replacement.address, terms.amount);
    });

    it("a refund after the deadline pays the sender's replacement wallet (alice's)", async () => {
      const { f, terms, id } = await lockedByAlice();
      const replacement = replacementOf(f, 2);
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      await time.increaseTo(terms.deadline);
      const tx = f.htlc.connect(f.stranger).refund(id);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.htlc, replacement, f.alice],
        [-BigInt(terms.amount), terms.amount, 0],
      );
      await expect(tx).to.emit(f.htlc, "Refunded").withArgs(id, replacement.address, terms.amount);
    });
  });

  describe("PvPSettlement: alice (bank A's customer on DKZT, cnBank's on e-CNY) is a party", () => {
    /**
     * Alice opens an e-CNY account at cnBank and holds 2 000 yuan there; she pays through PvP on both ledgers (her
     * own mandate on DKZT, cnBank's for her on e-CNY).
     */
    async function aliceOnBothLedgers(): Promise<CrossBorderFixture> {
      const f = await loadFixture(crossBorderFixture);
      await f.foreignLedger
        .connect(f.cnBank)
        .onboardCustomer(f.alice.address, AccountKind.Individual, 1, ref("cust-alice-cn"));
      await f.foreignLedger.connect(f.cnBank).transfer(f.alice.address, yuan(2_000));
      const pvp = await f.pvp.getAddress();
      await f.ledger.connect(f.alice).setModuleMandate(pvp, true);
      await f.foreignLedger.connect(f.cnBank).setCustomerMandate(f.alice.address, pvp, true);
      return f;
    }

    /** Bank B pays 1 000 yuan on e-CNY (leg A) for alice's tenge on DKZT (leg B). */
    async function yuanForTenge(f: CrossBorderFixture): Promise<IPvPSettlement.DealTermsStruct> {
      const amountA = yuan(1_000);
      return {
        partyA: f.bankB.address,
        ledgerA: await f.foreignLedger.getAddress(),
        amountA,
        partyB: f.alice.address,
        ledgerB: await f.ledger.getAddress(),
        amountB: convertDown(amountA, CNY_KZT),
        rate: CNY_KZT,
        quoteId: ref("FXQ-CNYKZT"),
        expiry: BigInt((await time.latest()) + 2 * HOUR),
      };
    }

    it("settlement delivers to the receiving party's replacement wallet on the ledger it is paid on", async () => {
      const f = await aliceOnBothLedgers();
      const t = await pvpTerms(f, { amountA: tenge(70_420), partyB: f.alice.address });
      const deal = { ...t, amountB: convertDown(tenge(70_420), PVP_RATE) };
      await f.pvp.connect(f.bankA).proposeDeal(deal);
      await f.pvp.connect(f.bankA).fundLeg(1n);
      await f.pvp.connect(f.alice).fundLeg(1n);
      const replacement = replacementOf(f, 3);
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      const tx = f.pvp.connect(f.bankA).settle(1n);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.pvp, replacement, f.alice],
        [-BigInt(deal.amountA), deal.amountA, 0],
      );
      await expect(tx).to.changeTokenBalances(f.foreignLedger, [f.pvp, f.bankA], [-deal.amountB, deal.amountB]);
    });

    it("a party's replacement funds and settles in its place", async () => {
      const f = await aliceOnBothLedgers();
      const t = await yuanForTenge(f);
      await f.pvp.connect(f.bankB).proposeDeal(t);
      await f.pvp.connect(f.bankB).fundLeg(1n);
      const replacement = replacementOf(f, 4);
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      const fund = f.pvp.connect(replacement).fundLeg(1n);
      await expect(fund)
        .to.emit(f.pvp, "DealLegFunded")
        .withArgs(1n, Leg.B, replacement.address, await f.ledger.getAddress(), t.amountB);
      await expect(fund).to.changeTokenBalances(f.ledger, [replacement, f.pvp], [-BigInt(t.amountB), t.amountB]);
      const tx = f.pvp.connect(replacement).settle(1n);
      await expect(tx).to.emit(f.pvp, "DealSettled").withArgs(1n, replacement.address, t.amountA, t.amountB);
      await expect(tx).to.changeTokenBalances(f.ledger, [f.pvp, f.bankB], [-BigInt(t.amountB), t.amountB]);
      await expect(tx).to.changeTokenBalances(f.foreignLedger, [f.pvp, f.alice], [-BigInt(t.amountA), t.amountA]);
    });

    it("party A's replacement funds in its place (alice, admitted as a dealer, pays DKZT)", async () => {
      const f = await loadFixture(crossBorderFixture);
      await f.manager.connect(f.operator).grantRole(Role.PVP_DEALER, f.alice.address, 0);
      await f.ledger.connect(f.alice).setModuleMandate(await f.pvp.getAddress(), true);
      const t = await pvpTerms(f, { partyA: f.alice.address, partyB: f.bankB.address, amountA: tenge(70_420) });
      const deal = { ...t, amountB: convertDown(tenge(70_420), PVP_RATE) };
      await f.pvp.connect(f.alice).proposeDeal(deal);
      const replacement = replacementOf(f, 6);
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      await expect(f.pvp.connect(replacement).fundLeg(1n))
        .to.emit(f.pvp, "DealLegFunded")
        .withArgs(1n, Leg.A, replacement.address, await f.ledger.getAddress(), deal.amountA);
      expect((await f.pvp.dealOf(1n)).fundedA).to.equal(true);
    });

    it("an expired leg is refunded to the funder's replacement wallet", async () => {
      const f = await aliceOnBothLedgers();
      const t = await yuanForTenge(f);
      await f.pvp.connect(f.bankB).proposeDeal(t);
      await f.pvp.connect(f.alice).fundLeg(1n);
      const replacement = replacementOf(f, 7);
      await f.ledger.connect(f.bankA).recoverAccount(f.alice.address, replacement.address);
      await time.increaseTo(t.expiry);
      const tx = f.pvp.connect(f.stranger).refundLeg(1n, Leg.B);
      await expect(tx).to.changeTokenBalances(
        f.ledger,
        [f.pvp, replacement, f.alice],
        [-BigInt(t.amountB), t.amountB, 0],
      );
      await expect(tx)
        .to.emit(f.pvp, "DealLegRefunded")
        .withArgs(1n, Leg.B, replacement.address, await f.ledger.getAddress(), t.amountB);
    });
  });
});
