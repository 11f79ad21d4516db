import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time, impersonateAccount, setBalance } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { TypedDataDomain } from "ethers";
import type { GuardianRules } from "../../typechain-types";
import { tenge } from "../../src/money";
import { MCC, TapRejection, encodeTap } from "../../src/programs/taps";
import { ref } from "../helpers/fixtures";
import { LUNCH, lunchProgram, programsLedger, type ProgramsFixture } from "./fixtures";
import { GUARDIAN_INSTRUCTION_TYPES, domainOf } from "./eip712";
import { expectProgramRejected } from "./state";

const MAX_CAP = 2n ** 96n - 1n;
const Denial = { None: 0n, CategoryNotAllowed: 1n, DailyCapExceeded: 2n } as const;

interface Instruction {
  minor: string;
  dailyCap: bigint;
  categories: number[];
  nonce: bigint;
  deadline: bigint;
}

async function instruct(
  rules: GuardianRules,
  signer: HardhatEthersSigner,
  minor: string,
  dailyCap: bigint,
  categories: number[],
  o: { nonce?: bigint; deadline?: bigint; domain?: Partial<TypedDataDomain> } = {},
): Promise<{ message: Instruction; signature: string }> {
  const message: Instruction = {
    minor,
    dailyCap,
    categories,
    nonce: o.nonce ?? (await rules.nonces(minor)),
    deadline: o.deadline ?? BigInt(await time.latest()) + 3_600n,
  };
  const signature = await signer.signTypedData(await domainOf(rules, o.domain), GUARDIAN_INSTRUCTION_TYPES, message);
  return { message, signature };
}

/** Everything of a minor's rules a rejected call must leave as it was. */
async function rulesState(rules: GuardianRules, minor: string) {
  return { rules: (await rules.rulesOf(minor)).toString(), nonce: await rules.nonces(minor) };
}

async function expectRulesRejected(
  f: ProgramsFixture,
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const before = await rulesState(f.guardianRules, f.minor.address);
  await assertion(action());
  expect(await rulesState(f.guardianRules, f.minor.address)).to.deep.equal(before, "a rejected call changed the rules");
}

/** The minor (bank A) is linked to its parent; the parent allows canteens and transport, 1 000 ₸ a day. */
async function guarded(): Promise<ProgramsFixture> {
  const f = await programsLedger();
  const { guardianRules: gr, bankA, minor, parent } = f;
  await gr.connect(bankA).setGuardian(minor.address, parent.address);
  const { message, signature } = await instruct(gr, parent, minor.address, tenge(1_000), [MCC.CANTEEN, MCC.TRANSPORT]);
  await gr.connect(bankA).setRules(minor.address, message.dailyCap, message.categories, message.deadline, signature);
  return f;
}

/** The ledger itself as a caller (what the proposed _settle hook would be). */
async function asLedger(f: ProgramsFixture): Promise<HardhatEthersSigner> {
  const address = await f.ledger.getAddress();
  await impersonateAccount(address);
  await setBalance(address, 10n ** 18n);
  return ethers.getSigner(address);
}

