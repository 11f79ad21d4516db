import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { stablecoinBridged } from "./fixtures";
import { expectReservesRejected } from "./helpers";
import { BUFFER_PERIOD, refill, refilledFor } from "./bridgeBuffers";
import { tenge } from "../../src/money";

// What a compromised bridge can take. The reviewed attack: with a net "outstanding <= limit" rule and a burn from any
// holder, a bridge limited to 10 000 burned a victim and minted to itself over and over (drained a 100 000 holder
// and redeemed the reserve's DKZT); on another chain a 5 000 limit took 45 000. Now a bridge burns only what a
// holder handed it, and gross mint and burn buffers bound it per day.

const HOME_LIMIT = tenge(10_000);
const REMOTE_LIMIT = tenge(5_000);

/** A rogue key made a bridge on both chains (10 000 at home, 5 000 elsewhere); no holder approved it. */
async function rogueBridge() {
  const f = await stablecoinBridged();
  const rogue = f.spare[0];
  await f.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(rogue.address, HOME_LIMIT);
  await f.remote.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(rogue.address, REMOTE_LIMIT);
  return { ...f, rogue, remoteToken: f.remote.stablecoin };
}

/** {rogueBridge}, after alice honestly handed the rogue bridge 10 000 to export (its whole burn buffer). */
async function rogueWithExport() {
  const f = await rogueBridge();
  await f.stablecoin.connect(f.alice).approve(f.rogue.address, HOME_LIMIT);
  await f.stablecoin.connect(f.rogue).crosschainBurn(f.alice.address, HOME_LIMIT);
  return f;
}

