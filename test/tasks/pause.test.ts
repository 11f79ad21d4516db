import { expect } from "chai";
import hre from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract } from "ethers";
import { actors } from "../helpers/fixtures";
import { twoOfThreeSafes } from "../helpers/governance";
import { ALMATY_VAULT, KILOBAR, TAU_KEN } from "../reserves/fixtures";
import { DELAY, capturedOutput, dkzt, loadQuietlyFirst, officers, rejectionOf } from "./helpers";
import { LOCAL_SUITE_ACCOUNTS, PAUSE_TARGETS, deploy, type PauseTarget } from "../../src/ops";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import type { SafeCallResult } from "../../src/governance/actor";

/*
 * Incident response through the tasks: `dkzt:pause --target ledger|stablecoin|gold` stops a token at once;
 * `dkzt:unpause` is a delayed power, scheduled by the unpauser's Safe and executed when the command is run again
 * after the delay (or at once with --wait-delay on the local chain). The ledger and the gold token are paused by
 * the operator's Safe (OPERATOR) and unpaused by it (UNPAUSER, delayed); the reserve stablecoin is paused by its
 * compliance desk's Safe (STABLE_COMPLIANCE) and unpaused by it (STABLE_UNPAUSER, delayed).
 */

/**
 * The whole suite with the operator and the stablecoin compliance desk as 2-of-3 Safes, and the unpause grants
 * carrying a one-day execution delay (set by governance after the set-up, as a production deployment's
 * --execution-delay sets them). Bank A (onboarded by the operator's Safe) has funds; alice holds 100 000 ₸, 1 000
 * stablecoins (minted by the stablecoin issuer against its DKZT) and the gold tokens of a kilobar; the merchant is
 * her counterparty.
 */
async function pausableSuite() {
  const a = await actors();
  const [o1, o2, o3, s1, s2, s3] = a.spare;
  const [opSafe, stableSafe] = await twoOfThreeSafes(a.deployer, 41n, [o1, o2, o3], [s1, s2, s3]);
  const { suite } = await deploy(hre, {
    holders: { OPERATOR: await opSafe.getAddress(), STABLE_COMPLIANCE: await stableSafe.getAddress() },
    handover: true,
  });
  await (await suite.manager.connect(a.governance).grantRole(Role.UNPAUSER, await opSafe.getAddress(), DELAY)).wait();
  await (
    await suite.manager.connect(a.governance).grantRole(Role.STABLE_UNPAUSER, await stableSafe.getAddress(), DELAY)
  ).wait();

  const signers = await hre.ethers.getSigners();
  const issuer = signers[LOCAL_SUITE_ACCOUNTS.STABLE_ISSUER];
  const custodian = signers[LOCAL_SUITE_ACCOUNTS.GOLD_CUSTODIAN];
  await dkzt("onboard-bank", {
    safe: await opSafe.getAddress(),
    signers: officers([o1, o2]),
    bank: a.bankA.address,
    ref: "BANK-001",
  });
  await dkzt("set-ceiling", { bank: a.bankA.address, amount: "10000000" });
  await dkzt("issue", { bank: a.bankA.address, amount: "1000000", ref: "RSV-A-1" });
  await dkzt("onboard-customer", { from: "5", account: a.alice.address, ref: "cust-alice" });
  await dkzt("onboard-customer", {
    from: "5",
    account: a.merchant.address,
    kind: "merchant",
    tier: "business",
    ref: "shop",
  });
  await dkzt("onboard-customer", {
    from: "5",
    account: issuer.address,
    kind: "merchant",
    tier: "business",
    ref: "stable-issuer",
  });
  await dkzt("transfer", { from: "5", to: a.alice.address, amount: "100000" });
  await dkzt("transfer", { from: "5", to: issuer.address, amount: "10000" });

  await dkzt("mandate", { from: issuer.address, module: "stablecoin" });
  await (await suite.stablecoin.connect(issuer).mint(a.alice.address, tenge(1000))).wait();
  const gold = suite.gold.connect(custodian);
  await (
    await gold.addBar(KILOBAR.serial, TAU_KEN, ALMATY_VAULT, KILOBAR.gross, KILOBAR.fineness, KILOBAR.fine)
  ).wait();
  await (await gold.mintAgainstBar(await suite.gold.barIdOf(TAU_KEN, KILOBAR.serial), a.alice.address)).wait();

  return { ...a, ...suite, opSafe, stableSafe, opOfficers: [o1, o2, o3], stableOfficers: [s1, s2, s3] };
}