describe("Parental limits", () => {
  describe("MerchantCategories", () => {
    it("the merchant's bank of record sets and clears its category, old -> new", async () => {
      const f = await loadFixture(programsLedger);
      const { merchantCategories: mc, bankA, merchant } = f;
      await expect(mc.connect(bankA).setCategory(merchant.address, MCC.GROCERY))
        .to.emit(mc, "CategorySet")
        .withArgs(merchant.address, bankA.address, false, 0, MCC.GROCERY);
      await expect(mc.connect(bankA).setCategory(merchant.address, MCC.CANTEEN))
        .to.emit(mc, "CategorySet")
        .withArgs(merchant.address, bankA.address, true, MCC.GROCERY, MCC.CANTEEN);
      expect(await mc.categoryOf(merchant.address)).to.deep.equal([true, BigInt(MCC.CANTEEN)]);
      await expect(mc.connect(bankA).clearCategory(merchant.address))
        .to.emit(mc, "CategoryCleared")
        .withArgs(merchant.address, bankA.address, MCC.CANTEEN);
      expect(await mc.categoryOf(merchant.address)).to.deep.equal([false, 0n]);
      await expect(mc.connect(bankA).clearCategory(merchant.address)).not.to.emit(mc, "CategoryCleared");
      await mc.connect(bankA).setCategory(merchant.address, 0);
      expect(await mc.categoryOf(merchant.address)).to.deep.equal([true, 0n]);
    });

    it("rejects another bank, a person, an unregistered account and a code above 9999", async () => {
      const f = await loadFixture(programsLedger);
      const { merchantCategories: mc, bankA, bankB, merchant, alice, stranger } = f;
      for (const [bank, who] of [
        [bankB, merchant],
        [bankA, alice],
        [bankA, stranger],
      ] as const) {
        await expect(mc.connect(bank).setCategory(who.address, MCC.GROCERY))
          .to.be.revertedWithCustomError(mc, "CategoryNotBankOfRecord")
          .withArgs(bank.address, who.address);
      }
      await expect(mc.connect(bankB).clearCategory(merchant.address))
        .to.be.revertedWithCustomError(mc, "CategoryNotBankOfRecord")
        .withArgs(bankB.address, merchant.address);
      await expect(mc.connect(bankA).setCategory(merchant.address, 10_000))
        .to.be.revertedWithCustomError(mc, "CategoryOutOfRange")
        .withArgs(10_000);
      expect(await mc.categoryOf(merchant.address)).to.deep.equal([false, 0n]);
    });
  });

  describe("GuardianRules: who sets the rules", () => {
    it("the minor's bank links the guardian and puts the guardian's signed instruction in force", async () => {
      const f = await loadFixture(programsLedger);
      const { guardianRules: gr, bankA, minor, parent } = f;
      await expect(gr.connect(bankA).setGuardian(minor.address, parent.address))
        .to.emit(gr, "GuardianSet")
        .withArgs(minor.address, bankA.address, ethers.ZeroAddress, parent.address);
      const categories = [MCC.CANTEEN, MCC.TRANSPORT];
      const { message, signature } = await instruct(gr, parent, minor.address, tenge(1_000), categories);
      await expect(gr.connect(bankA).setRules(minor.address, tenge(1_000), categories, message.deadline, signature))
        .to.emit(gr, "RulesSet")
        .withArgs(minor.address, parent.address, 1, MAX_CAP, tenge(1_000), categories);
      const rules = await gr.rulesOf(minor.address);
      expect([rules.guardian, rules.active, rules.version, rules.dailyCap, rules.spentToday]).to.deep.equal([
        parent.address,
        true,
        1n,
        tenge(1_000),
        0n,
      ]);
      expect(rules.categories).to.deep.equal(categories.map(BigInt));
      expect(await gr.guarded(minor.address)).to.equal(true);
      expect(await gr.nonces(minor.address)).to.equal(1n);

      // A new instruction replaces the rules entirely: transport only, 500 ₸.
      const next = await instruct(gr, parent, minor.address, tenge(500), [MCC.TRANSPORT]);
      await expect(
        gr.connect(bankA).setRules(minor.address, tenge(500), [MCC.TRANSPORT], next.message.deadline, next.signature),
      )
        .to.emit(gr, "RulesSet")
        .withArgs(minor.address, parent.address, 2, tenge(1_000), tenge(500), [MCC.TRANSPORT]);
      expect(await gr.check(minor.address, f.canteens[0].address, 1n)).to.equal(Denial.CategoryNotAllowed);

      await expect(gr.connect(bankA).clearRules(minor.address))
        .to.emit(gr, "RulesCleared")
        .withArgs(minor.address, bankA.address, 2);
      expect(await gr.guarded(minor.address)).to.equal(false);
      expect(await gr.check(minor.address, f.bookshop.address, tenge(1_000_000))).to.equal(Denial.None);
    });

    it("rejects another bank, a non-individual, a missing guardian, a stranger's, replayed, expired or wrong-chain instruction", async () => {
      const f = await loadFixture(guarded);
      const { guardianRules: gr, bankA, bankB, minor, parent, stranger, merchant, alice } = f;
      const cats = [MCC.CANTEEN];
      await expectRulesRejected(
        f,
        () => gr.connect(bankB).setGuardian(minor.address, stranger.address),
        (p) =>
          expect(p).to.be.revertedWithCustomError(gr, "GuardianNotBankOfRecord").withArgs(bankB.address, minor.address),
      );
      await expect(gr.connect(bankA).setGuardian(merchant.address, parent.address))
        .to.be.revertedWithCustomError(gr, "GuardianNotBankOfRecord")
        .withArgs(bankA.address, merchant.address);
      const good = await instruct(gr, parent, minor.address, 1n, cats);
      await expectRulesRejected(
        f,
        () => gr.connect(bankB).setRules(minor.address, 1n, cats, good.message.deadline, good.signature),
        (p) =>
          expect(p).to.be.revertedWithCustomError(gr, "GuardianNotBankOfRecord").withArgs(bankB.address, minor.address),
      );
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).clearRules(f.carol.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianNotBankOfRecord")
            .withArgs(bankA.address, f.carol.address),
      );
      // Alice has no guardian linked.
      const orphan = await instruct(gr, parent, alice.address, 1n, cats);
      await expect(gr.connect(bankA).setRules(alice.address, 1n, cats, orphan.message.deadline, orphan.signature))
        .to.be.revertedWithCustomError(gr, "GuardianNotSet")
        .withArgs(alice.address);

      const forged = await instruct(gr, stranger, minor.address, 1n, cats);
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 1n, cats, forged.message.deadline, forged.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianSignatureInvalid")
            .withArgs(minor.address, stranger.address, parent.address),
      );
      const otherChain = await instruct(gr, parent, minor.address, 1n, cats, { domain: { chainId: 1n } });
      const recovered = ethers.verifyTypedData(
        await domainOf(gr),
        GUARDIAN_INSTRUCTION_TYPES,
        otherChain.message,
        otherChain.signature,
      );
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 1n, cats, otherChain.message.deadline, otherChain.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianSignatureInvalid")
            .withArgs(minor.address, recovered, parent.address),
      );
      // Tampered: the bank submits a higher cap than the guardian signed.
      const tamperedSigner = ethers.verifyTypedData(
        await domainOf(gr),
        GUARDIAN_INSTRUCTION_TYPES,
        { ...good.message, dailyCap: 2n },
        good.signature,
      );
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 2n, cats, good.message.deadline, good.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianSignatureInvalid")
            .withArgs(minor.address, tamperedSigner, parent.address),
      );
      // Used once, the instruction cannot be replayed (the nonce moved on).
      await gr.connect(bankA).setRules(minor.address, 1n, cats, good.message.deadline, good.signature);
      const replayed = ethers.verifyTypedData(
        await domainOf(gr),
        GUARDIAN_INSTRUCTION_TYPES,
        { ...good.message, nonce: good.message.nonce + 1n },
        good.signature,
      );
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 1n, cats, good.message.deadline, good.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianSignatureInvalid")
            .withArgs(minor.address, replayed, parent.address),
      );
      const late = await instruct(gr, parent, minor.address, 1n, cats, { deadline: BigInt(await time.latest()) });
      await time.increase(10);
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 1n, cats, late.message.deadline, late.signature),
        async (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianInstructionExpired")
            .withArgs(late.message.deadline, BigInt(await time.latest()) + 1n),
      );
    });

    it("rejects too many categories, a code above 9999 and a cap above 2^96 - 1", async () => {
      const f = await loadFixture(guarded);
      const { guardianRules: gr, bankA, minor, parent } = f;
      const many = Array.from({ length: 33 }, (_, i) => 5000 + i);
      const a = await instruct(gr, parent, minor.address, 1n, many);
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 1n, many, a.message.deadline, a.signature),
        (p) => expect(p).to.be.revertedWithCustomError(gr, "GuardianTooManyCategories").withArgs(33, 32),
      );
      const b = await instruct(gr, parent, minor.address, 1n, [10_000]);
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, 1n, [10_000], b.message.deadline, b.signature),
        (p) => expect(p).to.be.revertedWithCustomError(gr, "GuardianCategoryOutOfRange").withArgs(10_000),
      );
      const c = await instruct(gr, parent, minor.address, MAX_CAP + 1n, [MCC.CANTEEN]);
      await expectRulesRejected(
        f,
        () => gr.connect(bankA).setRules(minor.address, MAX_CAP + 1n, [MCC.CANTEEN], c.message.deadline, c.signature),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianCapTooLarge")
            .withArgs(MAX_CAP + 1n),
      );
    });
  });

  describe("GuardianRules: the decision a payment path asks for", () => {
    it("counts an allowed payment, and refuses a category not allowed or a day over the cap, with exact errors", async () => {
      const f = await loadFixture(guarded);
      const { guardianRules: gr, minor, canteens, bookshop, alice } = f;
      const ledgerCaller = await asLedger(f);
      const by = gr.connect(ledgerCaller);
      await expect(by.consume(minor.address, canteens[0].address, tenge(600)))
        .to.emit(gr, "GuardedPaymentCounted")
        .withArgs(minor.address, canteens[0].address, await f.ledger.getAddress(), tenge(600), tenge(600));
      await expectRulesRejected(
        f,
        () => by.consume(minor.address, bookshop.address, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianCategoryNotAllowed")
            .withArgs(minor.address, bookshop.address, true, MCC.BOOKS),
      );
      await expectRulesRejected(
        f,
        () => by.consume(minor.address, alice.address, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianCategoryNotAllowed")
            .withArgs(minor.address, alice.address, false, 0),
      );
      // A redemption (receiver zero: cash or non-cash withdrawal) counts as 6011, not allowed here.
      await expectRulesRejected(
        f,
        () => by.consume(minor.address, ethers.ZeroAddress, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianCategoryNotAllowed")
            .withArgs(minor.address, ethers.ZeroAddress, true, MCC.CASH),
      );
      await expectRulesRejected(
        f,
        () => by.consume(minor.address, canteens[1].address, tenge(401)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianDailyCapExceeded")
            .withArgs(minor.address, tenge(1_000), tenge(1_001)),
      );
      await by.consume(minor.address, canteens[1].address, tenge(400));
      expect((await gr.rulesOf(minor.address)).spentToday).to.equal(tenge(1_000));
      // The next Almaty day starts from zero.
      await time.increase(86_400);
      expect((await gr.rulesOf(minor.address)).spentToday).to.equal(0n);
      expect(await gr.check(minor.address, canteens[1].address, tenge(1_000))).to.equal(Denial.None);
      expect(await gr.check(minor.address, canteens[1].address, tenge(1_001))).to.equal(Denial.DailyCapExceeded);
    });

    it("tryConsume reports a denial and writes nothing; an unguarded payer passes a module and nothing is counted", async () => {
      const f = await loadFixture(guarded);
      const { guardianRules: gr, minor, bob, bookshop, canteens } = f;
      const by = gr.connect(await asLedger(f));
      expect(await by.tryConsume.staticCall(minor.address, bookshop.address, 1n)).to.equal(Denial.CategoryNotAllowed);
      expect(await by.tryConsume.staticCall(minor.address, canteens[0].address, tenge(1_001))).to.equal(
        Denial.DailyCapExceeded,
      );
      await expect(by.tryConsume(minor.address, bookshop.address, 1n)).not.to.emit(gr, "GuardedPaymentCounted");
      expect((await gr.rulesOf(minor.address)).spentToday).to.equal(0n);
      const programs = await f.purposePrograms.getAddress();
      await impersonateAccount(programs);
      await setBalance(programs, 10n ** 18n);
      const asModule = gr.connect(await ethers.getSigner(programs));
      await expect(asModule.consume(bob.address, bookshop.address, tenge(1_000_000))).not.to.emit(
        gr,
        "GuardedPaymentCounted",
      );
      expect(await gr.guarded(bob.address)).to.equal(false);
      // The ledger asks only about accounts it flags as guarded: rules it cannot find here refuse.
      await expect(by.consume(bob.address, bookshop.address, 1n))
        .to.be.revertedWithCustomError(gr, "GuardianRulesMissing")
        .withArgs(bob.address);
    });

    it("only the ledger or a registered, unfrozen suite module may count payments", async () => {
      const f = await loadFixture(guarded);
      const { guardianRules: gr, minor, canteens, stranger, agent, ledger, compliance, purposePrograms } = f;
      for (const caller of [stranger, agent]) {
        await expectRulesRejected(
          f,
          () => gr.connect(caller).consume(minor.address, canteens[0].address, 1n),
          (p) => expect(p).to.be.revertedWithCustomError(gr, "GuardianCallerNotModule").withArgs(caller.address),
        );
        await expect(gr.connect(caller).tryConsume(minor.address, canteens[0].address, 1n))
          .to.be.revertedWithCustomError(gr, "GuardianCallerNotModule")
          .withArgs(caller.address);
      }
      // A frozen module is stopped too.
      const programs = await purposePrograms.getAddress();
      await ledger.connect(compliance).setFreezeState(programs, 1, ref("stop-programs"));
      await impersonateAccount(programs);
      await setBalance(programs, 10n ** 18n);
      const asPrograms = await ethers.getSigner(programs);
      await expect(gr.connect(asPrograms).consume(minor.address, canteens[0].address, 1n))
        .to.be.revertedWithCustomError(gr, "GuardianCallerNotModule")
        .withArgs(programs);
    });
  });

  describe("program payment paths honour the minor's rules", () => {
    /** The lunch program also pays bookshops; the minor is enrolled by account; the parent allows canteens only, 1 000 ₸ a day. */
    async function minorInProgram() {
      const f = await lunchProgram();
      const { purposePrograms: pp, programId, akimat, guardianRules: gr, bankA, minor, parent } = f;
      await pp.connect(akimat).setRecipientCategory(programId, MCC.BOOKS, true);
      await pp.connect(akimat).setLimits(programId, { perDay: tenge(5_000), perProgram: LUNCH.perProgram });
      await pp.connect(akimat).registerBeneficiaries(programId, [await pp.accountId(minor.address)]);
      await gr.connect(bankA).setGuardian(minor.address, parent.address);
      const { message, signature } = await instruct(gr, parent, minor.address, tenge(1_000), [MCC.CANTEEN]);
      await gr
        .connect(bankA)
        .setRules(minor.address, message.dailyCap, message.categories, message.deadline, signature);
      return { ...f, minorIndex: 21 };
    }

    it("pay: refuses a category the guardian does not allow and a day over its cap; counts what it pays", async () => {
      const f = await loadFixture(minorInProgram);
      const { purposePrograms: pp, programId, minor, bookshop, canteens, guardianRules: gr, ledger } = f;
      await expectProgramRejected(
        f,
        programId,
        [minor, bookshop],
        () => pp.connect(minor).pay(programId, bookshop.address, tenge(100), ref("book")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianCategoryNotAllowed")
            .withArgs(minor.address, bookshop.address, true, MCC.BOOKS),
      );
      await expect(
        pp.connect(minor).pay(programId, canteens[0].address, tenge(900), ref("lunch")),
      ).to.changeTokenBalances(ledger, [canteens[0]], [tenge(900)]);
      expect((await gr.rulesOf(minor.address)).spentToday).to.equal(tenge(900));
      await expectProgramRejected(
        f,
        programId,
        [minor, canteens[0]],
        () => pp.connect(minor).pay(programId, canteens[0].address, tenge(200), ref("x")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(gr, "GuardianDailyCapExceeded")
            .withArgs(minor.address, tenge(1_000), tenge(1_100)),
      );
    });

    it("taps: a minor's tap the guardian's rules refuse is reported GuardianDenied, the rest of the batch settles", async () => {
      const f = await loadFixture(minorInProgram);
      const {
        purposePrograms: pp,
        programId,
        agent,
        canteens,
        bookshop,
        minor,
        minorIndex,
        guardianRules: gr,
        ledger,
      } = f;
      const taps = [
        { terminal: 9, sequence: 1, beneficiary: minorIndex, amount: tenge(800), canteen: 0 },
        { terminal: 9, sequence: 2, beneficiary: minorIndex, amount: tenge(300), canteen: 0 }, // 1 100 > cap 1 000
        { terminal: 9, sequence: 3, beneficiary: minorIndex, amount: tenge(100), canteen: 1 }, // a bookshop
        { terminal: 9, sequence: 4, beneficiary: 1, amount: tenge(800), canteen: 1 }, // a card pupil at the bookshop: no rules
      ];
      const tx = pp.connect(agent).submitTaps(programId, [canteens[0].address, bookshop.address], taps.map(encodeTap));
      await expect(tx)
        .to.emit(pp, "TapRejected")
        .withArgs(programId, (9n << 32n) | 2n, minorIndex, TapRejection.GuardianDenied);
      await expect(tx)
        .to.emit(pp, "TapRejected")
        .withArgs(programId, (9n << 32n) | 3n, minorIndex, TapRejection.GuardianDenied);
      await expect(tx).to.changeTokenBalances(ledger, [canteens[0], bookshop], [tenge(800), tenge(800)]);
      expect((await gr.rulesOf(minor.address)).spentToday).to.equal(tenge(800));
      expect((await pp.beneficiaryOf(programId, minorIndex)).spentToday).to.equal(tenge(800));
    });
  });
});