describe("Stablecoin bridges: a compromised bridge takes at most its buffer", () => {
  describe("when a bridge burns a holder who did not hand it the tokens", () => {
    it("reverts with ERC20InsufficientAllowance on either chain, and nothing moves", async () => {
      const f = await loadFixture(rogueBridge);
      const victim = f.alice;
      await expectReservesRejected(
        f,
        [victim, f.rogue],
        () => f.stablecoin.connect(f.rogue).crosschainBurn(victim.address, tenge(10_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "ERC20InsufficientAllowance")
            .withArgs(f.rogue.address, 0n, tenge(10_000)),
      );
      // Elsewhere, bob holds 5 000 that came through the honest bridge; the rogue minted 5 000 to itself and
      // would burn bob's to free its position (the old cycle).
      await f.bridge.connect(f.alice).send(f.stablecoin, f.remoteToken, f.bob.address, tenge(5_000));
      await f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, REMOTE_LIMIT);
      await expectReservesRejected(
        f,
        [f.bob, f.rogue],
        () => f.remoteToken.connect(f.rogue).crosschainBurn(f.bob.address, tenge(5_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.remoteToken, "ERC20InsufficientAllowance")
            .withArgs(f.rogue.address, 0n, tenge(5_000)),
      );
    });
  });

  describe("when a holder hands a bridge tokens to export", () => {
    it("burns them, spends the allowance and the burn buffer, and counts them bridged out", async () => {
      const f = await loadFixture(rogueWithExport);
      expect(await f.stablecoin.allowance(f.alice.address, f.rogue.address)).to.equal(0n);
      const position = await f.stablecoin.bridgeOf(f.rogue.address);
      expect(position.outstanding).to.equal(HOME_LIMIT);
      expect(position.burnAvailable).to.satisfy(refilledFor(HOME_LIMIT, 10));
      expect(position.mintAvailable).to.equal(HOME_LIMIT);
      const proof = await f.stablecoin.proofOfReserves();
      expect(proof.bridgedOut).to.equal(HOME_LIMIT);
      expect(proof.reserve).to.equal(proof.obligations);
    });
  });

  describe("at home, once compromised", () => {
    it("takes at most what holders handed it: the burn-a-victim / mint-to-self cycle is gone", async () => {
      const f = await loadFixture(rogueWithExport);
      const reserve = await f.stablecoin.getAddress();
      const reserveBefore = await f.ledger.balanceOf(reserve);
      // It mints alice's exported 10 000 to itself and redeems them: the bridge's custody, nothing more.
      await f.stablecoin.connect(f.rogue).crosschainMint(f.rogue.address, HOME_LIMIT);
      await f.stablecoin.connect(f.rogue).redeem(HOME_LIMIT, f.carol.address);
      // Its mint buffer is spent: no more at once.
      await expectReservesRejected(
        f,
        [f.rogue],
        () => f.stablecoin.connect(f.rogue).crosschainMint(f.rogue.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeMintLimitExceeded")
            .withArgs(f.rogue.address, refilledFor(HOME_LIMIT, 60), tenge(1_000)),
      );
      // A day later both buffers are full again, and the old cycle still takes nothing: it cannot burn a victim
      // (no allowance), and nothing is outstanding to mint.
      await time.increase(BUFFER_PERIOD);
      await expectReservesRejected(
        f,
        [f.exchange, f.rogue],
        () => f.stablecoin.connect(f.rogue).crosschainBurn(f.exchange.address, HOME_LIMIT),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "ERC20InsufficientAllowance")
            .withArgs(f.rogue.address, 0n, HOME_LIMIT),
      );
      await expectReservesRejected(
        f,
        [f.rogue],
        () => f.stablecoin.connect(f.rogue).crosschainMint(f.rogue.address, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeOutstandingExceeded")
            .withArgs(f.rogue.address, 0n, 1n),
      );
      expect(reserveBefore - (await f.ledger.balanceOf(reserve))).to.equal(HOME_LIMIT);
      const proof = await f.stablecoin.proofOfReserves();
      expect(proof.reserve).to.equal(proof.obligations, "the reserve still backs every token");
    });
  });

  describe("on another chain, once compromised", () => {
    it("creates at most its mint buffer in a day: burning its own tokens does not reset it", async () => {
      const f = await loadFixture(rogueBridge);
      const supplyBefore = await f.remoteToken.totalSupply();
      await f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, REMOTE_LIMIT);
      // Burning its own tokens (no allowance needed) frees nothing: the buffers are gross, not net.
      await f.remoteToken.connect(f.rogue).crosschainBurn(f.rogue.address, REMOTE_LIMIT);
      await expectReservesRejected(
        f,
        [f.rogue],
        () => f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.remoteToken, "BridgeMintLimitExceeded")
            .withArgs(f.rogue.address, refilledFor(REMOTE_LIMIT, 60), tenge(1_000)),
      );
      // Keeping what it minted: 5 000 at most in the window.
      await f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, refill(REMOTE_LIMIT, 1));
      expect((await f.remoteToken.totalSupply()) - supplyBefore).to.be.at.most(REMOTE_LIMIT);
    });

    it("gets its buffer back linearly: half after 12 hours, all of it after a day and never more", async () => {
      const f = await loadFixture(rogueBridge);
      await f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, REMOTE_LIMIT);
      const spentAt = await time.latest();
      await time.increaseTo(spentAt + BUFFER_PERIOD / 2);
      expect((await f.remoteToken.bridgeOf(f.rogue.address)).mintAvailable).to.equal(
        refill(REMOTE_LIMIT, BUFFER_PERIOD / 2),
      );
      await time.increaseTo(spentAt + 2 * BUFFER_PERIOD);
      expect((await f.remoteToken.bridgeOf(f.rogue.address)).mintAvailable).to.equal(REMOTE_LIMIT);
      await f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, REMOTE_LIMIT);
      await expectReservesRejected(
        f,
        [f.rogue],
        () => f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.remoteToken, "BridgeMintLimitExceeded")
            .withArgs(f.rogue.address, refilledFor(REMOTE_LIMIT, 60), tenge(1_000)),
      );
      expect(await f.remoteToken.balanceOf(f.rogue.address)).to.equal(2n * REMOTE_LIMIT);
    });
  });

  describe("setBridgeLimit on a bridge that spent part of its buffer", () => {
    async function spentFour() {
      const f = await rogueBridge();
      await f.remoteToken.connect(f.rogue).crosschainMint(f.rogue.address, tenge(4_000));
      return f;
    }

    it("a raise adds the difference to what is left; a cut takes it away, down to zero", async () => {
      const f = await loadFixture(spentFour);
      const admin = f.remoteToken.connect(f.bridgeAdmin);
      const mintAvailable = async () => (await f.remoteToken.bridgeOf(f.rogue.address)).mintAvailable;
      const slack = (limit: bigint) => refill(limit, 60);
      await expect(admin.setBridgeLimit(f.rogue.address, tenge(20_000)))
        .to.emit(f.remoteToken, "BridgeLimitSet")
        .withArgs(f.rogue.address, REMOTE_LIMIT, tenge(20_000));
      // 1 000 left + 15 000 raise.
      expect(await mintAvailable()).to.be.within(tenge(16_000), tenge(16_000) + slack(tenge(20_000)));
      expect((await f.remoteToken.bridgeOf(f.rogue.address)).burnAvailable).to.equal(tenge(20_000));
      await admin.setBridgeLimit(f.rogue.address, tenge(5_000));
      // 16 000 left - 15 000 cut.
      expect(await mintAvailable()).to.be.within(tenge(1_000), tenge(1_000) + slack(tenge(20_000)));
      await admin.setBridgeLimit(f.rogue.address, tenge(1_000));
      // The 4 000 cut is more than is left: zero, what was spent stays spent.
      expect(await mintAvailable()).to.be.at.most(slack(tenge(1_000)));
    });
  });
});
