import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { tenge } from "../../src/money";

/** The central bank gives each bank a rolling 24-hour desk budget. */
async function deskWithBudgets() {
  const f = await fundedLedger();
  await f.desk.connect(f.centralBank).setBudget(f.bankA.address, tenge(1_000_000));
  return f;
}

describe("IssuanceDesk (maker-checker issuance)", () => {
  describe("when the desk issues within the budget", () => {
    it("issues through the ledger and counts the window", async () => {
      const { ledger, desk, deskKey, bankA } = await loadFixture(deskWithBudgets);
      const before = await ledger.bankOf(bankA.address);
      await expect(desk.connect(deskKey).issue(bankA.address, tenge(400_000), ref("RSV-1")))
        .to.emit(desk, "DeskIssued")
        .withArgs(bankA.address, deskKey.address, tenge(400_000), tenge(400_000), ref("RSV-1"))
        .and.to.emit(ledger, "Issued")
        .withArgs(bankA.address, tenge(400_000), ref("RSV-1"));
      expect((await ledger.bankOf(bankA.address)).issued - before.issued).to.equal(tenge(400_000));
      expect(await desk.usedInWindow(bankA.address)).to.equal(tenge(400_000));
      expect(await desk.remainingBudget(bankA.address)).to.equal(tenge(600_000));
    });
  });

  describe("when the desk goes above the budget", () => {
    it("reverts with IssuanceBudgetExceeded and issues nothing", async () => {
      const { ledger, desk, deskKey, bankA } = await loadFixture(deskWithBudgets);
      await desk.connect(deskKey).issue(bankA.address, tenge(700_000), ref("RSV-1"));
      const supply = await ledger.totalSupply();
      await expect(desk.connect(deskKey).issue(bankA.address, tenge(300_001), ref("RSV-2")))
        .to.be.revertedWithCustomError(desk, "IssuanceBudgetExceeded")
        .withArgs(bankA.address, tenge(1_000_000), tenge(700_000), tenge(300_001));
      expect(await ledger.totalSupply()).to.equal(supply);
      expect(await desk.usedInWindow(bankA.address)).to.equal(tenge(700_000));
    });

    it("a stolen desk key mints at most the remaining budget, however it splits the calls", async () => {
      const { ledger, desk, deskKey, bankA } = await loadFixture(deskWithBudgets);
      const supply = await ledger.totalSupply();
      const chunk = tenge(150_000);
      let minted = 0n;
      for (let i = 0; i < 10; i++) {
        try {
          await desk.connect(deskKey).issue(bankA.address, chunk, ref(`THEFT-${i}`));
          minted += chunk;
        } catch {
          break;
        }
        await time.increase(60 * 60); // an hour between attempts: still inside the rolling 24 hours
      }
      const rest = await desk.remainingBudget(bankA.address);
      if (rest > 0n) await desk.connect(deskKey).issue(bankA.address, rest, ref("THEFT-rest"));
      expect(minted + rest).to.equal(tenge(1_000_000));
      expect((await ledger.totalSupply()) - supply).to.equal(tenge(1_000_000));
      await expect(desk.connect(deskKey).issue(bankA.address, 1n, ref("THEFT-more"))).to.be.revertedWithCustomError(
        desk,
        "IssuanceBudgetExceeded",
      );
    });

    it("a bank with no budget gets nothing from the desk", async () => {
      const { ledger, desk, deskKey, bankB } = await loadFixture(deskWithBudgets);
      const before = await ledger.bankOf(bankB.address);
      await expect(desk.connect(deskKey).issue(bankB.address, 1n, ref("X")))
        .to.be.revertedWithCustomError(desk, "IssuanceBudgetExceeded")
        .withArgs(bankB.address, 0, 0, 1);
      expect(await ledger.bankOf(bankB.address)).to.deep.equal(before);
    });
  });

  describe("the rolling window", () => {
    it("frees budget at the first hour boundary 24 hours after it was used, not before", async () => {
      const { desk, deskKey, bankA } = await loadFixture(deskWithBudgets);
      await desk.connect(deskKey).issue(bankA.address, tenge(1_000_000), ref("RSV-1"));
      const issuedAt = await time.latest();
      await time.increaseTo(issuedAt + 24 * 60 * 60);
      expect(await desk.remainingBudget(bankA.address)).to.equal(0);
      await expect(desk.connect(deskKey).issue(bankA.address, 1n, ref("RSV-2"))).to.be.revertedWithCustomError(
        desk,
        "IssuanceBudgetExceeded",
      );
      const nextHour = (Math.floor(issuedAt / 3600) + 25) * 3600;
      await time.increaseTo(nextHour);
      expect(await desk.remainingBudget(bankA.address)).to.equal(tenge(1_000_000));
      await expect(desk.connect(deskKey).issue(bankA.address, tenge(1_000_000), ref("RSV-3"))).to.emit(
        desk,
        "DeskIssued",
      );
    });
  });

  describe("who may do what", () => {
    it("only the desk key issues through the desk", async () => {
      const { desk, centralBank, bankA, stranger, ledger } = await loadFixture(deskWithBudgets);
      const supply = await ledger.totalSupply();
      for (const caller of [centralBank, bankA, stranger]) {
        await expect(desk.connect(caller).issue(bankA.address, 1n, ref("X")))
          .to.be.revertedWithCustomError(desk, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
      expect(await ledger.totalSupply()).to.equal(supply);
    });

    it("only the central bank sets budgets, old → new", async () => {
      const { desk, centralBank, deskKey, bankA } = await loadFixture(deskWithBudgets);
      await expect(desk.connect(deskKey).setBudget(bankA.address, tenge(10_000_000)))
        .to.be.revertedWithCustomError(desk, "AccessManagedUnauthorized")
        .withArgs(deskKey.address);
      expect(await desk.budgetOf(bankA.address)).to.equal(tenge(1_000_000));
      await expect(desk.connect(centralBank).setBudget(bankA.address, tenge(2_000_000)))
        .to.emit(desk, "DeskBudgetSet")
        .withArgs(bankA.address, tenge(1_000_000), tenge(2_000_000));
    });

    it("the desk key cannot call the ledger's issue directly", async () => {
      const { ledger, deskKey, bankA } = await loadFixture(deskWithBudgets);
      const supply = await ledger.totalSupply();
      await expect(ledger.connect(deskKey).issue(bankA.address, 1n, ref("X")))
        .to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized")
        .withArgs(deskKey.address);
      expect(await ledger.totalSupply()).to.equal(supply);
    });

    it("the central bank issues above the budget directly (its ISSUER role)", async () => {
      const { ledger, centralBank, bankA } = await loadFixture(deskWithBudgets);
      await expect(ledger.connect(centralBank).issue(bankA.address, tenge(5_000_000), ref("BIG"))).to.emit(
        ledger,
        "Issued",
      );
    });

    it("the ledger's own rules still apply to desk issuance (ceiling)", async () => {
      const { ledger, desk, centralBank, deskKey, bankA } = await loadFixture(deskWithBudgets);
      await desk.connect(centralBank).setBudget(bankA.address, tenge(100_000_000));
      const position = await ledger.bankOf(bankA.address);
      const room = position.ceiling - position.outstanding;
      await expect(desk.connect(deskKey).issue(bankA.address, room + 1n, ref("X")))
        .to.be.revertedWithCustomError(ledger, "IssuanceCeilingExceeded")
        .withArgs(bankA.address, position.ceiling, position.ceiling + 1n);
      expect(await desk.usedInWindow(bankA.address)).to.equal(0);
    });

    it("rejects a zero amount", async () => {
      const { desk, deskKey, bankA } = await loadFixture(deskWithBudgets);
      await expect(desk.connect(deskKey).issue(bankA.address, 0, ref("X"))).to.be.revertedWithCustomError(
        desk,
        "ZeroAmount",
      );
    });
  });
});
