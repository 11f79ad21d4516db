import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { BIC, crossBorderFixture } from "./fixtures";
import { deadlineIn, inboundMessage, onChain, outboundMessage, uetrNo } from "./helpers";
import { uetrToBytes16 } from "../../src/crossborder/iso20022";
import { tenge } from "../../src/money";

const Status = { None: 0, Pending: 1, Settled: 2, Rejected: 3, Refunded: 4, Credited: 5 } as const;
const HOUR = 60 * 60;

/**
 * UETR squatting (review defect): inbound and outbound UETRs are separate namespaces, so a customer who sees an
 * inbound pacs.008 coming (or guesses its UETR) and opens a 1-tiyn outbound under the same UETR blocks nothing.
 */
describe("SwiftGateway: inbound and outbound UETRs are separate namespaces", () => {
  /** Carol (bank B's customer) front-runs the foreign bank's inbound for bob with a 1-tiyn outbound. */
  async function squatted() {
    const f = await loadFixture(crossBorderFixture);
    const inbound = onChain(inboundMessage({ uetr: uetrNo(5) }), f.salt);
    const squat = onChain(outboundMessage({ uetr: uetrNo(5), amount: 1n, debtorAgent: BIC.bankB }), f.salt);
    const deadline = await deadlineIn(HOUR + 60);
    await f.ledger.connect(f.bankB).transfer(f.carol.address, tenge(1));
    await f.gateway.connect(f.carol).initiateOutbound(squat, deadline);
    return { f, inbound, squat, deadline };
  }

  it("credits the inbound payment although a customer opened an outbound under its UETR first", async () => {
    const { f, inbound, squat } = await squatted();
    const tx = f.gateway.connect(f.bankA).creditInbound(inbound, f.bob.address);
    await expect(tx).to.changeTokenBalances(f.ledger, [f.bankA, f.bob], [-inbound.amount, inbound.amount]);
    await expect(tx).to.emit(f.gateway, "PaymentStatusChanged").withArgs(inbound.uetr, Status.None, Status.Credited);
    expect(await f.gateway.statusOf(inbound.uetr)).to.equal(Status.Credited);
    const both = [await f.gateway.inboundOf(inbound.uetr), await f.gateway.outboundOf(inbound.uetr)];
    expect(both.map((r) => [r.status, r.account, r.payment.amount])).to.deep.equal([
      [BigInt(Status.Credited), f.bob.address, inbound.amount],
      [BigInt(Status.Pending), f.carol.address, squat.amount],
    ]);
    expect((await f.gateway.paymentOf(inbound.uetr)).account).to.equal(f.bob.address, "the inbound is the message");
  });

  it("leaves the squatter's outbound its own: refunded to it at the deadline, the inbound still Credited", async () => {
    const { f, inbound, squat, deadline } = await squatted();
    await f.gateway.connect(f.bankA).creditInbound(inbound, f.bob.address);
    await time.increaseTo(deadline);
    await expect(f.gateway.connect(f.carol).refundExpired(squat.uetr)).to.changeTokenBalances(
      f.ledger,
      [f.gateway, f.carol],
      [-squat.amount, squat.amount],
    );
    expect((await f.gateway.outboundOf(squat.uetr)).status).to.equal(Status.Refunded);
    expect(await f.gateway.statusOf(inbound.uetr)).to.equal(Status.Credited);
  });

  it("a UETR credited inbound may still name an outbound, and the outbound's status reads alone", async () => {
    const f = await loadFixture(crossBorderFixture);
    const inbound = onChain(inboundMessage({ uetr: uetrNo(6) }), f.salt);
    await f.gateway.connect(f.bankA).creditInbound(inbound, f.bob.address);
    const outbound = onChain(outboundMessage({ uetr: uetrNo(6) }), f.salt);
    await expect(f.gateway.connect(f.alice).initiateOutbound(outbound, await deadlineIn(2 * HOUR)))
      .to.emit(f.gateway, "PaymentStatusChanged")
      .withArgs(outbound.uetr, Status.None, Status.Pending);
    expect((await f.gateway.outboundOf(outbound.uetr)).status).to.equal(Status.Pending);
    expect((await f.gateway.inboundOf(outbound.uetr)).status).to.equal(Status.Credited);
    const never = uetrToBytes16(uetrNo(99));
    expect([(await f.gateway.outboundOf(never)).status, (await f.gateway.inboundOf(never)).status]).to.deep.equal([
      BigInt(Status.None),
      BigInt(Status.None),
    ]);
  });
});
