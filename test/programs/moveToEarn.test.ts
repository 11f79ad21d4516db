import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { TypedDataDomain } from "ethers";
import type { MoveToEarn } from "../../typechain-types";
import { tenge } from "../../src/money";
import { expectRejected, ledgerState } from "../helpers/state";
import { programsLedger, type ProgramsFixture } from "./fixtures";
import { STEP_ATTESTATION_TYPES, domainOf } from "./eip712";

const THRESHOLDS = [5_000, 10_000, 15_000];
const REWARDS = [tenge(50), tenge(120), tenge(200)];
const CAP = tenge(150);
const POOL = tenge(10_000);
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

interface Attestation {
  account: string;
  day: bigint;
  steps: bigint;
  claimId: string;
  deadline: bigint;
}

/** The sponsor's campaign: one oracle key, the schedule (version 1), a 150 ₸ cap, a 10 000 ₸ pool. */
async function campaign(): Promise<ProgramsFixture & { today: bigint }> {
  const f = await programsLedger();
  const { moveToEarn: m2e, sponsor, oracle } = f;
  await m2e.connect(sponsor).addOracle(oracle.address);
  await m2e.connect(sponsor).setSchedule(THRESHOLDS, REWARDS);
  await m2e.connect(sponsor).setDailyCap(CAP);
  await m2e.connect(sponsor).fund(POOL);
  return { ...f, today: await f.ledger.today() };
}

async function attest(
  m2e: MoveToEarn,
  signer: HardhatEthersSigner,
  a: Attestation,
  domain: Partial<TypedDataDomain> = {},
): Promise<string> {
  return signer.signTypedData(await domainOf(m2e, domain), STEP_ATTESTATION_TYPES, a);
}

async function attestation(f: ProgramsFixture & { today: bigint }, o: Partial<Attestation> = {}): Promise<Attestation> {
  return {
    account: f.alice.address,
    day: f.today,
    steps: 12_000n,
    claimId: ethers.id(`claim:${o.account ?? f.alice.address}:${o.day ?? f.today}`),
    deadline: BigInt(await time.latest()) + 3_600n,
    ...o,
  };
}

/** A rejected claim changes nothing: pool, balances, claim and day records. */
async function expectClaimRejected(
  f: ProgramsFixture,
  a: Attestation,
  action: () => Promise<unknown>,
  assertion: (attempt: Promise<unknown>) => Promise<void>,
): Promise<void> {
  const { moveToEarn: m2e, ledger } = f;
  const read = async () => ({
    ledger: await ledgerState(ledger, [a.account, m2e]),
    claim: await m2e.isClaimPaid(a.claimId),
    day: await m2e.isDayClaimed(a.account, a.day),
  });
  const before = await read();
  await assertion(action());
  expect(await read()).to.deep.equal(before, "a rejected claim changed something");
}

