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

    it("lets the whole bucket fall out of the window 24 hours later", async () => {
      const { desk, deskKey, bankA } = await loadFixture(deskWithBudget);
      await intoNextHour(10);
      await desk.connect(deskKey).issue(bankA.address, tenge(300_000), ref("RSV-1"));
      await desk.connect(deskKey).issue(bankA.address, tenge(200_000), ref("RSV-2"));
      await intoNextHour(23 * HOUR + 10);
      await desk.connect(deskKey).issue(bankA.address, tenge(100_000), ref("RSV-3"));
      expect(await desk.usedInWindow(bankA.address)).to.equal(tenge(100_000));
    });
  });
});
