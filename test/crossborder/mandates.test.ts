import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ref } from "../helpers/fixtures";
import { ledgerState } from "../helpers/state";
import { BIC, crossBorderFixture, yuan, type CrossBorderFixture } from "./fixtures";
import {
  at,
  deadlineIn,
  goToLocal,
  inboundMessage,
  mandatedSweep,
  onChain,
  outboundMessage,
  pvpTerms,
  rejectedAtGateway,
  uetrNo,
} from "./helpers";
import { signOutboundAuthorization } from "../../src/crossborder/authorization";
import { hashlockOf, toPaymentLink } from "../../src/crossborder/htlc";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";

const HOUR = 60 * 60;
const SECRET = "0x5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7";

/**
 * Module mandates (the ledger's): a cross-border module debits an account only if the account (or its bank) gave
 * it a mandate. Without one the ledger refuses with ModuleNotMandated and nothing moves; the module's own records
 * stay as they were. A module's own ReceiveWithAuthorization (the bank-initiated SWIFT outbound) needs none.
 */
describe("Cross-border modules under the ledger's module mandates", () => {
  const notMandated = (f: CrossBorderFixture, p: Promise<unknown>, module: string, account: string) =>
    expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(module, account);

  describe("SwiftGateway", () => {
    it("reverts an outbound escrow with ModuleNotMandated for a customer that gave the gateway no mandate", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage(), f.salt);
      await f.ledger.connect(f.bankA).setCustomerMandate(f.alice.address, await f.gateway.getAddress(), false);
      await rejectedAtGateway(
        f,
        [f.alice],
        [payment.uetr],
        async () => f.gateway.connect(f.alice).initiateOutbound(payment, await deadlineIn(2 * HOUR)),
        async (p) => notMandated(f, p, await f.gateway.getAddress(), f.alice.address),
      );
    });

    it("escrows once the customer mandates the gateway itself (bob, whose bank set none)", async () => {
      const f = await loadFixture(crossBorderFixture);
      const payment = onChain(outboundMessage({ amount: tenge(1_000) }), f.salt);
      await f.ledger.connect(f.bob).setModuleMandate(await f.gateway.getAddress(), true);
      await expect(
        f.gateway.connect(f.bob).initiateOutbound(payment, await deadlineIn(2 * HOUR)),
      ).to.changeTokenBalances(f.ledger, [f.bob, f.gateway], [-payment.amount, payment.amount]);
    });

    it("lets a bank escrow with its customer's signed authorisation without any mandate", async () => {
      const f = await loadFixture(crossBorderFixture);
      const gateway = await f.gateway.getAddress();
      await f.ledger.connect(f.bankA).setCustomerMandate(f.alice.address, gateway, false);
      const payment = onChain(outboundMessage(), f.salt);
      const deadline = await deadlineIn(24 * HOUR);
      const now = BigInt(await time.latest());
      const auth = await signOutboundAuthorization(f.ledger, f.alice, gateway, payment, deadline, {
        validAfter: now - 1n,
        validBefore: now + BigInt(HOUR),
      });
      await expect(
        f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, payment, deadline, auth),
      ).to.changeTokenBalances(f.ledger, [f.alice, f.gateway], [-payment.amount, payment.amount]);
    });

    it("reverts an inbound credit with ModuleNotMandated when the gateway bank gave the gateway no mandate", async () => {
      const f = await loadFixture(crossBorderFixture);
      await f.manager.connect(f.governance).grantRole(Role.GATEWAY_BANK, f.bankB.address, 0);
      const inbound = onChain(inboundMessage(), f.salt);
      await rejectedAtGateway(
        f,
        [f.bob, f.bankB],
        [inbound.uetr],
        () => f.gateway.connect(f.bankB).creditInbound(inbound, f.bob.address),
        async (p) => notMandated(f, p, await f.gateway.getAddress(), f.bankB.address),
      );
    });

    it("reverts a plain payment into the gateway with ModuleNotPayable: escrow comes only through its functions", async () => {
      const f = await loadFixture(crossBorderFixture);
      const gateway = await f.gateway.getAddress();
      const before = await ledgerState(f.ledger, [f.alice, gateway]);
      await expect(f.ledger.connect(f.alice).transfer(gateway, tenge(1)))
        .to.be.revertedWithCustomError(f.ledger, "ModuleNotPayable")
        .withArgs(gateway);
      expect(await ledgerState(f.ledger, [f.alice, gateway])).to.deep.equal(before);
    });
  });

  describe("HashedTimelock", () => {
    it("reverts a lock with ModuleNotMandated for a sender that gave the time locks no mandate; no lock recorded", async () => {
      const f = await loadFixture(crossBorderFixture);
      const now = await time.latest();
      const terms = {
        ledger: await f.ledger.getAddress(),
        recipient: f.alice.address,
        amount: tenge(1_000),
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
      const htlc = await f.htlc.getAddress();
      const id = await f.htlc.lockIdOf(f.bob.address, terms);
      const before = await ledgerState(f.ledger, [f.bob, htlc]);
      await notMandated(f, f.htlc.connect(f.bob).lock(terms), htlc, f.bob.address);
      expect(await ledgerState(f.ledger, [f.bob, htlc])).to.deep.equal(before);
      expect((await f.htlc.lockOf(id)).status).to.equal(0n);
    });
  });

  describe("PvPSettlement", () => {
    it("reverts funding with ModuleNotMandated once the party revoked its mandate; the leg stays unfunded", async () => {
      const f = await loadFixture(crossBorderFixture);
      const pvp = await f.pvp.getAddress();
      await f.pvp.connect(f.bankA).proposeDeal(await pvpTerms(f));
      await f.ledger.connect(f.bankA).setModuleMandate(pvp, false);
      const before = await ledgerState(f.ledger, [f.bankA, pvp]);
      await notMandated(f, f.pvp.connect(f.bankA).fundLeg(1n), pvp, f.bankA.address);
      expect(await ledgerState(f.ledger, [f.bankA, pvp])).to.deep.equal(before);
      expect((await f.pvp.dealOf(1n)).fundedA).to.equal(false);
    });
  });

  describe("ForeignCbdcSweep", () => {
    it("reverts acceptMandate with MandateNotOnLedger for a bank that did not mandate the sweep on the ledger", async () => {
      const f = await loadFixture(crossBorderFixture);
      await expect(f.sweep.connect(f.bankB).acceptMandate())
        .to.be.revertedWithCustomError(f.sweep, "MandateNotOnLedger")
        .withArgs(f.bankB.address);
      expect(await f.sweep.hasMandate(f.bankB.address)).to.equal(false);
    });

    it("skips with SweepSkipped(ModuleNotMandated) a bank that revoked its ledger mandate, and sweeps the rest", async () => {
      const f = await mandatedSweep();
      const sweep = await f.sweep.getAddress();
      await f.foreignLedger.connect(f.bankB).setModuleMandate(sweep, true);
      await f.sweep.connect(f.bankB).acceptMandate();
      await f.foreignLedger.connect(f.bankB).setModuleMandate(sweep, false);
      await goToLocal(at(23, 30));
      const reason = f.foreignLedger.interface.encodeErrorResult("ModuleNotMandated", [sweep, f.bankB.address]);
      const tx = f.sweep.connect(f.sweepKeeper).sweep([f.bankB.address, f.bankA.address]);
      await expect(tx).to.emit(f.sweep, "SweepSkipped").withArgs(f.bankB.address, reason);
      await expect(tx).to.changeTokenBalances(f.foreignLedger, [f.bankB, f.bankA], [0, -(yuan(50_000) - yuan(10_000))]);
    });
  });
});
