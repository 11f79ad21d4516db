import { expect } from "chai";
import { ZeroAddress, type AddressLike, type ContractTransactionResponse } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { LedgerModuleMock__factory, type DigitalTenge, type LedgerModuleMock } from "../../typechain-types";
import { fundedLedger, onboardModuleWithMandates, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { accountOf, remainingDailyOutflow } from "../../src/accounts";

const ALICE_BALANCE = tenge(100_000);
const LITE_HOLDING = tenge(100_000); // tier 0, carol's
const LITE_DAILY = tenge(50_000);

/** Every bank's issuance position, to compare before and after a rejected call. */
async function bankPositions(ledger: DigitalTenge, banks: AddressLike[]): Promise<string[]> {
  return Promise.all(banks.map(async (bank) => (await ledger.bankOf(bank)).toString()));
}

/** {expectRejected}, plus: the banks' issuance positions (ceiling, issued, redeemed) are unchanged too. */
async function expectRejectedKeepingBanks<T>(
  ledger: DigitalTenge,
  banks: AddressLike[],
  accounts: AddressLike[],
  action: () => Promise<T>,
  assertion: (attempt: Promise<T>) => Promise<void>,
): Promise<void> {
  const before = await bankPositions(ledger, banks);
  await expectRejected(ledger, accounts, action, assertion);
  expect(await bankPositions(ledger, banks)).to.deep.equal(before, "a rejected call changed a bank's position");
}

async function expectSupplyEqualsOutstanding(ledger: DigitalTenge): Promise<void> {
  let outstanding = 0n;
  const count = await ledger.bankCount();
  for (let id = 1n; id <= count; id++) outstanding += (await ledger.bankOf(await ledger.bankById(id))).outstanding;
  expect(await ledger.totalSupply()).to.equal(outstanding, "totalSupply != sum of banks' outstanding");
}

/**
 * fundedLedger plus a suite module (test-only contract) onboarded by the operator as a SystemContract account
 * without a bank of record, and a second copy of the contract that nobody onboarded.
 */
async function withModule() {
  const f = await fundedLedger();
  const factory = new LedgerModuleMock__factory(f.deployer);
  const module: LedgerModuleMock = await factory.deploy(f.ledger);
  const rogue: LedgerModuleMock = await factory.deploy(f.ledger);
  await onboardModuleWithMandates(f, module, "MODULE", [f.alice, f.bob, f.carol, f.merchant, f.court, f.bankA]);
  return { ...f, module, rogue };
}
type Fixture = Awaited<ReturnType<typeof withModule>>;

/** A way for a caller that is not a working module to reach moduleTransfer / moduleRedeem. */
interface Impostor {
  name: string;
  address(f: Fixture): Promise<string>;
  prepare?(f: Fixture): Promise<unknown>;
  transfer(f: Fixture, from: string, to: string, amount: bigint): Promise<ContractTransactionResponse>;
  redeem(f: Fixture, account: string, amount: bigint): Promise<ContractTransactionResponse>;
}

const IMPOSTORS: readonly Impostor[] = [
  {
    name: "an externally owned account (a customer)",
    address: async (f) => f.alice.address,
    transfer: (f, from, to, amount) => f.ledger.connect(f.alice).moduleTransfer(from, to, amount),
    redeem: (f, account, amount) => f.ledger.connect(f.alice).moduleRedeem(account, amount),
  },
  {
    name: "a bank",
    address: async (f) => f.bankA.address,
    transfer: (f, from, to, amount) => f.ledger.connect(f.bankA).moduleTransfer(from, to, amount),
    redeem: (f, account, amount) => f.ledger.connect(f.bankA).moduleRedeem(account, amount),
  },
  {
    name: "a payment agent",
    address: async (f) => f.agent.address,
    transfer: (f, from, to, amount) => f.ledger.connect(f.agent).moduleTransfer(from, to, amount),
    redeem: (f, account, amount) => f.ledger.connect(f.agent).moduleRedeem(account, amount),
  },
  {
    name: "an unregistered contract",
    address: (f) => f.rogue.getAddress(),
    transfer: (f, from, to, amount) => f.rogue.pay(from, to, amount),
    redeem: (f, account, amount) => f.rogue.redeemFor(account, amount),
  },
  {
    name: "a frozen module",
    address: (f) => f.module.getAddress(),
    prepare: (f) => f.ledger.connect(f.compliance).setFreezeState(f.module, FreezeState.Full, ref("STOP")),
    transfer: (f, from, to, amount) => f.module.pay(from, to, amount),
    redeem: (f, account, amount) => f.module.redeemFor(account, amount),
  },
  {
    name: "a receive-only module",
    address: (f) => f.module.getAddress(),
    prepare: (f) => f.ledger.connect(f.compliance).setFreezeState(f.module, FreezeState.OutboundOnly, ref("STOP")),
    transfer: (f, from, to, amount) => f.module.pay(from, to, amount),
    redeem: (f, account, amount) => f.module.redeemFor(account, amount),
  },
];

describe("DigitalTenge: module payments", () => {
  describe("moduleTransfer", () => {
    describe("when a registered module pays on a holder's authority", () => {
      it("moves the holder's DKZT, emitting Transfer from the holder", async () => {
        const { ledger, module, alice, merchant } = await loadFixture(withModule);
        const supply = await ledger.totalSupply();
        const tx = await module.pay(alice, merchant, tenge(1_250));
        await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, merchant.address, tenge(1_250));
        await expect(tx).to.changeTokenBalances(ledger, [alice, merchant, module], [-tenge(1_250), tenge(1_250), 0n]);
        expect(await ledger.totalSupply()).to.equal(supply);
      });

      it("counts against the holder's daily limit", async () => {
        const { ledger, module, alice, merchant } = await loadFixture(withModule);
        const remaining = await remainingDailyOutflow(ledger, alice);
        await module.pay(alice, merchant, tenge(1_250));
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(remaining - tenge(1_250));
        expect((await accountOf(ledger, alice)).spentToday).to.equal(tenge(1_250));
      });

      it("pays out of the module's own account", async () => {
        const { ledger, module, alice, bob } = await loadFixture(withModule);
        await module.pay(alice, module, tenge(500));
        await expect(module.pay(module, bob, tenge(500))).to.changeTokenBalances(
          ledger,
          [module, bob],
          [-tenge(500), tenge(500)],
        );
      });

      it("sweeps above a waterfall receiver's holding limit to its bank, as any payment", async () => {
        const { ledger, module, alice, carol, bankB } = await loadFixture(withModule);
        await ledger.connect(bankB).transfer(carol, tenge(90_000));
        await ledger.connect(carol).setWaterfall(true);
        await expect(module.pay(alice, carol, tenge(25_000)))
          .to.emit(ledger, "WaterfallSwept")
          .withArgs(carol.address, bankB.address, tenge(15_000), ref("cust-carol"));
        expect(await ledger.balanceOf(carol)).to.equal(LITE_HOLDING);
        await expectSupplyEqualsOutstanding(ledger);
      });
    });

    describe("when a transfer rule is broken", () => {
      interface Case {
        name: string;
        error: string;
        prepare?(f: Fixture): Promise<unknown>;
        from(f: Fixture): string;
        to(f: Fixture): string;
        amount: bigint;
        args(f: Fixture): unknown[];
      }
      const cases: Case[] = [
        {
          name: "the payer is frozen",
          error: "AccountFrozen",
          prepare: (f) => f.ledger.connect(f.compliance).setFreezeState(f.alice, FreezeState.Full, ref("ORDER-1")),
          from: (f) => f.alice.address,
          to: (f) => f.merchant.address,
          amount: tenge(1),
          args: (f) => [f.alice.address],
        },
        {
          name: "the payer is receive-only",
          error: "AccountOutboundBlocked",
          prepare: (f) =>
            f.ledger.connect(f.compliance).setFreezeState(f.alice, FreezeState.OutboundOnly, ref("ORDER-1")),
          from: (f) => f.alice.address,
          to: (f) => f.merchant.address,
          amount: tenge(1),
          args: (f) => [f.alice.address],
        },
        {
          name: "the receiver is frozen",
          error: "AccountFrozen",
          prepare: (f) => f.ledger.connect(f.compliance).setFreezeState(f.merchant, FreezeState.Full, ref("ORDER-1")),
          from: (f) => f.alice.address,
          to: (f) => f.merchant.address,
          amount: tenge(1),
          args: (f) => [f.merchant.address],
        },
        {
          name: "the payer is not registered (it never gave the module a mandate)",
          error: "ModuleNotMandated",
          from: (f) => f.stranger.address,
          to: (f) => f.merchant.address,
          amount: tenge(1),
          args: (f) => [f.module.target, f.stranger.address],
        },
        {
          name: "the receiver is not registered",
          error: "AccountNotRegistered",
          from: (f) => f.alice.address,
          to: (f) => f.stranger.address,
          amount: tenge(1),
          args: (f) => [f.stranger.address],
        },
        {
          name: "the payer's balance is too small",
          error: "ERC20InsufficientBalance",
          from: (f) => f.alice.address,
          to: (f) => f.merchant.address,
          amount: ALICE_BALANCE + 1n,
          args: (f) => [f.alice.address, ALICE_BALANCE, ALICE_BALANCE + 1n],
        },
        {
          name: "the payer's funds are attached",
          error: "AttachedFundsLocked",
          prepare: (f) => f.ledger.connect(f.compliance).attachFunds(f.alice, tenge(99_000), ref("COURT-1")),
          from: (f) => f.alice.address,
          to: (f) => f.merchant.address,
          amount: tenge(1_000) + 1n,
          args: (f) => [f.alice.address, tenge(1_000), tenge(1_000) + 1n],
        },
        {
          name: "the receiver would go above its holding limit",
          error: "HoldingLimitExceeded",
          from: (f) => f.bankA.address,
          to: (f) => f.carol.address,
          amount: LITE_HOLDING + 1n,
          args: (f) => [f.carol.address, LITE_HOLDING, LITE_HOLDING + 1n],
        },
        {
          name: "the payer would go above its daily limit",
          error: "DailyLimitExceeded",
          prepare: (f) => f.ledger.connect(f.bankB).transfer(f.carol, LITE_HOLDING),
          from: (f) => f.carol.address,
          to: (f) => f.merchant.address,
          amount: LITE_DAILY + 1n,
          args: (f) => [f.carol.address, LITE_DAILY, LITE_DAILY + 1n],
        },
        {
          name: "the payer is the zero address",
          error: "ERC20InvalidSender",
          from: () => ZeroAddress,
          to: (f) => f.merchant.address,
          amount: tenge(1),
          args: () => [ZeroAddress],
        },
        {
          name: "the receiver is the zero address",
          error: "ERC20InvalidReceiver",
          from: (f) => f.alice.address,
          to: () => ZeroAddress,
          amount: tenge(1),
          args: () => [ZeroAddress],
        },
      ];
      for (const c of cases) {
        it(`reverts with ${c.error} when ${c.name}`, async () => {
          const f = await loadFixture(withModule);
          await c.prepare?.(f);
          await expectRejectedKeepingBanks(
            f.ledger,
            [f.bankA, f.bankB],
            [f.alice, f.merchant, f.carol, f.stranger, f.module],
            () => f.module.pay(c.from(f), c.to(f), c.amount),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.ledger, c.error)
                .withArgs(...c.args(f)),
          );
        });
      }
    });

    describe("when the caller is not a registered, unfrozen SystemContract", () => {
      for (const impostor of IMPOSTORS) {
        it(`reverts with NotSystemModule for ${impostor.name}`, async () => {
          const f = await loadFixture(withModule);
          await impostor.prepare?.(f);
          const caller = await impostor.address(f);
          await expectRejected(
            f.ledger,
            [f.alice, f.merchant, caller],
            () => impostor.transfer(f, f.alice.address, f.merchant.address, tenge(1)),
            (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(caller),
          );
        });
      }
    });
  });

  describe("moduleRedeem", () => {
    describe("when a registered module redeems on a holder's authority", () => {
      for (const [who, bankName, reference] of [
        ["alice", "bankA", "cust-alice"],
        ["carol", "bankB", "cust-carol"],
      ] as const) {
        it(`burns ${who}'s DKZT into ${bankName}, emitting RedeemedToNonCash and Transfer to zero`, async () => {
          const f = await loadFixture(withModule);
          const holder = f[who];
          const bank = f[bankName];
          if (who === "carol") await f.ledger.connect(f.bankB).transfer(f.carol, tenge(5_000));
          const supply = await f.ledger.totalSupply();
          const before = await f.ledger.bankOf(bank);

          const tx = await f.module.redeemFor(holder, tenge(5_000));

          await expect(tx)
            .to.emit(f.ledger, "RedeemedToNonCash")
            .withArgs(holder.address, bank.address, tenge(5_000), ref(reference));
          await expect(tx).to.emit(f.ledger, "Transfer").withArgs(holder.address, ZeroAddress, tenge(5_000));
          await expect(tx).to.changeTokenBalance(f.ledger, holder, -tenge(5_000));
          expect(await f.ledger.totalSupply()).to.equal(supply - tenge(5_000));
          expect((await f.ledger.bankOf(bank)).redeemed).to.equal(before.redeemed + tenge(5_000));
          await expectSupplyEqualsOutstanding(f.ledger);
        });
      }
    });

    describe("when the account has no bank of record", () => {
      it("reverts with NoBankOfRecord (the module's own account here)", async () => {
        const { ledger, module, alice, bankA, bankB } = await loadFixture(withModule);
        await module.pay(alice, module, tenge(10));
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [module],
          () => module.redeemFor(module, tenge(10)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "NoBankOfRecord").withArgs(module),
        );
      });
    });

    describe("when a redemption rule is broken", () => {
      interface Case {
        name: string;
        error: string;
        prepare?(f: Fixture): Promise<unknown>;
        account(f: Fixture): string;
        amount: bigint;
        args(f: Fixture): unknown[];
      }
      const cases: Case[] = [
        {
          name: "the amount is zero",
          error: "ZeroAmount",
          account: (f) => f.alice.address,
          amount: 0n,
          args: () => [],
        },
        {
          name: "the account is not registered (it never gave the module a mandate)",
          error: "ModuleNotMandated",
          account: (f) => f.stranger.address,
          amount: 1n,
          args: (f) => [f.module.target, f.stranger.address],
        },
        {
          name: "the balance is too small",
          error: "ERC20InsufficientBalance",
          account: (f) => f.alice.address,
          amount: ALICE_BALANCE + 1n,
          args: (f) => [f.alice.address, ALICE_BALANCE, ALICE_BALANCE + 1n],
        },
        {
          name: "the funds are attached",
          error: "AttachedFundsLocked",
          prepare: (f) => f.ledger.connect(f.compliance).attachFunds(f.alice, ALICE_BALANCE, ref("COURT-1")),
          account: (f) => f.alice.address,
          amount: 1n,
          args: (f) => [f.alice.address, 0n, 1n],
        },
        {
          name: "the holder is frozen",
          error: "AccountFrozen",
          prepare: (f) => f.ledger.connect(f.compliance).setFreezeState(f.alice, FreezeState.Full, ref("ORDER-1")),
          account: (f) => f.alice.address,
          amount: 1n,
          args: (f) => [f.alice.address],
        },
        {
          name: "the holder is receive-only",
          error: "AccountOutboundBlocked",
          prepare: (f) =>
            f.ledger.connect(f.compliance).setFreezeState(f.alice, FreezeState.OutboundOnly, ref("ORDER-1")),
          account: (f) => f.alice.address,
          amount: 1n,
          args: (f) => [f.alice.address],
        },
      ];
      for (const c of cases) {
        it(`reverts with ${c.error} when ${c.name}`, async () => {
          const f = await loadFixture(withModule);
          await c.prepare?.(f);
          await expectRejectedKeepingBanks(
            f.ledger,
            [f.bankA, f.bankB],
            [f.alice, f.stranger],
            () => f.module.redeemFor(c.account(f), c.amount),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.ledger, c.error)
                .withArgs(...c.args(f)),
          );
        });
      }
    });

    describe("when the caller is not a registered, unfrozen SystemContract", () => {
      for (const impostor of IMPOSTORS) {
        it(`reverts with NotSystemModule for ${impostor.name}`, async () => {
          const f = await loadFixture(withModule);
          await impostor.prepare?.(f);
          const caller = await impostor.address(f);
          await expectRejectedKeepingBanks(
            f.ledger,
            [f.bankA, f.bankB],
            [f.alice, caller],
            () => impostor.redeem(f, f.alice.address, tenge(1)),
            (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "NotSystemModule").withArgs(caller),
          );
        });
      }
    });
  });

  describe("when compliance lifts a module's freeze", () => {
    it("lets the module pay again", async () => {
      const { ledger, module, compliance, alice, merchant } = await loadFixture(withModule);
      await ledger.connect(compliance).setFreezeState(module, FreezeState.Full, ref("STOP"));
      await ledger.connect(compliance).setFreezeState(module, FreezeState.None, ref("RESUME"));
      await expect(module.pay(alice, merchant, tenge(1))).to.changeTokenBalance(ledger, merchant, tenge(1));
    });
  });
});
