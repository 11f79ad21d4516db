import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { Role } from "../../src/roles";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";
import { accountOf } from "../../src/accounts";

/** Tiers the fixture leaves undefined (DEFAULT_TIERS defines 0, 1, 2, 3 and 6). */
const UNDEFINED_TIER = 4;
/** One above the highest tier index (TierTable.MAX_TIER = 6). */
const OUT_OF_RANGE_TIER = 7;
const MAX_TIER = 6;

describe("DigitalTenge: accounts", () => {
  describe("onboardBank", () => {
    describe("when the operator onboards a new bank", () => {
      it("gives it the next id and emits BankOnboarded and AccountOnboarded", async () => {
        const { ledger, operator, spare } = await loadFixture(fundedLedger);
        const bankC = spare[0];

        await expect(ledger.connect(operator).onboardBank(bankC, Tier.UNLIMITED, ref("FORTE")))
          .to.emit(ledger, "BankOnboarded")
          .withArgs(bankC.address, 3, Tier.UNLIMITED, ref("FORTE"))
          .and.to.emit(ledger, "AccountOnboarded")
          .withArgs(bankC.address, bankC.address, AccountKind.Bank, Tier.UNLIMITED, ref("FORTE"));

        expect(await ledger.bankCount()).to.equal(3n);
        expect(await ledger.bankById(3)).to.equal(bankC.address);
        const account = await accountOf(ledger, bankC);
        expect(account.registered).to.equal(true);
        expect(account.kind).to.equal(BigInt(AccountKind.Bank));
        expect(account.tier).to.equal(BigInt(Tier.UNLIMITED));
        expect(account.bankOfRecord).to.equal(bankC.address, "a bank is its own bank of record");
        expect(account.accountRef).to.equal(ref("FORTE"));
        const position = await ledger.bankOf(bankC);
        expect([position.id, position.registered, position.suspended, position.ceiling]).to.deep.equal([
          3n,
          true,
          false,
          0n,
        ]);
      });

      it("numbers banks 1..n in onboarding order, with no bank behind id 0 or n + 1", async () => {
        const { ledger, operator, bankA, bankB, spare } = await loadFixture(fundedLedger);
        await ledger.connect(operator).onboardBank(spare[0], Tier.UNLIMITED, ref("FORTE"));
        await ledger.connect(operator).onboardBank(spare[1], Tier.BUSINESS, ref("KASPI"));

        expect(await ledger.bankCount()).to.equal(4n);
        const byId = await Promise.all([0, 1, 2, 3, 4, 5].map((id) => ledger.bankById(id)));
        expect(byId).to.deep.equal([
          ZeroAddress,
          bankA.address,
          bankB.address,
          spare[0].address,
          spare[1].address,
          ZeroAddress,
        ]);
      });
    });

    describe("when the caller is not the operator", () => {
      for (const who of ["centralBank", "bankA", "compliance", "stranger"] as const) {
        it(`reverts with AccessManagedUnauthorized for the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const caller = f[who];
          const newBank = f.spare[0];
          await expectRejected(
            f.ledger,
            [newBank],
            () => f.ledger.connect(caller).onboardBank(newBank, Tier.UNLIMITED, ref("FORTE")),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(caller.address),
          );
          expect(await f.ledger.bankCount()).to.equal(2n);
        });
      }
    });

    describe("when the address is already registered", () => {
      for (const who of ["bankA", "alice", "agent"] as const) {
        it(`reverts with AccountAlreadyRegistered for the ${who}, leaving the bank count alone`, async () => {
          const f = await loadFixture(fundedLedger);
          const target = f[who];
          await expectRejected(
            f.ledger,
            [target],
            () => f.ledger.connect(f.operator).onboardBank(target, Tier.UNLIMITED, ref("AGAIN")),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccountAlreadyRegistered").withArgs(target.address),
          );
          expect(await f.ledger.bankCount()).to.equal(2n);
          expect(await f.ledger.bankById(3)).to.equal(ZeroAddress);
        });
      }
    });

    describe("when the address is zero", () => {
      it("reverts with ZeroAddress", async () => {
        const { ledger, operator } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [ZeroAddress],
          () => ledger.connect(operator).onboardBank(ZeroAddress, Tier.UNLIMITED, ref("NOBODY")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ZeroAddress"),
        );
        expect(await ledger.bankCount()).to.equal(2n);
      });
    });

    describe("when the tier is not defined or out of range", () => {
      it("reverts with TierNotDefined for an undefined tier", async () => {
        const { ledger, operator, spare } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [spare[0]],
          () => ledger.connect(operator).onboardBank(spare[0], UNDEFINED_TIER, ref("FORTE")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "TierNotDefined").withArgs(UNDEFINED_TIER),
        );
      });

      it("reverts with TierOutOfRange above the highest tier", async () => {
        const { ledger, operator, spare } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [spare[0]],
          () => ledger.connect(operator).onboardBank(spare[0], OUT_OF_RANGE_TIER, ref("FORTE")),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "TierOutOfRange").withArgs(OUT_OF_RANGE_TIER, MAX_TIER),
        );
      });
    });
  });

  describe("setBankSuspended", () => {
    it("lets the operator suspend and reinstate a bank, emitting BankSuspensionSet", async () => {
      const { ledger, operator, bankA } = await loadFixture(fundedLedger);
      await expect(ledger.connect(operator).setBankSuspended(bankA, true))
        .to.emit(ledger, "BankSuspensionSet")
        .withArgs(bankA.address, true);
      expect((await ledger.bankOf(bankA)).suspended).to.equal(true);
      await expect(ledger.connect(operator).setBankSuspended(bankA, false))
        .to.emit(ledger, "BankSuspensionSet")
        .withArgs(bankA.address, false);
      expect((await ledger.bankOf(bankA)).suspended).to.equal(false);
    });

    it("reverts with BankNotRegistered for an address that is not a bank", async () => {
      const { ledger, operator, alice } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [alice],
        () => ledger.connect(operator).setBankSuspended(alice, true),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "BankNotRegistered").withArgs(alice.address),
      );
    });

    it("reverts with AccessManagedUnauthorized for a bank suspending a competitor", async () => {
      const { ledger, bankA, bankB } = await loadFixture(fundedLedger);
      await expectRejected(
        ledger,
        [bankB],
        () => ledger.connect(bankA).setBankSuspended(bankB, true),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized").withArgs(bankA.address),
      );
      expect((await ledger.bankOf(bankB)).suspended).to.equal(false);
    });
  });

  describe("onboardParticipant", () => {
    describe("when the operator onboards a payment agent with a bank of record", () => {
      it("registers it with that bank and emits AccountOnboarded", async () => {
        const { ledger, operator, bankB, spare } = await loadFixture(fundedLedger);
        const onay = spare[0];
        await expect(
          ledger
            .connect(operator)
            .onboardParticipant(onay, AccountKind.PaymentAgent, Tier.BUSINESS, bankB, ref("ONAY")),
        )
          .to.emit(ledger, "AccountOnboarded")
          .withArgs(onay.address, bankB.address, AccountKind.PaymentAgent, Tier.BUSINESS, ref("ONAY"));
        const account = await accountOf(ledger, onay);
        expect([
          account.registered,
          account.kind,
          account.tier,
          account.bankOfRecord,
          account.accountRef,
        ]).to.deep.equal([true, BigInt(AccountKind.PaymentAgent), BigInt(Tier.BUSINESS), bankB.address, ref("ONAY")]);
      });
    });

    describe("when the operator onboards a suite contract without a bank of record", () => {
      it("registers it with no bank and emits AccountOnboarded with the zero bank", async () => {
        const { ledger, operator, spare } = await loadFixture(fundedLedger);
        const module = spare[0];
        await expect(
          ledger
            .connect(operator)
            .onboardParticipant(module, AccountKind.SystemContract, Tier.UNLIMITED, ZeroAddress, ref("MODULE")),
        )
          .to.emit(ledger, "AccountOnboarded")
          .withArgs(module.address, ZeroAddress, AccountKind.SystemContract, Tier.UNLIMITED, ref("MODULE"));
        const account = await accountOf(ledger, module);
        expect(account.kind).to.equal(BigInt(AccountKind.SystemContract));
        expect(account.bankOfRecord).to.equal(ZeroAddress);
      });
    });

    describe("when the kind is not PaymentAgent or SystemContract", () => {
      for (const kind of ["None", "Individual", "Merchant", "Government", "Bank"] as const) {
        it(`reverts with AccountKindNotAllowed for ${kind}`, async () => {
          const { ledger, operator, bankA, spare } = await loadFixture(fundedLedger);
          await expectRejected(
            ledger,
            [spare[0]],
            () =>
              ledger.connect(operator).onboardParticipant(spare[0], AccountKind[kind], Tier.UNLIMITED, bankA, ref("X")),
            (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountKindNotAllowed").withArgs(AccountKind[kind]),
          );
        });
      }
    });

    describe("when the bank of record is not a registered bank", () => {
      for (const who of ["alice", "agent", "stranger"] as const) {
        it(`reverts with BankNotRegistered for the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const notABank = f[who];
          await expectRejected(
            f.ledger,
            [f.spare[0]],
            () =>
              f.ledger
                .connect(f.operator)
                .onboardParticipant(f.spare[0], AccountKind.PaymentAgent, Tier.UNLIMITED, notABank, ref("X")),
            (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankNotRegistered").withArgs(notABank.address),
          );
        });
      }
    });

    describe("when the caller is not the operator", () => {
      it("reverts with AccessManagedUnauthorized for a bank", async () => {
        const { ledger, bankA, spare } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [spare[0]],
          () =>
            ledger
              .connect(bankA)
              .onboardParticipant(spare[0], AccountKind.PaymentAgent, Tier.UNLIMITED, bankA, ref("X")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized").withArgs(bankA.address),
        );
      });
    });

    describe("when the address is zero, taken, or the tier is not usable", () => {
      it("reverts with ZeroAddress for the zero address", async () => {
        const { ledger, operator } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [ZeroAddress],
          () =>
            ledger
              .connect(operator)
              .onboardParticipant(ZeroAddress, AccountKind.PaymentAgent, Tier.UNLIMITED, ZeroAddress, ref("X")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ZeroAddress"),
        );
      });

      it("reverts with AccountAlreadyRegistered for a customer", async () => {
        const { ledger, operator, alice } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [alice],
          () =>
            ledger
              .connect(operator)
              .onboardParticipant(alice, AccountKind.PaymentAgent, Tier.UNLIMITED, ZeroAddress, ref("X")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountAlreadyRegistered").withArgs(alice.address),
        );
      });

      it("reverts with TierNotDefined and TierOutOfRange", async () => {
        const { ledger, operator, spare } = await loadFixture(fundedLedger);
        const byOperator = ledger.connect(operator);
        await expectRejected(
          ledger,
          [spare[0]],
          () =>
            byOperator.onboardParticipant(spare[0], AccountKind.PaymentAgent, UNDEFINED_TIER, ZeroAddress, ref("X")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "TierNotDefined").withArgs(UNDEFINED_TIER),
        );
        await expectRejected(
          ledger,
          [spare[0]],
          () =>
            byOperator.onboardParticipant(spare[0], AccountKind.PaymentAgent, OUT_OF_RANGE_TIER, ZeroAddress, ref("X")),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "TierOutOfRange").withArgs(OUT_OF_RANGE_TIER, MAX_TIER),
        );
      });
    });
  });

  describe("onboardCustomer", () => {
    describe("when a bank onboards an individual, a merchant or a government body", () => {
      for (const kind of ["Individual", "Merchant", "Government"] as const) {
        it(`registers the ${kind} with that bank as bank of record and emits AccountOnboarded`, async () => {
          const { ledger, bankB, spare } = await loadFixture(fundedLedger);
          const customer = spare[0];
          await expect(ledger.connect(bankB).onboardCustomer(customer, AccountKind[kind], Tier.STANDARD, ref("cust-x")))
            .to.emit(ledger, "AccountOnboarded")
            .withArgs(customer.address, bankB.address, AccountKind[kind], Tier.STANDARD, ref("cust-x"));

          const account = await accountOf(ledger, customer);
          expect(account.registered).to.equal(true);
          expect(account.closed).to.equal(false);
          expect(account.kind).to.equal(BigInt(AccountKind[kind]));
          expect(account.tier).to.equal(BigInt(Tier.STANDARD));
          expect(account.bankOfRecord).to.equal(bankB.address);
          expect(account.freeze).to.equal(BigInt(FreezeState.None));
          expect(account.waterfall).to.equal(false);
          expect(account.balance).to.equal(0n);
          expect(account.attached).to.equal(0n);
          expect(account.spentToday).to.equal(0n);
          expect(account.accountRef).to.equal(ref("cust-x"));
        });
      }
    });

    describe("when the kind is not a customer kind", () => {
      for (const kind of ["None", "Bank", "PaymentAgent", "SystemContract"] as const) {
        it(`reverts with AccountKindNotAllowed for ${kind}`, async () => {
          const { ledger, bankA, spare } = await loadFixture(fundedLedger);
          await expectRejected(
            ledger,
            [spare[0]],
            () => ledger.connect(bankA).onboardCustomer(spare[0], AccountKind[kind], Tier.STANDARD, ref("cust-x")),
            (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountKindNotAllowed").withArgs(AccountKind[kind]),
          );
        });
      }
    });

    describe("when the address is already registered", () => {
      for (const [bankName, who] of [
        ["bankA", "alice"], // its own customer, again
        ["bankB", "alice"], // another bank's customer
        ["bankA", "bankB"], // a bank
        ["bankA", "agent"], // an operator-managed participant
      ] as const) {
        it(`reverts with AccountAlreadyRegistered when ${bankName} onboards the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const target = f[who];
          await expectRejected(
            f.ledger,
            [target],
            () =>
              f.ledger.connect(f[bankName]).onboardCustomer(target, AccountKind.Individual, Tier.STANDARD, ref("dup")),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccountAlreadyRegistered").withArgs(target.address),
          );
          expect((await accountOf(f.ledger, target)).accountRef).to.not.equal(ref("dup"));
        });
      }
    });

    describe("when the address is zero", () => {
      it("reverts with ZeroAddress", async () => {
        const { ledger, bankA } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [ZeroAddress],
          () => ledger.connect(bankA).onboardCustomer(ZeroAddress, AccountKind.Individual, Tier.STANDARD, ref("x")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ZeroAddress"),
        );
      });
    });

    describe("when the tier is not defined or out of range", () => {
      it("reverts with TierNotDefined for an undefined tier", async () => {
        const { ledger, bankA, spare } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [spare[0]],
          () => ledger.connect(bankA).onboardCustomer(spare[0], AccountKind.Individual, UNDEFINED_TIER, ref("x")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "TierNotDefined").withArgs(UNDEFINED_TIER),
        );
      });

      it("reverts with TierOutOfRange above the highest tier", async () => {
        const { ledger, bankA, spare } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [spare[0]],
          () => ledger.connect(bankA).onboardCustomer(spare[0], AccountKind.Individual, OUT_OF_RANGE_TIER, ref("x")),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "TierOutOfRange").withArgs(OUT_OF_RANGE_TIER, MAX_TIER),
        );
      });
    });

    describe("when the bank is suspended", () => {
      it("reverts with BankIsSuspended", async () => {
        const { ledger, operator, bankA, spare } = await loadFixture(fundedLedger);
        await ledger.connect(operator).setBankSuspended(bankA, true);
        await expectRejected(
          ledger,
          [spare[0]],
          () => ledger.connect(bankA).onboardCustomer(spare[0], AccountKind.Individual, Tier.STANDARD, ref("x")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "BankIsSuspended").withArgs(bankA.address),
        );
      });
    });

    describe("when the caller has no bank role", () => {
      for (const who of ["operator", "alice", "agent", "stranger"] as const) {
        it(`reverts with AccessManagedUnauthorized for the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const caller = f[who];
          await expectRejected(
            f.ledger,
            [f.spare[0]],
            () => f.ledger.connect(caller).onboardCustomer(f.spare[0], AccountKind.Individual, Tier.STANDARD, ref("x")),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(caller.address),
          );
        });
      }
    });

    describe("when the caller has the bank role but is not a registered bank", () => {
      it("reverts with BankNotRegistered", async () => {
        const { ledger, manager, operator, stranger, spare } = await loadFixture(fundedLedger);
        await manager.connect(operator).grantRole(Role.BANK, stranger, 0);
        await expectRejected(
          ledger,
          [spare[0]],
          () => ledger.connect(stranger).onboardCustomer(spare[0], AccountKind.Individual, Tier.STANDARD, ref("x")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "BankNotRegistered").withArgs(stranger.address),
        );
      });
    });
  });

  describe("setCustomerTier", () => {
    describe("when the bank of record changes its customer's tier", () => {
      it("emits AccountTierChanged old -> new and keeps the balance", async () => {
        const { ledger, bankA, alice } = await loadFixture(fundedLedger);
        await expect(ledger.connect(bankA).setCustomerTier(alice, Tier.ENHANCED))
          .to.emit(ledger, "AccountTierChanged")
          .withArgs(alice.address, Tier.STANDARD, Tier.ENHANCED);
        const account = await accountOf(ledger, alice);
        expect(account.tier).to.equal(BigInt(Tier.ENHANCED));
        expect(account.balance).to.equal(tenge(100_000));
      });
    });

    describe("when the caller is not the account's bank of record", () => {
      for (const [bankName, who] of [
        ["bankB", "alice"], // bank A's customer
        ["bankA", "carol"], // bank B's customer
        ["bankA", "agent"], // operator-managed, even with bank A as its bank of record
        ["bankA", "bankB"], // another bank
        ["bankA", "bankA"], // itself: a bank is operator-managed
      ] as const) {
        it(`reverts with NotBankOfRecord when ${bankName} changes the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const bank: HardhatEthersSigner = f[bankName];
          const target = f[who];
          await expectRejected(
            f.ledger,
            [target],
            () => f.ledger.connect(bank).setCustomerTier(target, Tier.ENHANCED),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.ledger, "NotBankOfRecord")
                .withArgs(bank.address, target.address),
          );
        });
      }
    });

    describe("when the account is not registered", () => {
      it("reverts with AccountNotRegistered", async () => {
        const { ledger, bankA, stranger } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [stranger],
          () => ledger.connect(bankA).setCustomerTier(stranger, Tier.ENHANCED),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      });
    });

    describe("when the tier is not defined or out of range", () => {
      it("reverts with TierNotDefined and TierOutOfRange", async () => {
        const { ledger, bankA, alice } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [alice],
          () => ledger.connect(bankA).setCustomerTier(alice, UNDEFINED_TIER),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "TierNotDefined").withArgs(UNDEFINED_TIER),
        );
        await expectRejected(
          ledger,
          [alice],
          () => ledger.connect(bankA).setCustomerTier(alice, OUT_OF_RANGE_TIER),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "TierOutOfRange").withArgs(OUT_OF_RANGE_TIER, MAX_TIER),
        );
      });
    });

    describe("when the caller has no bank role", () => {
      it("reverts with AccessManagedUnauthorized, even for the account itself", async () => {
        const { ledger, alice } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [alice],
          () => ledger.connect(alice).setCustomerTier(alice, Tier.UNLIMITED),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized").withArgs(alice.address),
        );
      });
    });
  });

  describe("closeCustomer", () => {
    /** fundedLedger with bob's balance moved to alice, so bob can be closed. */
    async function bobEmptied() {
      const f = await fundedLedger();
      await f.ledger.connect(f.bob).transfer(f.alice, await f.ledger.balanceOf(f.bob));
      return f;
    }

    describe("when the bank of record closes an empty customer", () => {
      it("emits AccountClosed and marks the account closed, not registered", async () => {
        const { ledger, bankA, bob } = await loadFixture(bobEmptied);
        await expect(ledger.connect(bankA).closeCustomer(bob)).to.emit(ledger, "AccountClosed").withArgs(bob.address);
        const account = await accountOf(ledger, bob);
        expect(account.registered).to.equal(false);
        expect(account.closed).to.equal(true);
        expect(account.balance).to.equal(0n);
      });

      it("then the account can neither receive nor send: AccountNotRegistered", async () => {
        const { ledger, bankA, alice, bob } = await loadFixture(bobEmptied);
        await ledger.connect(bankA).closeCustomer(bob);
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(alice).transfer(bob, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(bob.address),
        );
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(bob).transfer(alice, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(bob.address),
        );
        await expectRejected(
          ledger,
          [alice, bob],
          () => ledger.connect(bob).approve(alice, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(bob.address),
        );
      });

      it("then the address can never be registered again: AccountAlreadyRegistered", async () => {
        const { ledger, operator, bankA, bankB, bob } = await loadFixture(bobEmptied);
        await ledger.connect(bankA).closeCustomer(bob);
        const attempts = [
          () => ledger.connect(bankA).onboardCustomer(bob, AccountKind.Individual, Tier.STANDARD, ref("cust-bob-2")),
          () => ledger.connect(bankB).onboardCustomer(bob, AccountKind.Individual, Tier.STANDARD, ref("cust-bob-2")),
          () =>
            ledger.connect(operator).onboardParticipant(bob, AccountKind.PaymentAgent, Tier.UNLIMITED, bankA, ref("x")),
          () => ledger.connect(operator).onboardBank(bob, Tier.UNLIMITED, ref("x")),
        ];
        for (const attempt of attempts) {
          await expectRejected(ledger, [bob], attempt, (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "AccountAlreadyRegistered").withArgs(bob.address),
          );
        }
        expect((await accountOf(ledger, bob)).closed).to.equal(true);
      });
    });

    describe("when the customer still holds DKZT", () => {
      it("reverts with AccountNotEmpty naming the balance", async () => {
        const { ledger, bankA, alice } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [alice],
          () => ledger.connect(bankA).closeCustomer(alice),
          (p) =>
            expect(p).to.be.revertedWithCustomError(ledger, "AccountNotEmpty").withArgs(alice.address, tenge(100_000)),
        );
      });
    });

    describe("when the customer has no balance but an attachment", () => {
      it("reverts with AccountNotEmpty", async () => {
        const { ledger, compliance, bankA, bob } = await loadFixture(bobEmptied);
        await ledger.connect(compliance).attachFunds(bob, tenge(1), ref("ORDER-7"));
        await expectRejected(
          ledger,
          [bob],
          () => ledger.connect(bankA).closeCustomer(bob),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotEmpty").withArgs(bob.address, 0n),
        );
        expect(await ledger.attachedOf(bob)).to.equal(tenge(1));
      });
    });

    describe("when the caller is not the account's bank of record", () => {
      for (const [bankName, who] of [
        ["bankB", "bob"],
        ["bankA", "agent"],
        ["bankA", "bankB"],
      ] as const) {
        it(`reverts with NotBankOfRecord when ${bankName} closes the ${who}`, async () => {
          const f = await loadFixture(bobEmptied);
          const bank: HardhatEthersSigner = f[bankName];
          const target = f[who];
          await expectRejected(
            f.ledger,
            [target],
            () => f.ledger.connect(bank).closeCustomer(target),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.ledger, "NotBankOfRecord")
                .withArgs(bank.address, target.address),
          );
        });
      }
    });
  });

  describe("personal data", () => {
    it("stores only the opaque reference the bank gave", async () => {
      const { ledger, alice, carol, bankA } = await loadFixture(fundedLedger);
      expect((await accountOf(ledger, alice)).accountRef).to.equal(ref("cust-alice"));
      expect((await accountOf(ledger, carol)).accountRef).to.equal(ref("cust-carol"));
      expect((await accountOf(ledger, bankA)).accountRef).to.equal(ref("EURASIAN"));
    });

    it("stores no reference when the bank gives none", async () => {
      const { ledger, bankA, spare } = await loadFixture(fundedLedger);
      await ledger.connect(bankA).onboardCustomer(spare[0], AccountKind.Individual, Tier.STANDARD, ZeroHash);
      expect((await accountOf(ledger, spare[0])).accountRef).to.equal(ZeroHash);
    });

    it("has no field or parameter that could carry anything but the 32-byte reference", async () => {
      const { ledger } = await loadFixture(fundedLedger);
      // What the ledger says about an account: its status, and the details beside it (src/accounts.ts joins them
      // with the balance and attachment into the whole view).
      const outputs = (name: "statusOf" | "accountDetails"): string[] =>
        ledger.interface.getFunction(name).outputs.map((f) => `${f.type} ${f.name}`);
      expect(outputs("statusOf")).to.deep.equal([
        "bool registered",
        "uint8 freeze",
        "uint8 kind",
        "uint8 tier",
        "address bankOfRecord",
      ]);
      expect(outputs("accountDetails")).to.deep.equal([
        "bool closed",
        "bool waterfall",
        "bool guarded",
        "uint256 spentToday",
        "bytes32 accountRef",
      ]);
      // Onboarding takes fixed-size values only: no string or bytes where a name or document could go.
      for (const name of ["onboardBank", "onboardParticipant", "onboardCustomer"] as const) {
        const types = ledger.interface.getFunction(name).inputs.map((input) => input.type);
        expect(
          types.every((type) => ["address", "uint8", "bytes32"].includes(type)),
          `${name}(${types.join(",")})`,
        ).to.equal(true);
      }
      const onboarded = ledger.interface.getEvent("AccountOnboarded").inputs.map((input) => input.type);
      expect(onboarded).to.deep.equal(["address", "address", "uint8", "uint8", "bytes32"]);
    });
  });

  describe("setWaterfall", () => {
    describe("when a registered holder switches it", () => {
      it("emits WaterfallSet and records the choice, on and off", async () => {
        const { ledger, alice } = await loadFixture(fundedLedger);
        await expect(ledger.connect(alice).setWaterfall(true))
          .to.emit(ledger, "WaterfallSet")
          .withArgs(alice.address, true);
        expect((await accountOf(ledger, alice)).waterfall).to.equal(true);
        await expect(ledger.connect(alice).setWaterfall(false))
          .to.emit(ledger, "WaterfallSet")
          .withArgs(alice.address, false);
        expect((await accountOf(ledger, alice)).waterfall).to.equal(false);
      });
    });

    describe("when the caller is not registered", () => {
      it("reverts with AccountNotRegistered", async () => {
        const { ledger, stranger } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [stranger],
          () => ledger.connect(stranger).setWaterfall(true),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      });
    });
  });
});
