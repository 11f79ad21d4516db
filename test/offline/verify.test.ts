import * as fs from "node:fs";
import * as path from "node:path";
import hre from "hardhat";
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { OfflineVerifier, SeenStore, type VerifierConfig } from "../../src/offline/verify";
import { PurseDevice } from "../../src/offline/device";
import { chunkCheques, decodeBatch, encodeBatch, MAX_TABLE } from "../../src/offline/batch";
import { fingerprintOf, chequeDigest, signCheque } from "../../src/offline/cheque";
import type { ChequePresentation } from "../../src/offline/types";
import { redeemCheques } from "../../src/offline/online";
import { DAY, GRACE, alicePurse, deviceKey, now, type PurseFixture } from "./fixtures";

interface Offline extends PurseFixture {
  clockAt: bigint;
  device: PurseFixture["device"];
  /** A fresh device state (loadFixture hands every test the same object, so mutable state is made per test). */
  newPhone: () => PurseDevice;
  config: VerifierConfig;
}

/** Alice's purse on her phone (the device), and the merchant's terminal configuration from its last sync. */
async function offlineShop(): Promise<Offline> {
  const f = await alicePurse();
  const clockAt = await now();
  const clock = (): number => Number(clockAt);
  const newPhone = (): PurseDevice => new PurseDevice(f.domain, f.device, f.certificate, tenge(20_000), clock);
  const config: VerifierConfig = {
    domain: f.domain,
    payee: f.merchant.address,
    trustedBanks: [f.bankA.address, f.bankB.address],
    gracePeriod: Number(GRACE),
    clock,
  };
  return { ...f, clockAt, newPhone, config };
}

