import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { tenge } from "../../src/money";

// The desk's rolling window when several issues fall in the same hour bucket, and the ledger it was wired to.

const HOUR = 60 * 60;
const BUDGET = tenge(1_000_000);

async function deskWithBudget() {
  const f = await fundedLedger();
  await f.desk.connect(f.centralBank).setBudget(f.bankA.address, BUDGET);
  return f;
}

/** Put the next block `seconds` after the start of the next whole hour. */
async function intoNextHour(seconds: number): Promise<void> {
  const now = await time.latest();
  await time.setNextBlockTimestamp((Math.floor(now / HOUR) + 1) * HOUR + seconds);
}

describe("IssuanceDesk: issues within one hour", () => {
  it("reports the ledger it issues on", async () => {
    const { desk, ledger } = await loadFixture(deskWithBudget);
    expect(await desk.ledger()).to.equal(await ledger.getAddress());
  });

  describe("when the desk issues twice in the same hour", () => {
    it("adds both to that hour's bucket: the window counts the sum", async () => {
      const { desk, deskKey, bankA } = await loadFixture(deskWithBudget);
      await intoNextHour(10);
      await desk.connect(deskKey).issue(bankA.address, tenge(300_000), ref("RSV-1"));
      await time.setNextBlockTimestamp((await time.latest()) + 60);
      await expect(desk.connect(deskKey).issue(bankA.address, tenge(200_000), ref("RSV-2")))
        .to.emit(desk, "DeskIssued")
        .withArgs(bankA.address, deskKey.address, tenge(200_000), tenge(500_000), ref("RSV-2"));
      expect(await desk.usedInWindow(bankA.address)).to.equal(tenge(500_000));
      expect(await desk.remainingBudget(bankA.address)).to.equal(BUDGET - tenge(500_000));
    });

    it("refuses a third issue above what is left with IssuanceBudgetExceeded naming the hour's sum", async () => {
      const { ledger, desk, deskKey, bankA } = await loadFixture(deskWithBudget);
      await intoNextHour(10);
      await desk.connect(deskKey).issue(bankA.address, tenge(300_000), ref("RSV-1"));
      await desk.connect(deskKey).issue(bankA.address, tenge(200_000), ref("RSV-2"));
      const supply = await ledger.totalSupply();
      const issued = (await ledger.bankOf(bankA.address)).issued;
      await expect(desk.connect(deskKey).issue(bankA.address, tenge(500_001), ref("RSV-3")))
        .to.be.revertedWithCustomError(desk, "IssuanceBudgetExceeded")
        .withArgs(bankA.address, BUDGET, tenge(500_000), tenge(500_001));
      expect(await ledger.totalSupply()).to.equal(supply);
      expect((await ledger.bankOf(bankA.address)).issued).to.equal(issued);
      expect(await desk.usedInWindow(bankA.address)).to.equal(tenge(500_000));
    });

    it("lets the whole bucket fall out of the window at the first hour boundary 24 hours later", async () => {
      const { desk, deskKey, bankA } = await loadFixture(deskWithBudget);
      await intoNextHour(10);
      await desk.connect(deskKey).issue(bankA.address, tenge(300_000), ref("RSV-1"));
      await desk.connect(deskKey).issue(bankA.address, tenge(200_000), ref("RSV-2"));
      await intoNextHour(24 * HOUR + 10);
      await desk.connect(deskKey).issue(bankA.address, tenge(100_000), ref("RSV-3"));
      expect(await desk.usedInWindow(bankA.address)).to.equal(tenge(100_000));
    });
  });
});

describe("IssuanceDesk: no 24-hour span holds more than the budget", () => {
  /** The whole budget issued at the last second of an hour; returns that second. */
  async function budgetAtEndOfHour() {
    const f = await loadFixture(deskWithBudget);
    await intoNextHour(HOUR - 1);
    await f.desk.connect(f.deskKey).issue(f.bankA.address, BUDGET, ref("RSV-1"));
    return { ...f, issuedAt: await time.latest() };
  }

  describe("when the desk tries the budget again 23 h 00 min 01 s later (the first second of the 24th hour after)", () => {
    it("reverts with IssuanceBudgetExceeded, issues nothing and counts nothing new", async () => {
      const { ledger, desk, deskKey, bankA, issuedAt } = await budgetAtEndOfHour();
      await time.setNextBlockTimestamp(issuedAt + 23 * HOUR + 1);
      const supply = await ledger.totalSupply();
      const position = await ledger.bankOf(bankA.address);
      await expect(desk.connect(deskKey).issue(bankA.address, BUDGET, ref("RSV-2")))
        .to.be.revertedWithCustomError(desk, "IssuanceBudgetExceeded")
        .withArgs(bankA.address, BUDGET, BUDGET, BUDGET);
      expect(await ledger.totalSupply()).to.equal(supply);
      expect(await ledger.bankOf(bankA.address)).to.deep.equal(position);
      expect(await desk.usedInWindow(bankA.address)).to.equal(BUDGET);
    });
  });

  describe("when the desk tries a single tiyn exactly 24 hours later", () => {
    it("still reverts with IssuanceBudgetExceeded: the span would hold the budget and a tiyn", async () => {
      const { ledger, desk, deskKey, bankA, issuedAt } = await budgetAtEndOfHour();
      await time.setNextBlockTimestamp(issuedAt + 24 * HOUR);
      const supply = await ledger.totalSupply();
      await expect(desk.connect(deskKey).issue(bankA.address, 1n, ref("RSV-2")))
        .to.be.revertedWithCustomError(desk, "IssuanceBudgetExceeded")
        .withArgs(bankA.address, BUDGET, BUDGET, 1n);
      expect(await ledger.totalSupply()).to.equal(supply);
    });
  });

  describe("when the desk issues again 24 h 00 min 01 s later", () => {
    it("issues the whole budget: the first issue is out of every 24-hour span that holds this one", async () => {
      const { ledger, desk, deskKey, bankA, issuedAt } = await budgetAtEndOfHour();
      await time.setNextBlockTimestamp(issuedAt + 24 * HOUR + 1);
      const supply = await ledger.totalSupply();
      await expect(desk.connect(deskKey).issue(bankA.address, BUDGET, ref("RSV-2")))
        .to.emit(desk, "DeskIssued")
        .withArgs(bankA.address, deskKey.address, BUDGET, BUDGET, ref("RSV-2"));
      expect((await ledger.totalSupply()) - supply).to.equal(BUDGET);
    });
  });

  describe("when a stolen desk key issues a slice every 59 minutes for two days", () => {
    it("never puts more than the budget into any 24-hour span", async () => {
      const { desk, deskKey, bankA } = await loadFixture(deskWithBudget);
      const slice = BUDGET / 10n;
      const issued: { at: number; amount: bigint }[] = [];
      for (let i = 0; i < 49; i++) {
        await time.increase(59 * 60);
        const left = await desk.remainingBudget(bankA.address);
        const amount = left < slice ? left : slice;
        if (amount === 0n) continue;
        await desk.connect(deskKey).issue(bankA.address, amount, ref(`THEFT-${i}`));
        issued.push({ at: await time.latest(), amount });
      }
      for (const start of issued) {
        const span = issued.filter((x) => x.at >= start.at && x.at < start.at + 24 * HOUR);
        expect(span.reduce((sum, x) => sum + x.amount, 0n)).to.be.at.most(BUDGET);
      }
      expect(issued.reduce((sum, x) => sum + x.amount, 0n)).to.be.greaterThan(BUDGET);
    });
  });
});
