import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { actors } from "../helpers/fixtures";
import { twoOfThreeSafes } from "../helpers/governance";
import { DELAY, capturedOutput, dkzt, loadQuietlyFirst, officers, rejectionOf } from "./helpers";
import type { Deployment } from "../../src/ops";
import { Role } from "../../src/roles";
import { tenge } from "../../src/money";
import type { SafeCallResult } from "../../src/governance/actor";

/*
 * The dkzt:* tasks acting as Safe multisig role holders: `--safe <address> --signers <officers>`. Immediate
 * powers run at once; delayed powers are scheduled, reported waiting, and executed when the command is run again
 * after the delay (or at once with --wait-delay on a local chain).
 */

/** The whole suite deployed by dkzt:deploy with the central bank and the operator as 2-of-3 Safes, delays on. */
async function safeSuite() {
  const a = await actors();
  const [c1, c2, c3, o1, o2, o3] = a.spare;
  const [cbSafe, opSafe] = await twoOfThreeSafes(a.deployer, 11n, [c1, c2, c3], [o1, o2, o3]);
  const deployment = await dkzt<Deployment>("deploy", {
    centralBank: await cbSafe.getAddress(),
    operator: await opSafe.getAddress(),
    executionDelay: DELAY,
    handover: true,
  });
  return { ...a, ...deployment.suite, deployment, cbSafe, opSafe, cb: [c1, c2, c3], op: [o1, o2, o3] };
}

describe("dkzt tasks through Safe multisigs (--safe, --signers) @plain", () => {
  const printed = capturedOutput(); // scoped to this file's tests
  loadQuietlyFirst(safeSuite);

  describe("when the operator's Safe onboards a bank (an immediate power)", () => {
    it("two officers confirm and the Safe grants the bank role and opens the account", async () => {
      const f = await loadFixture(safeSuite);
      await dkzt("onboard-bank", {
        safe: await f.opSafe.getAddress(),
        signers: officers([f.op[0], f.op[2]]),
        bank: f.bankA.address,
        ref: "BANK-001",
      });
      expect((await f.manager.hasRole(Role.BANK, f.bankA.address)).isMember).to.equal(true);
      expect((await f.ledger.bankOf(f.bankA.address)).id).to.equal(1n);
      expect(printed.some((line) => /^Onboarded bank #1 /.test(line))).to.equal(true);
    });

    it("fails in words with one officer short of the threshold, and grants nothing", async () => {
      const f = await loadFixture(safeSuite);
      const nonce = await f.opSafe.nonce();
      const err = await rejectionOf(
        dkzt("onboard-bank", { safe: await f.opSafe.getAddress(), signers: "19", bank: f.bankA.address, ref: "B" }),
      );
      expect(err.message).to.equal(
        `Safe ${await f.opSafe.getAddress()} needs 2 confirmations, has 1: collect more before executing`,
      );
      expect((await f.manager.hasRole(Role.BANK, f.bankA.address)).isMember).to.equal(false);
      expect(await f.opSafe.nonce()).to.equal(nonce);
    });

    it("refuses a signer who is not an officer of the Safe", async () => {
      const f = await loadFixture(safeSuite);
      const err = await rejectionOf(
        dkzt("onboard-bank", {
          safe: await f.opSafe.getAddress(),
          signers: `${f.op[0].address},${f.stranger.address}`,
          bank: f.bankA.address,
          ref: "B",
        }),
      );
      expect(err.message).to.equal(`${f.stranger.address} is not an owner of Safe ${await f.opSafe.getAddress()}`);
      expect((await f.manager.hasRole(Role.BANK, f.bankA.address)).isMember).to.equal(false);
    });

    it("names the missing role when the Safe holds none for the function", async () => {
      const f = await loadFixture(safeSuite);
      const err = await rejectionOf(
        dkzt("set-ceiling", {
          safe: await f.opSafe.getAddress(),
          signers: "19,20",
          bank: f.bankA.address,
          amount: "1000",
        }),
      );
      expect(err.message).to.match(/^AccessManagedUnauthorized: .*CENTRAL_BANK/);
      expect((await f.ledger.bankOf(f.bankA.address)).ceiling).to.equal(0n);
    });
  });

  describe("when the central bank's Safe sets a ceiling (a delayed power)", () => {
    it("schedules it, says it is waiting when run early, and sets it when run again after the delay", async () => {
      const f = await loadFixture(safeSuite);
      const opSafe = await f.opSafe.getAddress();
      await dkzt("onboard-bank", { safe: opSafe, signers: "19,20", bank: f.bankA.address, ref: "BANK-001" });
      const args = { safe: await f.cbSafe.getAddress(), signers: "16,17", bank: f.bankA.address, amount: "1000000" };

      const first = await dkzt<SafeCallResult>("set-ceiling", args);
      expect(first.status).to.equal("scheduled");
      expect(printed.at(-1)).to.match(/^Scheduled: operation 0x[0-9a-f]{64} may be executed from \d{4}-/);
      expect((await f.ledger.bankOf(f.bankA.address)).ceiling).to.equal(0n);

      const early = await dkzt<SafeCallResult>("set-ceiling", args);
      expect(early.status).to.equal("waiting");
      expect(printed.at(-1)).to.match(/^Already scheduled, not ready yet/);
      expect((await f.ledger.bankOf(f.bankA.address)).ceiling).to.equal(0n);

      await time.increase(DELAY);
      await dkzt("set-ceiling", args);
      expect(printed.some((line) => /^Issuance ceiling of .* set to 1\D000\D000/.test(line))).to.equal(true);
      expect((await f.ledger.bankOf(f.bankA.address)).ceiling).to.equal(tenge(1_000_000));
    });

    it("with --wait-delay on the local chain, schedules and executes in one command", async () => {
      const f = await loadFixture(safeSuite);
      await dkzt("define-tier", {
        safe: await f.cbSafe.getAddress(),
        signers: "17,18",
        waitDelay: true,
        tier: "standard",
        holding: "1500000",
        daily: "500000",
      });
      expect(await f.ledger.tierLimits(1)).to.deep.equal([tenge(1_500_000), tenge(500_000), true]);
    });

    it("the guardian's cancel stops it: running the command again schedules it anew", async () => {
      const f = await loadFixture(safeSuite);
      const args = { safe: await f.cbSafe.getAddress(), signers: "16,18", tier: "1", holding: "1000", daily: "100" };
      const first = await dkzt<SafeCallResult>("define-tier", args);
      if (first.status === "executed") return expect.fail("a tier change must be delayed");
      const data = f.ledger.interface.encodeFunctionData("setTier", [1, tenge(1000), tenge(100)]);
      await f.manager.connect(f.guardian).cancel(await f.cbSafe.getAddress(), await f.ledger.getAddress(), data);
      await time.increase(DELAY);
      const again = await dkzt<SafeCallResult>("define-tier", args);
      expect(again.status).to.equal("scheduled");
      expect((await f.ledger.tierLimits(1)).defined).to.equal(false);
    });
  });
});
