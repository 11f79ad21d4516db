import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, FunctionFragment, ParamType } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { fundedLedger, type Actors } from "../helpers/fixtures";
import { offlineReady } from "../offline/fixtures";
import { paymentsReady, type PaymentsFixture } from "../payments/fixtures";
import { crossBorderFixture } from "../crossborder/fixtures";
import { reservesDeployed, stablecoinBridged, type ReservesFixture } from "../reserves/fixtures";
import type { AccessManager } from "../../typechain-types";
import {
  CONTRACT_INTERFACES,
  GRANTS,
  MANAGER_ONLY_FUNCTIONS,
  PERMISSIONS,
  PUBLIC_FUNCTIONS,
  Role,
  roleOf,
  type ManagedContract,
  type Party,
  type RoleName,
} from "../../src/roles";

/**
 * The access matrix, generated from the roles table and the ABIs: every state-changing function of every managed
 * contract is either public by design (PUBLIC_FUNCTIONS) or has a row; called by every party not entitled to it
 * (and by an unregistered stranger) it reverts with the authority's error; every entitled party may call it.
 */
type Signer = HardhatEthersSigner;

/** Where the matrix finds a deployed instance of a managed contract, its authority, and who holds each role. */
interface Deployed {
  target: BaseContract;
  manager: AccessManager;
  /** Role holders: signers, or contracts of the suite that hold a role (only their address is used). */
  holders: Partial<Record<RoleName, { address: string }[]>>;
  everyone: Signer[];
}

function ledgerParties(f: Actors): Partial<Record<RoleName, Signer[]>> {
  const parties: Record<Party, Signer> = {
    CENTRAL_BANK: f.centralBank,
    OPERATOR: f.operator,
    COMPLIANCE: f.compliance,
    GOVERNANCE: f.governance,
    GUARDIAN: f.guardian,
    ISSUANCE_DESK: f.deskKey,
  };
  const holders: Partial<Record<RoleName, Signer[]>> = { BANK: [f.bankA, f.bankB] };
  // The ledger's and governance's grants; capability parties (tax authority, reserve roles) are named per fixture.
  for (const g of GRANTS) {
    if (!(g.party in parties)) continue;
    holders[g.role] = [...(holders[g.role] ?? []), parties[g.party as Party]];
  }
  return holders;
}

function everyoneIn(f: Actors, extra: Signer[] = []): Signer[] {
  return [
    f.centralBank,
    f.operator,
    f.compliance,
    f.governance,
    f.guardian,
    f.deskKey,
    f.bankA,
    f.alice,
    f.merchant,
    f.agent,
    f.stranger,
    ...extra,
  ];
}

function reserveHolders(f: ReservesFixture): Partial<Record<RoleName, Signer[]>> {
  return {
    ...ledgerParties(f),
    STABLE_ISSUER: [f.exchange],
    STABLE_COMPLIANCE: [f.stableCompliance],
    STABLE_UNPAUSER: [f.stableCompliance],
    STABLE_RESCUER: [f.rescuer],
    BRIDGE_ADMIN: [f.bridgeAdmin],
    GOLD_CUSTODIAN: [f.custodian],
    GOLD_PRICE_FEED: [f.priceFeed],
  };
}

function reserveEveryone(f: ReservesFixture): Signer[] {
  return everyoneIn(f, [
    f.exchange,
    f.stableCompliance,
    f.rescuer,
    f.bridgeAdmin,
    f.custodian,
    f.priceFeed,
    f.treasury,
  ]);
}

/**
 * Each managed contract, deployed by the fixture its own tests use. A contract missing here fails to compile. The
 * matrix runs in this order, each fixture's contracts together: restoring a fixture's snapshot drops every later
 * one, so interleaving fixtures would deploy one again.
 */
const DEPLOYED: Record<ManagedContract, () => Promise<Deployed>> = {
  DigitalTenge: async () => {
    const f = await loadFixture(fundedLedger);
    return { target: f.ledger, manager: f.manager, holders: ledgerParties(f), everyone: everyoneIn(f) };
  },
  IssuanceDesk: async () => {
    const f = await loadFixture(fundedLedger);
    return { target: f.desk, manager: f.manager, holders: ledgerParties(f), everyone: everyoneIn(f) };
  },
  ReserveStablecoin: async () => {
    const f = await loadFixture(reservesDeployed);
    return { target: f.stablecoin, manager: f.manager, holders: reserveHolders(f), everyone: reserveEveryone(f) };
  },
  GoldToken: async () => {
    const f = await loadFixture(reservesDeployed);
    return { target: f.gold, manager: f.manager, holders: reserveHolders(f), everyone: reserveEveryone(f) };
  },
  GoldDesk: async () => {
    const f = await loadFixture(reservesDeployed);
    return { target: f.desk, manager: f.manager, holders: reserveHolders(f), everyone: reserveEveryone(f) };
  },
  OfflinePurses: async () => {
    const f = await loadFixture(offlineReady);
    return { target: f.offline, manager: f.manager, holders: ledgerParties(f), everyone: everyoneIn(f) };
  },
  SwiftGateway: async () => crossBorder((f) => f.gateway),
  PvPSettlement: async () => crossBorder((f) => f.pvp),
  HashedTimelock: async () => crossBorder((f) => f.htlc),
  // Wired into the foreign CBDC's own AccessManager: the foreign central bank and the sweep keeper.
  ForeignCbdcSweep: async () => {
    const f = await loadFixture(crossBorderFixture);
    return {
      target: f.sweep,
      manager: f.foreignManager,
      holders: { CENTRAL_BANK: [f.foreignCentralBank], FX_SWEEP_KEEPER: [f.sweepKeeper] },
      everyone: crossBorderEveryone(f),
    };
  },
  MerchantPayments: async () => payments((f) => f.payments),
  CardGateway: async () => payments((f) => f.cards),
  BridgedStablecoin: async () => {
    const f = await loadFixture(stablecoinBridged);
    return {
      target: f.remote.stablecoin,
      manager: f.remote.manager,
      holders: reserveHolders(f),
      everyone: reserveEveryone(f),
    };
  },
};

