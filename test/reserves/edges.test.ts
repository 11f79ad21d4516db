import { expect } from "chai";
import { ZeroAddress, ZeroHash, encodeBytes32String } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  GOLD_MID,
  GOLD_SPREAD_BPS,
  TAU_KEN,
  ALMATY_VAULT,
  goldStocked,
  ref,
  reservesDeployed,
  stablecoinBridged,
  stablecoinIssued,
} from "./fixtures";
import { expectReservesRejected } from "./helpers";
import {
  GoldDesk__factory,
  GoldToken__factory,
  ReserveStablecoin__factory,
  TestBridge__factory,
} from "../../typechain-types";
import { RESERVE_DEFAULTS } from "../../src/reserves";
import { accountOf } from "../../src/accounts";
import { AccountKind, Tier } from "../../src/tiers";

/**
 * The rarely taken arms of the reserves contracts: constructors refusing a zero address, getters of what the
 * deployment wired, zero amounts, a spender with no ledger account, and the stablecoin's supply cap.
 */

const BPS = 10_000n;
/** What the desk pays for `units` (micrograms) at the fixture's price: floor(units x mid x (1 - spread) / 10^6). */
const sellProceeds = (units: bigint) => (units * GOLD_MID * (BPS - GOLD_SPREAD_BPS)) / (1_000_000n * BPS);
/** A buyer's cost limit that never binds in these tests. */
const buyCostCeiling = 10n ** 12n;
const MAX_SUPPLY = 2n ** 128n - 1n;

