import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { ref } from "../helpers/fixtures";
import { crossBorderFixture, type CrossBorderFixture } from "./fixtures";
import { deadlineIn, inboundMessage, onChain, outboundMessage, rejectedAtGateway } from "./helpers";
import { reasonToBytes4 } from "../../src/crossborder/iso20022";
import { signOutboundAuthorization } from "../../src/crossborder/authorization";
import { Role } from "../../src/roles";

const Status = { Pending: 1, Settled: 2 } as const;
const HOUR = 60 * 60;

/**
 * A suspended bank has no power anywhere in the suite (LedgerAccounts.requireActiveBank): as the SWIFT gateway
 * bank it settles, rejects and credits nothing, and as a customer's bank it initiates no outbound payment. The
 * customer's own rights (the refund after the deadline) stay.
 */
describe("SwiftGateway: bank powers refuse a suspended or unregistered bank", () => {
  /** Alice escrowed an outbound payment; then the operator suspended bank A (gateway bank and alice's bank). */
  async function pendingThenSuspended() {
    const f = await loadFixture(crossBorderFixture);
    const payment = onChain(outboundMessage(), f.salt);
    const deadline = await deadlineIn(24 * HOUR);
    await f.gateway.connect(f.alice).initiateOutbound(payment, deadline);
    await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, true);
    return { f, payment, deadline };
  }

  const suspended = (f: CrossBorderFixture, p: Promise<unknown>) =>
    expect(p).to.be.revertedWithCustomError(f.ledger, "BankIsSuspended").withArgs(f.bankA.address);

  it("reverts with BankIsSuspended when the suspended gateway bank settles, rejects or credits", async () => {
    const { f, payment } = await pendingThenSuspended();
    const inbound = onChain(inboundMessage(), f.salt);
    const accounts = [f.alice, f.bob, f.bankA];
    const uetrs = [payment.uetr, inbound.uetr];
    await rejectedAtGateway(
      f,
      accounts,
      uetrs,
      () => f.gateway.connect(f.bankA).settleOutbound(payment.uetr, ref("ack")),
      (p) => suspended(f, p),
    );
    await rejectedAtGateway(
      f,
      accounts,
      uetrs,
      () => f.gateway.connect(f.bankA).rejectOutbound(payment.uetr, reasonToBytes4("AC01")),
      (p) => suspended(f, p),
    );
    await rejectedAtGateway(
      f,
      accounts,
      uetrs,
      () => f.gateway.connect(f.bankA).creditInbound(inbound, f.bob.address),
      (p) => suspended(f, p),
    );
  });

  it("reverts with BankIsSuspended when a suspended bank initiates its customer's outbound payment", async () => {
    const f = await loadFixture(crossBorderFixture);
    const payment = onChain(outboundMessage(), f.salt);
    const deadline = await deadlineIn(24 * HOUR);
    const now = BigInt(await time.latest());
    const auth = await signOutboundAuthorization(f.ledger, f.alice, await f.gateway.getAddress(), payment, deadline, {
      validAfter: now - 1n,
      validBefore: now + BigInt(HOUR),
    });
    await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, true);
    await rejectedAtGateway(
      f,
      [f.alice, f.bankA],
      [payment.uetr],
      () => f.gateway.connect(f.bankA).initiateOutboundFor(f.alice.address, payment, deadline, auth),
      (p) => suspended(f, p),
    );
  });

  it("still refunds the customer after the deadline, and the bank settles again once reinstated", async () => {
    const { f, payment, deadline } = await pendingThenSuspended();
    const second = onChain(outboundMessage({ uetr: "1b4f3a9e-7c2d-4e8f-9a01-000000000002" }), f.salt);
    await time.increaseTo(deadline);
    await expect(f.gateway.connect(f.alice).refundExpired(payment.uetr)).to.changeTokenBalances(
      f.ledger,
      [f.gateway, f.alice],
      [-payment.amount, payment.amount],
    );
    await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, false);
    await f.gateway.connect(f.alice).initiateOutbound(second, await deadlineIn(2 * HOUR));
    expect(await f.gateway.statusOf(second.uetr)).to.equal(Status.Pending);
    await expect(f.gateway.connect(f.bankA).settleOutbound(second.uetr, ref("ack"))).to.changeTokenBalances(
      f.ledger,
      [f.gateway, f.bankA],
      [-second.amount, second.amount],
    );
    expect(await f.gateway.statusOf(second.uetr)).to.equal(Status.Settled);
  });

  it("reverts with BankNotRegistered when a gateway-bank role holder is not a bank on the ledger", async () => {
    const f = await loadFixture(crossBorderFixture);
    await f.manager.connect(f.governance).grantRole(Role.GATEWAY_BANK, f.stranger.address, 0);
    const inbound = onChain(inboundMessage(), f.salt);
    await rejectedAtGateway(
      f,
      [f.bob, f.stranger],
      [inbound.uetr],
      () => f.gateway.connect(f.stranger).creditInbound(inbound, f.bob.address),
      (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankNotRegistered").withArgs(f.stranger.address),
    );
  });
});
