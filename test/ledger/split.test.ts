import { expect } from "chai";
import { ZeroAddress, type AddressLike } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { SplitModuleMock__factory, type DigitalTenge, type SplitModuleMock } from "../../typechain-types";
import { fundedLedger, onboardModuleWithMandates, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { accountOf } from "../../src/accounts";

const NET = tenge(1_000);
const VAT = tenge(160);
const GROSS = NET + VAT;

/** fundedLedger plus a splitting module onboarded as a SystemContract account, and a copy nobody onboarded. */
async function withSplitter() {
  const f = await fundedLedger();
  const factory = new SplitModuleMock__factory(f.deployer);
  const module: SplitModuleMock = await factory.deploy(f.ledger);
  const rogue: SplitModuleMock = await factory.deploy(f.ledger);
  await onboardModuleWithMandates(f, module, "SPLITTER", [f.alice, f.bob, f.carol, f.merchant, f.court]);
  return { ...f, module, rogue };
}

async function balances(ledger: DigitalTenge, accounts: AddressLike[]): Promise<bigint[]> {
  return Promise.all(accounts.map((a) => ledger.balanceOf(a)));
}

describe("DigitalTenge: moduleSplit (one payer, two recipients)", () => {
  describe("when a registered module splits a payment", () => {
    it("pays the net to the merchant and the VAT to the budget, emitting both Transfer events in order", async () => {
      const { ledger, module, alice, merchant, court } = await loadFixture(withSplitter);
      const tx = module.split(alice.address, merchant.address, NET, court.address, VAT);
      await expect(tx).to.changeTokenBalances(ledger, [alice, merchant, court], [-GROSS, NET, VAT]);
      const receipt = await (await tx).wait();
      const transfers = receipt!.logs
        .map((log) => ledger.interface.parseLog(log))
        .filter((e) => e?.name === "Transfer")
        .map((e) => [e!.args[0], e!.args[1], e!.args[2]] as unknown[]);
      expect(transfers).to.deep.equal([
        [alice.address, merchant.address, NET],
        [alice.address, court.address, VAT],
      ]);
    });

    it("keeps the supply and the sum of balances, and counts the gross against the payer's daily limit", async () => {
      const { ledger, module, alice, merchant, court } = await loadFixture(withSplitter);
      const supply = await ledger.totalSupply();
      const before = await balances(ledger, [alice, merchant, court]);
      const spent = (await accountOf(ledger, alice)).spentToday;
      await module.split(alice.address, merchant.address, NET, court.address, VAT);
      const after = await balances(ledger, [alice, merchant, court]);
      expect(await ledger.totalSupply()).to.equal(supply);
      expect(after.reduce((a, b) => a + b)).to.equal(before.reduce((a, b) => a + b));
      expect((await accountOf(ledger, alice)).spentToday).to.equal(spent + GROSS);
    });

    it("sends a receipt above a waterfall merchant's holding limit on to its bank, like a transfer", async () => {
      const { ledger, module, alice, carol, court, bankA, bankB } = await loadFixture(withSplitter);
      // carol: anonymous-lite at bank B, holding limit 100 000 ₸.
      await ledger.connect(bankA).transfer(carol.address, tenge(99_500));
      await ledger.connect(carol).setWaterfall(true);
      const redeemed = (await ledger.bankOf(bankB)).redeemed;
      await expect(module.split(alice.address, carol.address, NET, court.address, VAT))
        .to.emit(ledger, "WaterfallSwept")
        .withArgs(carol.address, bankB.address, tenge(500), ref("cust-carol"));
      expect(await ledger.balanceOf(carol)).to.equal(tenge(100_000));
      expect((await ledger.bankOf(bankB)).redeemed).to.equal(redeemed + tenge(500));
    });
  });

  describe("when the caller is not a working module", () => {
    it("reverts with NotSystemModule for a customer", async () => {
      const { ledger, alice, merchant, court } = await loadFixture(withSplitter);
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => ledger.connect(alice).moduleSplit(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "NotSystemModule").withArgs(alice.address),
      );
    });

    it("reverts with NotSystemModule for a contract nobody onboarded", async () => {
      const { ledger, rogue, alice, merchant, court } = await loadFixture(withSplitter);
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => rogue.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "NotSystemModule").withArgs(rogue),
      );
    });

    it("reverts with NotSystemModule for a frozen module", async () => {
      const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(compliance).setFreezeState(module, FreezeState.Full, ref("ORDER-1"));
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => module.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "NotSystemModule").withArgs(module),
      );
    });
  });

  describe("when an address is zero", () => {
    it("reverts with ERC20InvalidSender for a zero payer", async () => {
      const { ledger, module, merchant, court } = await loadFixture(withSplitter);
      await expectRejected(
        ledger,
        [merchant, court],
        () => module.split(ZeroAddress, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ERC20InvalidSender").withArgs(ZeroAddress),
      );
    });

    for (const leg of ["merchant", "VAT"] as const) {
      it(`reverts with ERC20InvalidReceiver for a zero ${leg} recipient`, async () => {
        const { ledger, module, alice, merchant, court } = await loadFixture(withSplitter);
        const [to, vatTo] = leg === "merchant" ? [ZeroAddress, court.address] : [merchant.address, ZeroAddress];
        await expectRejected(
          ledger,
          [alice, merchant, court],
          () => module.split(alice.address, to, NET, vatTo, VAT),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ERC20InvalidReceiver").withArgs(ZeroAddress),
        );
      });
    }
  });

  describe("when the ledger is paused", () => {
    it("reverts with LedgerPaused", async () => {
      const { ledger, module, operator, alice, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(operator).pause();
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => module.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
      );
    });
  });

  describe("when the payer cannot send", () => {
    it("reverts with AccountFrozen for a frozen payer", async () => {
      const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(compliance).setFreezeState(alice, FreezeState.Full, ref("ORDER-2"));
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => module.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
    });

    it("reverts with AccountOutboundBlocked for a receive-only payer", async () => {
      const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(compliance).setFreezeState(alice, FreezeState.OutboundOnly, ref("ORDER-3"));
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => module.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountOutboundBlocked").withArgs(alice.address),
      );
    });

    it("reverts with ModuleNotMandated for an unregistered payer (it never gave the module a mandate)", async () => {
      const { ledger, module, stranger, merchant, court } = await loadFixture(withSplitter);
      await expectRejected(
        ledger,
        [stranger, merchant, court],
        () => module.split(stranger.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, stranger.address),
      );
    });

    it("reverts with ERC20InsufficientBalance when each leg fits the balance but the gross does not", async () => {
      const { ledger, module, bob, merchant, court } = await loadFixture(withSplitter);
      const balance = await ledger.balanceOf(bob); // 10 000 ₸
      await expectRejected(
        ledger,
        [bob, merchant, court],
        () => module.split(bob.address, merchant.address, tenge(6_000), court.address, tenge(5_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
            .withArgs(bob.address, balance - tenge(6_000), tenge(5_000)),
      );
    });

    it("reverts with AttachedFundsLocked when the gross reaches into attached funds", async () => {
      const { ledger, module, compliance, bob, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(compliance).attachFunds(bob, tenge(9_000), ref("WRIT-1"));
      await expectRejected(
        ledger,
        [bob, merchant, court],
        () => module.split(bob.address, merchant.address, NET, court.address, VAT),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
            .withArgs(bob.address, tenge(1_000) - NET, VAT),
      );
    });

    it("reverts with DailyLimitExceeded when the gross, not either leg, breaks the daily limit", async () => {
      const { ledger, module, alice, carol, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(alice).transfer(carol.address, tenge(60_000)); // carol: lite, 50 000 ₸ a day
      await expectRejected(
        ledger,
        [carol, merchant, court],
        () => module.split(carol.address, merchant.address, tenge(30_000), court.address, tenge(25_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
            .withArgs(carol.address, tenge(50_000), tenge(55_000)),
      );
    });
  });

  describe("when a recipient cannot receive", () => {
    it("reverts with AccountFrozen for a frozen merchant", async () => {
      const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(compliance).setFreezeState(merchant, FreezeState.Full, ref("ORDER-4"));
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => module.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(merchant.address),
      );
    });

    it("reverts with AccountFrozen for a frozen VAT recipient, and the merchant's leg does not settle", async () => {
      const { ledger, module, compliance, alice, merchant, court } = await loadFixture(withSplitter);
      await ledger.connect(compliance).setFreezeState(court, FreezeState.Full, ref("ORDER-5"));
      await expectRejected(
        ledger,
        [alice, merchant, court],
        () => module.split(alice.address, merchant.address, NET, court.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(court.address),
      );
    });

    it("reverts with AccountNotRegistered for an unregistered VAT recipient", async () => {
      const { ledger, module, alice, merchant, stranger } = await loadFixture(withSplitter);
      await expectRejected(
        ledger,
        [alice, merchant, stranger],
        () => module.split(alice.address, merchant.address, NET, stranger.address, VAT),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
      );
    });

    it("reverts with HoldingLimitExceeded when the VAT leg takes its recipient above its holding limit", async () => {
      const { ledger, module, alice, bankA, carol, merchant } = await loadFixture(withSplitter);
      await ledger.connect(bankA).transfer(carol.address, tenge(99_500)); // carol: lite, holds at most 100 000 ₸
      await expectRejected(
        ledger,
        [alice, merchant, carol],
        () => module.split(alice.address, merchant.address, NET, carol.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
            .withArgs(carol.address, tenge(100_000), tenge(100_500)),
      );
    });
  });
});
