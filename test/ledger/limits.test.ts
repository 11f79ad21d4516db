import { expect } from "chai";
import { ethers } from "hardhat";
import {
  Signature,
  ZeroAddress,
  type AddressLike,
  type ContractTransactionResponse,
  type TypedDataDomain,
} from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { LedgerModuleMock__factory, type DigitalTenge, type LedgerModuleMock } from "../../typechain-types";
import { fundedLedger, onboardModuleWithMandates, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { tenge, UNLIMITED } from "../../src/money";
import { AccountKind, DEFAULT_TIERS, Tier } from "../../src/tiers";
import { Role } from "../../src/roles";
import { accountOf, remainingDailyOutflow } from "../../src/accounts";
import { SIGNED } from "../helpers/eip712";

const DAY = 86_400;
/** Almaty is UTC+5: local midnight is 19:00 UTC. */
const ALMATY_OFFSET = 5 * 3600;
const MAX_TIER = 6;

// Tier 0 ("anonymous-lite", carol's) and tier 1 ("standard", alice's and bob's) as the fixture defines them.
const LITE_HOLDING = tenge(100_000);
const LITE_DAILY = tenge(50_000);
const STANDARD_HOLDING = tenge(1_500_000);
const STANDARD_DAILY = tenge(500_000);

// ------------------------------------------------------------------ EIP-712 (ERC-3009), domain from the contract

interface Authorization {
  from: string;
  to: string;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: string;
}

const AUTHORIZATION_FIELDS = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
];