describe("MoveToEarn", () => {
  describe("claim", () => {
    it("pays the schedule's reward for the steps, from the pool, and records the claim and the day", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, oracle, alice, stranger, ledger } = f;
      const a = await attestation(f);
      const sig = await attest(m2e, oracle, a);
      const tx = m2e.connect(stranger).claim(a, 1, sig);
      await expect(tx)
        .to.emit(m2e, "RewardClaimed")
        .withArgs(alice.address, a.day, a.claimId, a.steps, tenge(120), tenge(120), 1, oracle.address);
      await expect(tx).to.changeTokenBalances(ledger, [m2e, alice, stranger], [-tenge(120), tenge(120), 0n]);
      expect(await m2e.isClaimPaid(a.claimId)).to.equal(true);
      expect(await m2e.isDayClaimed(alice.address, a.day)).to.equal(true);
      expect(await m2e.pool()).to.equal(POOL - tenge(120));
    });

    it("pays at most the daily cap, and exactly a threshold's reward at the threshold", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, oracle, alice, bob, ledger } = f;
      const big = await attestation(f, { steps: 30_000n });
      await expect(m2e.claim(big, 1, await attest(m2e, oracle, big)))
        .to.emit(m2e, "RewardClaimed")
        .withArgs(alice.address, big.day, big.claimId, big.steps, tenge(200), CAP, 1, oracle.address);
      const exact = await attestation(f, { account: bob.address, steps: 5_000n });
      await expect(m2e.claim(exact, 1, await attest(m2e, oracle, exact))).to.changeTokenBalances(
        ledger,
        [bob],
        [tenge(50)],
      );
      expect(await m2e.rewardFor(4_999)).to.equal(0n);
      expect(await m2e.rewardFor(9_999)).to.equal(tenge(50));
      expect(await m2e.rewardFor(10_000)).to.equal(tenge(120));
    });

    it("accepts an earlier day, once", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, oracle, alice } = f;
      const yesterday = await attestation(f, { day: f.today - 1n });
      await m2e.claim(yesterday, 1, await attest(m2e, oracle, yesterday));
      const today = await attestation(f);
      await m2e.claim(today, 1, await attest(m2e, oracle, today));
      expect(await m2e.isDayClaimed(alice.address, f.today - 1n)).to.equal(true);
    });

    describe("when the attestation is replayed", () => {
      it("reverts with ClaimAlreadyPaid for the same claim, DayAlreadyClaimed for the same account and day", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle, alice } = f;
        const a = await attestation(f);
        const sig = await attest(m2e, oracle, a);
        await m2e.claim(a, 1, sig);
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, sig),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "ClaimAlreadyPaid").withArgs(a.claimId),
        );
        const sameDay = { ...a, claimId: ethers.id("another claim id"), steps: 20_000n };
        await expectClaimRejected(
          f,
          sameDay,
          async () => m2e.claim(sameDay, 1, await attest(m2e, oracle, sameDay)),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "DayAlreadyClaimed").withArgs(alice.address, a.day),
        );
        const sameIdOtherDay = { ...a, day: a.day - 1n };
        await expectClaimRejected(
          f,
          sameIdOtherDay,
          async () => m2e.claim(sameIdOtherDay, 1, await attest(m2e, oracle, sameIdOtherDay)),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "ClaimAlreadyPaid").withArgs(a.claimId),
        );
      });
    });

    describe("when the attestation is expired or for a future day", () => {
      it("reverts with AttestationExpired or AttestationDayInFuture", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle } = f;
        const a = await attestation(f);
        const sig = await attest(m2e, oracle, a);
        await time.increaseTo(a.deadline + 1n);
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, sig),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(m2e, "AttestationExpired")
              .withArgs(a.claimId, a.deadline, a.deadline + 2n),
        );
        const today = await f.ledger.today();
        const future = await attestation(f, { day: today + 1n, claimId: ethers.id("future") });
        await expectClaimRejected(
          f,
          future,
          async () => m2e.claim(future, 1, await attest(m2e, oracle, future)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(m2e, "AttestationDayInFuture")
              .withArgs(today + 1n, today),
        );
      });
    });

    describe("when the signature is not an active oracle's for this chain and contract", () => {
      it("reverts with AttestationSignerNotOracle for a forged, wrong-chain, wrong-contract, tampered or revoked attestation", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle, oracle2, sponsor, stranger, purposePrograms } = f;
        const a = await attestation(f);
        const domain = await domainOf(m2e);
        const recovered = (d: TypedDataDomain, message: Attestation, sig: string) =>
          ethers.verifyTypedData(d, STEP_ATTESTATION_TYPES, message, sig);
        const cases: [string, Attestation, string, string][] = [];
        cases.push(["forged by a stranger", a, await attest(m2e, stranger, a), stranger.address]);
        const otherChain = { ...domain, chainId: 1n };
        const chainSig = await attest(m2e, oracle, a, { chainId: 1n });
        cases.push(["signed for chain 1", a, chainSig, recovered(domain, a, chainSig)]);
        expect(recovered(otherChain, a, chainSig)).to.equal(oracle.address);
        const otherContract = await purposePrograms.getAddress();
        const contractSig = await attest(m2e, oracle, a, { verifyingContract: otherContract });
        cases.push(["signed for another contract", a, contractSig, recovered(domain, a, contractSig)]);
        const sig = await attest(m2e, oracle, a);
        const tampered = { ...a, steps: 30_000n };
        cases.push(["steps tampered", tampered, sig, recovered(domain, tampered, sig)]);
        for (const [what, message, signature, signer] of cases) {
          expect(signer, what).to.not.equal(oracle.address);
          await expectClaimRejected(
            f,
            message,
            () => m2e.claim(message, 1, signature),
            (p) => expect(p, what).to.be.revertedWithCustomError(m2e, "AttestationSignerNotOracle").withArgs(signer),
          );
        }
        // Rotated: the old key's attestations are refused, the new key's paid.
        await expect(m2e.connect(sponsor).rotateOracle(oracle.address, oracle2.address))
          .to.emit(m2e, "OracleRevoked")
          .withArgs(oracle.address)
          .and.to.emit(m2e, "OracleAdded")
          .withArgs(oracle2.address);
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, sig),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "AttestationSignerNotOracle").withArgs(oracle.address),
        );
        await expect(m2e.claim(a, 1, await attest(m2e, oracle2, a))).to.emit(m2e, "RewardClaimed");
      });

      it("rejects a malleable (high-s) signature with ECDSAInvalidSignatureS", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle } = f;
        const a = await attestation(f);
        const sig = ethers.Signature.from(await attest(m2e, oracle, a));
        const highS = ethers.toBeHex(SECP256K1_N - BigInt(sig.s), 32);
        const flipped = ethers.concat([sig.r, highS, ethers.toBeHex(sig.v === 27 ? 28 : 27, 1)]);
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, flipped),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "ECDSAInvalidSignatureS").withArgs(highS),
        );
      });
    });

    describe("when the schedule is not the one expected, or the steps earn nothing", () => {
      it("reverts with ScheduleVersionMismatch or StepsBelowSchedule", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle, sponsor } = f;
        const a = await attestation(f);
        const sig = await attest(m2e, oracle, a);
        await m2e.connect(sponsor).setSchedule([8_000], [tenge(10)]);
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, sig),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "ScheduleVersionMismatch").withArgs(1, 2),
        );
        const lazy = await attestation(f, { steps: 7_999n, claimId: ethers.id("lazy") });
        await expectClaimRejected(
          f,
          lazy,
          async () => m2e.claim(lazy, 2, await attest(m2e, oracle, lazy)),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "StepsBelowSchedule").withArgs(7_999, 8_000),
        );
      });
    });

    describe("when the pool cannot pay", () => {
      it("reverts with PoolInsufficient and nothing is half-paid", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle, sponsor } = f;
        await m2e.connect(sponsor).withdraw(POOL - tenge(100));
        const a = await attestation(f);
        const sig = await attest(m2e, oracle, a);
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, sig),
          (p) => expect(p).to.be.revertedWithCustomError(m2e, "PoolInsufficient").withArgs(tenge(100), tenge(120)),
        );
        // A plain transfer into the pool is refused (a module's account is paid only by modules): fund tops it up.
        await expectRejected(
          f.ledger,
          [m2e, sponsor],
          () => f.ledger.connect(sponsor).transfer(m2e, tenge(20)),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ModuleNotPayable").withArgs(m2e),
        );
        await m2e.connect(sponsor).fund(tenge(20));
        await expect(m2e.claim(a, 1, sig)).to.changeTokenBalances(f.ledger, [m2e], [-tenge(120)]);
        expect(await m2e.pool()).to.equal(0n);
      });
    });

    describe("when the walker's account cannot receive", () => {
      it("reverts with the ledger's error", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle, stranger, ledger } = f;
        const a = await attestation(f, { account: stranger.address });
        await expectClaimRejected(
          f,
          a,
          async () => m2e.claim(a, 1, await attest(m2e, oracle, a)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "AccountNotRegistered").withArgs(stranger.address),
        );
      });
    });
    describe("when the ledger is paused", () => {
      it("reverts with LedgerPaused and records nothing", async () => {
        const f = await loadFixture(campaign);
        const { moveToEarn: m2e, oracle, ledger, operator } = f;
        const a = await attestation(f);
        const sig = await attest(m2e, oracle, a);
        await ledger.connect(operator).pause();
        await expectClaimRejected(
          f,
          a,
          () => m2e.claim(a, 1, sig),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "LedgerPaused"),
        );
      });
    });
  });

  describe("the sponsor's powers", () => {
    it("only the sponsor may manage keys, schedule, cap and pool", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, stranger, oracle, oracle2 } = f;
      const by = m2e.connect(stranger);
      const calls: [string, () => Promise<unknown>][] = [
        ["addOracle", () => by.addOracle(oracle2.address)],
        ["revokeOracle", () => by.revokeOracle(oracle.address)],
        ["rotateOracle", () => by.rotateOracle(oracle.address, oracle2.address)],
        ["setSchedule", () => by.setSchedule([1], [1n])],
        ["setDailyCap", () => by.setDailyCap(1n)],
        ["fund", () => by.fund(1n)],
        ["withdraw", () => by.withdraw(1n)],
      ];
      const before = await m2e.pool();
      for (const [name, call] of calls) {
        await expect(call(), name)
          .to.be.revertedWithCustomError(m2e, "OwnableUnauthorizedAccount")
          .withArgs(stranger.address);
      }
      expect(await m2e.pool()).to.equal(before);
      expect(await m2e.isOracle(oracle.address)).to.equal(true);
      expect(await m2e.isOracle(oracle2.address)).to.equal(false);
      expect((await m2e.schedule()).version).to.equal(1n);
      expect(await m2e.dailyCap()).to.equal(CAP);
    });

    it("publishes each schedule version with an event and rejects a table that is not a schedule", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, sponsor } = f;
      const by = m2e.connect(sponsor);
      await expect(by.setSchedule([1_000, 2_000], [tenge(1), tenge(3)]))
        .to.emit(m2e, "ScheduleSet")
        .withArgs(2, [1_000, 2_000], [tenge(1), tenge(3)]);
      const [version, thresholds, rewards] = await m2e.schedule();
      expect([version, thresholds, rewards]).to.deep.equal([2n, [1_000n, 2_000n], [tenge(1), tenge(3)]]);
      const bad: [number[], bigint[], number, number][] = [
        [[], [], 1, 0], // Empty
        [Array.from({ length: 17 }, (_, i) => i + 1), Array.from({ length: 17 }, () => 1n), 2, 17], // TooLong
        [[1, 2], [1n], 3, 1], // LengthMismatch
        [[5, 5], [1n, 2n], 4, 1], // NotIncreasing
        [[5, 6], [1n, 0n], 5, 1], // RewardZero
        [[5], [2n ** 96n], 6, 0], // RewardTooLarge
      ];
      for (const [t, r, flaw, row] of bad) {
        await expect(by.setSchedule(t, r)).to.be.revertedWithCustomError(m2e, "ScheduleInvalid").withArgs(flaw, row);
      }
      expect((await m2e.schedule()).version).to.equal(2n);
    });

    it("sets the cap old -> new within bounds, and manages keys without duplicates", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, sponsor, oracle, oracle2 } = f;
      const by = m2e.connect(sponsor);
      await expect(by.setDailyCap(tenge(300)))
        .to.emit(m2e, "DailyCapSet")
        .withArgs(CAP, tenge(300));
      await expect(by.setDailyCap(2n ** 96n))
        .to.be.revertedWithCustomError(m2e, "CapTooLarge")
        .withArgs(2n ** 96n, 2n ** 96n - 1n);
      await expect(by.addOracle(ethers.ZeroAddress)).to.be.revertedWithCustomError(m2e, "OracleZero");
      await expect(by.addOracle(oracle.address))
        .to.be.revertedWithCustomError(m2e, "OracleAlreadyActive")
        .withArgs(oracle.address);
      await expect(by.revokeOracle(oracle2.address))
        .to.be.revertedWithCustomError(m2e, "OracleNotActive")
        .withArgs(oracle2.address);
      await expect(by.revokeOracle(oracle.address)).to.emit(m2e, "OracleRevoked").withArgs(oracle.address);
      expect(await m2e.isOracle(oracle.address)).to.equal(false);
    });

    it("funds and withdraws the pool through the ledger, with events", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, sponsor, ledger } = f;
      const by = m2e.connect(sponsor);
      const fund = by.fund(tenge(500));
      await expect(fund)
        .to.emit(m2e, "PoolFunded")
        .withArgs(sponsor.address, tenge(500), POOL + tenge(500));
      await expect(fund).to.changeTokenBalances(ledger, [sponsor, m2e], [-tenge(500), tenge(500)]);
      const back = by.withdraw(tenge(700));
      await expect(back)
        .to.emit(m2e, "PoolWithdrawn")
        .withArgs(sponsor.address, tenge(700), POOL - tenge(200));
      await expect(back).to.changeTokenBalances(ledger, [sponsor, m2e], [tenge(700), -tenge(700)]);
      await expect(by.fund(0n)).to.be.revertedWithCustomError(m2e, "AmountZero");
      await expect(by.withdraw(0n)).to.be.revertedWithCustomError(m2e, "AmountZero");
      await expect(by.withdraw(POOL))
        .to.be.revertedWithCustomError(m2e, "PoolInsufficient")
        .withArgs(POOL - tenge(200), POOL);
      expect(await m2e.pool()).to.equal(await ledger.balanceOf(await m2e.getAddress()));
    });

    it("hands the campaign over in two steps", async () => {
      const f = await loadFixture(campaign);
      const { moveToEarn: m2e, sponsor, bob } = f;
      await m2e.connect(sponsor).transferOwnership(bob.address);
      expect(await m2e.owner()).to.equal(sponsor.address);
      await m2e.connect(bob).acceptOwnership();
      expect(await m2e.owner()).to.equal(bob.address);
      await expect(m2e.connect(sponsor).setDailyCap(1n))
        .to.be.revertedWithCustomError(m2e, "OwnableUnauthorizedAccount")
        .withArgs(sponsor.address);
    });
  });
});
