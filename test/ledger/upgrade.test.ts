import { ethers, upgrades } from "hardhat";
import { expect } from "chai";
import { AbiCoder, getBigInt, keccak256, toBeHex, toUtf8Bytes, zeroPadValue } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { fundedLedger, ref } from "../helpers/fixtures";
import { expectRejected } from "../helpers/state";
import { domainOf, SIGNED, signPermit } from "../helpers/eip712";
import { tenge } from "../../src/money";
import { FreezeState } from "../../src/tiers";
import { BaselineERC20__factory, DigitalTenge__factory, DigitalTengeV2Mock__factory } from "../../typechain-types";
import type { DigitalTenge } from "../../typechain-types";
import { accountOf } from "../../src/accounts";

/** The ledger's ERC-7201 namespace and where its struct starts: config word, then totalSupply. */
const NAMESPACE = "dkzt.storage.DigitalTenge";
const LEDGER_SLOT = "0xee25f1218c7f90fb4a4dce48484469c56883dbc748b658e31cfce46766f80900";
/** ERC-1967: where a proxy keeps its implementation address. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

/** keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff (ERC-7201). */
function erc7201(id: string): string {
  const inner = getBigInt(keccak256(toUtf8Bytes(id))) - 1n;
  const outer = getBigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner])));
  return zeroPadValue(toBeHex(outer & ~0xffn), 32);
}

function slotPlus(slot: string, n: bigint): string {
  return zeroPadValue(toBeHex(getBigInt(slot) + n), 32);
}

async function implementationOf(ledger: DigitalTenge): Promise<string> {
  const word = await ethers.provider.getStorage(await ledger.getAddress(), IMPLEMENTATION_SLOT);
  return ethers.getAddress("0x" + word.slice(-40));
}

/**
 * A ledger with history worth keeping: tiers, two banks with positions, customers with balances, an
 * allowance, a used permit nonce and a used ERC-3009 nonce, a freeze, an attachment and today's outflow.
 */
async function ledgerWithHistory() {
  const f = await fundedLedger();
  const { ledger, alice, bob, carol, merchant, bankA, compliance } = f;
  await ledger.connect(alice).transfer(bob.address, tenge(1_234.56));
  await ledger.connect(alice).approve(merchant.address, tenge(700));
  const domain = await domainOf(ledger);
  const deadline = BigInt(await time.latest()) + 3600n;
  const sig = await signPermit(bob, domain, {
    owner: bob.address,
    spender: merchant.address,
    value: 5n,
    nonce: 0n,
    deadline,
  });
  await ledger[SIGNED.permit](bob.address, merchant.address, 5n, deadline, sig.v, sig.r, sig.s);
  await ledger.connect(bankA).redeem(tenge(1_000), ref("RSV-A-R1"));
  await ledger.connect(compliance).setFreezeState(carol.address, FreezeState.OutboundOnly, ref("ORDER-1"));
  await ledger.connect(compliance).attachFunds(bob.address, tenge(100), ref("ORDER-2"));
  const v2 = await new DigitalTengeV2Mock__factory(f.deployer).deploy();
  return { ...f, v2 };
}
type Fixture = Awaited<ReturnType<typeof ledgerWithHistory>>;

/** Everything an upgrade must keep, read through the public interface and from raw storage. */
async function snapshot(f: Fixture) {
  const { ledger } = f;
  const address = await ledger.getAddress();
  const people: HardhatEthersSigner[] = [f.alice, f.bob, f.carol, f.merchant, f.agent, f.court, f.bankA, f.bankB];
  const accounts = [];
  for (const p of people) {
    accounts.push({
      who: p.address,
      balance: await ledger.balanceOf(p.address),
      view: await accountOf(ledger, p.address),
      nonce: await ledger.nonces(p.address),
      allowanceToMerchant: await ledger.allowance(p.address, f.merchant.address),
    });
  }
  const tiers = [];
  for (let t = 0; t <= 6; t++) tiers.push([...(await ledger.tierLimits(t))]);
  return {
    accounts,
    tiers,
    banks: [[...(await ledger.bankOf(f.bankA.address))], [...(await ledger.bankOf(f.bankB.address))]],
    bankCount: await ledger.bankCount(),
    bankById: [await ledger.bankById(1), await ledger.bankById(2)],
    totalSupply: await ledger.totalSupply(),
    paused: await ledger.paused(),
    name: await ledger.name(),
    symbol: await ledger.symbol(),
    decimals: await ledger.decimals(),
    domainSeparator: await ledger.DOMAIN_SEPARATOR(),
    authority: await ledger.authority(),
    configWord: await ethers.provider.getStorage(address, LEDGER_SLOT),
    totalSupplyWord: await ethers.provider.getStorage(address, slotPlus(LEDGER_SLOT, 1n)),
  };
}

