import { expect } from "chai";
import { ZeroHash } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger } from "../helpers/fixtures";
import { tenge } from "../../src/money";

describe("DigitalTenge fixture", () => {
  it("deploys through the Ledger module, wires roles and funds customers", async () => {
    const { ledger, alice, bob, bankA, stranger } = await loadFixture(fundedLedger);
    await expect(ledger.connect(alice).transfer(bob.address, tenge(1)))
      .to.emit(ledger, "Transfer")
      .withArgs(alice.address, bob.address, tenge(1));
    expect(await ledger.balanceOf(bob.address)).to.equal(tenge(10_001));
    await expect(ledger.connect(stranger).issue(bankA.address, 1n, ZeroHash)).to.be.revertedWithCustomError(
      ledger,
      "AccessManagedUnauthorized",
    );
  });
});