type Fixture = Awaited<ReturnType<typeof pausableSuite>>;

/** What each target is, who pauses and unpauses it, and how a holder moves it. */
interface Case {
  target: PauseTarget;
  /** The contract in the roles table, as the task's messages name it. */
  contract: string;
  /** The error a transfer gives while paused. */
  pausedError: string;
  token: (f: Fixture) => BaseContract & {
    paused(): Promise<boolean>;
    balanceOf(a: string): Promise<bigint>;
  };
  /** alice pays the merchant one unit. */
  pay: (f: Fixture) => Promise<unknown>;
  /** The Safe that pauses and unpauses it, and its officers. */
  safe: (f: Fixture) => { address: Promise<string>; officers: HardhatEthersSigner[] };
  /** Pausing it again: refused with this message, or (undefined) accepted and nothing changes. */
  pauseTwice?: RegExp;
}

const CASES: Case[] = [
  {
    target: "ledger",
    contract: "DigitalTenge",
    pausedError: "LedgerPaused",
    token: (f) => f.ledger,
    pay: (f) => f.ledger.connect(f.alice).transfer(f.merchant.address, tenge(1)),
    safe: (f) => ({ address: f.opSafe.getAddress(), officers: f.opOfficers }),
  },
  {
    target: "stablecoin",
    contract: "ReserveStablecoin",
    pausedError: "EnforcedPause",
    token: (f) => f.stablecoin,
    pay: (f) => f.stablecoin.connect(f.alice).transfer(f.merchant.address, tenge(1)),
    safe: (f) => ({ address: f.stableSafe.getAddress(), officers: f.stableOfficers }),
    pauseTwice: /^EnforcedPause: ReserveStablecoin is already paused: pausing it again changes nothing$/,
  },
  {
    target: "gold",
    contract: "GoldToken",
    pausedError: "EnforcedPause",
    token: (f) => f.gold,
    pay: (f) => f.gold.connect(f.alice).transfer(f.merchant.address, 1n),
    safe: (f) => ({ address: f.opSafe.getAddress(), officers: f.opOfficers }),
    pauseTwice: /^EnforcedPause: GoldToken is already paused: pausing it again changes nothing$/,
  },
];

/** alice's and the merchant's balances of the case's token. */
async function balances(c: Case, f: Fixture): Promise<bigint[]> {
  const token = c.token(f);
  return [await token.balanceOf(f.alice.address), await token.balanceOf(f.merchant.address)];
}

/** The task arguments acting as the case's Safe, two officers confirming. */
async function bySafe(c: Case, f: Fixture, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const { address, officers: trio } = c.safe(f);
  return { target: c.target, safe: await address, signers: officers(trio.slice(0, 2)), ...extra };
}

