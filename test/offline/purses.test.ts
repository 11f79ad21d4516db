import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { Role, permissionRows } from "../../src/roles";
import { LimitField, PurseStatus, mandateOfflinePurses, registerCertificate, signCertificate } from "../../src/offline";
import {
  CAP,
  DAY,
  GRACE,
  alicePurse,
  certify,
  deviceKey,
  expectHeldMatchesLedger,
  expectOfflineRejected,
  now,
  offlineDeployed,
  offlineReady,
} from "./fixtures";
import { accountOf } from "../../src/accounts";

describe("OfflinePurses: purses", () => {
  describe("deployment", () => {
    it("wires every row of the roles table into the AccessManager", async () => {
      const { manager, offline } = await loadFixture(offlineDeployed);
      const rows = permissionRows("OfflinePurses");
      expect(rows.map((r) => r.role).sort()).to.deep.equal(["BANK", "CENTRAL_BANK"]);
      for (const row of rows) {
        for (const selector of row.selectors) {
          expect(await manager.getTargetFunctionRole(await offline.getAddress(), selector)).to.equal(Role[row.role]);
        }
      }
    });

    it("starts with the default limits, an empty balance and the ledger it was given", async () => {
      const { offline, ledger } = await loadFixture(offlineDeployed);
      const limits = await offline.limits();
      expect(limits.maxAmount).to.equal(tenge(35_000));
      expect(limits.maxPayments).to.equal(10n);
      expect(limits.maxValidity).to.equal(90n * DAY);
      expect(limits.gracePeriod).to.equal(GRACE);
      expect(await offline.ledger()).to.equal(await ledger.getAddress());
      expect(await offline.totalHeld()).to.equal(0n);
    });
  });

  describe("setLimits", () => {
    const limits = { maxAmount: tenge(50_000), maxPayments: 5, maxValidity: 30 * 86400, gracePeriod: 7 * 86400 };

    it("lets the central bank change the limits, emitting old and new", async () => {
      const { offline, centralBank } = await loadFixture(offlineReady);
      const old = await offline.limits();
      await expect(offline.connect(centralBank).setLimits(limits))
        .to.emit(offline, "LimitsSet")
        .withArgs([...old], [limits.maxAmount, limits.maxPayments, limits.maxValidity, limits.gracePeriod]);
      expect((await offline.limits()).maxPayments).to.equal(5n);
    });

    describe("when the caller is not the central bank", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const { offline, bankA } = await loadFixture(offlineReady);
        await expect(offline.connect(bankA).setLimits(limits))
          .to.be.revertedWithCustomError(offline, "AccessManagedUnauthorized")
          .withArgs(bankA.address);
      });
    });

    describe("when a limit is out of bounds", () => {
      const cases: [string, Partial<typeof limits>, number, bigint, bigint, bigint][] = [
        ["maxAmount zero", { maxAmount: 0n }, LimitField.MaxAmount, 0n, 1n, 2n ** 48n - 1n],
        ["maxPayments zero", { maxPayments: 0 }, LimitField.MaxPayments, 0n, 1n, 10n],
        ["maxPayments above 10", { maxPayments: 11 }, LimitField.MaxPayments, 11n, 1n, 10n],
        ["maxValidity below an hour", { maxValidity: 3599 }, LimitField.MaxValidity, 3599n, 3600n, 366n * DAY],
        [
          "maxValidity above 366 days",
          { maxValidity: 367 * 86400 },
          LimitField.MaxValidity,
          367n * DAY,
          3600n,
          366n * DAY,
        ],
        ["gracePeriod below a day", { gracePeriod: 86399 }, LimitField.GracePeriod, 86399n, DAY, 180n * DAY],
        [
          "gracePeriod above 180 days",
          { gracePeriod: 181 * 86400 },
          LimitField.GracePeriod,
          181n * DAY,
          DAY,
          180n * DAY,
        ],
      ];
      for (const [name, change, field, value, min, max] of cases) {
        it(`reverts with LimitOutOfRange for ${name} and keeps the limits`, async () => {
          const { offline, centralBank } = await loadFixture(offlineReady);
          const before = (await offline.limits()).toString();
          await expect(offline.connect(centralBank).setLimits({ ...limits, ...change }))
            .to.be.revertedWithCustomError(offline, "LimitOutOfRange")
            .withArgs(field, value, min, max);
          expect((await offline.limits()).toString()).to.equal(before);
        });
      }
    });
  });

  describe("registerPurse", () => {
    it("registers the bank-signed certificate, sent by anyone, with settleBy = expiry + grace", async () => {
      const f = await loadFixture(offlineReady);
      const device = deviceKey("alice");
      const cert = await certify(f, { owner: f.alice, bank: f.bankA, device });
      const c = cert.certificate;
      await expect(f.offline.connect(f.stranger).registerPurse(c, cert.r, cert.vs))
        .to.emit(f.offline, "PurseRegistered")
        .withArgs(device.address, f.alice.address, f.bankA.address, CAP, 10, c.expiry, c.expiry + GRACE);
      const view = await f.offline.purseOf(device.address);
      expect(view.status).to.equal(PurseStatus.Active);
      expect(view.owner).to.equal(f.alice.address);
      expect(view.bank).to.equal(f.bankA.address);
      expect(view.balance).to.equal(0n);
      expect(view.capAmount).to.equal(CAP);
      expect(view.maxPayments).to.equal(10n);
      expect(view.settledPayments).to.equal(0n);
      expect(view.expiry).to.equal(c.expiry);
      expect(view.settleBy).to.equal(c.expiry + GRACE);
    });

    it("computes the same certificate digest on-chain and off-chain, and accepts a Wallet-signed certificate", async () => {
      const f = await loadFixture(offlineReady);
      const device = deviceKey("alice");
      const viaSigner = await certify(f, { owner: f.alice, bank: f.bankA, device });
      // The same certificate signed by the bank's raw key (hardhat's well-known account 5) gives the same signature.
      const bankKey = (await import("ethers")).HDNodeWallet.fromPhrase(
        "test test test test test test test test test test test junk",
        undefined,
        "m/44'/60'/0'/0/5",
      );
      expect(bankKey.address).to.equal(f.bankA.address);
      const viaKey = signCertificate(f.domain, bankKey, viaSigner.certificate);
      expect([viaKey.r, viaKey.vs]).to.deep.equal([viaSigner.r, viaSigner.vs]);
      await registerCertificate(f.offline, viaKey);
      expect((await f.offline.purseOf(device.address)).status).to.equal(PurseStatus.Active);
    });

    describe("when the certificate is signed by another key than the bank it names", () => {
      it("reverts with CertificateSignatureInvalid", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("alice");
        const cert = await certify(f, { owner: f.alice, bank: f.bankB, device, namedBank: f.bankA.address });
        await expectOfflineRejected(
          f,
          [f.alice],
          [device.address],
          () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "CertificateSignatureInvalid")
              .withArgs(device.address, f.bankB.address, f.bankA.address),
        );
      });
    });

    describe("when the certificate was signed for another chain or contract (replay)", () => {
      it("reverts with CertificateSignatureInvalid", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("alice");
        const good = await certify(f, { owner: f.alice, bank: f.bankA, device });
        for (const domain of [
          { ...f.domain, chainId: f.domain.chainId + 1n },
          { ...f.domain, verifyingContract: f.stranger.address },
        ]) {
          const replayed = await (
            await import("../../src/offline")
          ).signCertificateWith(domain, f.bankA, good.certificate);
          const digest = await f.offline.hashCertificate(good.certificate);
          const { recoverAddress, Signature } = await import("ethers");
          const signer = recoverAddress(digest, Signature.from({ r: replayed.r, yParityAndS: replayed.vs }));
          await expectOfflineRejected(
            f,
            [],
            [device.address],
            () => f.offline.registerPurse(replayed.certificate, replayed.r, replayed.vs),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "CertificateSignatureInvalid")
                .withArgs(device.address, signer, f.bankA.address),
          );
        }
      });
    });

    describe("when the signature is empty (ecrecover returns zero)", () => {
      it("reverts with CertificateSignatureInvalid naming the zero signer", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("alice");
        const cert = await certify(f, { owner: f.alice, bank: f.bankA, device });
        const zero = "0x" + "00".repeat(32);
        await expect(f.offline.registerPurse(cert.certificate, zero, zero))
          .to.be.revertedWithCustomError(f.offline, "CertificateSignatureInvalid")
          .withArgs(device.address, ZeroAddress, f.bankA.address);
      });
    });

    describe("when the signing bank is not the owner's bank of record", () => {
      it("reverts with NotBankOfRecord", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("alice");
        const cert = await certify(f, { owner: f.alice, bank: f.bankB, device });
        await expectOfflineRejected(
          f,
          [f.alice],
          [device.address],
          () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "NotBankOfRecord")
              .withArgs(f.bankB.address, f.alice.address),
        );
      });
    });

    describe("when the owner has no ledger account", () => {
      it("reverts with OwnerNotRegistered", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("stranger");
        const cert = await certify(f, { owner: f.stranger, bank: f.bankA, device });
        await expectOfflineRejected(
          f,
          [],
          [device.address],
          () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "OwnerNotRegistered").withArgs(f.stranger.address),
        );
      });
    });

    describe("when the bank is suspended", () => {
      it("reverts with BankIsSuspended", async () => {
        const f = await loadFixture(offlineReady);
        await f.ledger.connect(f.operator).setBankSuspended(f.bankA.address, true);
        const device = deviceKey("alice");
        const cert = await certify(f, { owner: f.alice, bank: f.bankA, device });
        await expectOfflineRejected(
          f,
          [],
          [device.address],
          () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "BankIsSuspended").withArgs(f.bankA.address),
        );
      });
    });

    describe("when the certificate breaks the limits", () => {
      it("reverts with CertificateCapOutOfRange for a zero cap or one above the limit", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("alice");
        for (const capAmount of [0n, CAP + 1n]) {
          const cert = await certify(f, { owner: f.alice, bank: f.bankA, device, capAmount });
          await expectOfflineRejected(
            f,
            [],
            [device.address],
            () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "CertificateCapOutOfRange")
                .withArgs(device.address, capAmount, CAP),
          );
        }
      });

      it("reverts with CertificatePaymentsOutOfRange for zero payments or more than the limit", async () => {
        const f = await loadFixture(offlineReady);
        await f.offline.connect(f.centralBank).setLimits({ ...f.limits, maxPayments: 5 });
        const device = deviceKey("alice");
        for (const maxPayments of [0, 6]) {
          const cert = await certify(f, { owner: f.alice, bank: f.bankA, device, maxPayments });
          await expectOfflineRejected(
            f,
            [],
            [device.address],
            () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "CertificatePaymentsOutOfRange")
                .withArgs(device.address, maxPayments, 5),
          );
        }
      });

      it("reverts with CertificateExpiryOutOfRange for an expiry past or beyond the longest validity", async () => {
        const f = await loadFixture(offlineReady);
        const device = deviceKey("alice");
        for (const offset of [0n, 90n * DAY + 1n]) {
          const t = (await now()) + 10n;
          const cert = await certify(f, { owner: f.alice, bank: f.bankA, device, expiry: t + offset });
          await time.setNextBlockTimestamp(t);
          await expectOfflineRejected(
            f,
            [],
            [device.address],
            () => f.offline.registerPurse(cert.certificate, cert.r, cert.vs),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(f.offline, "CertificateExpiryOutOfRange")
                .withArgs(device.address, t + offset, t + 90n * DAY),
          );
        }
      });
    });

    describe("when the device key was registered before", () => {
      it("reverts with PurseAlreadyRegistered, even for a new certificate", async () => {
        const f = await loadFixture(alicePurse);
        const again = await certify(f, { owner: f.alice, bank: f.bankA, device: f.device, capAmount: tenge(100) });
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.registerPurse(again.certificate, again.r, again.vs),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.offline, "PurseAlreadyRegistered").withArgs(f.device.address),
        );
      });
    });

    describe("when the purse key or the owner is the zero address", () => {
      it("reverts with ZeroAddress", async () => {
        const f = await loadFixture(offlineReady);
        const cert = await certify(f, { owner: f.alice, bank: f.bankA, device: deviceKey("alice") });
        for (const certificate of [
          { ...cert.certificate, purse: ZeroAddress },
          { ...cert.certificate, owner: ZeroAddress },
        ]) {
          await expect(f.offline.registerPurse(certificate, cert.r, cert.vs)).to.be.revertedWithCustomError(
            f.offline,
            "ZeroAddress",
          );
        }
      });
    });
  });

  describe("fund", () => {
    it("moves the owner's DKZT into the purse through the ledger", async () => {
      const f = await loadFixture(alicePurse);
      await expect(f.offline.connect(f.alice).fund(f.device.address, tenge(5_000)))
        .to.emit(f.offline, "PurseFunded")
        .withArgs(f.device.address, f.alice.address, tenge(5_000), tenge(25_000))
        .and.to.emit(f.ledger, "Transfer")
        .withArgs(f.alice.address, f.offlineAddress, tenge(5_000));
      expect((await f.offline.purseOf(f.device.address)).balance).to.equal(tenge(25_000));
      expect(await f.ledger.balanceOf(f.alice.address)).to.equal(tenge(75_000));
      await expectHeldMatchesLedger(f, [f.device.address]);
    });

    it("counts against the owner's daily limit like any payment", async () => {
      const f = await loadFixture(alicePurse);
      expect((await accountOf(f.ledger, f.alice.address)).spentToday).to.equal(tenge(20_000));
    });

    describe("when it would take the purse above its cap", () => {
      it("reverts with PurseCapExceeded", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, tenge(15_000) + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseCapExceeded")
              .withArgs(f.device.address, CAP, CAP + 1n),
        );
      });
    });

    describe("when the amount is zero", () => {
      it("reverts with ZeroAmount", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, 0n),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "ZeroAmount"),
        );
      });
    });

    describe("when the caller is not the owner", () => {
      it("reverts with NotPurseOwner", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.connect(f.bob).fund(f.device.address, tenge(1)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "NotPurseOwner")
              .withArgs(f.device.address, f.bob.address),
        );
      });
    });

    describe("when the purse is unknown", () => {
      it("reverts with PurseUnknown", async () => {
        const f = await loadFixture(alicePurse);
        const other = deviceKey("nobody").address;
        await expectOfflineRejected(
          f,
          [f.alice],
          [other],
          () => f.offline.connect(f.alice).fund(other, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "PurseUnknown").withArgs(other),
        );
      });
    });

    describe("when the certificate has expired", () => {
      it("reverts with PurseExpired", async () => {
        const f = await loadFixture(alicePurse);
        await time.increaseTo(f.certificate.certificate.expiry);
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, tenge(1)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseExpired")
              .withArgs(f.device.address, f.certificate.certificate.expiry),
        );
      });
    });

    describe("when the purse is closing, revoked or frozen", () => {
      it("reverts with PurseNotActive and the status", async () => {
        const f = await loadFixture(alicePurse);
        await f.offline.connect(f.alice).closePurse(f.device.address);
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, tenge(1)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
              .withArgs(f.device.address, PurseStatus.Closing),
        );
        await f.offline.connect(f.bankA).revokeDevice(f.device.address);
        await expect(f.offline.connect(f.alice).fund(f.device.address, tenge(1)))
          .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
          .withArgs(f.device.address, PurseStatus.Revoked);
      });
    });

    describe("when the ledger refuses the owner's payment", () => {
      it("reverts with the ledger's AccountFrozen for a frozen owner", async () => {
        const f = await loadFixture(alicePurse);
        await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, "0x" + "11".repeat(32));
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
        );
      });

      it("reverts with the ledger's LedgerPaused while paused", async () => {
        const f = await loadFixture(alicePurse);
        await f.ledger.connect(f.operator).pause();
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).fund(f.device.address, tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "LedgerPaused"),
        );
      });

      it("reverts with the ledger's DailyLimitExceeded above the owner's daily limit", async () => {
        const f = await loadFixture(offlineReady);
        // Bob (standard tier, 500 000 ₸ a day) has spent 495 000 ₸ today: a 10 000 ₸ top-up is over the limit.
        await f.ledger.connect(f.bankA).transfer(f.bob.address, tenge(500_000));
        await f.ledger.connect(f.bob).transfer(f.merchant.address, tenge(495_000));
        const device = deviceKey("bob");
        const cert = await certify(f, { owner: f.bob, bank: f.bankA, device });
        await registerCertificate(f.offline, cert);
        await mandateOfflinePurses(f.ledger, f.bob, f.offlineAddress);
        await expectOfflineRejected(
          f,
          [f.bob],
          [device.address],
          () => f.offline.connect(f.bob).fund(device.address, tenge(10_000)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.ledger, "DailyLimitExceeded")
              .withArgs(f.bob.address, tenge(500_000), tenge(505_000)),
        );
      });

      it("reverts with the ledger's NotSystemModule when the operator has not onboarded the contract", async () => {
        const f = await loadFixture(offlineDeployed);
        const { populate } = await import("../helpers/fixtures");
        const g = await populate(f);
        const { offlineDomain } = await import("../../src/offline");
        const domain = await offlineDomain(g.offline);
        const device = deviceKey("alice");
        const t = await now();
        const cert = await (
          await import("../../src/offline")
        ).signCertificateWith(domain, g.bankA, {
          purse: device.address,
          owner: g.alice.address,
          bank: g.bankA.address,
          capAmount: CAP,
          maxPayments: 10,
          expiry: t + 10n * DAY,
        });
        await registerCertificate(g.offline, cert);
        await expect(g.offline.connect(g.alice).fund(device.address, tenge(1)))
          .to.be.revertedWithCustomError(g.ledger, "NotSystemModule")
          .withArgs(await g.offline.getAddress());
      });
    });
  });

  describe("closePurse and reclaim", () => {
    it("settles for one grace period more, then returns what is left to the owner and closes for good", async () => {
      const f = await loadFixture(alicePurse);
      const oldSettleBy = (await f.offline.purseOf(f.device.address)).settleBy;
      const closeTx = f.offline.connect(f.alice).closePurse(f.device.address);
      await expect(closeTx).to.emit(f.offline, "PurseCloseRequested");
      const t = await now();
      await expect(closeTx)
        .to.emit(f.offline, "PurseCloseRequested")
        .withArgs(f.device.address, f.alice.address, oldSettleBy, t + GRACE);
      const view = await f.offline.purseOf(f.device.address);
      expect(view.status).to.equal(PurseStatus.Closing);
      expect(view.settleBy).to.equal(t + GRACE);

      // A cheque signed offline before the close still settles within the grace period.
      await time.increaseTo(t + GRACE - 10n);
      await f.offline.redeem(f.pay(f.merchant.address, tenge(1_000), 0));
      await expectOfflineRejected(
        f,
        [f.alice],
        [f.device.address],
        () => f.offline.connect(f.alice).reclaim(f.device.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.offline, "PurseStillSettling")
            .withArgs(f.device.address, t + GRACE),
      );

      await time.increaseTo(t + GRACE + 1n);
      await expect(f.offline.connect(f.alice).reclaim(f.device.address))
        .to.emit(f.offline, "PurseReclaimed")
        .withArgs(f.device.address, f.alice.address, tenge(19_000))
        .and.to.emit(f.ledger, "Transfer")
        .withArgs(f.offlineAddress, f.alice.address, tenge(19_000));
      const closed = await f.offline.purseOf(f.device.address);
      expect(closed.status).to.equal(PurseStatus.Closed);
      expect(closed.balance).to.equal(0n);
      expect(await f.ledger.balanceOf(f.alice.address)).to.equal(tenge(99_000));
      await expectHeldMatchesLedger(f, [f.device.address]);

      await expectOfflineRejected(
        f,
        [f.alice],
        [f.device.address],
        () => f.offline.connect(f.alice).reclaim(f.device.address),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
            .withArgs(f.device.address, PurseStatus.Closed),
      );
    });

    it("lets the owner reclaim an unclosed purse once its certificate's settlement has passed", async () => {
      const f = await loadFixture(alicePurse);
      const { settleBy } = await f.offline.purseOf(f.device.address);
      await time.increaseTo(settleBy + 1n);
      await expect(f.offline.connect(f.alice).reclaim(f.device.address))
        .to.emit(f.offline, "PurseReclaimed")
        .withArgs(f.device.address, f.alice.address, tenge(20_000));
    });

    it("never pushes settleBy back: closing after the certificate's expiry keeps expiry + grace", async () => {
      const f = await loadFixture(alicePurse);
      const { expiry } = f.certificate.certificate;
      await time.increaseTo(expiry + 100n);
      await f.offline.connect(f.alice).closePurse(f.device.address);
      expect((await f.offline.purseOf(f.device.address)).settleBy).to.equal(expiry + GRACE);
    });

    describe("when the caller is not the owner", () => {
      it("reverts with NotPurseOwner", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.connect(f.bob).closePurse(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "NotPurseOwner")
              .withArgs(f.device.address, f.bob.address),
        );
        await expectOfflineRejected(
          f,
          [f.bob],
          [f.device.address],
          () => f.offline.connect(f.bob).reclaim(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "NotPurseOwner")
              .withArgs(f.device.address, f.bob.address),
        );
      });
    });

    describe("when the purse is already closing", () => {
      it("reverts with PurseNotActive", async () => {
        const f = await loadFixture(alicePurse);
        await f.offline.connect(f.alice).closePurse(f.device.address);
        await expectOfflineRejected(
          f,
          [],
          [f.device.address],
          () => f.offline.connect(f.alice).closePurse(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
              .withArgs(f.device.address, PurseStatus.Closing),
        );
      });
    });

    describe("when the purse is unknown", () => {
      it("reverts with PurseUnknown", async () => {
        const f = await loadFixture(alicePurse);
        await expect(f.offline.connect(f.alice).closePurse(f.bob.address))
          .to.be.revertedWithCustomError(f.offline, "PurseUnknown")
          .withArgs(f.bob.address);
        await expect(f.offline.connect(f.alice).reclaim(f.bob.address))
          .to.be.revertedWithCustomError(f.offline, "PurseUnknown")
          .withArgs(f.bob.address);
      });
    });

    describe("when the owner's account cannot receive", () => {
      it("reverts with the ledger's AccountFrozen and keeps the purse", async () => {
        const f = await loadFixture(alicePurse);
        await f.offline.connect(f.alice).closePurse(f.device.address);
        await time.increase(GRACE + 1n);
        await f.ledger.connect(f.compliance).setFreezeState(f.alice.address, FreezeState.Full, "0x" + "11".repeat(32));
        await expectOfflineRejected(
          f,
          [f.alice],
          [f.device.address],
          () => f.offline.connect(f.alice).reclaim(f.device.address),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountFrozen").withArgs(f.alice.address),
        );
      });
    });
  });

  describe("revokeDevice (lost device)", () => {
    it("lets the certifying bank revoke: cheques signed before still settle within the grace period, then the owner reclaims", async () => {
      const f = await loadFixture(alicePurse);
      // Signed offline before the loss, not yet presented.
      const before = f.pay(f.merchant.address, tenge(3_000), 0);
      const oldSettleBy = (await f.offline.purseOf(f.device.address)).settleBy;
      const tx = f.offline.connect(f.bankA).revokeDevice(f.device.address);
      await expect(tx).to.emit(f.offline, "DeviceRevoked");
      const t = await now();
      await expect(tx)
        .to.emit(f.offline, "DeviceRevoked")
        .withArgs(f.device.address, f.bankA.address, oldSettleBy, t + GRACE);
      expect((await f.offline.purseOf(f.device.address)).status).to.equal(PurseStatus.Revoked);

      await time.setNextBlockTimestamp(t + GRACE);
      await expect(f.offline.redeem(before)).to.changeTokenBalances(
        f.ledger,
        [f.merchant, f.offlineAddress],
        [tenge(3_000), -tenge(3_000)],
      );

      // After the grace period a cheque of the revoked purse no longer settles.
      const late = f.pay(f.merchant.address, tenge(1_000), 1);
      await time.increase(1n);
      await expectOfflineRejected(
        f,
        [f.merchant],
        [f.device.address],
        () => f.offline.redeem(late),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(f.offline, "PurseSettlementClosed")
            .withArgs(f.device.address, t + GRACE),
      );

      await expect(f.offline.connect(f.alice).reclaim(f.device.address))
        .to.emit(f.offline, "PurseReclaimed")
        .withArgs(f.device.address, f.alice.address, tenge(17_000));
      await expectHeldMatchesLedger(f, [f.device.address]);
    });

    describe("when the caller is another bank", () => {
      it("reverts with NotPurseBank", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [],
          [f.device.address],
          () => f.offline.connect(f.bankB).revokeDevice(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "NotPurseBank")
              .withArgs(f.device.address, f.bankB.address),
        );
      });
    });

    describe("when the caller has no bank role", () => {
      it("reverts with AccessManagedUnauthorized", async () => {
        const f = await loadFixture(alicePurse);
        await expectOfflineRejected(
          f,
          [],
          [f.device.address],
          () => f.offline.connect(f.alice).revokeDevice(f.device.address),
          (p) =>
            expect(p).to.be.revertedWithCustomError(f.offline, "AccessManagedUnauthorized").withArgs(f.alice.address),
        );
      });
    });

    describe("when the device is already revoked", () => {
      it("reverts with DeviceAlreadyRevoked", async () => {
        const f = await loadFixture(alicePurse);
        await f.offline.connect(f.bankA).revokeDevice(f.device.address);
        await expectOfflineRejected(
          f,
          [],
          [f.device.address],
          () => f.offline.connect(f.bankA).revokeDevice(f.device.address),
          (p) => expect(p).to.be.revertedWithCustomError(f.offline, "DeviceAlreadyRevoked").withArgs(f.device.address),
        );
      });
    });

    describe("when the purse is closed", () => {
      it("reverts with PurseNotActive", async () => {
        const f = await loadFixture(alicePurse);
        await time.increaseTo((await f.offline.purseOf(f.device.address)).settleBy + 1n);
        await f.offline.connect(f.alice).reclaim(f.device.address);
        await expectOfflineRejected(
          f,
          [],
          [f.device.address],
          () => f.offline.connect(f.bankA).revokeDevice(f.device.address),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(f.offline, "PurseNotActive")
              .withArgs(f.device.address, PurseStatus.Closed),
        );
      });
    });

    describe("when the purse is unknown", () => {
      it("reverts with PurseUnknown", async () => {
        const f = await loadFixture(alicePurse);
        await expect(f.offline.connect(f.bankA).revokeDevice(f.bob.address))
          .to.be.revertedWithCustomError(f.offline, "PurseUnknown")
          .withArgs(f.bob.address);
      });
    });
  });
});
