/**
 * Regressions: each test failed against an earlier ledger and pins the fix (found by the part-A tests).
 */
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge } from "../../src/money";
import { Tier } from "../../src/tiers";

describe("DigitalTenge: regressions", () => {
  // belongs in issuance.test.ts / redemption.test.ts
  describe("when a bank's customers redeem more DKZT than the bank itself issued (money came from another bank)", () => {
    it("keeps bankOf readable and issuance to that bank open", async () => {
      const { ledger, centralBank, bankA, bankB, court } = await loadFixture(fundedLedger);
      // bank B issued 500 000 ₸; its customer (the court deposit) receives 600 000 ₸ from bank A and redeems it.
      await ledger.connect(bankA).transfer(court, tenge(600_000));
      await ledger.connect(court).redeemToNonCash(tenge(600_000));

      // Bank B's net position is negative (it issued 500 000 ₸ and 600 000 ₸ were redeemed through it), and the
      // supply still equals the sum of the banks' net positions.
      expect((await ledger.bankOf(bankB)).outstanding).to.equal(-tenge(100_000));
      const net = (await ledger.bankOf(bankA)).outstanding + (await ledger.bankOf(bankB)).outstanding;
      expect(await ledger.totalSupply()).to.equal(net);
      await expect(ledger.connect(centralBank).issue(bankB, tenge(1), ref("RSV-B-2"))).to.emit(ledger, "Issued");
      expect((await ledger.bankOf(bankB)).outstanding).to.equal(-tenge(100_000) + tenge(1));
    });
  });

  // belongs in limits.test.ts ("when the central bank lowers a tier's limits")
  describe("when a waterfall account above a lowered holding limit receives a payment", () => {
    it("sweeps only the payment, leaving the existing balance alone", async () => {
      const { ledger, centralBank, bankB, alice, carol } = await loadFixture(fundedLedger);
      await ledger.connect(bankB).transfer(carol, tenge(100_000));
      await ledger.connect(carol).setWaterfall(true);
      await ledger.connect(centralBank).setTier(Tier.ANONYMOUS_LITE, tenge(50_000), tenge(50_000));

      await expect(ledger.connect(alice).transfer(carol, tenge(10)))
        .to.emit(ledger, "WaterfallSwept")
        .withArgs(carol.address, bankB.address, tenge(10), ref("cust-carol")); // today: 50 010 ₸ swept
      expect(await ledger.balanceOf(carol)).to.equal(tenge(100_000)); // today: 50 000 ₸
    });
  });

  // belongs in issuance.test.ts ("when the issuance would take the bank above its ceiling")
  describe("when the amount issued is near 2^256", () => {
    it("reverts with AmountTooLarge (as setIssuanceCeiling does), not an arithmetic panic", async () => {
      const { ledger, centralBank, bankA } = await loadFixture(fundedLedger);
      const amount = 2n ** 256n - 1n;
      await expectRejected(
        ledger,
        [bankA],
        () => ledger.connect(centralBank).issue(bankA, amount, ref("RSV")),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "AmountTooLarge")
            .withArgs(amount, 2n ** 96n - 1n), // today: panic 0x11
      );
    });
  });
});

describe("DigitalTenge: a suspended bank acts on no customer", () => {
  for (const action of ["setCustomerTier", "closeCustomer", "recoverAccount"] as const) {
    it(`${action} reverts with BankIsSuspended and changes nothing`, async () => {
      const { ledger, operator, bankA, alice, merchant, spare } = await loadFixture(fundedLedger);
      await ledger.connect(operator).setBankSuspended(bankA, true);
      const call = {
        setCustomerTier: () => ledger.connect(bankA).setCustomerTier(alice, Tier.ENHANCED),
        closeCustomer: () => ledger.connect(bankA).closeCustomer(merchant),
        recoverAccount: () => ledger.connect(bankA).recoverAccount(alice, spare[0]),
      }[action];
      await expectRejected(ledger, [alice, merchant, spare[0]], call, (p) =>
        expect(p).to.be.revertedWithCustomError(ledger, "BankIsSuspended").withArgs(bankA.address),
      );
    });
  }
});
