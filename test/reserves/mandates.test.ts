import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { goldStocked, reservesDeployed, stablecoinIssued } from "./fixtures";
import { expectReservesRejected } from "./helpers";
import { tenge } from "../../src/money";

// The ledger's module mandates, as the reserves modules meet them: the stablecoin takes an issuer's deposit and the
// gold desk a buyer's payment only from an account that mandated that module; a module without the mandate is
// refused by the ledger (ModuleNotMandated) and nothing moves. Plain payments into a module's account are refused.

describe("Reserves and the ledger's module mandates", () => {
  describe("when the issuer has not mandated the stablecoin", () => {
    it("mint reverts with ModuleNotMandated: no DKZT taken, no token minted", async () => {
      const f = await loadFixture(reservesDeployed);
      const stablecoin = await f.stablecoin.getAddress();
      await f.ledger.connect(f.exchange).setModuleMandate(stablecoin, false);
      await expectReservesRejected(
        f,
        [f.exchange, f.alice],
        () => f.stablecoin.connect(f.exchange).mint(f.alice.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated")
            .withArgs(stablecoin, f.exchange.address),
      );
      expect(await f.stablecoin.totalSupply()).to.equal(0n);
    });

    it("mints once the issuer grants the mandate", async () => {
      const f = await loadFixture(reservesDeployed);
      const stablecoin = await f.stablecoin.getAddress();
      expect(await f.ledger.hasMandate(f.exchange.address, stablecoin)).to.equal(true);
      await expect(f.stablecoin.connect(f.exchange).mint(f.alice.address, tenge(1_000))).to.changeTokenBalances(
        f.ledger,
        [f.exchange, stablecoin],
        [-tenge(1_000), tenge(1_000)],
      );
    });
  });

  describe("when someone without a mandate replenishes the reserve", () => {
    it("reverts with ModuleNotMandated and the reserve is unchanged", async () => {
      const f = await loadFixture(stablecoinIssued);
      const stablecoin = await f.stablecoin.getAddress();
      await expectReservesRejected(
        f,
        [f.merchant],
        () => f.stablecoin.connect(f.merchant).replenishReserve(tenge(500)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated")
            .withArgs(stablecoin, f.merchant.address),
      );
    });
  });

  describe("when DKZT is sent straight to the reserve with a plain transfer", () => {
    it("reverts with the ledger's ModuleNotPayable: the reserve moves only through the stablecoin", async () => {
      const f = await loadFixture(stablecoinIssued);
      const stablecoin = await f.stablecoin.getAddress();
      await expectReservesRejected(
        f,
        [f.bob],
        () => f.ledger.connect(f.bob).transfer(stablecoin, tenge(500)),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotPayable").withArgs(stablecoin),
      );
    });
  });

  describe("when a buyer has not mandated the gold desk", () => {
    it("buy reverts with ModuleNotMandated: no DKZT paid, no gold given", async () => {
      const f = await loadFixture(goldStocked);
      const desk = await f.desk.getAddress();
      expect(await f.ledger.hasMandate(f.bob.address, desk)).to.equal(false);
      await expectReservesRejected(
        f,
        [f.bob, f.treasury, desk],
        () => f.desk.connect(f.bob).buy(1_000n, tenge(100)),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(desk, f.bob.address),
      );
    });

    it("buys once the buyer grants the mandate, and is refused again after it revokes it", async () => {
      const f = await loadFixture(goldStocked);
      const desk = await f.desk.getAddress();
      await f.ledger.connect(f.bob).setModuleMandate(desk, true);
      const cost = await f.desk.quoteBuy(1_000n);
      await expect(f.desk.connect(f.bob).buy(1_000n, cost)).to.changeTokenBalances(
        f.ledger,
        [f.bob, f.treasury],
        [-cost, cost],
      );
      await f.ledger.connect(f.bob).setModuleMandate(desk, false);
      await expectReservesRejected(
        f,
        [f.bob, f.treasury, desk],
        () => f.desk.connect(f.bob).buy(1_000n, cost),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(desk, f.bob.address),
      );
    });
  });
});
