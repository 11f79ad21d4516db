import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { stablecoinIssued, ref, type ReservesFixture } from "./fixtures";
import { expectReservesRejected } from "./helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { REDEMPTION_STATUS, formatProofOfReserves, readProof } from "../../src/reserves";
import { ReserveStablecoin__factory } from "../../typechain-types";

// What holders are told about redemption must be true: a reserve that cannot pay (frozen, receive-only, a paused
// ledger or token) is reported as such by proofOfReserves, quoteRedemption and redemptionStatus, even while it
// holds every tiyn it owes.

/** IReserveStablecoin.RedemptionStatus. */
const Status = {
  Open: 0n,
  TokenPaused: 1n,
  LedgerPaused: 2n,
  ReserveNotRegistered: 3n,
  ReserveFrozen: 4n,
  ReserveReceiveOnly: 5n,
} as const;

async function expectStopped(f: ReservesFixture, status: bigint): Promise<void> {
  const proof = await f.stablecoin.proofOfReserves();
  expect(proof.fullyBacked).to.equal(true, "the amounts still back every token");
  expect(proof.redeemable).to.equal(false);
  expect(proof.status).to.equal(status);
  expect(await f.stablecoin.redemptionStatus()).to.equal(status);
  expect(await f.stablecoin.quoteRedemption(tenge(1_000))).to.equal(0n);
}

describe("ReserveStablecoin: what holders are told about redemption", () => {
  describe("when the reserve can pay", () => {
    it("reports redeemable, status Open and a quote of the full amount", async () => {
      const f = await loadFixture(stablecoinIssued);
      const proof = await f.stablecoin.proofOfReserves();
      expect(proof.fullyBacked).to.equal(true);
      expect(proof.redeemable).to.equal(true);
      expect(proof.status).to.equal(Status.Open);
      expect(await f.stablecoin.quoteRedemption(tenge(1_000))).to.equal(tenge(1_000));
      expect(formatProofOfReserves(await readProof(f.stablecoin), "KZTE"))
        .to.contain("redemption")
        .and.contain("open");
    });
  });

  describe("when compliance fully freezes the reserve's ledger account", () => {
    async function frozen() {
      const f = await stablecoinIssued();
      await f.ledger
        .connect(f.compliance)
        .setFreezeState(await f.stablecoin.getAddress(), FreezeState.Full, ref("ORDER-1"));
      return f;
    }

    it("reports not redeemable (ReserveFrozen) and quotes 0, though fully backed", async () => {
      const f = await loadFixture(frozen);
      await expectStopped(f, Status.ReserveFrozen);
      const text = formatProofOfReserves(await readProof(f.stablecoin), "KZTE");
      expect(text).to.contain(REDEMPTION_STATUS[Number(Status.ReserveFrozen)]);
    });

    it("and a redemption is refused by the ledger's AccountFrozen with nothing changed", async () => {
      const f = await loadFixture(frozen);
      const reserve = await f.stablecoin.getAddress();
      await expectReservesRejected(
        f,
        [f.alice, f.bob],
        () => f.stablecoin.connect(f.alice).redeem(tenge(1_000), f.bob.address),
        (attempt) => expect(attempt).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(reserve),
      );
    });

    it("and a mint is refused by the ledger's NotSystemModule: no deposit goes into a reserve that cannot pay", async () => {
      const f = await loadFixture(frozen);
      const reserve = await f.stablecoin.getAddress();
      await expectReservesRejected(
        f,
        [f.exchange, f.alice],
        () => f.stablecoin.connect(f.exchange).mint(f.alice.address, tenge(1_000)),
        (attempt) => expect(attempt).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(reserve),
      );
    });

    it("reports Open again once the freeze is lifted, and the redemption is paid", async () => {
      const f = await loadFixture(frozen);
      const reserve = await f.stablecoin.getAddress();
      await f.ledger.connect(f.compliance).setFreezeState(reserve, FreezeState.None, ref("ORDER-1-LIFTED"));
      expect(await f.stablecoin.redemptionStatus()).to.equal(Status.Open);
      expect(await f.stablecoin.quoteRedemption(tenge(1_000))).to.equal(tenge(1_000));
      await expect(f.stablecoin.connect(f.alice).redeem(tenge(1_000), f.bob.address)).to.changeTokenBalances(
        f.ledger,
        [reserve, f.bob],
        [-tenge(1_000), tenge(1_000)],
      );
    });
  });

  describe("when compliance makes the reserve's ledger account receive-only", () => {
    it("reports not redeemable (ReserveReceiveOnly) and quotes 0", async () => {
      const f = await loadFixture(stablecoinIssued);
      const reserve = await f.stablecoin.getAddress();
      await f.ledger.connect(f.compliance).setFreezeState(reserve, FreezeState.OutboundOnly, ref("ORDER-2"));
      await expectStopped(f, Status.ReserveReceiveOnly);
      // A blocked module cannot call the ledger's moduleTransfer: minting stops with redemption.
      await expectReservesRejected(
        f,
        [f.exchange, f.alice],
        () => f.stablecoin.connect(f.exchange).mint(f.alice.address, tenge(1_000)),
        (attempt) => expect(attempt).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(reserve),
      );
      await expectReservesRejected(
        f,
        [f.alice, f.bob],
        () => f.stablecoin.connect(f.alice).redeem(tenge(1_000), f.bob.address),
        (attempt) =>
          expect(attempt).to.be.revertedWithCustomError(f.ledger, "AccountOutboundBlocked").withArgs(reserve),
      );
    });
  });

  describe("when the DKZT ledger is paused", () => {
    it("reports not redeemable (LedgerPaused) and quotes 0", async () => {
      const f = await loadFixture(stablecoinIssued);
      await f.ledger.connect(f.operator).pause();
      await expectStopped(f, Status.LedgerPaused);
    });
  });

  describe("when the stablecoin itself is paused", () => {
    it("reports not redeemable (TokenPaused) and quotes 0", async () => {
      const f = await loadFixture(stablecoinIssued);
      await f.stablecoin.connect(f.stableCompliance).pause();
      await expectStopped(f, Status.TokenPaused);
    });
  });

  describe("when the reserve's account was never opened on the ledger", () => {
    it("reports not redeemable (ReserveNotRegistered) and quotes 0", async () => {
      const f = await loadFixture(stablecoinIssued);
      const unopened = await new ReserveStablecoin__factory(f.deployer).deploy(
        "Unopened",
        "UNO",
        await f.ledger.getAddress(),
        await f.manager.getAddress(),
      );
      const proof = await unopened.proofOfReserves();
      expect(proof.fullyBacked).to.equal(true);
      expect(proof.redeemable).to.equal(false);
      expect(proof.status).to.equal(Status.ReserveNotRegistered);
      expect(await unopened.quoteRedemption(tenge(1))).to.equal(0n);
    });
  });
});
