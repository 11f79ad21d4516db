import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  LedgerAccountsHarness__factory,
  LedgerModuleMock__factory,
  SplitModuleMock__factory,
  type LedgerModuleMock,
} from "../../typechain-types";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";

/** fundedLedger plus two onboarded modules nobody has mandated yet, and one never onboarded. */
async function withModules() {
  const f = await fundedLedger();
  const factory = new LedgerModuleMock__factory(f.deployer);
  const module: LedgerModuleMock = await factory.deploy(f.ledger);
  const other: LedgerModuleMock = await factory.deploy(f.ledger);
  const rogue: LedgerModuleMock = await factory.deploy(f.ledger);
  const byOperator = f.ledger.connect(f.operator);
  await byOperator.onboardParticipant(module, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("M-1"));
  await byOperator.onboardParticipant(other, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("M-2"));
  return { ...f, module, other, rogue };
}

describe("DigitalTenge: module mandates (the ledger decides who may debit an account)", () => {
  describe("when the account never mandated the module", () => {
    it("moduleTransfer reverts with ModuleNotMandated and moves nothing", async () => {
      const { ledger, module, alice, bob } = await loadFixture(withModules);
      await expectRejected(
        ledger,
        [alice, bob, module],
        () => module.pay(alice, bob, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, alice.address),
      );
    });

    it("moduleRedeem reverts with ModuleNotMandated and redeems nothing", async () => {
      const { ledger, module, alice, bankA } = await loadFixture(withModules);
      const position = (await ledger.bankOf(bankA)).toString();
      await expectRejected(
        ledger,
        [alice, bankA],
        () => module.redeemFor(alice, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, alice.address),
      );
      expect((await ledger.bankOf(bankA)).toString()).to.equal(position);
    });

    it("moduleSplit reverts with ModuleNotMandated and settles neither leg", async () => {
      const f = await loadFixture(withModules);
      const splitter = await new SplitModuleMock__factory(f.deployer).deploy(f.ledger);
      await f.ledger
        .connect(f.operator)
        .onboardParticipant(splitter, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("SPLIT"));
      await expectRejected(
        f.ledger,
        [f.alice, f.merchant, f.court],
        () => splitter.split(f.alice, f.merchant, tenge(100), f.court, tenge(16)),
        (p) =>
          expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(splitter, f.alice.address),
      );
    });

    it("a mandate to another module does not reach it", async () => {
      const { ledger, module, other, alice, bob } = await loadFixture(withModules);
      await ledger.connect(alice).setModuleMandate(other, true);
      await expectRejected(
        ledger,
        [alice, bob],
        () => module.pay(alice, bob, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, alice.address),
      );
      expect(await ledger.hasMandate(alice, other)).to.equal(true);
      expect(await ledger.hasMandate(alice, module)).to.equal(false);
    });
  });

  describe("when the holder gives the module a mandate", () => {
    it("records it, emits ModuleMandateSet, and the module may then debit the holder", async () => {
      const { ledger, module, alice, bob } = await loadFixture(withModules);
      await expect(ledger.connect(alice).setModuleMandate(module, true))
        .to.emit(ledger, "ModuleMandateSet")
        .withArgs(alice.address, module, true, alice.address);
      expect(await ledger.hasMandate(alice, module)).to.equal(true);
      await expect(module.pay(alice, bob, tenge(7))).to.changeTokenBalances(
        ledger,
        [alice, bob],
        [-tenge(7), tenge(7)],
      );
    });

    it("a revoked mandate stops the module again", async () => {
      const { ledger, module, alice, bob } = await loadFixture(withModules);
      await ledger.connect(alice).setModuleMandate(module, true);
      await expect(ledger.connect(alice).setModuleMandate(module, false))
        .to.emit(ledger, "ModuleMandateSet")
        .withArgs(alice.address, module, false, alice.address);
      await expectRejected(
        ledger,
        [alice, bob],
        () => module.pay(alice, bob, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, alice.address),
      );
    });

    it("follows the account through wallet recovery (the replacement's word carries it)", async () => {
      const { ledger, module, alice, bob, bankA, spare } = await loadFixture(withModules);
      await ledger.connect(alice).setModuleMandate(module, true);
      await ledger.connect(bankA).recoverAccount(alice, spare[0]);
      expect(await ledger.hasMandate(spare[0], module)).to.equal(true);
      expect(await ledger.hasMandate(alice, module)).to.equal(false);
      await expect(module.pay(spare[0], bob, tenge(1))).to.changeTokenBalances(
        ledger,
        [spare[0], bob],
        [-tenge(1), tenge(1)],
      );
    });

    it("a mandate moves nothing past the ledger's own checks (a frozen holder stays frozen)", async () => {
      const { ledger, module, compliance, alice, bob } = await loadFixture(withModules);
      await ledger.connect(alice).setModuleMandate(module, true);
      await ledger.connect(compliance).setFreezeState(alice, FreezeState.Full, ref("AFM-1"));
      await expectRejected(
        ledger,
        [alice, bob],
        () => module.pay(alice, bob, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address),
      );
    });
  });

  describe("who may give a mandate", () => {
    it("the account's bank of record, for its customer, emitting ModuleMandateSet with the bank as the actor", async () => {
      const { ledger, module, alice, bob, bankA } = await loadFixture(withModules);
      await expect(ledger.connect(bankA).setCustomerMandate(alice, module, true))
        .to.emit(ledger, "ModuleMandateSet")
        .withArgs(alice.address, module, true, bankA.address);
      await expect(module.pay(alice, bob, tenge(2))).to.changeTokenBalances(
        ledger,
        [alice, bob],
        [-tenge(2), tenge(2)],
      );
    });

    it("another bank: reverts with NotBankOfRecord and records nothing", async () => {
      const { ledger, module, alice, bankB } = await loadFixture(withModules);
      await expect(ledger.connect(bankB).setCustomerMandate(alice, module, true))
        .to.be.revertedWithCustomError(ledger, "NotBankOfRecord")
        .withArgs(bankB.address, alice.address);
      expect(await ledger.hasMandate(alice, module)).to.equal(false);
    });

    it("a suspended bank: reverts with BankIsSuspended and records nothing", async () => {
      const { ledger, module, operator, alice, bankA } = await loadFixture(withModules);
      await ledger.connect(operator).setBankSuspended(bankA, true);
      await expect(ledger.connect(bankA).setCustomerMandate(alice, module, true))
        .to.be.revertedWithCustomError(ledger, "BankIsSuspended")
        .withArgs(bankA.address);
      expect(await ledger.hasMandate(alice, module)).to.equal(false);
    });

    it("a party without the bank role: reverts with AccessManagedUnauthorized", async () => {
      const { ledger, module, alice, stranger } = await loadFixture(withModules);
      await expect(ledger.connect(stranger).setCustomerMandate(alice, module, true))
        .to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized")
        .withArgs(stranger.address);
      expect(await ledger.hasMandate(alice, module)).to.equal(false);
    });

    it("an unregistered caller: reverts with AccountNotRegistered", async () => {
      const { ledger, module, stranger } = await loadFixture(withModules);
      await expect(ledger.connect(stranger).setModuleMandate(module, true))
        .to.be.revertedWithCustomError(ledger, "AccountNotRegistered")
        .withArgs(stranger.address);
      expect(await ledger.hasMandate(stranger, module)).to.equal(false);
    });

    it("a module cannot mandate another: reverts with AccountKindNotAllowed, and a module is never debited by another", async () => {
      const { ledger, module, other, alice, bob } = await loadFixture(withModules);
      const impersonated = await ethers.getImpersonatedSigner(await other.getAddress());
      await ethers.provider.send("hardhat_setBalance", [impersonated.address, "0x56BC75E2D63100000"]);
      await expect(ledger.connect(impersonated).setModuleMandate(module, true))
        .to.be.revertedWithCustomError(ledger, "AccountKindNotAllowed")
        .withArgs(AccountKind.SystemContract);
      await ledger.connect(alice).setModuleMandate(other, true);
      await other.pay(alice, other, tenge(5));
      await expectRejected(
        ledger,
        [other, bob],
        () => module.pay(other, bob, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotMandated").withArgs(module, other),
      );
      expect(await ledger.hasMandate(other, module)).to.equal(false);
      expect(await ledger.hasMandate(other, other)).to.equal(true);
    });

    it("a mandate for something that is not a module: reverts with ModuleNotMandatable", async () => {
      const { ledger, rogue, alice, bob } = await loadFixture(withModules);
      for (const target of [rogue.target, bob.address]) {
        await expect(ledger.connect(alice).setModuleMandate(target, true))
          .to.be.revertedWithCustomError(ledger, "ModuleNotMandatable")
          .withArgs(target);
      }
      expect(await ledger.hasMandate(alice, bob)).to.equal(false);
    });
  });

  describe("mandate slots", () => {
    it("each module gets its own slot; past 24 a module gets none and can debit only itself", async () => {
      const f = await loadFixture(withModules);
      const factory = new LedgerModuleMock__factory(f.deployer);
      // Two slots are taken by the fixture's modules: 22 more fill the 24.
      for (let i = 0; i < 22; i++) {
        const m = await factory.deploy(f.ledger);
        await expect(
          f.ledger
            .connect(f.operator)
            .onboardParticipant(m, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref(`FILL-${i}`)),
        )
          .to.emit(f.ledger, "ModuleSlotAssigned")
          .withArgs(m, i + 3);
      }
      const late = await factory.deploy(f.ledger);
      await expect(
        f.ledger
          .connect(f.operator)
          .onboardParticipant(late, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("LATE")),
      )
        .to.emit(f.ledger, "ModuleSlotAssigned")
        .withArgs(late, 0);
      await expect(f.ledger.connect(f.alice).setModuleMandate(late, true))
        .to.be.revertedWithCustomError(f.ledger, "ModuleNotMandatable")
        .withArgs(late);
      await expectRejected(
        f.ledger,
        [f.alice, f.bob],
        () => late.pay(f.alice, f.bob, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated").withArgs(late, f.alice.address),
      );
      // The last slotted module and alice's mandate for the first are untouched by the newcomers.
      await f.ledger.connect(f.alice).setModuleMandate(f.module, true);
      expect(await f.ledger.hasMandate(f.alice, f.module)).to.equal(true);
      expect(await f.ledger.hasMandate(f.alice, f.other)).to.equal(false);
    });
  });

  describe("module accounts are paid only by modules", () => {
    it("a plain transfer into a module account reverts with ModuleNotPayable", async () => {
      const { ledger, module, alice } = await loadFixture(withModules);
      await expectRejected(
        ledger,
        [alice, module],
        () => ledger.connect(alice).transfer(module, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotPayable").withArgs(module),
      );
    });

    it("transferFrom into a module account reverts with ModuleNotPayable", async () => {
      const { ledger, module, alice, bob } = await loadFixture(withModules);
      await ledger.connect(alice).approve(bob, tenge(5));
      await expectRejected(
        ledger,
        [alice, module],
        () => ledger.connect(bob).transferFrom(alice, module, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "ModuleNotPayable").withArgs(module),
      );
      expect(await ledger.allowance(alice, bob)).to.equal(tenge(5));
    });

    it("a module pays another module's account", async () => {
      const { ledger, module, other, alice } = await loadFixture(withModules);
      await ledger.connect(alice).setModuleMandate(module, true);
      await expect(module.pay(alice, other, tenge(3))).to.changeTokenBalances(
        ledger,
        [alice, other],
        [-tenge(3), tenge(3)],
      );
    });
  });
});

describe("LedgerAccounts (the modules' view of an account's lifecycle)", () => {
  async function withHarness() {
    const f = await fundedLedger();
    const harness = await new LedgerAccountsHarness__factory(f.deployer).deploy(f.ledger);
    return { ...f, harness };
  }

  it("current: an account never recovered is itself; a recovered one is followed transitively", async () => {
    const { ledger, harness, alice, bob, bankA, spare } = await loadFixture(withHarness);
    expect(await harness.current(bob)).to.equal(bob.address);
    await ledger.connect(bankA).recoverAccount(alice, spare[0]);
    await ledger.connect(bankA).recoverAccount(spare[0], spare[1]);
    expect(await harness.current(alice)).to.equal(spare[1].address);
    expect(await harness.current(spare[0])).to.equal(spare[1].address);
  });

  it("current: reverts with RecoveryChainTooLong past 16 recoveries in a row", async () => {
    const { ledger, harness, alice, bankA, spare } = await loadFixture(withHarness);
    let previous = alice.address;
    for (let i = 0; i < 17; i++) {
      await ledger.connect(bankA).recoverAccount(previous, spare[i]);
      previous = spare[i].address;
    }
    // Sixteen recoveries in a row are followed; seventeen and more are refused.
    expect(await harness.current(spare[0])).to.equal(spare[16].address);
    await expect(harness.current(alice)).to.be.revertedWithCustomError(harness, "RecoveryChainTooLong");
  });

  it("requireActiveBank: passes for an active bank, names a suspended or unknown one", async () => {
    const { ledger, harness, operator, bankA, bankB, stranger } = await loadFixture(withHarness);
    await harness.requireActiveBank(bankA);
    await ledger.connect(operator).setBankSuspended(bankB, true);
    await expect(harness.requireActiveBank(bankB))
      .to.be.revertedWithCustomError(ledger, "BankIsSuspended")
      .withArgs(bankB.address);
    await expect(harness.requireActiveBank(stranger))
      .to.be.revertedWithCustomError(ledger, "BankNotRegistered")
      .withArgs(stranger.address);
  });
});