describe("dkzt:pause and dkzt:unpause (incident response) @plain", () => {
  const printed = capturedOutput();
  loadQuietlyFirst(pausableSuite);

  describe("when neither --from nor --safe is given on the local chain", () => {
    it("signs as the holder's local account (operator 3; stablecoin desk 52), refused here: the Safes hold the roles", async () => {
      const f = await loadFixture(pausableSuite);
      const signers = await hre.ethers.getSigners();
      const desk = signers[LOCAL_SUITE_ACCOUNTS.STABLE_COMPLIANCE].address;
      const stable = await rejectionOf(dkzt("pause", { target: "stablecoin" }));
      expect(stable.message).to.match(new RegExp(`^AccessManagedUnauthorized: ${desk} .*gives to STABLE_COMPLIANCE$`));
      const ledger = await rejectionOf(dkzt("pause", { target: "ledger" }));
      expect(ledger.message).to.match(
        new RegExp(`^AccessManagedUnauthorized: ${signers[3].address} .*gives to OPERATOR$`),
      );
      expect([await f.ledger.paused(), await f.stablecoin.paused(), await f.gold.paused()]).to.deep.equal([
        false,
        false,
        false,
      ]);
    });
  });

  for (const c of CASES) {
    describe(`--target ${c.target} (${c.contract})`, () => {
      /** The suite with the case's token paused by its pauser's Safe. */
      async function paused(): Promise<Fixture> {
        const f = await loadFixture(pausableSuite);
        await dkzt("pause", await bySafe(c, f));
        return f;
      }

      describe("when its pauser's Safe pauses it", () => {
        it(`pauses at once, and a transfer then reverts with ${c.pausedError}, balances unchanged`, async () => {
          const f = await loadFixture(pausableSuite);
          expect(await c.token(f).paused()).to.equal(false);
          await dkzt("pause", await bySafe(c, f));
          expect(await c.token(f).paused()).to.equal(true);
          const label = PAUSE_TARGETS[c.target].label;
          expect(printed.some((l) => l.startsWith(`${label} is paused by `))).to.equal(true);

          const before = await balances(c, f);
          await expect(c.pay(f)).to.be.revertedWithCustomError(c.token(f), c.pausedError);
          expect(await balances(c, f)).to.deep.equal(before);
        });
      });

      describe("when an account without the pause role pauses it", () => {
        it("is refused in one line naming the role, and the token is not paused", async () => {
          const f = await loadFixture(pausableSuite);
          const before = await balances(c, f);
          const err = await rejectionOf(dkzt("pause", { target: c.target, from: f.stranger.address }));
          const role = c.target === "stablecoin" ? "STABLE_COMPLIANCE" : "OPERATOR";
          expect(err.message).to.match(
            new RegExp(
              `^AccessManagedUnauthorized: ${f.stranger.address} does not hold the role it needs to call ` +
                `${c.contract}\\.pause, which the roles table gives to ${role}$`,
            ),
          );
          expect(await c.token(f).paused()).to.equal(false);
          expect(await balances(c, f)).to.deep.equal(before);
        });
      });

      describe("when it is paused again", () => {
        if (c.pauseTwice) {
          const refusal = c.pauseTwice;
          it("is refused in words (EnforcedPause), and the token stays paused", async () => {
            const f = await paused();
            const before = await balances(c, f);
            const err = await rejectionOf(dkzt("pause", await bySafe(c, f)));
            expect(err.message).to.match(refusal);
            expect(await c.token(f).paused()).to.equal(true);
            expect(await balances(c, f)).to.deep.equal(before);
          });
        } else {
          it("succeeds and says it was already paused: the pause is idempotent, the ledger stays paused", async () => {
            const f = await paused();
            await dkzt("pause", await bySafe(c, f));
            expect(printed.some((l) => l.startsWith("The DKZT ledger was already paused and stays paused"))).to.equal(
              true,
            );
            expect(await c.token(f).paused()).to.equal(true);
          });
        }
      });

      describe("when its unpauser's Safe unpauses it (a delayed power)", () => {
        it("schedules it (still paused), says it is waiting when run early, and unpauses when run after the delay", async () => {
          const f = await paused();
          const first = await dkzt<SafeCallResult>("unpause", await bySafe(c, f));
          expect(first.status).to.equal("scheduled");
          expect(printed.at(-1)).to.match(/^Scheduled: operation 0x[0-9a-f]{64} may be executed from \d{4}-/);
          expect(await c.token(f).paused()).to.equal(true);

          const early = await dkzt<SafeCallResult>("unpause", await bySafe(c, f));
          expect(early.status).to.equal("waiting");
          expect(printed.at(-1)).to.match(/^Already scheduled, not ready yet/);
          expect(await c.token(f).paused()).to.equal(true);

          await time.increase(DELAY);
          await dkzt("unpause", await bySafe(c, f));
          expect(await c.token(f).paused()).to.equal(false);
          expect(printed.some((l) => / is unpaused by .*: balances move again$/.test(l))).to.equal(true);

          const [alice, merchant] = await balances(c, f);
          await c.pay(f);
          const unit = c.target === "gold" ? 1n : tenge(1);
          expect(await balances(c, f)).to.deep.equal([alice - unit, merchant + unit]);
        });

        it("the guardian's cancel stops it: after the delay it is still paused, and running again schedules anew", async () => {
          const f = await paused();
          const args = await bySafe(c, f);
          const first = await dkzt<SafeCallResult>("unpause", args);
          if (first.status === "executed") return expect.fail("an unpause must be delayed");
          const data = c.token(f).interface.encodeFunctionData("unpause");
          await expect(f.manager.connect(f.guardian).cancel(String(args.safe), await c.token(f).getAddress(), data))
            .to.emit(f.manager, "OperationCanceled")
            .withArgs(first.operationId, 1n);
          await time.increase(DELAY);
          expect(await c.token(f).paused()).to.equal(true);
          const again = await dkzt<SafeCallResult>("unpause", args);
          expect(again.status).to.equal("scheduled");
          expect(await c.token(f).paused()).to.equal(true);
        });

        it("with --wait-delay on the local chain, schedules and executes in one command", async () => {
          const f = await paused();
          await dkzt("unpause", await bySafe(c, f, { waitDelay: true }));
          expect(await c.token(f).paused()).to.equal(false);
        });
      });
    });
  }
});