describe("DigitalTenge upgrades (UUPS)", () => {
  describe("storage location", () => {
    it("keeps the ledger's state at the ERC-7201 slot of dkzt.storage.DigitalTenge: config word, then totalSupply", async () => {
      const { ledger } = await loadFixture(ledgerWithHistory);
      expect(erc7201(NAMESPACE)).to.equal(LEDGER_SLOT);
      const address = await ledger.getAddress();
      const supplyWord = await ethers.provider.getStorage(address, slotPlus(LEDGER_SLOT, 1n));
      expect(getBigInt(supplyWord)).to.equal(await ledger.totalSupply());
      const config = getBigInt(await ethers.provider.getStorage(address, LEDGER_SLOT));
      expect(config).to.not.equal(0n);
      // Pause flag (bit 224) lives in the config word.
      expect((config >> 224n) & 1n).to.equal(0n);
    });
  });

  describe("when governance upgrades to a compatible implementation", () => {
    it("switches the implementation, emits Upgraded and exposes the new function", async () => {
      const { ledger, governance, v2 } = await loadFixture(ledgerWithHistory);
      const v2Address = await v2.getAddress();
      await expect(ledger.connect(governance).upgradeToAndCall(v2Address, "0x"))
        .to.emit(ledger, "Upgraded")
        .withArgs(v2Address);
      expect(await implementationOf(ledger)).to.equal(v2Address);
      const upgraded = DigitalTengeV2Mock__factory.connect(await ledger.getAddress(), governance);
      expect(await upgraded.version()).to.equal("2");
    });

    it("keeps balances, accounts, bank positions, tiers, allowances, nonces and the raw ERC-7201 words", async () => {
      const f = await loadFixture(ledgerWithHistory);
      const before = await snapshot(f);
      await f.ledger.connect(f.governance).upgradeToAndCall(await f.v2.getAddress(), "0x");
      expect(await snapshot(f)).to.deep.equal(before);
    });

    it("keeps enforcing the rules after the upgrade (used ERC-3009 state, freeze, attachment)", async () => {
      const f = await loadFixture(ledgerWithHistory);
      await f.ledger.connect(f.governance).upgradeToAndCall(await f.v2.getAddress(), "0x");
      await expectRejected(
        f.ledger,
        [f.carol, f.bob],
        () => f.ledger.connect(f.carol).transfer(f.bob.address, 0n),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccountOutboundBlocked").withArgs(f.carol.address),
      );
      await expect(
        f.ledger.connect(f.merchant).transferFrom(f.alice.address, f.merchant.address, tenge(700)),
      ).to.changeTokenBalances(f.ledger, [f.alice, f.merchant], [-tenge(700), tenge(700)]);
    });

    it("can upgrade again (the new implementation is itself UUPS-upgradeable)", async () => {
      const { ledger, governance, v2, deployer } = await loadFixture(ledgerWithHistory);
      await ledger.connect(governance).upgradeToAndCall(await v2.getAddress(), "0x");
      const v1 = await new DigitalTenge__factory(deployer).deploy();
      await ledger.connect(governance).upgradeToAndCall(await v1.getAddress(), "0x");
      expect(await implementationOf(ledger)).to.equal(await v1.getAddress());
    });
  });

  describe("when someone without the governance role upgrades", () => {
    it("reverts with AccessManagedUnauthorized for the central bank, operator, compliance, a bank, the deployer (AccessManager admin) and a stranger", async () => {
      const f = await loadFixture(ledgerWithHistory);
      const implementation = await implementationOf(f.ledger);
      for (const by of [f.centralBank, f.operator, f.compliance, f.bankA, f.deployer, f.stranger]) {
        await expectRejected(
          f.ledger,
          [f.alice, f.bob],
          () => f.ledger.connect(by).upgradeToAndCall(f.v2.getAddress(), "0x"),
          (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "AccessManagedUnauthorized").withArgs(by.address),
        );
        expect(await implementationOf(f.ledger)).to.equal(implementation);
      }
    });
  });

  describe("when the new implementation is not UUPS", () => {
    it("reverts with ERC1967InvalidImplementation", async () => {
      const f = await loadFixture(ledgerWithHistory);
      const implementation = await implementationOf(f.ledger);
      const plain = await new BaselineERC20__factory(f.deployer).deploy(f.deployer.address, 1n);
      const plainAddress = await plain.getAddress();
      await expectRejected(
        f.ledger,
        [f.alice],
        () => f.ledger.connect(f.governance).upgradeToAndCall(plainAddress, "0x"),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "ERC1967InvalidImplementation").withArgs(plainAddress),
      );
      expect(await implementationOf(f.ledger)).to.equal(implementation);
    });
  });

  describe("initialisation", () => {
    it("reverts with InvalidInitialization when the implementation is initialised directly", async () => {
      const { ledger, stranger } = await loadFixture(ledgerWithHistory);
      const implementation = DigitalTenge__factory.connect(await implementationOf(ledger), stranger);
      await expect(implementation.initialize(stranger.address, "X", "X")).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
      expect(await implementation.authority()).to.equal(ethers.ZeroAddress);
    });

    it("reverts with InvalidInitialization when the proxy is initialised a second time", async () => {
      const { ledger, manager, stranger } = await loadFixture(ledgerWithHistory);
      await expectRejected(
        ledger,
        [stranger],
        () => ledger.connect(stranger).initialize(stranger.address, "X", "X"),
        (p) => expect(p).to.be.revertedWithCustomError(ledger, "InvalidInitialization"),
      );
      expect(await ledger.authority()).to.equal(await manager.getAddress());
    });

    it("reverts with UUPSUnauthorizedCallContext when upgradeToAndCall is called on the implementation itself", async () => {
      const { ledger, governance, v2 } = await loadFixture(ledgerWithHistory);
      const implementation = DigitalTenge__factory.connect(await implementationOf(ledger), governance);
      await expect(implementation.upgradeToAndCall(await v2.getAddress(), "0x")).to.be.revertedWithCustomError(
        implementation,
        "UUPSUnauthorizedCallContext",
      );
    });

    it("refuses an upgrade call that tries to re-run initialize (InvalidInitialization)", async () => {
      const f = await loadFixture(ledgerWithHistory);
      const implementation = await implementationOf(f.ledger);
      const init = f.ledger.interface.encodeFunctionData("initialize", [f.stranger.address, "X", "X"]);
      await expectRejected(
        f.ledger,
        [f.alice],
        () => f.ledger.connect(f.governance).upgradeToAndCall(f.v2.getAddress(), init),
        (p) => expect(p).to.be.revertedWithCustomError(f.ledger, "InvalidInitialization"),
      );
      expect(await implementationOf(f.ledger)).to.equal(implementation);
      expect(await f.ledger.authority()).to.equal(await f.manager.getAddress());
    });
  });

  describe("storage layout validation (@openzeppelin/hardhat-upgrades)", () => {
    it("accepts DigitalTenge as a UUPS implementation", async () => {
      const factory = await ethers.getContractFactory("DigitalTenge");
      await upgrades.validateImplementation(factory, { kind: "uups" });
    });

    it("accepts the upgrade DigitalTenge -> DigitalTengeV2Mock", async () => {
      const v1 = await ethers.getContractFactory("DigitalTenge");
      const v2 = await ethers.getContractFactory("DigitalTengeV2Mock");
      await upgrades.validateUpgrade(v1, v2, { kind: "uups" });
    });

    it("rejects an upgrade that inserts a field into the dkzt.storage.DigitalTenge namespace", async () => {
      const v1 = await ethers.getContractFactory("DigitalTenge");
      const broken = await ethers.getContractFactory("DigitalTengeBrokenLayoutMock");
      let message = "";
      try {
        await upgrades.validateUpgrade(v1, broken, { kind: "uups" });
      } catch (e) {
        message = e instanceof Error ? e.message : String(e);
      }
      expect(message).to.match(/^New storage layout is incompatible/);
      // The one defect, found in the namespaced struct: a field inserted before `config`.
      expect(message).to.match(/DigitalTengeBrokenLayoutMock\.sol:\d+: Inserted `feeBps`/);
      expect(message).to.not.match(/incompatible type/);
    });
  });
});
