import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { registerCertificate } from "../../src/offline";
import {
  alicePurse,
  certify,
  deviceKey,
  expectHeldMatchesLedger,
  expectOfflineRejected,
  offlineReady,
} from "./fixtures";

describe("OfflinePurses: the ledger's module mandates", () => {
  describe("when a purse owner funds its purse without having mandated the offline contract", () => {
    it("reverts with the ledger's ModuleNotMandated; nothing moves; once mandated, the top-up goes through", async () => {
      const f = await loadFixture(offlineReady);
      const device = deviceKey("bob-unmandated");
      await registerCertificate(f.offline, await certify(f, { owner: f.bob, bank: f.bankA, device }));
      await expectOfflineRejected(
        f,
        [f.bob],
        [device.address],
        () => f.offline.connect(f.bob).fund(device.address, tenge(1_000)),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated")
            .withArgs(f.offlineAddress, f.bob.address),
      );
      await expect(f.ledger.connect(f.bob).setModuleMandate(f.offlineAddress, true))
        .to.emit(f.ledger, "ModuleMandateSet")
        .withArgs(f.bob.address, f.offlineAddress, true, f.bob.address);
      await expect(f.offline.connect(f.bob).fund(device.address, tenge(1_000))).to.changeTokenBalances(
        f.ledger,
        [f.bob, f.offlineAddress],
        [-tenge(1_000), tenge(1_000)],
      );
      await expectHeldMatchesLedger(f, [device.address]);
    });
  });

  describe("when the certifying bank revoked its mandate and covers a loss claim", () => {
    it("reverts with the ledger's ModuleNotMandated; the claim stays uncovered and nothing moves", async () => {
      const f = await loadFixture(alicePurse);
      await f.offline.redeem(f.pay(f.merchant.address, tenge(1_000), 0));
      await f.offline.redeem(f.pay(f.bob.address, tenge(500), 0));
      await f.ledger.connect(f.bankA).setModuleMandate(f.offlineAddress, false);
      await expectOfflineRejected(
        f,
        [f.bankA, f.bob],
        [f.device.address],
        () => f.offline.connect(f.bankA).coverLossClaim(1),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.ledger, "ModuleNotMandated")
            .withArgs(f.offlineAddress, f.bankA.address),
      );
      expect((await f.offline.lossClaim(1)).covered).to.equal(false);
    });
  });

  describe("when someone pays the offline contract's account with a plain transfer", () => {
    it("is refused with the ledger's ModuleNotPayable: the account still holds exactly what the purses hold", async () => {
      const f = await loadFixture(alicePurse);
      await expectOfflineRejected(
        f,
        [f.alice],
        [f.device.address],
        () => f.ledger.connect(f.alice).transfer(f.offlineAddress, tenge(1)),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotPayable").withArgs(f.offlineAddress),
      );
      await expectHeldMatchesLedger(f, [f.device.address]);
    });
  });
});
