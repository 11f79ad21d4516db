import { expect } from "chai";
import { ZeroAddress, type AddressLike } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { DigitalTenge } from "../../typechain-types";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { Role } from "../../src/roles";
import { AccountKind, FreezeState, Tier } from "../../src/tiers";

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

/** The two-tier invariant: every DKZT in circulation is outstanding at exactly one bank. */
async function expectSupplyEqualsOutstanding(ledger: DigitalTenge): Promise<void> {
  let outstanding = 0n;
  const count = await ledger.bankCount();
  for (let id = 1n; id <= count; id++) outstanding += (await ledger.bankOf(await ledger.bankById(id))).outstanding;
  expect(await ledger.totalSupply()).to.equal(outstanding, "totalSupply != sum of banks' outstanding");
}

// fundedLedger: bank A holds 890 000 ₸ (issued 1 000 000 ₸, paid alice 100 000 ₸ and bob 10 000 ₸).
const BANK_A_BALANCE = tenge(890_000);
const ALICE_BALANCE = tenge(100_000);

/** fundedLedger plus a payment agent with no bank of record, holding 1 000 ₸. */
async function withBanklessAgent() {
  const f = await fundedLedger();
  const kiosk = f.spare[0];
  await f.ledger
    .connect(f.operator)
    .onboardParticipant(kiosk, AccountKind.PaymentAgent, Tier.UNLIMITED, ZeroAddress, ref("KIOSK"));
  await f.ledger.connect(f.bankA).transfer(kiosk, tenge(1_000));
  return { ...f, kiosk };
}