describe("src/offline: offline verification", () => {
  describe("OfflineVerifier", () => {
    it("accepts a genuine cheque with no network at all: no provider, no fetch", async () => {
      const f = await loadFixture(offlineShop);
      const phone = f.newPhone();
      const presentation = phone.pay(f.merchant.address, tenge(2_500));
      const terminal = new OfflineVerifier(f.config);

      const provider = hre.network.provider;
      const originalRequest = provider.request.bind(provider);
      const originalFetch = globalThis.fetch;
      let networkCalls = 0;
      provider.request = () => {
        networkCalls += 1;
        throw new Error("network used offline");
      };
      globalThis.fetch = () => {
        networkCalls += 1;
        throw new Error("network used offline");
      };
      try {
        const result = terminal.accept(presentation);
        expect(result).to.deep.include({ ok: true, remainingAfter: tenge(32_500) });
      } finally {
        provider.request = originalRequest;
        globalThis.fetch = originalFetch;
      }
      expect(networkCalls).to.equal(0);
      expect(terminal.store.has(f.device.address, 0)).to.equal(true);
      expect(terminal.store.acceptedFrom(f.device.address)).to.equal(tenge(2_500));
    });

    it("imports nothing that could reach a network (the offline modules' import graph)", () => {
      const offlineModules = ["verify.ts", "cheque.ts", "types.ts", "device.ts", "batch.ts"];
      for (const file of offlineModules) {
        const source = fs.readFileSync(path.join(__dirname, "../../src/offline", file), "utf8");
        const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
        for (const spec of imports) {
          expect(["ethers", "./cheque", "./types", "./verify"], `${file} imports ${spec}`).to.include(spec);
        }
        expect(source, file).not.to.match(/Provider|fetch\(|hardhat/);
      }
    });

    it("computes the contract's digest and fingerprint offline", async () => {
      const f = await loadFixture(offlineShop);
      const phone = f.newPhone();
      const { signed } = phone.pay(f.merchant.address, tenge(1));
      const digest = chequeDigest(f.domain, signed.cheque);
      expect(digest).to.equal(await f.offline.hashCheque(signed.cheque));
      await f.offline.redeem(signed);
      expect(await f.offline.serialFingerprint(f.device.address, 0)).to.equal(fingerprintOf(digest));
    });

    describe("refuses, with its reason", () => {
      async function refusal(
        mutate: (f: Offline) => {
          presentation: ChequePresentation;
          config?: Partial<VerifierConfig>;
          store?: SeenStore;
        },
      ): Promise<string> {
        const f = await loadFixture(offlineShop);
        const { presentation, config, store } = mutate(f);
        const result = new OfflineVerifier({ ...f.config, ...config, store }).verify(presentation);
        expect(result.ok).to.equal(false);
        return result.ok ? "ok" : result.reason;
      }

      it("a certificate not signed by the bank it names: certificate-signature", async () => {
        expect(
          await refusal((f) => {
            const p = f.newPhone().pay(f.merchant.address, tenge(1));
            return {
              presentation: {
                ...p,
                certificate: {
                  ...p.certificate,
                  certificate: { ...p.certificate.certificate, capAmount: tenge(1_000_000) },
                },
              },
            };
          }),
        ).to.equal("certificate-signature");
      });

      it("a bank the payee does not trust: untrusted-bank", async () => {
        expect(
          await refusal((f) => ({
            presentation: f.newPhone().pay(f.merchant.address, tenge(1)),
            config: { trustedBanks: [f.bankB.address] },
          })),
        ).to.equal("untrusted-bank");
      });

      it("a cheque signed after the certificate expired: certificate-expired", async () => {
        expect(
          await refusal((f) => ({
            presentation: f.newPhone().pay(f.merchant.address, tenge(1)),
            config: { clock: () => Number(f.certificate.certificate.expiry + 1n) },
          })),
        ).to.equal("certificate-expired");
      });

      it("a purse on the revocation list: revoked", async () => {
        expect(
          await refusal((f) => ({
            presentation: f.newPhone().pay(f.merchant.address, tenge(1)),
            config: { revokedPurses: [f.device.address] },
          })),
        ).to.equal("revoked");
      });

      it("a cheque of another purse than the certificate's: wrong-purse", async () => {
        expect(
          await refusal((f) => {
            const other = deviceKey("other");
            const signed = signCheque(f.domain, other, {
              purse: other.address,
              payee: f.merchant.address,
              amount: 1n,
              serial: 0,
              expiry: f.certificate.certificate.expiry,
            });
            return { presentation: { signed, certificate: f.certificate } };
          }),
        ).to.equal("wrong-purse");
      });

      it("a cheque changed after signing: cheque-signature", async () => {
        expect(
          await refusal((f) => {
            const p = f.newPhone().pay(f.merchant.address, tenge(1));
            return {
              presentation: { ...p, signed: { ...p.signed, cheque: { ...p.signed.cheque, amount: tenge(100) } } },
            };
          }),
        ).to.equal("cheque-signature");
      });

      it("a cheque for someone else: wrong-payee", async () => {
        expect(await refusal((f) => ({ presentation: f.newPhone().pay(f.bob.address, tenge(1)) }))).to.equal(
          "wrong-payee",
        );
      });

      it("a zero cheque: amount-zero", async () => {
        expect(
          await refusal((f) => ({
            presentation: { signed: f.pay(f.merchant.address, 0n, 0), certificate: f.certificate },
          })),
        ).to.equal("amount-zero");
      });

      it("a serial past the certificate's payments: serial-out-of-range", async () => {
        expect(
          await refusal((f) => ({
            presentation: { signed: f.pay(f.merchant.address, 1n, 10), certificate: f.certificate },
          })),
        ).to.equal("serial-out-of-range");
      });

      it("a second cheque with a serial already accepted (an offline double spend): serial-seen", async () => {
        expect(
          await refusal((f) => {
            const store = new SeenStore();
            new OfflineVerifier({ ...f.config, store }).accept({
              signed: f.pay(f.merchant.address, tenge(5), 0),
              certificate: f.certificate,
            });
            return {
              presentation: { signed: f.pay(f.merchant.address, tenge(7), 0), certificate: f.certificate },
              store,
            };
          }),
        ).to.equal("serial-seen");
      });

      it("more than the cap minus what was already accepted from the purse: amount-above-remaining", async () => {
        expect(
          await refusal((f) => {
            const store = new SeenStore();
            new OfflineVerifier({ ...f.config, store }).accept({
              signed: f.pay(f.merchant.address, tenge(30_000), 0),
              certificate: f.certificate,
            });
            return {
              presentation: { signed: f.pay(f.merchant.address, tenge(5_000) + 1n, 1), certificate: f.certificate },
              store,
            };
          }),
        ).to.equal("amount-above-remaining");
      });

      it("a cheque expiring before the payee can redeem it: cheque-expired", async () => {
        expect(
          await refusal((f) => ({
            presentation: { signed: f.pay(f.merchant.address, 1n, 0, f.clockAt + 3600n), certificate: f.certificate },
          })),
        ).to.equal("cheque-expired");
      });

      it("a cheque claiming a redemption window past the purse's settlement: expiry-beyond-settlement", async () => {
        expect(
          await refusal((f) => ({
            presentation: {
              signed: f.pay(f.merchant.address, 1n, 0, f.certificate.certificate.expiry + GRACE + 1n),
              certificate: f.certificate,
            },
          })),
        ).to.equal("expiry-beyond-settlement");
      });
    });
  });

  describe("SeenStore", () => {
    it("survives a JSON round trip: seen serials, totals, pending cheques", async () => {
      const f = await loadFixture(offlineShop);
      const phone = f.newPhone();
      const terminal = new OfflineVerifier(f.config);
      const first = phone.pay(f.merchant.address, tenge(100));
      const second = phone.pay(f.merchant.address, tenge(250.75));
      terminal.accept(first);
      terminal.accept(second);
      terminal.store.markRedeemed([chequeDigest(f.domain, first.signed.cheque)]);

      const restored = SeenStore.fromJSON(terminal.store.toJSON());
      expect(restored.has(f.device.address, 0)).to.equal(true);
      expect(restored.has(f.device.address, 1)).to.equal(true);
      expect(restored.has(f.device.address, 2)).to.equal(false);
      expect(restored.acceptedFrom(f.device.address)).to.equal(tenge(350.75));
      expect(restored.pending()).to.deep.equal([second.signed]);
      // The restored terminal still refuses a serial it saw before the restart.
      const again = new OfflineVerifier({ ...f.config, store: restored }).verify({
        signed: f.pay(f.merchant.address, tenge(1), 1),
        certificate: f.certificate,
      });
      expect(again).to.deep.include({ ok: false, reason: "serial-seen" });
    });

    it("rejects a store of an unknown version", () => {
      expect(() => SeenStore.fromJSON(JSON.stringify({ version: 2, cheques: [] }))).to.throw("unknown version 2");
    });
  });

  describe("PurseDevice (the payer's secure element)", () => {
    it("signs with consecutive serials and never more than it holds or its certificate allows", async () => {
      const f = await loadFixture(offlineShop);
      const phone = f.newPhone();
      const a = phone.pay(f.merchant.address, tenge(19_000));
      expect(a.signed.cheque.serial).to.equal(0);
      expect(() => phone.pay(f.merchant.address, tenge(1_001))).to.throw("only 100000 tiyn left");
      expect(() => phone.pay(f.merchant.address, 0n)).to.throw("amount must be positive");
      expect(phone.pay(f.merchant.address, tenge(1_000)).signed.cheque.serial).to.equal(1);
      expect(phone.available).to.equal(0n);

      phone.sync(tenge(10_000));
      for (let i = 2; i < 10; i++) phone.pay(f.merchant.address, 1n);
      expect(() => phone.pay(f.merchant.address, 1n)).to.throw("all 10 payments used");
      expect(phone.serialsUsed).to.equal(10);

      const late = new PurseDevice(f.domain, f.device, f.certificate, 1n, () =>
        Number(f.certificate.certificate.expiry + 1n),
      );
      expect(() => late.pay(f.merchant.address, 1n)).to.throw("certificate expired");
      expect(() => new PurseDevice(f.domain, deviceKey("other"), f.certificate, 1n)).to.throw("does not match");
    });

    it("pays offline, the payee verifies offline, then redeems online and marks its store", async () => {
      const f = await loadFixture(offlineShop);
      const phone = f.newPhone();
      const terminal = new OfflineVerifier(f.config);
      for (const amount of [tenge(120), tenge(80.5), tenge(1_000)]) {
        expect(terminal.accept(phone.pay(f.merchant.address, amount)).ok).to.equal(true);
      }
      const { outcomes } = await redeemCheques(f.offline.connect(f.merchant), terminal.store.pending());
      expect(outcomes.every((o) => o.paid)).to.equal(true);
      terminal.store.markRedeemed(outcomes.filter((o) => o.paid).map((o) => o.digest));
      expect(terminal.store.pending()).to.deep.equal([]);
      expect(await f.ledger.balanceOf(f.merchant.address)).to.equal(tenge(1_200.5));
    });
  });

  describe("batch encoding", () => {
    it("round-trips, sorts the purse table and keeps payees in first-seen order", async () => {
      const f = await loadFixture(offlineShop);
      const other = deviceKey("other");
      const expiry = (await now()) + DAY;
      const signed = [
        f.pay(f.bob.address, tenge(1), 0),
        signCheque(f.domain, other, {
          purse: other.address,
          payee: f.merchant.address,
          amount: 2n ** 48n - 1n,
          serial: 255,
          expiry,
        }),
        f.pay(f.merchant.address, tenge(3), 1),
      ];
      const batch = encodeBatch(signed);
      expect(batch.count).to.equal(3);
      expect(BigInt(batch.purses[0]) < BigInt(batch.purses[1])).to.equal(true);
      expect(batch.payees).to.deep.equal([f.bob.address, f.merchant.address]);
      expect(decodeBatch(batch)).to.deep.equal(signed);
    });

    it("refuses fields the record cannot hold, and an empty batch", async () => {
      const f = await loadFixture(offlineShop);
      const good = f.pay(f.bob.address, tenge(1), 0);
      expect(() => encodeBatch([])).to.throw("no cheque");
      expect(() => encodeBatch([{ ...good, cheque: { ...good.cheque, amount: 2n ** 48n } }])).to.throw(
        "amount out of uint48",
      );
      expect(() => encodeBatch([{ ...good, cheque: { ...good.cheque, serial: 256 } }])).to.throw("serial out of uint8");
      expect(() => encodeBatch([{ ...good, cheque: { ...good.cheque, expiry: 2n ** 40n } }])).to.throw(
        "expiry out of uint40",
      );
    });

    it("chunks in order, within the batch size and the 256-entry tables", async () => {
      const f = await loadFixture(offlineShop);
      const many = Array.from({ length: 300 }, (_, i) => {
        const key = deviceKey(`chunk-${i}`);
        return signCheque(f.domain, key, {
          purse: key.address,
          payee: f.merchant.address,
          amount: 1n,
          serial: 0,
          expiry: 1n,
        });
      });
      const byTable = chunkCheques(many, 1_000);
      expect(byTable.map((c) => c.length)).to.deep.equal([MAX_TABLE, 300 - MAX_TABLE]);
      const bySize = chunkCheques(many, 100);
      expect(bySize.map((c) => c.length)).to.deep.equal([100, 100, 100]);
      expect(bySize.flat()).to.deep.equal(many);
    });
  });
});
