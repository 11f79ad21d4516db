import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { BaseContract, FunctionFragment } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { fundedLedger } from "../helpers/fixtures";
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
type Fixture = Awaited<ReturnType<typeof fundedLedger>>;

function stateChanging(contract: ManagedContract): FunctionFragment[] {
  const fragments: FunctionFragment[] = [];
  CONTRACT_INTERFACES[contract]().forEachFunction((f) => {
    if (!f.constant) fragments.push(f);
  });
  return fragments;
}

function targetOf(f: Fixture, contract: ManagedContract): BaseContract {
  const targets: Record<ManagedContract, BaseContract> = { DigitalTenge: f.ledger, IssuanceDesk: f.desk };
  return targets[contract];
}

function partySigners(f: Fixture): Record<Party, HardhatEthersSigner> {
  return {
    CENTRAL_BANK: f.centralBank,
    OPERATOR: f.operator,
    COMPLIANCE: f.compliance,
    GOVERNANCE: f.governance,
    GUARDIAN: f.guardian,
    ISSUANCE_DESK: f.deskKey,
  };
}

/** Parties holding `role` in the table (banks hold BANK once onboarded: bankA in the fixture). */
function holdersOf(f: Fixture, role: RoleName): HardhatEthersSigner[] {
  const parties = partySigners(f);
  const holders = GRANTS.filter((g) => g.role === role).map((g) => parties[g.party]);
  if (role === "BANK") holders.push(f.bankA, f.bankB);
  return holders;
}

describe("Access matrix (roles table × ABIs)", () => {
  for (const contract of Object.keys(CONTRACT_INTERFACES) as ManagedContract[]) {
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
        const f = await loadFixture(fundedLedger);
        const target = targetOf(f, contract);
        const everyone = [...Object.values(partySigners(f)), f.bankA, f.stranger, f.deployer];
        for (const caller of everyone) {
          await expect(
            caller.sendTransaction({
              to: await target.getAddress(),
              data: target.interface.encodeFunctionData("setAuthority", [caller.address]),
            }),
          )
            .to.be.revertedWithCustomError(target, "AccessManagedUnauthorized")
            .withArgs(caller.address);
        }
      });

      for (const fn of stateChanging(contract)) {
        const role = roleOf(contract, fn.name);
        if (!role) continue;
        it(`${fn.name}: only ${role} may call it`, async () => {
          const f = await loadFixture(fundedLedger);
          const target = targetOf(f, contract);
          const address = await target.getAddress();
          const entitled = holdersOf(f, role);
          for (const holder of entitled) {
            const [immediate] = await f.manager.canCall(holder.address, address, fn.selector);
            expect(immediate, `${role} holder ${holder.address} may call ${fn.name}`).to.equal(true);
          }
          const everyone = [...Object.values(partySigners(f)), f.bankA, f.alice, f.merchant, f.agent, f.stranger];
          const outsiders = everyone.filter((s) => !entitled.includes(s));
          const args = fn.inputs.map((input) => dummy(input.baseType, input.type));
          const data = target.interface.encodeFunctionData(fn, args);
          for (const outsider of outsiders) {
            const [immediate] = await f.manager.canCall(outsider.address, address, fn.selector);
            expect(immediate, `${outsider.address} must not call ${fn.name}`).to.equal(false);
            await expect(outsider.sendTransaction({ to: address, data }))
              .to.be.revertedWithCustomError(target, "AccessManagedUnauthorized")
              .withArgs(outsider.address);
          }
          expect(PERMISSIONS[contract][role]).to.include(fn.name);
          expect(Role[role]).to.be.a("bigint");
        });
      }
    });
  }
});

/** A syntactically valid argument: the authority rejects the caller before the body reads it. */
function dummy(baseType: string, type: string): unknown {
  if (baseType === "array") return [];
  if (type === "address") return "0x000000000000000000000000000000000000dEaD";
  if (type === "bool") return false;
  if (type.startsWith("bytes") && type !== "bytes") return "0x" + "11".repeat(Number(type.slice(5)));
  if (type === "bytes") return "0x";
  if (type === "string") return "x";
  return 1n;
}
