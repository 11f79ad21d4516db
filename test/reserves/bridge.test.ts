import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ZeroAddress, ZeroHash } from "ethers";
import { BRIDGE_LIMIT, stablecoinBridged } from "./fixtures";
import { expectReservesRejected } from "./helpers";
import { tenge } from "../../src/money";
import { refilledFor } from "./bridgeBuffers";
import { Role } from "../../src/roles";

/** Two stablecoin instances standing for two chains (home with the reserve, and another), and a test bridge. */
describe("Stablecoin bridges (ERC-7802)", () => {
  async function moved() {
    const f = await stablecoinBridged();
    await f.bridge.connect(f.alice).send(f.stablecoin, f.remote.stablecoin, f.bob.address, tenge(40_000));
    return f;
  }

  it("deploys the other chain's token with its own authority and the same name, symbol and decimals", async () => {
    const { remote, stablecoin } = await loadFixture(stablecoinBridged);
    expect(await remote.stablecoin.isHomeChain()).to.equal(false);
    expect(await remote.stablecoin.name()).to.equal(await stablecoin.name());
    expect(await remote.stablecoin.symbol()).to.equal(await stablecoin.symbol());
    expect(await remote.stablecoin.decimals()).to.equal(2n);
    expect(await remote.stablecoin.authority()).to.equal(await remote.manager.getAddress());
    expect(await remote.stablecoin.supportsInterface("0x33331994")).to.equal(true); // IERC7802
  });

  it("moves tokens out: burns at home, mints on the other chain, and reports each chain's supply", async () => {
    const { stablecoin, remote, bridge, alice, bob, ledger } = await loadFixture(stablecoinBridged);
    const bridgeAddress = await bridge.getAddress();
    const tx = bridge.connect(alice).send(stablecoin, remote.stablecoin, bob.address, tenge(40_000));
    await expect(tx).to.emit(stablecoin, "CrosschainBurn").withArgs(alice.address, tenge(40_000), bridgeAddress);
    await expect(tx).to.emit(remote.stablecoin, "CrosschainMint").withArgs(bob.address, tenge(40_000), bridgeAddress);
    expect(await stablecoin.totalSupply()).to.equal(tenge(960_000));
    expect(await stablecoin.bridgedTotal()).to.equal(tenge(40_000));
    expect(await remote.stablecoin.totalSupply()).to.equal(tenge(40_000));
    expect(await remote.stablecoin.bridgedTotal()).to.equal(tenge(40_000));
    expect((await stablecoin.bridgeOf(bridgeAddress)).outstanding).to.equal(tenge(40_000));
    const proof = await stablecoin.proofOfReserves();
    expect(proof.bridgedOut).to.equal(tenge(40_000));
    expect(proof.obligations).to.equal(await ledger.balanceOf(await stablecoin.getAddress()));
    expect(proof.fullyBacked).to.equal(true);
  });

  it("moves tokens back: burns on the other chain, mints at home, and the home invariant holds", async () => {
    const { stablecoin, remote, bridge, bob, ledger } = await loadFixture(moved);
    await bridge.connect(bob).send(remote.stablecoin, stablecoin, bob.address, tenge(15_000));
    expect(await remote.stablecoin.totalSupply()).to.equal(tenge(25_000));
    expect(await stablecoin.bridgedTotal()).to.equal(tenge(25_000));
    expect((await stablecoin.totalSupply()) + (await stablecoin.bridgedTotal())).to.equal(
      await ledger.balanceOf(await stablecoin.getAddress()),
    );
    // Tokens brought home redeem like any other.
    await expect(stablecoin.connect(bob).redeem(tenge(15_000), bob.address)).to.changeTokenBalance(
      ledger,
      bob,
      tenge(15_000),
    );
  });

  it("counts bridged-out tokens in the pro-rata share when the reserve falls short", async () => {
    const { stablecoin, ledger, compliance, court, alice } = await loadFixture(moved);
    const reserve = await stablecoin.getAddress();
    await ledger.connect(compliance).attachFunds(reserve, tenge(100_000), ZeroHash);
    await ledger.connect(compliance).seize(reserve, court.address, tenge(100_000), ZeroHash);
    // 900 000 available for 1 000 000 owed (960 000 here + 40 000 elsewhere).
    expect(await stablecoin.quoteRedemption(tenge(10_000))).to.equal(tenge(9_000));
    await expect(stablecoin.connect(alice).redeem(tenge(10_000), alice.address)).to.changeTokenBalance(
      ledger,
      alice,
      tenge(9_000),
    );
  });

  describe("when a bridge relays a mint at home with nothing burned there", () => {
    it("reverts with BridgeOutstandingExceeded: no bridge can create home tokens", async () => {
      const f = await loadFixture(moved);
      const bridgeAddress = await f.bridge.getAddress();
      await expectReservesRejected(
        f,
        [f.carol],
        () => f.bridge.relayMint(f.stablecoin, f.carol.address, tenge(40_000) + 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeOutstandingExceeded")
            .withArgs(bridgeAddress, tenge(40_000), tenge(40_000) + 1n),
      );
    });
  });

  describe("when a rogue bridge mints on the other chain beyond its mint buffer", () => {
    it("reverts with BridgeMintLimitExceeded: the damage is capped at the buffer", async () => {
      const f = await loadFixture(moved);
      const bridgeAddress = await f.bridge.getAddress();
      const c = { ...f, remoteToken: f.remote.stablecoin };
      await f.bridge.relayMint(f.remote.stablecoin, f.carol.address, BRIDGE_LIMIT - tenge(40_000));
      await expectReservesRejected(
        c,
        [f.carol],
        () => f.bridge.relayMint(f.remote.stablecoin, f.carol.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.remote.stablecoin, "BridgeMintLimitExceeded")
            .withArgs(bridgeAddress, refilledFor(BRIDGE_LIMIT, 60), tenge(1_000)),
      );
    });
  });

  describe("when exports would exceed the bridge's burn buffer at home", () => {
    it("reverts with BridgeBurnLimitExceeded", async () => {
      const f = await loadFixture(stablecoinBridged);
      const bridgeAddress = await f.bridge.getAddress();
      await expectReservesRejected(
        f,
        [f.exchange],
        () => f.bridge.connect(f.exchange).burnOnly(f.stablecoin, BRIDGE_LIMIT + 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeBurnLimitExceeded")
            .withArgs(bridgeAddress, BRIDGE_LIMIT, BRIDGE_LIMIT + 1n),
      );
    });
  });

  describe("when tokens go back through more than the bridge brought in", () => {
    it("reverts with BridgeOutstandingExceeded on the other chain", async () => {
      const f = await loadFixture(moved);
      const bridgeAddress = await f.bridge.getAddress();
      const other = f.spare[0];
      await f.remote.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(other.address, tenge(10));
      await f.remote.stablecoin.connect(other).crosschainMint(f.bob.address, tenge(10));
      // bob holds 40 010 here, but the test bridge brought in only 40 000.
      const c = { ...f, remoteToken: f.remote.stablecoin };
      await expectReservesRejected(
        c,
        [f.bob],
        () => f.bridge.connect(f.bob).burnOnly(f.remote.stablecoin, tenge(40_010)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.remote.stablecoin, "BridgeOutstandingExceeded")
            .withArgs(bridgeAddress, tenge(40_000), tenge(40_010)),
      );
    });
  });

  describe("when the caller is not a bridge", () => {
    it("reverts with BridgeNotAuthorized", async () => {
      const f = await loadFixture(moved);
      await expectReservesRejected(
        f,
        [f.stranger],
        () => f.stablecoin.connect(f.stranger).crosschainMint(f.stranger.address, 1n),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.stablecoin, "BridgeNotAuthorized").withArgs(f.stranger.address),
      );
      await expectReservesRejected(
        f,
        [f.alice],
        () => f.stablecoin.connect(f.stranger).crosschainBurn(f.alice.address, 1n),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.stablecoin, "BridgeNotAuthorized").withArgs(f.stranger.address),
      );
    });
  });

  describe("when the bridge admin cuts a bridge's limit to zero", () => {
    it("stops the bridge both ways; what is outstanding stays counted and comes home once it has a limit again", async () => {
      const f = await loadFixture(moved);
      const bridgeAddress = await f.bridge.getAddress();
      await expect(f.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(bridgeAddress, 0n))
        .to.emit(f.stablecoin, "BridgeLimitSet")
        .withArgs(bridgeAddress, BRIDGE_LIMIT, 0n);
      const c = { ...f, remoteToken: f.remote.stablecoin };
      await expectReservesRejected(
        c,
        [f.alice],
        () => f.bridge.connect(f.alice).burnOnly(f.stablecoin, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeBurnLimitExceeded")
            .withArgs(bridgeAddress, 0n, 1n),
      );
      await expectReservesRejected(
        c,
        [f.bob],
        () => f.bridge.connect(f.bob).send(f.remote.stablecoin, f.stablecoin, f.bob.address, tenge(40_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeMintLimitExceeded")
            .withArgs(bridgeAddress, 0n, tenge(40_000)),
      );
      expect((await f.stablecoin.proofOfReserves()).bridgedOut).to.equal(tenge(40_000));
      await f.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(bridgeAddress, tenge(40_000));
      await f.bridge.connect(f.bob).send(f.remote.stablecoin, f.stablecoin, f.bob.address, tenge(40_000));
      expect(await f.stablecoin.bridgedTotal()).to.equal(0n);
    });
  });

  describe("when the paused or blacklisted controls apply to bridge moves", () => {
    it("reverts with EnforcedPause while paused", async () => {
      const f = await loadFixture(moved);
      await f.stablecoin.connect(f.stableCompliance).pause();
      await expectReservesRejected(
        f,
        [f.alice],
        () => f.bridge.connect(f.alice).burnOnly(f.stablecoin, 1n),
        (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "EnforcedPause"),
      );
    });

    it("reverts with AccountBlacklisted: a blacklisted holder cannot bridge away", async () => {
      const f = await loadFixture(moved);
      await f.stablecoin.connect(f.stableCompliance).setBlacklisted(f.alice.address, true, ZeroHash);
      await expectReservesRejected(
        f,
        [f.alice],
        () => f.bridge.connect(f.alice).burnOnly(f.stablecoin, 1n),
        (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "AccountBlacklisted").withArgs(f.alice.address),
      );
    });
  });

  describe("setBridgeLimit", () => {
    it("reverts with BridgeLimitTooLarge above 2^128 - 1", async () => {
      const f = await loadFixture(stablecoinBridged);
      const max = 2n ** 128n - 1n;
      await expectReservesRejected(
        f,
        [],
        () => f.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(f.stranger.address, max + 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "BridgeLimitTooLarge")
            .withArgs(max + 1n, max),
      );
    });

    it("reverts with ZeroAddress for the zero address", async () => {
      const f = await loadFixture(stablecoinBridged);
      await expectReservesRejected(
        f,
        [],
        () => f.stablecoin.connect(f.bridgeAdmin).setBridgeLimit(ZeroAddress, 1n),
        (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAddress"),
      );
    });

    it("reverts with AccessManagedUnauthorized for anyone but the bridge admin", async () => {
      const f = await loadFixture(stablecoinBridged);
      await expectReservesRejected(
        f,
        [],
        () => f.stablecoin.connect(f.exchange).setBridgeLimit(f.exchange.address, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "AccessManagedUnauthorized")
            .withArgs(f.exchange.address),
      );
    });

    it("is wired to BRIDGE_ADMIN on the other chain's authority too", async () => {
      const { remote } = await loadFixture(stablecoinBridged);
      const selector = remote.stablecoin.interface.getFunction("setBridgeLimit").selector;
      expect(await remote.manager.getTargetFunctionRole(await remote.stablecoin.getAddress(), selector)).to.equal(
        Role.BRIDGE_ADMIN,
      );
    });
  });
});
