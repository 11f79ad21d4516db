import { expect } from "chai";
import fc from "fast-check";
import { MaxUint256, ZeroHash, encodeBytes32String } from "ethers";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ALMATY_VAULT, TAU_KEN, stablecoinBridged, stockGold } from "./fixtures";
import { tenge } from "../../src/money";

/** Everything at once: the stablecoin issued and bridged to a second chain, and the gold desk stocked. */
async function everything() {
  const f = await stockGold(await stablecoinBridged());
  await f.gold.connect(f.bob).approve(await f.desk.getAddress(), MaxUint256);
  return f;
}
type F = Awaited<ReturnType<typeof everything>>;

const HOLDER = fc.constantFrom("alice", "bob", "merchant", "trader", "exchange");
const DKZT = fc.constantFrom("alice", "bob", "merchant");
const tiyn = fc.bigInt({ min: 1n, max: tenge(60_000) });
const units = fc.bigInt({ min: 1n, max: 30_000_000n }); // up to 30 g

type Op =
  | { kind: "mint"; to: string; amount: bigint }
  | { kind: "redeem"; holder: string; amount: bigint; account: string }
  | { kind: "transfer"; from: string; to: string; amount: bigint }
  | { kind: "bridgeOut"; holder: string; to: string; amount: bigint }
  | { kind: "bridgeBack"; holder: string; to: string; amount: bigint }
  | { kind: "rogueMintHome"; amount: bigint }
  | { kind: "seize"; amount: bigint }
  | { kind: "replenish"; amount: bigint }
  | { kind: "buy"; buyer: string; units: bigint }
  | { kind: "sell"; seller: string; units: bigint }
  | { kind: "goldTransfer"; from: string; to: string; units: bigint }
  | { kind: "addBar"; grossMg: bigint; fineness: bigint }
  | { kind: "removeBar"; pick: number }
  | { kind: "mintBar"; pick: number }
  | { kind: "redeemBar"; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("mint" as const), to: HOLDER, amount: tiyn }),
  fc.record({ kind: fc.constant("redeem" as const), holder: HOLDER, amount: tiyn, account: DKZT }),
  fc.record({ kind: fc.constant("transfer" as const), from: HOLDER, to: HOLDER, amount: tiyn }),
  fc.record({ kind: fc.constant("bridgeOut" as const), holder: HOLDER, to: HOLDER, amount: tiyn }),
  fc.record({ kind: fc.constant("bridgeBack" as const), holder: HOLDER, to: HOLDER, amount: tiyn }),
  fc.record({ kind: fc.constant("rogueMintHome" as const), amount: tiyn }),
  fc.record({ kind: fc.constant("seize" as const), amount: fc.bigInt({ min: 1n, max: tenge(20_000) }) }),
  fc.record({ kind: fc.constant("replenish" as const), amount: fc.bigInt({ min: 1n, max: tenge(20_000) }) }),
  fc.record({ kind: fc.constant("buy" as const), buyer: DKZT, units }),
  fc.record({ kind: fc.constant("sell" as const), seller: DKZT, units }),
  fc.record({ kind: fc.constant("goldTransfer" as const), from: DKZT, to: DKZT, units }),
  fc.record({
    kind: fc.constant("addBar" as const),
    grossMg: fc.bigInt({ min: 1_000n, max: 200_000n }),
    fineness: fc.bigInt({ min: 9_950n, max: 10_000n }),
  }),
  fc.record({ kind: fc.constant("removeBar" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("mintBar" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("redeemBar" as const), pick: fc.nat() }),
);

/** Runs `action`, accepting a revert (the contracts' rules decide); anything else fails the test. */
async function attempt(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    const message = (error as Error).message;
    if (!/reverted/.test(message)) throw error;
    return false;
  }
}

