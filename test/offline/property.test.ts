import { expect } from "chai";
import fc from "fast-check";
import type { Wallet } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { tenge } from "../../src/money";
import { chequeDigest, encodeBatch, fingerprintOf, outcomesOf, signCheque, type SignedCheque } from "../../src/offline";
import { deviceKey, expectHeldMatchesLedger, now, offlineReady, openPurse, type OfflineFixture } from "./fixtures";

interface Property extends OfflineFixture {
  devices: Wallet[];
  funded: bigint[];
  maxPayments: number[];
  payees: string[];
  thief: Wallet;
  expiry: bigint;
}

/** Two purses (alice: 20 000 ₸, 6 payments; bob: 5 000 ₸, 10 payments) and three payees. */
async function twoPurses(): Promise<Property> {
  const f = await offlineReady();
  const devices = [deviceKey("alice"), deviceKey("bob")];
  const funded = [tenge(20_000), tenge(5_000)];
  const maxPayments = [6, 10];
  const expiry = (await now()) + 30n * 86400n;
  await openPurse(f, f.alice, f.bankA, devices[0], funded[0], { maxPayments: maxPayments[0], expiry });
  await openPurse(f, f.bob, f.bankA, devices[1], funded[1], { maxPayments: maxPayments[1], expiry });
  return {
    ...f,
    devices,
    funded,
    maxPayments,
    payees: [f.merchant.address, f.court.address, f.agent.address],
    thief: deviceKey("thief"),
    expiry,
  };
}

const chequeArb = fc.record({
  purse: fc.integer({ min: 0, max: 1 }),
  payee: fc.integer({ min: 0, max: 2 }),
  serial: fc.integer({ min: 0, max: 11 }), // some beyond each purse's payments
  amount: fc.bigInt({ min: 1n, max: tenge(9_000) }),
  forged: fc.integer({ min: 0, max: 9 }).map((n) => n < 2), // one in five signed by another key
});
const submissionArb = fc.record({
  batch: fc.boolean(),
  // indices into the cheque list; repeats are replays
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
});

/** The rules, as a reference model: what should happen to each cheque presented, in order. */
class Model {
  readonly balance: bigint[];
  readonly spent = new Map<string, number>(); // purse:serial -> fingerprint
  readonly claimed = new Set<string>();
  readonly paidTo = new Map<string, bigint>();
  readonly paidDigests: string[] = [];

  constructor(private readonly f: Property) {
    this.balance = [...f.funded];
  }

  /** Returns "paid", "fraud" or "rejected". */
  present(index: number, s: SignedCheque, forged: boolean, digest: string): "paid" | "fraud" | "rejected" {
    const c = s.cheque;
    if (forged) return "rejected";
    if (c.serial >= this.f.maxPayments[index]) return "rejected";
    const key = `${index}:${c.serial}`;
    const print = fingerprintOf(digest);
    const settled = this.spent.get(key);
    if (settled !== undefined) {
      if (settled === print) return "rejected"; // replay
      return this.fraud(digest);
    }
    if (c.amount > this.balance[index]) return this.fraud(digest);
    this.balance[index] -= c.amount;
    this.spent.set(key, print);
    this.paidTo.set(c.payee, (this.paidTo.get(c.payee) ?? 0n) + c.amount);
    this.paidDigests.push(digest);
    return "paid";
  }

  private fraud(digest: string): "fraud" | "rejected" {
    if (this.claimed.has(digest)) return "rejected";
    this.claimed.add(digest);
    return "fraud";
  }
}

describe("OfflinePurses: property over random cheque sequences @plain", () => {
  it("never pays more than a purse held, never pays a cheque twice, and settles exactly as the rules say", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(chequeArb, { minLength: 1, maxLength: 14 }),
        fc.array(submissionArb, { minLength: 1, maxLength: 6 }),
        async (cheques, submissions) => {
          const f = await loadFixture(twoPurses);
          const supply = await f.ledger.totalSupply();
          const startBalances = await Promise.all(f.payees.map((p) => f.ledger.balanceOf(p)));
          const signed = cheques.map((c) => {
            const device = f.devices[c.purse];
            return signCheque(f.domain, c.forged ? f.thief : device, {
              purse: device.address,
              payee: f.payees[c.payee],
              amount: c.amount,
              serial: c.serial,
              expiry: f.expiry,
            });
          });
          const digests = signed.map((s) => chequeDigest(f.domain, s.cheque));
          const model = new Model(f);
          const chainPaid: string[] = [];

          for (const submission of submissions) {
            const picks = submission.picks.map((p) => p % signed.length);
            const expected = picks.map((i) =>
              model.present(cheques[i].purse, signed[i], cheques[i].forged, digests[i]),
            );
            if (submission.batch) {
              const batch = encodeBatch(picks.map((i) => signed[i]));
              const receipt = (await (await f.offline.redeemBatch(batch.purses, batch.payees, batch.cheques)).wait())!;
              const outcomes = outcomesOf(receipt, f.offline);
              expect(outcomes.map((o) => o.paid)).to.deep.equal(expected.map((e) => e === "paid"));
              expect(
                outcomes.map((o) => o.reason?.name === "ChequeDoubleSpent" || o.reason?.name === "ChequeOverspent"),
              ).to.deep.equal(expected.map((e) => e === "fraud"));
              chainPaid.push(...outcomes.filter((o) => o.paid).map((o) => o.digest));
            } else {
              for (const [k, i] of picks.entries()) {
                const attempt = f.offline.redeem(signed[i]);
                if (expected[k] === "rejected") {
                  await expect(attempt).to.be.reverted;
                } else {
                  const receipt = (await (await attempt).wait())!;
                  const outcomes = outcomesOf(receipt, f.offline);
                  expect(outcomes.map((o) => o.paid)).to.deep.equal([expected[k] === "paid"]);
                  if (expected[k] === "paid") chainPaid.push(digests[i]);
                }
              }
            }
          }

          // Each cheque paid at most once, and exactly the ones the rules pay.
          expect(new Set(chainPaid).size).to.equal(chainPaid.length);
          expect(chainPaid).to.deep.equal(model.paidDigests);
          // No purse paid more than it held; the ledger holds exactly what the purses hold; no money created.
          for (const [i, device] of f.devices.entries()) {
            const paidFromPurse = chainPaid
              .map((d) => digests.indexOf(d))
              .filter((k) => cheques[k].purse === i)
              .reduce((sum, k) => sum + cheques[k].amount, 0n);
            expect(paidFromPurse).to.be.lte(f.funded[i]);
            expect((await f.offline.purseOf(device.address)).balance).to.equal(f.funded[i] - paidFromPurse);
          }
          await expectHeldMatchesLedger(
            f,
            f.devices.map((d) => d.address),
          );
          for (const [i, payee] of f.payees.entries()) {
            expect(await f.ledger.balanceOf(payee)).to.equal(startBalances[i] + (model.paidTo.get(payee) ?? 0n));
          }
          expect(await f.offline.lossClaimCount()).to.equal(BigInt(model.claimed.size));
          expect(await f.ledger.totalSupply()).to.equal(supply);
        },
      ),
      { numRuns: 40 },
    );
  });
});
