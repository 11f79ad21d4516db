import { expect } from "chai";
import { FunctionFragment, MaxUint256, ZeroAddress, ZeroHash, id } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { reservesDeployed, stablecoinIssued, ref } from "./fixtures";
import { expectReservesRejected, signAuthorization, signCancel, signPermit } from "./helpers";
import { tenge } from "../../src/money";
import { BaselineERC20__factory } from "../../typechain-types";
import { FreezeState } from "../../src/tiers";
import { SIGNED } from "../helpers/eip712";

describe("ReserveStablecoin", () => {
  describe("when deployed", () => {
    it("is a 2-decimal home-chain token named by the deployment, with nothing owed and full backing", async () => {
      const { stablecoin, ledger } = await loadFixture(reservesDeployed);
      expect(await stablecoin.name()).to.equal("Kazakhstan Tenge Stablecoin");
      expect(await stablecoin.symbol()).to.equal("KZTE");
      expect(await stablecoin.decimals()).to.equal(2n);
      expect(await stablecoin.isHomeChain()).to.equal(true);
      expect(await stablecoin.ledger()).to.equal(await ledger.getAddress());
      const proof = await stablecoin.proofOfReserves();
      expect(proof.obligations).to.equal(0n);
      expect(proof.ratioBps).to.equal(10_000n);
      expect(proof.fullyBacked).to.equal(true);
    });

    it("blacklists itself so tokens cannot be sent to the contract by mistake", async () => {
      const { stablecoin } = await loadFixture(stablecoinIssued);
      expect(await stablecoin.isBlacklisted(await stablecoin.getAddress())).to.equal(true);
    });
  });

  describe("mint", () => {
    it("moves the issuer's DKZT into the reserve 1:1 and mints to the recipient", async () => {
      const { stablecoin, ledger, exchange, bob } = await loadFixture(reservesDeployed);
      const reserve = await stablecoin.getAddress();
      const tx = stablecoin.connect(exchange).mint(bob.address, tenge(25_000));
      await expect(tx).to.emit(stablecoin, "Minted").withArgs(exchange.address, bob.address, tenge(25_000));
      await expect(tx).to.emit(ledger, "Transfer").withArgs(exchange.address, reserve, tenge(25_000));
      await expect(tx).to.changeTokenBalances(ledger, [exchange, reserve], [-tenge(25_000), tenge(25_000)]);
      expect(await stablecoin.balanceOf(bob.address)).to.equal(tenge(25_000));
      expect(await stablecoin.totalSupply()).to.equal(await ledger.balanceOf(reserve));
    });

    describe("when the caller is not a licensed issuer", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(reservesDeployed);
        await expectReservesRejected(
          f,
          [f.bob, f.exchange],
          () => f.stablecoin.connect(f.bob).mint(f.bob.address, 1n),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.stablecoin, "AccessManagedUnauthorized").withArgs(f.bob.address),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const f = await loadFixture(reservesDeployed);
        await expectReservesRejected(
          f,
          [f.exchange],
          () => f.stablecoin.connect(f.exchange).mint(f.bob.address, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAmount"),
        );
      });
    });

    describe("when the recipient is the zero address", () => {
      it("reverts with ERC20InvalidReceiver", async () => {
        const f = await loadFixture(reservesDeployed);
        await expectReservesRejected(
          f,
          [f.exchange],
          () => f.stablecoin.connect(f.exchange).mint(ZeroAddress, 1n),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ERC20InvalidReceiver").withArgs(ZeroAddress),
        );
      });
    });

    describe("when the issuer's DKZT account is frozen", () => {
      it("reverts with the ledger's AccountFrozen", async () => {
        const f = await loadFixture(reservesDeployed);
        await f.ledger.connect(f.compliance).setFreezeState(f.exchange.address, FreezeState.Full, ref("AML-1"));
        await expectReservesRejected(
          f,
          [f.exchange, f.bob],
          () => f.stablecoin.connect(f.exchange).mint(f.bob.address, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.exchange.address),
        );
      });
    });

    describe("when the issuer holds less DKZT than it mints", () => {
      it("reverts with the ledger's ERC20InsufficientBalance", async () => {
        const f = await loadFixture(reservesDeployed);
        const balance = await f.ledger.balanceOf(f.exchange.address);
        await expectReservesRejected(
          f,
          [f.exchange, f.bob],
          () => f.stablecoin.connect(f.exchange).mint(f.bob.address, balance + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "ERC20InsufficientBalance")
              .withArgs(f.exchange.address, balance, balance + 1n),
        );
      });
    });
  });

  describe("redeem", () => {
    it("burns the holder's tokens and pays DKZT 1:1 to a registered DKZT account", async () => {
      const { stablecoin, ledger, trader, bob } = await loadFixture(stablecoinIssued);
      const reserve = await stablecoin.getAddress();
      const tx = stablecoin.connect(trader).redeem(tenge(20_000), bob.address);
      await expect(tx)
        .to.emit(stablecoin, "Redeemed")
        .withArgs(trader.address, bob.address, tenge(20_000), tenge(20_000));
      await expect(tx).to.changeTokenBalance(stablecoin, trader, -tenge(20_000));
      await expect(tx).to.changeTokenBalances(ledger, [reserve, bob], [-tenge(20_000), tenge(20_000)]);
      expect(await stablecoin.totalSupply()).to.equal(await ledger.balanceOf(reserve));
    });

    describe("when the DKZT account is not registered", () => {
      it("reverts with the ledger's AccountNotRegistered", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [f.trader, f.stranger],
          () => f.stablecoin.connect(f.trader).redeem(tenge(1), f.stranger.address),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountNotRegistered").withArgs(f.stranger.address),
        );
      });
    });

    describe("when the payment would take the DKZT account above its holding limit", () => {
      it("reverts with the ledger's HoldingLimitExceeded", async () => {
        const f = await loadFixture(stablecoinIssued);
        // carol is anonymous-lite: 100 000 ₸ holding limit.
        await expectReservesRejected(
          f,
          [f.exchange, f.carol],
          () => f.stablecoin.connect(f.exchange).redeem(tenge(100_001), f.carol.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "HoldingLimitExceeded")
              .withArgs(f.carol.address, tenge(100_000), tenge(100_001)),
        );
      });
    });

    describe("when the holder redeems more than it holds", () => {
      it("reverts with ERC20InsufficientBalance", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.stablecoin.connect(f.alice).redeem(tenge(100_000) + 1n, f.alice.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.stablecoin, "ERC20InsufficientBalance")
              .withArgs(f.alice.address, tenge(100_000), tenge(100_000) + 1n),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.stablecoin.connect(f.alice).redeem(0n, f.alice.address),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAmount"),
        );
      });
    });
  });

  describe("when the reserve falls short by a court order", () => {
    async function seized() {
      const f = await stablecoinIssued();
      const reserve = await f.stablecoin.getAddress();
      await f.ledger.connect(f.compliance).attachFunds(reserve, tenge(100_000), ref("COURT-77"));
      await f.ledger.connect(f.compliance).seize(reserve, f.court.address, tenge(100_000), ref("COURT-77"));
      return f;
    }

    it("reports the shortfall in the proof of reserves", async () => {
      const { stablecoin } = await loadFixture(seized);
      const proof = await stablecoin.proofOfReserves();
      expect(proof.supply).to.equal(tenge(1_000_000));
      expect(proof.reserve).to.equal(tenge(900_000));
      expect(proof.available).to.equal(tenge(900_000));
      expect(proof.ratioBps).to.equal(9_000n);
      expect(proof.fullyBacked).to.equal(false);
    });

    it("halts minting with MintingHalted", async () => {
      const f = await loadFixture(seized);
      await expectReservesRejected(
        f,
        [f.exchange, f.bob],
        () => f.stablecoin.connect(f.exchange).mint(f.bob.address, tenge(1)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "MintingHalted")
            .withArgs(tenge(900_000), tenge(1_000_000)),
      );
    });

    it("keeps redemption open, pro rata and rounded down, and never lowers the ratio", async () => {
      const { stablecoin, ledger, alice, trader, bob } = await loadFixture(seized);
      await expect(stablecoin.connect(alice).redeem(tenge(10_000), alice.address))
        .to.emit(stablecoin, "Redeemed")
        .withArgs(alice.address, alice.address, tenge(10_000), tenge(9_000));
      // 333 tiyn at 891 000 / 990 000: floor(299.7) = 299.
      await expect(stablecoin.connect(trader).redeem(333n, bob.address)).to.changeTokenBalance(ledger, bob, 299n);
      const proof = await stablecoin.proofOfReserves();
      expect(proof.available * 10_000n).to.be.gte(proof.obligations * 9_000n);
    });

    it("refuses a redemption that would pay nothing with RedemptionPaysNothing", async () => {
      const f = await loadFixture(seized);
      await expectReservesRejected(
        f,
        [f.alice],
        () => f.stablecoin.connect(f.alice).redeem(1n, f.alice.address),
        (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "RedemptionPaysNothing").withArgs(1n),
      );
    });

    it("counts attached DKZT as unavailable: minting halts before any seizure", async () => {
      const f = await loadFixture(stablecoinIssued);
      await f.ledger.connect(f.compliance).attachFunds(await f.stablecoin.getAddress(), tenge(1), ref("COURT-78"));
      expect((await f.stablecoin.proofOfReserves()).attached).to.equal(tenge(1));
      await expectReservesRejected(
        f,
        [f.exchange],
        () => f.stablecoin.connect(f.exchange).mint(f.exchange.address, tenge(1)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.stablecoin, "MintingHalted")
            .withArgs(tenge(999_999), tenge(1_000_000)),
      );
    });

    it("lets the issuer restore full backing with replenishReserve, and minting resumes", async () => {
      const { stablecoin, exchange, bob } = await loadFixture(seized);
      await expect(stablecoin.connect(exchange).replenishReserve(tenge(100_000)))
        .to.emit(stablecoin, "ReserveReplenished")
        .withArgs(exchange.address, tenge(100_000));
      expect((await stablecoin.proofOfReserves()).fullyBacked).to.equal(true);
      await expect(stablecoin.connect(exchange).mint(bob.address, tenge(1))).to.emit(stablecoin, "Minted");
    });
  });

  describe("the reserve rule", () => {
    it("has no function that can switch it off: the only state-changing functions are the known ones", async () => {
      const { stablecoin } = await loadFixture(reservesDeployed);
      // By name: permit and the ERC-3009 functions each have a (v, r, s) and a bytes-signature form.
      const mutating = [
        ...new Set(
          stablecoin.interface.fragments
            .filter((f): f is FunctionFragment => f.type === "function")
            .filter((f) => !f.constant)
            .map((f) => f.name),
        ),
      ].sort();
      expect(mutating).to.deep.equal(
        [
          "approve",
          "cancelAuthorization",
          "crosschainBurn",
          "crosschainMint",
          "mint",
          "pause",
          "permit",
          "receiveWithAuthorization",
          "redeem",
          "replenishReserve",
          "rescueERC20",
          "setAuthority",
          "setBlacklisted",
          "setBridgeLimit",
          "transfer",
          "transferFrom",
          "transferWithAuthorization",
          "unpause",
        ].sort(),
      );
    });
  });

  describe("rescueERC20", () => {
    it("returns another token sent by mistake in full", async () => {
      const { stablecoin, rescuer, bob, deployer } = await loadFixture(stablecoinIssued);
      const other = await new BaselineERC20__factory(deployer).deploy(deployer.address, 1_000n);
      await other.transfer(await stablecoin.getAddress(), 700n);
      await expect(stablecoin.connect(rescuer).rescueERC20(await other.getAddress(), bob.address, 700n))
        .to.emit(stablecoin, "TokensRescued")
        .withArgs(await other.getAddress(), bob.address, 700n);
      expect(await other.balanceOf(bob.address)).to.equal(700n);
    });

    describe("when asked for DKZT of the reserve", () => {
      it("reverts with RescueExceedsRescuable: the reserve is never rescuable", async () => {
        const f = await loadFixture(stablecoinIssued);
        const ledgerAddress = await f.ledger.getAddress();
        await expectReservesRejected(
          f,
          [f.bob],
          () => f.stablecoin.connect(f.rescuer).rescueERC20(ledgerAddress, f.bob.address, 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.stablecoin, "RescueExceedsRescuable")
              .withArgs(ledgerAddress, 0n, 1n),
        );
      });
    });

    describe("when DKZT was added to the reserve without minting", () => {
      it("returns that surplus and not a tiyn more", async () => {
        const f = await loadFixture(stablecoinIssued);
        const { stablecoin, ledger, rescuer, bob } = f;
        const ledgerAddress = await ledger.getAddress();
        // The ledger refuses a plain payment into a module account, so a surplus comes only through the module.
        await ledger.connect(bob).setModuleMandate(await stablecoin.getAddress(), true);
        await stablecoin.connect(bob).replenishReserve(tenge(500));
        await expectReservesRejected(
          f,
          [bob],
          () => stablecoin.connect(rescuer).rescueERC20(ledgerAddress, bob.address, tenge(500) + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(stablecoin, "RescueExceedsRescuable")
              .withArgs(ledgerAddress, tenge(500), tenge(500) + 1n),
        );
        await expect(
          stablecoin.connect(rescuer).rescueERC20(ledgerAddress, bob.address, tenge(500)),
        ).to.changeTokenBalance(ledger, bob, tenge(500));
        const proof = await stablecoin.proofOfReserves();
        expect(proof.reserve).to.equal(proof.obligations);
      });
    });

    describe("when the caller is not the rescuer", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [f.bob],
          () => f.stablecoin.connect(f.bob).rescueERC20(ZeroAddress, f.bob.address, 0n),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.stablecoin, "AccessManagedUnauthorized").withArgs(f.bob.address),
        );
      });
    });

    describe("when the recipient is the zero address", () => {
      it("reverts with ZeroAddress", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [],
          () => f.stablecoin.connect(f.rescuer).rescueERC20(ZeroAddress, ZeroAddress, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAddress"),
        );
      });
    });
  });

  describe("transfers", () => {
    it("are open: no DKZT account or KYC needed to hold or send", async () => {
      const { stablecoin, trader, stranger } = await loadFixture(stablecoinIssued);
      await expect(stablecoin.connect(trader).transfer(stranger.address, tenge(10))).to.changeTokenBalances(
        stablecoin,
        [trader, stranger],
        [-tenge(10), tenge(10)],
      );
    });

    describe("when sent to the token contract itself", () => {
      it("reverts with AccountBlacklisted", async () => {
        const f = await loadFixture(stablecoinIssued);
        const self = await f.stablecoin.getAddress();
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.stablecoin.connect(f.alice).transfer(self, 1n),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "AccountBlacklisted").withArgs(self),
        );
      });
    });
  });

  describe("blacklist", () => {
    async function aliceBlacklisted() {
      const f = await stablecoinIssued();
      await f.stablecoin.connect(f.alice).approve(f.bob.address, tenge(1_000));
      await f.stablecoin.connect(f.trader).approve(f.alice.address, tenge(1_000));
      await f.stablecoin.connect(f.stableCompliance).setBlacklisted(f.alice.address, true, ref("OFAC-1"));
      return f;
    }

    it("emits BlacklistChanged and keeps the balance readable", async () => {
      const { stablecoin, stableCompliance, bob } = await loadFixture(stablecoinIssued);
      await expect(stablecoin.connect(stableCompliance).setBlacklisted(bob.address, true, ref("OFAC-2")))
        .to.emit(stablecoin, "BlacklistChanged")
        .withArgs(bob.address, true, ref("OFAC-2"));
      expect(await stablecoin.isBlacklisted(bob.address)).to.equal(true);
    });

    it("keeps the balance of a blacklisted holder", async () => {
      const { stablecoin, alice } = await loadFixture(aliceBlacklisted);
      expect(await stablecoin.balanceOf(alice.address)).to.equal(tenge(100_000));
    });

    const cases: [string, (f: Awaited<ReturnType<typeof aliceBlacklisted>>) => Promise<unknown>][] = [
      ["sends", (f) => f.stablecoin.connect(f.alice).transfer(f.bob.address, 1n)],
      ["receives", (f) => f.stablecoin.connect(f.trader).transfer(f.alice.address, 1n)],
      ["is minted to", (f) => f.stablecoin.connect(f.exchange).mint(f.alice.address, 1n)],
      ["redeems", (f) => f.stablecoin.connect(f.alice).redeem(1n, f.alice.address)],
      ["has its allowance spent", (f) => f.stablecoin.connect(f.bob).transferFrom(f.alice.address, f.bob.address, 1n)],
      ["spends an allowance", (f) => f.stablecoin.connect(f.alice).transferFrom(f.trader.address, f.bob.address, 1n)],
      ["approves", (f) => f.stablecoin.connect(f.alice).approve(f.bob.address, 1n)],
      ["is approved", (f) => f.stablecoin.connect(f.trader).approve(f.alice.address, 2n)],
    ];
    for (const [action, call] of cases) {
      describe(`when a blacklisted account ${action}`, () => {
        it("reverts with AccountBlacklisted", async () => {
          const f = await loadFixture(aliceBlacklisted);
          await expectReservesRejected(
            f,
            [f.alice, f.bob, f.trader],
            () => call(f),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.stablecoin, "AccountBlacklisted").withArgs(f.alice.address),
          );
        });
      });
    }

    it("still lets a blacklisted account revoke an allowance", async () => {
      const { stablecoin, alice, bob } = await loadFixture(aliceBlacklisted);
      await stablecoin.connect(alice).approve(bob.address, 0n);
      expect(await stablecoin.allowance(alice.address, bob.address)).to.equal(0n);
    });

    it("restores everything when cleared", async () => {
      const { stablecoin, stableCompliance, alice, bob } = await loadFixture(aliceBlacklisted);
      await stablecoin.connect(stableCompliance).setBlacklisted(alice.address, false, ref("OFAC-1-LIFT"));
      await expect(stablecoin.connect(alice).transfer(bob.address, 1n)).to.changeTokenBalance(stablecoin, bob, 1n);
    });

    describe("when the state does not change", () => {
      it("reverts with BlacklistUnchanged", async () => {
        const f = await loadFixture(aliceBlacklisted);
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.stablecoin.connect(f.stableCompliance).setBlacklisted(f.alice.address, true, ZeroHash),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.stablecoin, "BlacklistUnchanged").withArgs(f.alice.address, true),
        );
      });
    });

    describe("when the account is the zero address", () => {
      it("reverts with ZeroAddress", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [],
          () => f.stablecoin.connect(f.stableCompliance).setBlacklisted(ZeroAddress, true, ZeroHash),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAddress"),
        );
      });
    });

    describe("when the caller is not stablecoin compliance", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(stablecoinIssued);
        // The ledger's compliance officer has no power over the stablecoin.
        await expectReservesRejected(
          f,
          [f.bob],
          () => f.stablecoin.connect(f.compliance).setBlacklisted(f.bob.address, true, ZeroHash),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.stablecoin, "AccessManagedUnauthorized")
              .withArgs(f.compliance.address),
        );
      });
    });
  });

  describe("when paused", () => {
    async function paused() {
      const f = await stablecoinIssued();
      await f.stablecoin.connect(f.alice).approve(f.bob.address, tenge(1_000));
      await f.stablecoin.connect(f.stableCompliance).pause();
      return f;
    }

    it("emits Paused and reports it", async () => {
      const { stablecoin, stableCompliance } = await loadFixture(stablecoinIssued);
      await expect(stablecoin.connect(stableCompliance).pause())
        .to.emit(stablecoin, "Paused")
        .withArgs(stableCompliance.address);
      expect(await stablecoin.paused()).to.equal(true);
    });

    const cases: [string, (f: Awaited<ReturnType<typeof paused>>) => Promise<unknown>][] = [
      ["transfer", (f) => f.stablecoin.connect(f.alice).transfer(f.bob.address, 1n)],
      ["transferFrom", (f) => f.stablecoin.connect(f.bob).transferFrom(f.alice.address, f.bob.address, 1n)],
      ["approve", (f) => f.stablecoin.connect(f.alice).approve(f.carol.address, 1n)],
      ["mint", (f) => f.stablecoin.connect(f.exchange).mint(f.bob.address, 1n)],
      ["redeem", (f) => f.stablecoin.connect(f.alice).redeem(1n, f.alice.address)],
      [
        "permit",
        async (f) => {
          const deadline = BigInt(await time.latest()) + 3_600n;
          const sig = await signPermit(f.stablecoin, f.alice, f.carol.address, 5n, deadline);
          return f.stablecoin[SIGNED.permit](f.alice.address, f.carol.address, 5n, deadline, sig.v, sig.r, sig.s);
        },
      ],
      [
        "transferWithAuthorization",
        async (f) => {
          const auth = {
            from: f.alice.address,
            to: f.bob.address,
            value: 5n,
            validAfter: 0n,
            validBefore: MaxUint256,
            nonce: id("p-1"),
          };
          const sig = await signAuthorization(f.stablecoin, f.alice, "TransferWithAuthorization", auth);
          return f.stablecoin[SIGNED.transfer](
            auth.from,
            auth.to,
            auth.value,
            auth.validAfter,
            auth.validBefore,
            auth.nonce,
            sig.v,
            sig.r,
            sig.s,
          );
        },
      ],
    ];
    for (const [name, call] of cases) {
      describe(`${name}`, () => {
        it("reverts with EnforcedPause", async () => {
          const f = await loadFixture(paused);
          await expectReservesRejected(
            f,
            [f.alice, f.bob, f.carol, f.exchange],
            () => call(f),
            (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "EnforcedPause"),
          );
        });
      });
    }

    it("still lets holders revoke approvals and cancel authorisations", async () => {
      const { stablecoin, alice, bob } = await loadFixture(paused);
      await stablecoin.connect(alice).approve(bob.address, 0n);
      const sig = await signCancel(stablecoin, alice, id("c-1"));
      await expect(stablecoin[SIGNED.cancel](alice.address, id("c-1"), sig.v, sig.r, sig.s))
        .to.emit(stablecoin, "AuthorizationCanceled")
        .withArgs(alice.address, id("c-1"));
    });

    it("resumes on unpause", async () => {
      const { stablecoin, stableCompliance, alice, bob } = await loadFixture(paused);
      await expect(stablecoin.connect(stableCompliance).unpause()).to.emit(stablecoin, "Unpaused");
      await expect(stablecoin.connect(alice).transfer(bob.address, 1n)).to.changeTokenBalance(stablecoin, bob, 1n);
    });

    describe("when someone without the role pauses", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(stablecoinIssued);
        await expectReservesRejected(
          f,
          [],
          () => f.stablecoin.connect(f.operator).pause(),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.stablecoin, "AccessManagedUnauthorized")
              .withArgs(f.operator.address),
        );
      });
    });
  });

  describe("permit (ERC-2612)", () => {
    it("sets the allowance from a signature and spends the nonce", async () => {
      const { stablecoin, alice, bob } = await loadFixture(stablecoinIssued);
      const deadline = BigInt(await time.latest()) + 3_600n;
      const sig = await signPermit(stablecoin, alice, bob.address, tenge(50), deadline);
      await stablecoin.connect(bob).getFunction(SIGNED.permit)(
        alice.address,
        bob.address,
        tenge(50),
        deadline,
        sig.v,
        sig.r,
        sig.s,
      );
      expect(await stablecoin.allowance(alice.address, bob.address)).to.equal(tenge(50));
      expect(await stablecoin.nonces(alice.address)).to.equal(1n);
    });

    describe("when the signature is replayed", () => {
      it("reverts with SignatureInvalid(owner)", async () => {
        const f = await loadFixture(stablecoinIssued);
        const deadline = BigInt(await time.latest()) + 3_600n;
        const sig = await signPermit(f.stablecoin, f.alice, f.bob.address, tenge(50), deadline);
        await f.stablecoin[SIGNED.permit](f.alice.address, f.bob.address, tenge(50), deadline, sig.v, sig.r, sig.s);
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.stablecoin[SIGNED.permit](f.alice.address, f.bob.address, tenge(50), deadline, sig.v, sig.r, sig.s),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "SignatureInvalid").withArgs(f.alice.address),
        );
      });
    });

    describe("when the deadline has passed", () => {
      it("reverts with ERC2612ExpiredSignature", async () => {
        const f = await loadFixture(stablecoinIssued);
        const deadline = BigInt(await time.latest()) - 1n;
        const sig = await signPermit(f.stablecoin, f.alice, f.bob.address, 1n, deadline);
        await expectReservesRejected(
          f,
          [f.alice],
          () => f.stablecoin[SIGNED.permit](f.alice.address, f.bob.address, 1n, deadline, sig.v, sig.r, sig.s),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ERC2612ExpiredSignature").withArgs(deadline),
        );
      });
    });
  });

  describe("transfer authorisations (ERC-3009)", () => {
    it("moves tokens on the holder's signature, once", async () => {
      const f = await loadFixture(stablecoinIssued);
      const { stablecoin, alice, bob, stranger } = f;
      const auth = {
        from: alice.address,
        to: bob.address,
        value: tenge(7),
        validAfter: 0n,
        validBefore: MaxUint256,
        nonce: id("a-1"),
      };
      const sig = await signAuthorization(stablecoin, alice, "TransferWithAuthorization", auth);
      const call = () =>
        stablecoin.connect(stranger).getFunction(SIGNED.transfer)(
          auth.from,
          auth.to,
          auth.value,
          auth.validAfter,
          auth.validBefore,
          auth.nonce,
          sig.v,
          sig.r,
          sig.s,
        );
      await expect(call()).to.emit(stablecoin, "AuthorizationUsed").withArgs(alice.address, id("a-1"));
      expect(await stablecoin.balanceOf(bob.address)).to.equal(tenge(7));
      await expectReservesRejected(f, [alice, bob], call, (p) =>
        expect(p)
          .to.be.revertedWithCustomError(stablecoin, "ERC3009UsedAuthorization")
          .withArgs(alice.address, id("a-1")),
      );
    });

    describe("when a receive authorisation is submitted by someone other than the payee", () => {
      it("reverts with ERC20InvalidReceiver", async () => {
        const f = await loadFixture(stablecoinIssued);
        const auth = {
          from: f.alice.address,
          to: f.bob.address,
          value: 1n,
          validAfter: 0n,
          validBefore: MaxUint256,
          nonce: id("r-1"),
        };
        const sig = await signAuthorization(f.stablecoin, f.alice, "ReceiveWithAuthorization", auth);
        await expectReservesRejected(
          f,
          [f.alice, f.bob],
          () =>
            f.stablecoin.connect(f.stranger).getFunction(SIGNED.receive)(
              auth.from,
              auth.to,
              auth.value,
              auth.validAfter,
              auth.validBefore,
              auth.nonce,
              sig.v,
              sig.r,
              sig.s,
            ),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ERC20InvalidReceiver").withArgs(f.bob.address),
        );
      });
    });

    describe("when the authorisation has expired", () => {
      it("reverts with ERC3009InvalidAuthorizationTime", async () => {
        const f = await loadFixture(stablecoinIssued);
        const validBefore = BigInt(await time.latest());
        const auth = {
          from: f.alice.address,
          to: f.bob.address,
          value: 1n,
          validAfter: 0n,
          validBefore,
          nonce: id("e-1"),
        };
        const sig = await signAuthorization(f.stablecoin, f.alice, "TransferWithAuthorization", auth);
        await expectReservesRejected(
          f,
          [f.alice, f.bob],
          () =>
            f.stablecoin[SIGNED.transfer](
              auth.from,
              auth.to,
              auth.value,
              0n,
              validBefore,
              auth.nonce,
              sig.v,
              sig.r,
              sig.s,
            ),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.stablecoin, "ERC3009InvalidAuthorizationTime")
              .withArgs(0n, validBefore),
        );
      });
    });

    describe("when the authoriser is blacklisted", () => {
      it("reverts with AccountBlacklisted", async () => {
        const f = await loadFixture(stablecoinIssued);
        const auth = {
          from: f.alice.address,
          to: f.bob.address,
          value: 1n,
          validAfter: 0n,
          validBefore: MaxUint256,
          nonce: id("b-1"),
        };
        const sig = await signAuthorization(f.stablecoin, f.alice, "TransferWithAuthorization", auth);
        await f.stablecoin.connect(f.stableCompliance).setBlacklisted(f.alice.address, true, ZeroHash);
        await expectReservesRejected(
          f,
          [f.alice, f.bob],
          () =>
            f.stablecoin[SIGNED.transfer](
              auth.from,
              auth.to,
              auth.value,
              auth.validAfter,
              auth.validBefore,
              auth.nonce,
              sig.v,
              sig.r,
              sig.s,
            ),
          (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "AccountBlacklisted").withArgs(f.alice.address),
        );
      });
    });
  });

  describe("the invariant", () => {
    it("holds through mints, transfers and redemptions: supply == DKZT in the reserve", async () => {
      const { stablecoin, ledger, exchange, alice, bob } = await loadFixture(stablecoinIssued);
      const reserve = await stablecoin.getAddress();
      const check = async () => expect(await stablecoin.totalSupply()).to.equal(await ledger.balanceOf(reserve));
      await check();
      await stablecoin.connect(alice).transfer(bob.address, tenge(1));
      await check();
      await stablecoin.connect(exchange).mint(bob.address, 12_345n);
      await check();
      await stablecoin.connect(bob).redeem(12_346n, bob.address);
      await check();
    });
  });
});