describe("Reserves invariants (random sequences) @plain", () => {
  it("keeps home supply + bridged out == reserve (less seizures), remote supply == bridged in, gold supply <= fine gold, after every step", async () => {
    const base = await loadFixture(everything);
    const ledgerSupply = await base.ledger.totalSupply();

    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 18 }), async (ops) => {
        const f: F = await loadFixture(everything);
        const who = (name: string) => f[name as "alice"];
        const reserveAddress = await f.stablecoin.getAddress();
        const deskAddress = await f.desk.getAddress();
        let serial = 0;
        // Model: DKZT in the reserve minus obligations. Only seizures (-) , replenishments (+) and pro-rata rounding (+) move it.
        let delta = 0n;
        // With no seizure or replenishment in a sequence, delta stays 0: supply + bridged out == reserve exactly.

        for (const o of ops) {
          switch (o.kind) {
            case "mint":
              await attempt(() => f.stablecoin.connect(f.exchange).mint(who(o.to).address, o.amount));
              break;
            case "redeem": {
              const account = who(o.account).address;
              const proof = await f.stablecoin.proofOfReserves();
              const expected =
                proof.available >= proof.obligations ? o.amount : (o.amount * proof.available) / proof.obligations;
              const before = await f.ledger.balanceOf(account);
              if (await attempt(() => f.stablecoin.connect(who(o.holder)).redeem(o.amount, account))) {
                expect((await f.ledger.balanceOf(account)) - before).to.equal(
                  expected,
                  "redemption paid the rule's amount",
                );
                delta += o.amount - expected;
              }
              break;
            }
            case "transfer":
              await attempt(() => f.stablecoin.connect(who(o.from)).transfer(who(o.to).address, o.amount));
              break;
            case "bridgeOut":
              await attempt(() =>
                f.bridge.connect(who(o.holder)).send(f.stablecoin, f.remote.stablecoin, who(o.to).address, o.amount),
              );
              break;
            case "bridgeBack":
              await attempt(() =>
                f.bridge.connect(who(o.holder)).send(f.remote.stablecoin, f.stablecoin, who(o.to).address, o.amount),
              );
              break;
            case "rogueMintHome": {
              // A relayed mint at home beyond what the bridge took out must always fail.
              const out = (await f.stablecoin.bridgeOf(await f.bridge.getAddress())).outstanding;
              expect(await attempt(() => f.bridge.relayMint(f.stablecoin, f.alice.address, out + o.amount))).to.equal(
                false,
              );
              break;
            }
            case "seize":
              if (
                await attempt(async () => {
                  await f.ledger.connect(f.compliance).attachFunds(reserveAddress, o.amount, ZeroHash);
                  await f.ledger.connect(f.compliance).seize(reserveAddress, f.court.address, o.amount, ZeroHash);
                })
              ) {
                delta -= o.amount;
              } else if ((await f.ledger.attachedOf(reserveAddress)) > 0n) {
                await f.ledger
                  .connect(f.compliance)
                  .releaseFunds(reserveAddress, await f.ledger.attachedOf(reserveAddress), ZeroHash);
              }
              break;
            case "replenish":
              if (await attempt(() => f.stablecoin.connect(f.exchange).replenishReserve(o.amount))) delta += o.amount;
              break;
            case "buy":
              await attempt(() => f.desk.connect(who(o.buyer)).buy(o.units, MaxUint256));
              break;
            case "sell":
              await attempt(() => f.desk.connect(who(o.seller)).sell(o.units, 0n));
              break;
            case "goldTransfer":
              await attempt(() => f.gold.connect(who(o.from)).transfer(who(o.to).address, o.units));
              break;
            case "addBar": {
              const fine = (o.grossMg * o.fineness) / 10_000n;
              const name = encodeBytes32String(`P-${serial++}`);
              await f.gold.connect(f.custodian).addBar(name, TAU_KEN, ALMATY_VAULT, o.grossMg, o.fineness, fine);
              break;
            }
            case "removeBar": {
              const id = await f.gold.barIdAt(BigInt(o.pick) % (await f.gold.barCount()));
              const wasBacking = (await f.gold.barOf(id)).status !== 1n;
              const removed = await attempt(() => f.gold.connect(f.custodian).removeBar(id, ZeroHash));
              expect(removed).to.equal(!wasBacking, "only a bar backing nothing can be removed");
              break;
            }
            case "mintBar": {
              const id = await f.gold.barIdAt(BigInt(o.pick) % (await f.gold.barCount()));
              await attempt(() => f.gold.connect(f.custodian).mintAgainstBar(id, deskAddress));
              break;
            }
            case "redeemBar": {
              // The merchant buys the bar's fine weight at the desk, then takes the bar home.
              const id = await f.gold.barIdAt(BigInt(o.pick) % (await f.gold.barCount()));
              const bar = await f.gold.barOf(id);
              const need = bar.fineWeightMg * 1_000n - (await f.gold.balanceOf(f.merchant.address));
              if (need > 0n) await attempt(() => f.desk.connect(f.merchant).buy(need, MaxUint256));
              await attempt(() => f.gold.connect(f.merchant).redeemBar(id, ZeroHash));
              break;
            }
          }

          // ---- the invariants, after every step
          const proof = await f.stablecoin.proofOfReserves();
          expect(proof.reserve - proof.obligations).to.equal(
            delta,
            "reserve - obligations moved only by seizure, replenishment, rounding",
          );
          if (delta === 0n) expect(proof.reserve).to.equal(proof.obligations, "supply + bridged out == reserve");
          if (delta < 0n) expect(proof.fullyBacked).to.equal(false);
          expect(await f.remote.stablecoin.totalSupply()).to.equal(await f.remote.stablecoin.bridgedTotal());
          expect(await f.remote.stablecoin.totalSupply()).to.equal(proof.bridgedOut, "what left home is what arrived");
          const gold = await f.gold.goldReserve();
          expect(gold.supplyUnits).to.equal(gold.backingFineMg * 1_000n);
          expect(gold.supplyUnits <= gold.attestedUnits).to.equal(true, "gold supply <= fine gold in attested bars");
          expect(await f.ledger.totalSupply()).to.equal(ledgerSupply, "no DKZT created or destroyed");
        }
      }),
      { numRuns: 25 },
    );
  });
});
