import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { HoldingsCheck__factory } from "../../typechain-types";
import { invariantSuite } from "../invariants/fixtures";
import { expectRejected } from "../helpers/state";
import { accountOf } from "../../src/accounts";

/**
 * The whole suite as deployed (genesis points the ledger at the HoldingsCheck over the gold token and the
 * stablecoin): a bank cannot close a customer that still holds gold, so the bar behind it is never stranded at an
 * address nobody may use again (issue 16).
 */
async function aliceHoldsGold() {
  const f = await invariantSuite();
  const grams = 1_000_000n; // 1 g of fine gold (milligram units × 1 000)
  await f.goldDesk.connect(f.alice).buy(grams, await f.goldDesk.quoteBuy(grams));
  // Alice empties her DKZT account, as a customer leaving her bank does.
  await f.ledger.connect(f.alice).transfer(f.bankA, await f.ledger.balanceOf(f.alice));
  return { ...f, grams };
}

describe("Closing an account that still holds gold (the suite's closure check)", () => {
  it("the deployed ledger consults the suite's HoldingsCheck over the gold token and the stablecoin", async () => {
    const { ledger, gold, stablecoin } = await loadFixture(aliceHoldsGold);
    const check = await ledger.closureCheck();
    const holdings = HoldingsCheck__factory.connect(check, ledger.runner);
    expect(await holdings.tokens()).to.deep.equal([await gold.getAddress(), await stablecoin.getAddress()]);
  });

  it("refuses with AccountHoldsTokens while she holds gold, and the account stays open", async () => {
    const { ledger, gold, bankA, alice, grams } = await loadFixture(aliceHoldsGold);
    const holdings = HoldingsCheck__factory.connect(await ledger.closureCheck(), ledger.runner);
    const held = await gold.balanceOf(alice);
    const token = await gold.getAddress();
    expect(held).to.equal(grams);
    await expectRejected(
      ledger,
      [alice, bankA],
      () => ledger.connect(bankA).closeCustomer(alice),
      (p) =>
        expect(p).to.be.revertedWithCustomError(holdings, "AccountHoldsTokens").withArgs(alice.address, token, held),
    );
    expect((await accountOf(ledger, alice)).closed).to.equal(false);
    expect(await gold.balanceOf(alice)).to.equal(held);
  });

  it("closes once she has moved her gold on", async () => {
    const { ledger, gold, bankA, alice, bob, grams } = await loadFixture(aliceHoldsGold);
    await gold.connect(alice).transfer(bob, grams);
    await expect(ledger.connect(bankA).closeCustomer(alice)).to.emit(ledger, "AccountClosed").withArgs(alice.address);
  });
});