/** A payments contract: the State Revenue Committee, the card processor (agent) and the card gateway contract. */
async function payments(target: (f: PaymentsFixture) => BaseContract): Promise<Deployed> {
  const f = await loadFixture(paymentsReady);
  await f.manager.connect(f.operator).grantRole(Role.PAYMENT_AGENT, f.agent.address, 0);
  return {
    target: target(f),
    manager: f.manager,
    holders: {
      ...ledgerParties(f),
      TAX_AUTHORITY: [f.taxAuthority],
      PAYMENT_AGENT: [f.agent],
      CARD_GATEWAY: [{ address: await f.cards.getAddress() }],
    },
    everyone: everyoneIn(f, [f.taxAuthority, f.budget, f.shop, f.bankB]),
  };
}

type CrossBorderFixture = Awaited<ReturnType<typeof crossBorderFixture>>;

function crossBorderEveryone(f: CrossBorderFixture): Signer[] {
  return everyoneIn(f, [f.bankB, f.cnBank, f.sweepKeeper, f.foreignCentralBank, f.foreignOperator, f.deployer]);
}

/** A cross-border contract on the NBK's authority: bank A is the gateway bank; A, B and cnBank deal PvP. */
async function crossBorder(target: (f: CrossBorderFixture) => BaseContract): Promise<Deployed> {
  const f = await loadFixture(crossBorderFixture);
  return {
    target: target(f),
    manager: f.manager,
    holders: { ...ledgerParties(f), GATEWAY_BANK: [f.bankA], PVP_DEALER: [f.bankA, f.bankB, f.cnBank] },
    everyone: crossBorderEveryone(f),
  };
}

function stateChanging(contract: ManagedContract): FunctionFragment[] {
  const fragments: FunctionFragment[] = [];
  CONTRACT_INTERFACES[contract]().forEachFunction((f) => {
    if (!f.constant) fragments.push(f);
  });
  return fragments;
}

describe("Access matrix (roles table × ABIs)", () => {
  it("covers every managed contract", () => {
    expect(Object.keys(DEPLOYED)).to.have.members(Object.keys(CONTRACT_INTERFACES));
  });

  for (const contract of Object.keys(DEPLOYED) as ManagedContract[]) {
    describe(contract, () => {
      it("every state-changing function is either in the roles table or public by design", () => {
        const unlisted = stateChanging(contract)
          .map((fn) => fn.name)
          .filter(
            (name) =>
              !roleOf(contract, name) &&
              !PUBLIC_FUNCTIONS[contract].includes(name) &&
              !MANAGER_ONLY_FUNCTIONS.includes(name),
          );
        expect(unlisted, `${contract} functions with no row in src/roles.ts`).to.deep.equal([]);
      });

      it("setAuthority: nobody but the AccessManager itself", async () => {
        const { target, everyone } = await DEPLOYED[contract]();
        const to = await target.getAddress();
        // Independent calls that change nothing: checked concurrently.
        await Promise.all(
          everyone.map((caller) =>
            expect(
              caller.sendTransaction({
                to,
                data: target.interface.encodeFunctionData("setAuthority", [caller.address]),
              }),
            )
              .to.be.revertedWithCustomError(target, "AccessManagedUnauthorized")
              .withArgs(caller.address),
          ),
        );
      });

      for (const fn of stateChanging(contract)) {
        const role = roleOf(contract, fn.name);
        if (!role) continue;
        it(`${fn.name}: only ${role} may call it`, async () => {
          const { target, manager, holders, everyone } = await DEPLOYED[contract]();
          const address = await target.getAddress();
          const entitled = holders[role] ?? [];
          expect(entitled, `the fixture names holders of ${role}`).to.not.be.empty;
          const outsiders = everyone.filter((s) => !entitled.some((e) => e.address === s.address));
          const args = fn.inputs.map(dummy);
          const data = target.interface.encodeFunctionData(fn, args);
          // Reads and rejected calls, none of which changes anything: checked concurrently.
          await Promise.all([
            ...entitled.map(async (holder) => {
              const [immediate] = await manager.canCall(holder.address, address, fn.selector);
              expect(immediate, `${role} holder ${holder.address} may call ${fn.name}`).to.equal(true);
            }),
            ...outsiders.map(async (outsider) => {
              const [immediate] = await manager.canCall(outsider.address, address, fn.selector);
              expect(immediate, `${outsider.address} must not call ${fn.name}`).to.equal(false);
              await expect(outsider.sendTransaction({ to: address, data }))
                .to.be.revertedWithCustomError(target, "AccessManagedUnauthorized")
                .withArgs(outsider.address);
            }),
          ]);
          expect(PERMISSIONS[contract][role]).to.include(fn.name);
          expect(Role[role]).to.be.a("bigint");
        });
      }
    });
  }
});

/** A syntactically valid argument: the authority rejects the caller before the body reads it. */
function dummy(param: ParamType): unknown {
  if (param.isArray()) return [];
  if (param.isTuple()) return param.components.map(dummy);
  const type = param.type;
  if (type === "address") return "0x000000000000000000000000000000000000dEaD";
  if (type === "bool") return false;
  if (type.startsWith("bytes") && type !== "bytes") return "0x" + "11".repeat(Number(type.slice(5)));
  if (type === "bytes") return "0x";
  if (type === "string") return "x";
  return 1n;
}