describe("Reserves: edge paths", () => {
  describe("constructors", () => {
    it("GoldToken refuses a zero ledger with HolderNotRegistered(0)", async () => {
      const f = await loadFixture(reservesDeployed);
      const factory = new GoldToken__factory(f.deployer);
      await expect(factory.deploy(ZeroAddress, await f.manager.getAddress()))
        .to.be.revertedWithCustomError(factory, "HolderNotRegistered")
        .withArgs(ZeroAddress);
    });

    it("ReserveStablecoin refuses a zero ledger with ZeroAddress", async () => {
      const f = await loadFixture(reservesDeployed);
      const factory = new ReserveStablecoin__factory(f.deployer);
      await expect(
        factory.deploy("Kazakhstan Tenge Stablecoin", "KZTE", ZeroAddress, await f.manager.getAddress()),
      ).to.be.revertedWithCustomError(factory, "ZeroAddress");
    });

    for (const missing of ["ledger", "gold token", "treasury"] as const) {
      it(`GoldDesk refuses a zero ${missing} with ZeroAddress`, async () => {
        const f = await loadFixture(reservesDeployed);
        const factory = new GoldDesk__factory(f.deployer);
        const wired = {
          ledger: await f.ledger.getAddress(),
          "gold token": await f.gold.getAddress(),
          treasury: f.treasury.address,
        };
        const args = { ...wired, [missing]: ZeroAddress };
        await expect(
          factory.deploy(
            args.ledger,
            args["gold token"],
            args.treasury,
            GOLD_SPREAD_BPS,
            RESERVE_DEFAULTS.goldMaxPriceAge,
            await f.manager.getAddress(),
          ),
        ).to.be.revertedWithCustomError(factory, "ZeroAddress");
      });
    }
  });

  describe("getters of what the deployment wired", () => {
    it("GoldToken.ledger() is the suite's ledger", async () => {
      const f = await loadFixture(reservesDeployed);
      expect(await f.gold.ledger()).to.equal(await f.ledger.getAddress());
    });

    it("GoldDesk.treasury() is the treasury account, and follows setTreasury", async () => {
      const f = await loadFixture(goldStocked);
      expect(await f.desk.treasury()).to.equal(f.treasury.address);
      await f.desk.connect(f.centralBank).setTreasury(f.court.address);
      expect(await f.desk.treasury()).to.equal(f.court.address);
    });
  });

  describe("GoldDesk.quoteSell", () => {
    it("quotes exactly what a sale then pays, floor(units x bid)", async () => {
      const f = await loadFixture(goldStocked);
      await f.desk.connect(f.alice).buy(10_000_000n, buyCostCeiling);
      const units = 3_333_333n;
      const quoted = await f.desk.quoteSell(units);
      expect(quoted).to.equal(sellProceeds(units));
      await expect(f.desk.connect(f.alice).sell(units, quoted)).to.changeTokenBalances(
        f.ledger,
        [f.treasury, f.alice],
        [-quoted, quoted],
      );
    });
  });

  describe("when a holder sells zero gold", () => {
    it("reverts with ZeroAmount and nothing moves", async () => {
      const f = await loadFixture(goldStocked);
      await f.desk.connect(f.alice).buy(1_000_000n, buyCostCeiling);
      await expectReservesRejected(
        f,
        [f.alice, f.treasury],
        () => f.desk.connect(f.alice).sell(0n, 0n),
        (p) => expect(p).to.be.revertedWithCustomError(f.desk, "ZeroAmount"),
      );
    });
  });

  describe("when a bar's serial or refiner is missing", () => {
    const serial = encodeBytes32String("KB-0099");
    for (const [what, args] of [
      ["serial", [ZeroHash, TAU_KEN, ALMATY_VAULT]],
      ["refiner", [serial, ZeroHash, ALMATY_VAULT]],
    ] as const) {
      it(`reverts with BarIdentityMissing without a ${what}`, async () => {
        const f = await loadFixture(reservesDeployed);
        await expectReservesRejected(
          f,
          [],
          () => f.gold.connect(f.custodian).addBar(args[0], args[1], args[2], 1_000n, 9_999n, 999n),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.gold, "BarIdentityMissing").withArgs(args[0], args[1], args[2]),
        );
        expect(await f.gold.barCount()).to.equal(0n);
      });
    }
  });

  describe("when gold is approved to a spender with no ledger account (it could never spend it)", () => {
    it("reverts with HolderNotRegistered for the spender; the allowance stays, and revoking stays open", async () => {
      const f = await loadFixture(goldStocked);
      await f.desk.connect(f.alice).buy(1_000_000n, buyCostCeiling);
      expect((await accountOf(f.ledger, f.trader.address)).registered).to.equal(false);
      await expectReservesRejected(
        f,
        [f.alice, f.trader],
        () => f.gold.connect(f.alice).approve(f.trader.address, 500_000n),
        (p) => expect(p).to.be.revertedWithCustomError(f.gold, "HolderNotRegistered").withArgs(f.trader.address),
      );
      expect(await f.gold.allowance(f.alice.address, f.trader.address)).to.equal(0n);
      await expect(f.gold.connect(f.alice).approve(f.trader.address, 0n))
        .to.emit(f.gold, "Approval")
        .withArgs(f.alice.address, f.trader.address, 0n);
    });
  });

  describe("when a spender closed on the ledger since the approval moves gold on it", () => {
    it("reverts with HolderNotRegistered for the spender; balances and the allowance stay", async () => {
      const f = await loadFixture(goldStocked);
      const spender = f.spare[0];
      await f.desk.connect(f.alice).buy(1_000_000n, buyCostCeiling);
      await f.ledger.connect(f.bankA).onboardCustomer(spender.address, AccountKind.Individual, Tier.STANDARD, ref("s"));
      await f.gold.connect(f.alice).approve(spender.address, 500_000n);
      await f.ledger.connect(f.bankA).closeCustomer(spender.address);
      await expectReservesRejected(
        f,
        [f.alice, f.bob, spender],
        () => f.gold.connect(spender).transferFrom(f.alice.address, f.bob.address, 500_000n),
        (p) => expect(p).to.be.revertedWithCustomError(f.gold, "HolderNotRegistered").withArgs(spender.address),
      );
      expect(await f.gold.allowance(f.alice.address, spender.address)).to.equal(500_000n);
    });
  });

  describe("when the reserve is replenished with zero", () => {
    it("reverts with ZeroAmount and the reserve stays", async () => {
      const f = await loadFixture(stablecoinIssued);
      await expectReservesRejected(
        f,
        [f.exchange],
        () => f.stablecoin.connect(f.exchange).replenishReserve(0n),
        (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAmount"),
      );
    });
  });

  describe("when a bridge relays a zero amount", () => {
    it("crosschainBurn and crosschainMint revert with ZeroAmount on either chain; nothing moves", async () => {
      const f = await loadFixture(stablecoinBridged);
      const c = { ...f, remoteToken: f.remote.stablecoin };
      const bridgeAddress = await f.bridge.getAddress();
      const position = (await f.stablecoin.bridgeOf(bridgeAddress)).toString();
      await expectReservesRejected(
        c,
        [f.alice, f.bob],
        () => f.bridge.connect(f.alice).burnOnly(f.stablecoin, 0n),
        (p) => expect(p).to.be.revertedWithCustomError(f.stablecoin, "ZeroAmount"),
      );
      await expectReservesRejected(
        c,
        [f.alice, f.bob],
        () => f.bridge.relayMint(f.remote.stablecoin, f.bob.address, 0n),
        (p) => expect(p).to.be.revertedWithCustomError(f.remote.stablecoin, "ZeroAmount"),
      );
      expect((await f.stablecoin.bridgeOf(bridgeAddress)).toString()).to.equal(position);
    });
  });

  describe("when bridges would mint past the supply cap (2^128 - 1) on the other chain", () => {
    it("reverts with SupplyCapExceeded; the supply and the second bridge's position stay", async () => {
      const f = await loadFixture(stablecoinBridged);
      const remote = f.remote.stablecoin;
      const second = await new TestBridge__factory(f.deployer).deploy();
      await remote.connect(f.bridgeAdmin).setBridgeLimit(await f.bridge.getAddress(), MAX_SUPPLY);
      await remote.connect(f.bridgeAdmin).setBridgeLimit(await second.getAddress(), 1n);
      await f.bridge.relayMint(remote, f.bob.address, MAX_SUPPLY);
      expect(await remote.totalSupply()).to.equal(MAX_SUPPLY);
      await expectReservesRejected(
        { ...f, remoteToken: remote },
        [f.bob, f.carol],
        () => second.relayMint(remote, f.carol.address, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(remote, "SupplyCapExceeded")
            .withArgs(MAX_SUPPLY + 1n, MAX_SUPPLY),
      );
      expect((await remote.bridgeOf(await second.getAddress())).outstanding).to.equal(0n);
    });
  });
});