async function domainOf(ledger: DigitalTenge): Promise<TypedDataDomain> {
  const { name, version, chainId, verifyingContract } = await ledger.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

let authorizationCount = 0;

/** `from` signs an ERC-3009 authorization to pay `to` `value`, valid now, with a fresh nonce. */
async function authorize(
  ledger: DigitalTenge,
  from: HardhatEthersSigner,
  to: string,
  value: bigint,
  primaryType: "TransferWithAuthorization" | "ReceiveWithAuthorization",
): Promise<Authorization & { signature: Signature }> {
  const authorization: Authorization = {
    from: from.address,
    to,
    value,
    validAfter: 0n,
    validBefore: 2n ** 40n,
    nonce: ethers.id(`limits-authorization-${++authorizationCount}`),
  };
  const signature = Signature.from(
    await from.signTypedData(await domainOf(ledger), { [primaryType]: AUTHORIZATION_FIELDS }, authorization),
  );
  return { ...authorization, signature };
}

// ------------------------------------------------------------------ fixtures and checks

/** fundedLedger plus a suite module (test-only) onboarded by the operator as a SystemContract account. */
async function withModule() {
  const f = await fundedLedger();
  const module: LedgerModuleMock = await new LedgerModuleMock__factory(f.deployer).deploy(f.ledger);
  await onboardModuleWithMandates(f, module, "MODULE", [f.alice, f.bob, f.carol, f.merchant, f.court]);
  return { ...f, module };
}
type Fixture = Awaited<ReturnType<typeof withModule>>;

/** Carol (tier 0: holds 100 000 ₸, sends 50 000 ₸ a day) holds exactly her limit; bob may spend her DKZT. */
async function carolFull(): Promise<Fixture> {
  const f = await withModule();
  await f.ledger.connect(f.bankB).transfer(f.carol, LITE_HOLDING);
  await f.ledger.connect(f.carol).approve(f.bob, LITE_HOLDING);
  return f;
}

/** Every bank's issuance position, to compare before and after a rejected call. */
async function bankPositions(ledger: DigitalTenge, banks: AddressLike[]): Promise<string[]> {
  return Promise.all(banks.map(async (bank) => (await ledger.bankOf(bank)).toString()));
}

/** Every tier's limits, to compare before and after a rejected setTier. */
async function tierTable(ledger: DigitalTenge): Promise<string[]> {
  const tiers = [0, 1, 2, 3, 4, 5, 6];
  return Promise.all(tiers.map(async (tier) => (await ledger.tierLimits(tier)).toString()));
}

async function expectSupplyEqualsOutstanding(ledger: DigitalTenge): Promise<void> {
  let outstanding = 0n;
  const count = await ledger.bankCount();
  for (let id = 1n; id <= count; id++) outstanding += (await ledger.bankOf(await ledger.bankById(id))).outstanding;
  expect(await ledger.totalSupply()).to.equal(outstanding, "totalSupply != sum of banks' outstanding");
}

/** The Almaty-local midnight that starts day `day + 1`, as a UTC timestamp. */
function midnightAfter(day: bigint): number {
  return (Number(day) + 1) * DAY - ALMATY_OFFSET;
}

/** A payment of `amount` from carol to the merchant, by one of the paths that count against the daily limit. */
interface PaymentPath {
  name: string;
  pay(f: Fixture, amount: bigint): Promise<ContractTransactionResponse>;
}

const PAYMENT_PATHS: readonly PaymentPath[] = [
  { name: "transfer", pay: (f, amount) => f.ledger.connect(f.carol).transfer(f.merchant, amount) },
  { name: "transferFrom", pay: (f, amount) => f.ledger.connect(f.bob).transferFrom(f.carol, f.merchant, amount) },
  {
    name: "transferWithAuthorization",
    pay: async (f, amount) => {
      const a = await authorize(f.ledger, f.carol, f.merchant.address, amount, "TransferWithAuthorization");
      const { v, r, s } = a.signature;
      return f.ledger.connect(f.stranger).getFunction(SIGNED.transfer)(
        a.from,
        a.to,
        a.value,
        a.validAfter,
        a.validBefore,
        a.nonce,
        v,
        r,
        s,
      );
    },
  },
  {
    name: "receiveWithAuthorization",
    pay: async (f, amount) => {
      const a = await authorize(f.ledger, f.carol, f.merchant.address, amount, "ReceiveWithAuthorization");
      const { v, r, s } = a.signature;
      return f.ledger.connect(f.merchant).getFunction(SIGNED.receive)(
        a.from,
        a.to,
        a.value,
        a.validAfter,
        a.validBefore,
        a.nonce,
        v,
        r,
        s,
      );
    },
  },
  { name: "moduleTransfer", pay: (f, amount) => f.module.pay(f.carol, f.merchant, amount) },
];

describe("DigitalTenge: tiers and limits", () => {
  describe("setTier", () => {
    describe("when the central bank changes a defined tier", () => {
      it("emits TierLimitsSet old -> new and stores the new limits", async () => {
        const { ledger, centralBank } = await loadFixture(fundedLedger);
        await expect(ledger.connect(centralBank).setTier(Tier.STANDARD, tenge(2_000_000), tenge(600_000)))
          .to.emit(ledger, "TierLimitsSet")
          .withArgs(Tier.STANDARD, STANDARD_HOLDING, STANDARD_DAILY, tenge(2_000_000), tenge(600_000));
        const [holding, daily, defined] = await ledger.tierLimits(Tier.STANDARD);
        expect([holding, daily, defined]).to.deep.equal([tenge(2_000_000), tenge(600_000), true]);
      });
    });

    describe("when the central bank defines a new tier", () => {
      it("emits TierLimitsSet from zero and marks the tier defined", async () => {
        const { ledger, centralBank } = await loadFixture(fundedLedger);
        expect(await ledger.tierLimits(4)).to.deep.equal([0n, 0n, false]);
        await expect(ledger.connect(centralBank).setTier(4, tenge(50_000_000), tenge(10_000_000)))
          .to.emit(ledger, "TierLimitsSet")
          .withArgs(4, 0n, 0n, tenge(50_000_000), tenge(10_000_000));
        expect(await ledger.tierLimits(4)).to.deep.equal([tenge(50_000_000), tenge(10_000_000), true]);
      });
    });

    describe("when the limits have an exact compact form (m x 10^e tiyn, m <= 4095, e <= 14)", () => {
      const representable: [string, bigint][] = [
        ["1 500 000 tenge", tenge(1_500_000)],
        ["7 000 000 000 tenge", tenge(7_000_000_000)],
        ["zero", 0n],
        ["one tiyn", 1n],
        ["4095 tiyn (largest mantissa)", 4095n],
        ["4095 x 10^14 tiyn (largest finite limit)", 4095n * 10n ** 14n],
        ["UNLIMITED (2^256 - 1)", UNLIMITED],
      ];
      for (const [label, limit] of representable) {
        it(`accepts ${label} as holding and daily limit, and reads it back exactly`, async () => {
          const { ledger, centralBank } = await loadFixture(fundedLedger);
          await expect(ledger.connect(centralBank).setTier(5, limit, limit))
            .to.emit(ledger, "TierLimitsSet")
            .withArgs(5, 0n, 0n, limit, limit);
          expect(await ledger.tierLimits(5)).to.deep.equal([limit, limit, true]);
        });
      }
    });

    describe("when a limit has no exact compact form", () => {
      it("declares TierLimitNotRepresentable in the ledger's ABI", async () => {
        const { ledger } = await loadFixture(fundedLedger);
        expect(ledger.interface.getError("TierLimitNotRepresentable")?.format()).to.equal(
          "TierLimitNotRepresentable(uint256)",
        );
      });

      const unrepresentable: [string, bigint][] = [
        ["123 456 789 tiyn", 123_456_789n],
        ["4096 tiyn (mantissa too wide)", 4096n],
        ["10^15 + 1 tiyn", 10n ** 15n + 1n],
        ["10^18 tiyn (exponent above 14)", 10n ** 18n],
        ["4096 x 10^14 tiyn", 4096n * 10n ** 14n],
        ["2^256 - 2", UNLIMITED - 1n],
      ];
      for (const [label, limit] of unrepresentable) {
        for (const which of ["holding", "daily"] as const) {
          it(`reverts with TierLimitNotRepresentable for ${label} as the ${which} limit`, async () => {
            const { ledger, centralBank, alice } = await loadFixture(fundedLedger);
            const [holding, daily] = which === "holding" ? [limit, tenge(1_000)] : [tenge(1_000), limit];
            const tiers = await tierTable(ledger);
            await expectRejected(
              ledger,
              [alice],
              () => ledger.connect(centralBank).setTier(Tier.STANDARD, holding, daily),
              (p) => expect(p).to.be.revertedWithCustomError(ledger, "TierLimitNotRepresentable").withArgs(limit),
            );
            expect(await tierTable(ledger)).to.deep.equal(tiers);
          });
        }
      }
    });

    describe("when the tier is above the highest index", () => {
      it("reverts with TierOutOfRange", async () => {
        const { ledger, centralBank } = await loadFixture(fundedLedger);
        const tiers = await tierTable(ledger);
        await expectRejected(
          ledger,
          [],
          () => ledger.connect(centralBank).setTier(7, tenge(1), tenge(1)),
          (p) => expect(p).to.be.revertedWithCustomError(ledger, "TierOutOfRange").withArgs(7, MAX_TIER),
        );
        expect(await tierTable(ledger)).to.deep.equal(tiers);
      });
    });

    describe("when the caller does not hold the central bank's role", () => {
      for (const who of ["operator", "bankA", "compliance", "alice", "stranger"] as const) {
        it(`reverts with AccessManagedUnauthorized for the ${who}`, async () => {
          const f = await loadFixture(fundedLedger);
          const caller = f[who];
          const tiers = await tierTable(f.ledger);
          await expectRejected(
            f.ledger,
            [caller],
            () => f.ledger.connect(caller).setTier(Tier.ANONYMOUS_LITE, UNLIMITED, UNLIMITED),
            (p) =>
              expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(caller.address),
          );
          expect(await tierTable(f.ledger)).to.deep.equal(tiers);
        });
      }
    });

    describe("when a tier is UNLIMITED", () => {
      it("lets its accounts hold and send any amount", async () => {
        const { ledger, centralBank, bankA, alice, merchant } = await loadFixture(fundedLedger);
        await ledger.connect(centralBank).setTier(Tier.STANDARD, UNLIMITED, UNLIMITED);
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(UNLIMITED);

        await ledger.connect(bankA).transfer(alice, tenge(800_000)); // alice now holds 900 000 ₸
        await expect(ledger.connect(alice).transfer(merchant, tenge(900_000))).to.changeTokenBalances(
          ledger,
          [alice, merchant],
          [-tenge(900_000), tenge(900_000)],
        );
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(UNLIMITED);
      });
    });
  });

  describe("holding limit", () => {
    describe("when a payment takes the receiver exactly to its tier's holding limit", () => {
      it("pays", async () => {
        const { ledger, bankB, carol } = await loadFixture(fundedLedger);
        await expect(ledger.connect(bankB).transfer(carol, LITE_HOLDING)).to.changeTokenBalance(
          ledger,
          carol,
          LITE_HOLDING,
        );
      });
    });

    describe("when a payment would take the receiver above its tier's holding limit", () => {
      it("reverts with HoldingLimitExceeded(to, limit, attempted)", async () => {
        const { ledger, bankB, carol } = await loadFixture(fundedLedger);
        await expectRejected(
          ledger,
          [bankB, carol],
          () => ledger.connect(bankB).transfer(carol, LITE_HOLDING + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(carol.address, LITE_HOLDING, LITE_HOLDING + 1n),
        );
      });

      it("reverts for one tiyn when the receiver is already at the limit", async () => {
        const { ledger, alice, carol } = await loadFixture(carolFull);
        await expectRejected(
          ledger,
          [alice, carol],
          () => ledger.connect(alice).transfer(carol, 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(carol.address, LITE_HOLDING, LITE_HOLDING + 1n),
        );
      });
    });
  });

  describe("waterfall", () => {
    describe("when a payment takes a waterfall account above its holding limit", () => {
      it("sweeps the excess to its bank as non-cash: burned, WaterfallSwept, receiver exactly at the limit", async () => {
        const { ledger, alice, carol, bankA, bankB } = await loadFixture(fundedLedger);
        await ledger.connect(bankB).transfer(carol, tenge(80_000));
        await ledger.connect(carol).setWaterfall(true);
        const supply = await ledger.totalSupply();
        const [positionA, positionB] = [await ledger.bankOf(bankA), await ledger.bankOf(bankB)];

        // alice (bank A) pays carol (bank B) 30 000 ₸: 20 000 ₸ fits, 10 000 ₸ goes on to bank B.
        const tx = await ledger.connect(alice).transfer(carol, tenge(30_000));

        await expect(tx).to.emit(ledger, "Transfer").withArgs(alice.address, carol.address, tenge(30_000));
        await expect(tx).to.emit(ledger, "Transfer").withArgs(carol.address, ZeroAddress, tenge(10_000));
        await expect(tx)
          .to.emit(ledger, "WaterfallSwept")
          .withArgs(carol.address, bankB.address, tenge(10_000), ref("cust-carol"));
        expect(await ledger.balanceOf(carol)).to.equal(LITE_HOLDING);
        expect(await ledger.balanceOf(alice)).to.equal(tenge(70_000));
        expect(await ledger.totalSupply()).to.equal(supply - tenge(10_000));
        expect((await ledger.bankOf(bankB)).redeemed).to.equal(positionB.redeemed + tenge(10_000));
        expect((await ledger.bankOf(bankA)).toString()).to.equal(positionA.toString());
        await expectSupplyEqualsOutstanding(ledger);
      });

      it("sweeps the whole payment when the account is already exactly at its limit", async () => {
        const { ledger, alice, carol, bankB } = await loadFixture(carolFull);
        await ledger.connect(carol).setWaterfall(true);
        await expect(ledger.connect(alice).transfer(carol, tenge(5_000)))
          .to.emit(ledger, "WaterfallSwept")
          .withArgs(carol.address, bankB.address, tenge(5_000), ref("cust-carol"));
        expect(await ledger.balanceOf(carol)).to.equal(LITE_HOLDING);
        await expectSupplyEqualsOutstanding(ledger);
      });
    });

    describe("when the waterfall is off", () => {
      it("reverts with HoldingLimitExceeded", async () => {
        const { ledger, alice, carol } = await loadFixture(carolFull);
        await ledger.connect(carol).setWaterfall(true);
        await ledger.connect(carol).setWaterfall(false);
        await expectRejected(
          ledger,
          [alice, carol],
          () => ledger.connect(alice).transfer(carol, tenge(1)),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(carol.address, LITE_HOLDING, LITE_HOLDING + tenge(1)),
        );
      });
    });

    describe("when the waterfall account has no bank of record", () => {
      it("reverts with HoldingLimitExceeded: there is no bank to sweep to", async () => {
        const { ledger, operator, bankA, spare } = await loadFixture(fundedLedger);
        const kiosk = spare[0];
        await ledger
          .connect(operator)
          .onboardParticipant(kiosk, AccountKind.PaymentAgent, Tier.ANONYMOUS_LITE, ZeroAddress, ref("KIOSK"));
        await ledger.connect(kiosk).setWaterfall(true);
        await ledger.connect(bankA).transfer(kiosk, LITE_HOLDING);
        await expectRejected(
          ledger,
          [bankA, kiosk],
          () => ledger.connect(bankA).transfer(kiosk, 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(kiosk.address, LITE_HOLDING, LITE_HOLDING + 1n),
        );
      });
    });

    describe("when DKZT is issued to a bank with a limited tier and the waterfall on", () => {
      it("does not sweep: issuance above the holding limit reverts with HoldingLimitExceeded", async () => {
        const { ledger, manager, operator, centralBank, spare } = await loadFixture(fundedLedger);
        const smallBank = spare[0];
        await manager.connect(operator).grantRole(Role.BANK, smallBank, 0);
        await ledger.connect(operator).onboardBank(smallBank, Tier.ANONYMOUS_LITE, ref("SMALL"));
        await ledger.connect(centralBank).setIssuanceCeiling(smallBank, tenge(1_000_000));
        await ledger.connect(smallBank).setWaterfall(true);
        const position = await ledger.bankOf(smallBank);

        await expectRejected(
          ledger,
          [smallBank],
          () => ledger.connect(centralBank).issue(smallBank, LITE_HOLDING + 1n, ref("RSV-S-1")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(smallBank.address, LITE_HOLDING, LITE_HOLDING + 1n),
        );
        expect((await ledger.bankOf(smallBank)).toString()).to.equal(position.toString());
        await expect(ledger.connect(centralBank).issue(smallBank, LITE_HOLDING, ref("RSV-S-1"))).to.not.emit(
          ledger,
          "WaterfallSwept",
        );
      });
    });

    describe("when attached funds are seized to a waterfall account above its limit", () => {
      it("does not sweep: the seizure reverts with HoldingLimitExceeded", async () => {
        const { ledger, compliance, bankB, alice, carol } = await loadFixture(fundedLedger);
        await ledger.connect(bankB).transfer(carol, tenge(95_000));
        await ledger.connect(carol).setWaterfall(true);
        await ledger.connect(compliance).attachFunds(alice, tenge(10_000), ref("COURT-1"));
        const banks = await bankPositions(ledger, [bankB]);

        await expectRejected(
          ledger,
          [alice, carol],
          () => ledger.connect(compliance).seize(alice, carol, tenge(10_000), ref("COURT-1")),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
              .withArgs(carol.address, LITE_HOLDING, tenge(105_000)),
        );
        expect(await bankPositions(ledger, [bankB])).to.deep.equal(banks);
        expect(await ledger.attachedOf(alice)).to.equal(tenge(10_000));
      });
    });
  });

  describe("daily limit", () => {
    describe("when a single payment is above the daily limit", () => {
      it("reverts with DailyLimitExceeded(from, limit, attempted)", async () => {
        const { ledger, carol, merchant } = await loadFixture(carolFull);
        await expectRejected(
          ledger,
          [carol, merchant],
          () => ledger.connect(carol).transfer(merchant, LITE_DAILY + 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
              .withArgs(carol.address, LITE_DAILY, LITE_DAILY + 1n),
        );
      });
    });

    for (const path of PAYMENT_PATHS) {
      describe(`when today's outflow through ${path.name} reaches the limit`, () => {
        it("pays exactly up to the limit, then reverts with DailyLimitExceeded for one tiyn more", async () => {
          const f = await loadFixture(carolFull);
          const { ledger, carol, merchant, bob } = f;
          await ledger.connect(carol).transfer(bob, LITE_DAILY - tenge(5_000));

          await expect(path.pay(f, tenge(5_000))).to.changeTokenBalances(
            ledger,
            [carol, merchant],
            [-tenge(5_000), tenge(5_000)],
          );
          expect(await remainingDailyOutflow(ledger, carol)).to.equal(0n);

          await expectRejected(
            ledger,
            [carol, merchant, bob],
            () => path.pay(f, 1n),
            (p) =>
              expect(p)
                .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
                .withArgs(carol.address, LITE_DAILY, LITE_DAILY + 1n),
          );
        });
      });
    }

    describe("when the day's outflow is spread over every payment path", () => {
      it("counts the sum of all paths, and then rejects each of them", async () => {
        const f = await loadFixture(carolFull);
        const { ledger, carol, merchant, bob } = f;
        const share = LITE_DAILY / BigInt(PAYMENT_PATHS.length); // 10 000 ₸ each
        let spent = 0n;
        for (const path of PAYMENT_PATHS) {
          await path.pay(f, share);
          spent += share;
          expect(await remainingDailyOutflow(ledger, carol)).to.equal(LITE_DAILY - spent, `after ${path.name}`);
          expect((await accountOf(ledger, carol)).spentToday).to.equal(spent, `after ${path.name}`);
        }
        expect(spent).to.equal(LITE_DAILY);
        for (const path of PAYMENT_PATHS) {
          await expectRejected(
            ledger,
            [carol, merchant, bob],
            () => path.pay(f, 1n),
            (p) =>
              expect(p, path.name)
                .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
                .withArgs(carol.address, LITE_DAILY, LITE_DAILY + 1n),
          );
        }
      });
    });

    describe("remainingDailyOutflow", () => {
      it("is the tier's daily limit before any payment, and UNLIMITED for an unlimited tier", async () => {
        const { ledger, alice, carol, bankA } = await loadFixture(fundedLedger);
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(LITE_DAILY);
        expect(await remainingDailyOutflow(ledger, alice)).to.equal(STANDARD_DAILY);
        expect(await remainingDailyOutflow(ledger, bankA)).to.equal(UNLIMITED);
      });
    });

    describe("when the Almaty-local day rolls over (UTC+5)", () => {
      it("keeps counting until just before local midnight and resets just after it", async () => {
        const { ledger, carol, merchant, bob } = await loadFixture(carolFull);
        await ledger.connect(carol).transfer(merchant, LITE_DAILY);
        const day = await ledger.today();
        const midnight = midnightAfter(day);

        await time.increaseTo(midnight - 3);
        expect(await ledger.today()).to.equal(day);
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(0n);
        await expectRejected(
          ledger,
          [carol, merchant],
          () => ledger.connect(carol).transfer(merchant, 1n), // mined at or before midnight - 1
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
              .withArgs(carol.address, LITE_DAILY, LITE_DAILY + 1n),
        );

        await time.increaseTo(midnight);
        expect(await ledger.today()).to.equal(day + 1n);
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(LITE_DAILY);
        expect((await accountOf(ledger, carol)).spentToday).to.equal(0n);
        await expect(ledger.connect(carol).transfer(bob, LITE_DAILY)).to.changeTokenBalance(ledger, carol, -LITE_DAILY);
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(0n);
      });

      it("does not reset at UTC midnight (05:00 in Almaty)", async () => {
        const { ledger, carol, merchant } = await loadFixture(carolFull);
        // Start the day just after a local midnight, so the next UTC midnight falls inside the same local day.
        await time.increaseTo(midnightAfter(await ledger.today()) + 60);
        const day = await ledger.today();
        await ledger.connect(carol).transfer(merchant, LITE_DAILY);

        const utcMidnight = Number(day) * DAY; // 05:00 local on the same Almaty day
        await time.increaseTo(utcMidnight + 60);
        expect(await ledger.today()).to.equal(day);
        await expectRejected(
          ledger,
          [carol, merchant],
          () => ledger.connect(carol).transfer(merchant, 1n),
          (p) =>
            expect(p)
              .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
              .withArgs(carol.address, LITE_DAILY, LITE_DAILY + 1n),
        );
      });
    });

    describe("when the holder redeems to non-cash", () => {
      it("does not count the redemption against the daily limit, even above it", async () => {
        const { ledger, carol, merchant } = await loadFixture(carolFull);
        await ledger.connect(carol).redeemToNonCash(LITE_DAILY + tenge(10_000)); // more than a day's limit
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(LITE_DAILY);
        expect((await accountOf(ledger, carol)).spentToday).to.equal(0n);

        await ledger.connect(carol).transfer(merchant, tenge(30_000));
        await ledger.connect(carol).redeemToNonCash(tenge(10_000));
        expect(await ledger.balanceOf(carol)).to.equal(0n);
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(tenge(20_000));
        expect((await accountOf(ledger, carol)).spentToday).to.equal(tenge(30_000));
      });

      it("lets a holder who reached the daily limit still redeem", async () => {
        const { ledger, carol, merchant, bankB } = await loadFixture(carolFull);
        await ledger.connect(carol).transfer(merchant, LITE_DAILY);
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(0n);
        await expect(ledger.connect(carol).redeemToNonCash(tenge(50_000)))
          .to.emit(ledger, "RedeemedToNonCash")
          .withArgs(carol.address, bankB.address, tenge(50_000), ref("cust-carol"));
        expect(await ledger.balanceOf(carol)).to.equal(0n);
        expect((await accountOf(ledger, carol)).spentToday).to.equal(LITE_DAILY);
      });

      it("does not count a module redemption either", async () => {
        const { ledger, module, carol } = await loadFixture(carolFull);
        await module.redeemFor(carol, LITE_DAILY + tenge(1));
        expect(await remainingDailyOutflow(ledger, carol)).to.equal(LITE_DAILY);
      });
    });
  });

  describe("when the central bank lowers a tier's limits", () => {
    it("leaves existing balances alone; the holder can send, and receives again once below the new limit", async () => {
      const { ledger, centralBank, alice, bob, merchant } = await loadFixture(fundedLedger);
      const lowered = tenge(50_000);
      const supply = await ledger.totalSupply();

      await ledger.connect(centralBank).setTier(Tier.STANDARD, lowered, STANDARD_DAILY);

      expect(await ledger.balanceOf(alice)).to.equal(tenge(100_000));
      expect(await ledger.totalSupply()).to.equal(supply);
      await expectRejected(
        ledger,
        [alice, bob],
        () => ledger.connect(bob).transfer(alice, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "HoldingLimitExceeded")
            .withArgs(alice.address, lowered, tenge(100_000) + 1n),
      );

      await ledger.connect(alice).transfer(merchant, tenge(60_000));
      await expect(ledger.connect(bob).transfer(alice, tenge(10_000))).to.changeTokenBalance(
        ledger,
        alice,
        tenge(10_000),
      );
      expect(await ledger.balanceOf(alice)).to.equal(lowered);
    });

    it("stops further outflow today when the new daily limit is below what was already sent", async () => {
      const { ledger, centralBank, alice, merchant } = await loadFixture(fundedLedger);
      await ledger.connect(alice).transfer(merchant, tenge(30_000));
      await ledger.connect(centralBank).setTier(Tier.STANDARD, STANDARD_HOLDING, tenge(20_000));

      expect(await remainingDailyOutflow(ledger, alice)).to.equal(0n);
      await expectRejected(
        ledger,
        [alice, merchant],
        () => ledger.connect(alice).transfer(merchant, 1n),
        (p) =>
          expect(p)
            .to.be.revertedWithCustomError(ledger, "DailyLimitExceeded")
            .withArgs(alice.address, tenge(20_000), tenge(30_000) + 1n),
      );
      expect(await ledger.balanceOf(alice)).to.equal(tenge(70_000));
    });
  });

  describe("the fixture's tier table", () => {
    it("is DEFAULT_TIERS, read back exactly", async () => {
      const { ledger } = await loadFixture(fundedLedger);
      for (const tier of DEFAULT_TIERS) {
        expect(await ledger.tierLimits(tier.id), tier.name).to.deep.equal([tier.holdingLimit, tier.dailyLimit, true]);
      }
    });
  });
});