describe("DigitalTenge: redemption", () => {
  describe("redeem (a bank returns DKZT to the central bank)", () => {
    describe("when a registered bank redeems from its balance", () => {
      it("burns, emitting Redeemed with the reserve reference and Transfer to zero", async () => {
        const { ledger, bankA } = await loadFixture(fundedLedger);
        const supply = await ledger.totalSupply();
        const tx = await ledger.connect(bankA).redeem(tenge(200_000), ref("RSV-A-R1"));

        await expect(tx).to.emit(ledger, "Redeemed").withArgs(bankA.address, tenge(200_000), ref("RSV-A-R1"));
        await expect(tx).to.emit(ledger, "Transfer").withArgs(bankA.address, ZeroAddress, tenge(200_000));
        await expect(tx).to.changeTokenBalance(ledger, bankA, -tenge(200_000));
        expect(await ledger.totalSupply()).to.equal(supply - tenge(200_000));
      });

      it("counts it as redeemed, lowering outstanding and freeing ceiling", async () => {
        const { ledger, centralBank, bankA, bankB } = await loadFixture(fundedLedger);
        const before = await ledger.bankOf(bankA);
        const other = (await ledger.bankOf(bankB)).toString();

        await ledger.connect(bankA).redeem(tenge(200_000), ref("RSV-A-R1"));

        const after = await ledger.bankOf(bankA);
        expect(after.issued).to.equal(before.issued);
        expect(after.redeemed).to.equal(before.redeemed + tenge(200_000));
        expect(after.outstanding).to.equal(before.outstanding - tenge(200_000));
        expect((await ledger.bankOf(bankB)).toString()).to.equal(other);
        await expectSupplyEqualsOutstanding(ledger);
        // The freed room: the ceiling now admits exactly 200 000 ₸ more than before.
        await ledger
          .connect(centralBank)
          .issue(bankA, before.ceiling - before.outstanding + tenge(200_000), ref("RSV"));
        expect((await ledger.bankOf(bankA)).outstanding).to.equal(before.ceiling);
      });

      it("redeems its whole balance", async () => {
        const { ledger, bankA } = await loadFixture(fundedLedger);
        await ledger.connect(bankA).redeem(BANK_A_BALANCE, ref("RSV-A-R1"));
        expect(await ledger.balanceOf(bankA)).to.equal(0n);
        expect((await ledger.bankOf(bankA)).outstanding).to.equal(ALICE_BALANCE + tenge(10_000));
        await expectSupplyEqualsOutstanding(ledger);
      });

      it("still redeems while suspended (a suspended bank winds down)", async () => {
        const { ledger, operator, bankA } = await loadFixture(fundedLedger);
        await ledger.connect(operator).setBankSuspended(bankA, true);
        await expect(ledger.connect(bankA).redeem(tenge(1), ref("RSV-A-R1")))
          .to.emit(ledger, "Redeemed")
          .withArgs(bankA.address, tenge(1), ref("RSV-A-R1"));
      });
    });

    describe("when the caller does not hold the bank role", () => {
      for (const who of ["alice", "merchant", "agent", "operator", "centralBank", "stranger"] as const) {
        it(`reverts with AccessManagedUnauthorized for the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const caller = f[who];
          await expectRejectedKeepingBanks(
            f.ledger,
            [f.bankA, f.bankB],
            [caller],
            () => f.ledger.connect(caller).redeem(tenge(1), ref("RSV")),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(caller.address),
          );
        });
      }
    });

    describe("when the caller holds the bank role but is not a registered bank", () => {
      it("reverts with BankNotRegistered (a customer cannot redeem with the central bank)", async () => {
        const { ledger, manager, operator, alice, bankA, bankB } = await loadFixture(fundedLedger);
        await manager.connect(operator).grantRole(Role.BANK, alice, 0);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB, alice],
          [alice],
          () => ledger.connect(alice).redeem(tenge(1), ref("RSV")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "BankNotRegistered").withArgs(alice.address),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const { ledger, bankA, bankB } = await loadFixture(fundedLedger);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [bankA],
          () => ledger.connect(bankA).redeem(0n, ref("RSV")),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ZeroAmount"),
        );
      });
    });

    describe("when the amount is above the bank's balance", () => {
      it("reverts with ERC20InsufficientBalance", async () => {
        const { ledger, bankA, bankB } = await loadFixture(fundedLedger);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [bankA],
          () => ledger.connect(bankA).redeem(BANK_A_BALANCE + 1n, ref("RSV")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
              .withArgs(bankA.address, BANK_A_BALANCE, BANK_A_BALANCE + 1n),
        );
      });
    });

    describe("when part of the bank's balance is attached", () => {
      it("reverts with AttachedFundsLocked above the free part, and redeems exactly the free part", async () => {
        const { ledger, compliance, bankA, bankB } = await loadFixture(fundedLedger);
        const attached = tenge(100_000);
        const free = BANK_A_BALANCE - attached;
        await ledger.connect(compliance).attachFunds(bankA, attached, ref("COURT-1"));

        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [bankA],
          () => ledger.connect(bankA).redeem(free + 1n, ref("RSV")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
              .withArgs(bankA.address, free, free + 1n),
        );
        await ledger.connect(bankA).redeem(free, ref("RSV"));
        expect(await ledger.balanceOf(bankA)).to.equal(attached);
      });
    });

    describe("when the bank is frozen or receive-only", () => {
      for (const [state, error] of [
        [FreezeState.Full, "AccountFrozen"],
        [FreezeState.OutboundOnly, "AccountOutboundBlocked"],
      ] as const) {
        it(`reverts with ${error}`, async () => {
          const { ledger, compliance, bankA, bankB } = await loadFixture(fundedLedger);
          await ledger.connect(compliance).setFreezeState(bankA, state, ref("ORDER-1"));
          await expectRejectedKeepingBanks(
            ledger,
            [bankA, bankB],
            [bankA],
            () => ledger.connect(bankA).redeem(tenge(1), ref("RSV")),
            (p) => expect(p).to.be.revertedWithCustomError(ledger, error).withArgs(bankA.address),
          );
        });
      }
    });
  });

  describe("redeemToNonCash (a holder moves DKZT into its bank deposit)", () => {
    describe("when a customer redeems from its balance", () => {
      it("burns, emitting RedeemedToNonCash with the bank and account reference, and Transfer to zero", async () => {
        const { ledger, alice, bankA } = await loadFixture(fundedLedger);
        const supply = await ledger.totalSupply();
        const tx = await ledger.connect(alice).redeemToNonCash(tenge(25_000));

        await expect(tx)
          .to.emit(ledger, "RedeemedToNonCash")
          .withArgs(alice.address, bankA.address, tenge(25_000), ref("cust-alice"));
        await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, ZeroAddress, tenge(25_000));
        await expect(tx).to.changeTokenBalances(ledger, [alice, bankA], [-tenge(25_000), 0n]);
        expect(await ledger.totalSupply()).to.equal(supply - tenge(25_000));
      });

      for (const [who, bankName] of [
        ["alice", "bankA"],
        ["carol", "bankB"],
        ["court", "bankB"],
        ["agent", "bankA"], // a payment agent, redeeming through the bank of record the operator gave it
      ] as const) {
        it(`counts the ${who}'s redemption as redeemed through ${bankName}, keeping supply == sum of outstanding`, async () => {
          const f = await loadFixture(fundedLedger);
          const holder = f[who];
          const bank = f[bankName];
          const otherBank = bankName === "bankA" ? f.bankB : f.bankA;
          await f.ledger.connect(f.bankA).transfer(f.agent, tenge(5_000));
          await f.ledger.connect(f.bankB).transfer(f.carol, tenge(5_000));
          await f.ledger.connect(f.bankB).transfer(f.court, tenge(5_000));
          const before = await f.ledger.bankOf(bank);
          const other = (await f.ledger.bankOf(otherBank)).toString();

          await f.ledger.connect(holder).redeemToNonCash(tenge(5_000));

          const after = await f.ledger.bankOf(bank);
          expect(after.redeemed).to.equal(before.redeemed + tenge(5_000));
          expect(after.outstanding).to.equal(before.outstanding - tenge(5_000));
          expect(after.issued).to.equal(before.issued);
          expect((await f.ledger.bankOf(otherBank)).toString()).to.equal(other);
          await expectSupplyEqualsOutstanding(f.ledger);
        });
      }

      it("redeems the whole balance", async () => {
        const { ledger, alice } = await loadFixture(fundedLedger);
        await ledger.connect(alice).redeemToNonCash(ALICE_BALANCE);
        expect(await ledger.balanceOf(alice)).to.equal(0n);
      });
    });

    describe("when the holder has no bank of record", () => {
      it("reverts with NoBankOfRecord", async () => {
        const { ledger, kiosk, bankA, bankB } = await loadFixture(withBanklessAgent);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [kiosk],
          () => ledger.connect(kiosk).redeemToNonCash(tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "NoBankOfRecord").withArgs(kiosk.address),
        );
      });
    });

    describe("when the caller is not registered", () => {
      it("reverts with AccountNotRegistered", async () => {
        const { ledger, stranger, bankA, bankB } = await loadFixture(fundedLedger);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [stranger],
          () => ledger.connect(stranger).redeemToNonCash(tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const { ledger, alice, bankA, bankB } = await loadFixture(fundedLedger);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [alice],
          () => ledger.connect(alice).redeemToNonCash(0n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "ZeroAmount"),
        );
      });
    });

    describe("when the amount is above the holder's balance", () => {
      it("reverts with ERC20InsufficientBalance", async () => {
        const { ledger, alice, bankA, bankB } = await loadFixture(fundedLedger);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [alice],
          () => ledger.connect(alice).redeemToNonCash(ALICE_BALANCE + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "ERC20InsufficientBalance")
              .withArgs(alice.address, ALICE_BALANCE, ALICE_BALANCE + 1n),
        );
      });
    });

    describe("when part of the holder's balance is attached", () => {
      it("reverts with AttachedFundsLocked above the free part, and redeems exactly the free part", async () => {
        const { ledger, compliance, alice, bankA, bankB } = await loadFixture(fundedLedger);
        const attached = tenge(40_000);
        const free = ALICE_BALANCE - attached;
        await ledger.connect(compliance).attachFunds(alice, attached, ref("COURT-1"));

        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [alice],
          () => ledger.connect(alice).redeemToNonCash(free + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "AttachedFundsLocked")
              .withArgs(alice.address, free, free + 1n),
        );
        await ledger.connect(alice).redeemToNonCash(free);
        expect(await ledger.balanceOf(alice)).to.equal(attached);
        expect(await ledger.attachedOf(alice)).to.equal(attached);
      });

      it("reverts with AttachedFundsLocked when the attachment covers the whole balance", async () => {
        const { ledger, compliance, alice, bankA, bankB } = await loadFixture(fundedLedger);
        await ledger.connect(compliance).attachFunds(alice, ALICE_BALANCE + tenge(1), ref("COURT-1"));
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [alice],
          () => ledger.connect(alice).redeemToNonCash(1n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AttachedFundsLocked").withArgs(alice.address, 0n, 1n),
        );
      });
    });

    describe("when the holder is frozen or receive-only", () => {
      for (const [state, error] of [
        [FreezeState.Full, "AccountFrozen"],
        [FreezeState.OutboundOnly, "AccountOutboundBlocked"],
      ] as const) {
        it(`reverts with ${error}`, async () => {
          const { ledger, compliance, alice, bankA, bankB } = await loadFixture(fundedLedger);
          await ledger.connect(compliance).setFreezeState(alice, state, ref("ORDER-1"));
          await expectRejectedKeepingBanks(
            ledger,
            [bankA, bankB],
            [alice],
            () => ledger.connect(alice).redeemToNonCash(tenge(1)),
            (p) => expect(p).to.be.revertedWithCustomError(ledger, error).withArgs(alice.address),
          );
        });
      }
    });

    describe("when the holder's account is closed", () => {
      it("reverts with AccountNotRegistered", async () => {
        const { ledger, bankA, bankB, bob, alice } = await loadFixture(fundedLedger);
        await ledger.connect(bob).transfer(alice, await ledger.balanceOf(bob));
        await ledger.connect(bankA).closeCustomer(bob);
        await expectRejectedKeepingBanks(
          ledger,
          [bankA, bankB],
          [bob],
          () => ledger.connect(bob).redeemToNonCash(1n),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(bob.address),
        );
      });
    });
  });
});
