import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { BaselineERC20__factory, HoldingsCheck__factory } from "../../typechain-types";
import { fundedLedger } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { accountOf } from "../../src/accounts";

/**
 * Closing an account that still holds value outside the ledger is refused (issue 16): the ledger asks its closure
 * check, here the suite's HoldingsCheck over a plain ERC-20 standing in for the gold token.
 */
async function withCheck() {
  const f = await fundedLedger();
  const token = await new BaselineERC20__factory(f.deployer).deploy(f.deployer, 1_000n);
  const check = await new HoldingsCheck__factory(f.deployer).deploy([await token.getAddress()]);
  return { ...f, token, check };
}

describe("DigitalTenge: closing an account that still holds value outside the ledger", () => {
  it("with no check set, an empty account closes as before", async () => {
    const { ledger, bankA, bob } = await loadFixture(withCheck);
    expect(await ledger.closureCheck()).to.equal(ethers.ZeroAddress);
    await ledger.connect(bob).transfer(bankA, tenge(10_000));
    await expect(ledger.connect(bankA).closeCustomer(bob)).to.emit(ledger, "AccountClosed").withArgs(bob.address);
  });

  it("governance sets the check (ClosureCheckSet); nobody else may", async () => {
    const { ledger, governance, stranger, check } = await loadFixture(withCheck);
    await expect(ledger.connect(stranger).setClosureCheck(check))
      .to.be.revertedWithCustomError(ledger, "AccessManagedUnauthorized")
      .withArgs(stranger.address);
    await expect(ledger.connect(governance).setClosureCheck(check))
      .to.emit(ledger, "ClosureCheckSet")
      .withArgs(ethers.ZeroAddress, check);
    expect(await ledger.closureCheck()).to.equal(check);
  });

  it("an account holding the checked token is refused with AccountHoldsTokens and stays open", async () => {
    const { ledger, governance, bankA, bob, token, check, deployer } = await loadFixture(withCheck);
    await ledger.connect(governance).setClosureCheck(check);
    await ledger.connect(bob).transfer(bankA, tenge(10_000));
    await token.connect(deployer).transfer(bob, 5n);
    await expectRejected(
      ledger,
      [bob, bankA],
      () => ledger.connect(bankA).closeCustomer(bob),
      (p) => expect(p).to.be.revertedWithCustomError(check, "AccountHoldsTokens").withArgs(bob.address, token, 5n),
    );
    expect((await accountOf(ledger, bob)).closed).to.equal(false);
    // Once it has moved its tokens out, it closes.
    await token.connect(bob).transfer(deployer, 5n);
    await expect(ledger.connect(bankA).closeCustomer(bob)).to.emit(ledger, "AccountClosed");
  });

  it("the check lists its tokens and refuses an empty or too long list", async () => {
    const { check, token, deployer } = await loadFixture(withCheck);
    expect(await check.tokens()).to.deep.equal([await token.getAddress()]);
    const factory = new HoldingsCheck__factory(deployer);
    await expect(factory.deploy([])).to.be.revertedWithCustomError(factory, "TokenCountOutOfRange").withArgs(0, 8);
    const nine = Array.from({ length: 9 }, () => token.target as string);
    await expect(factory.deploy(nine)).to.be.revertedWithCustomError(factory, "TokenCountOutOfRange").withArgs(9, 8);
  });
});
