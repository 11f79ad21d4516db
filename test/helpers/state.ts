import { expect } from "chai";
import type { AddressLike } from "ethers";
import type { DigitalTenge } from "../../typechain-types";
import { accountOf } from "../../src/accounts";

/** Everything a rejected call must leave as it was: supply, and each account's balance and status. */
export interface LedgerState {
  totalSupply: bigint;
  accounts: Record<string, { balance: bigint; view: string }>;
}

async function addressOf(a: AddressLike): Promise<string> {
  if (typeof a === "string") return a;
  if ("getAddress" in a) return a.getAddress();
  return await a;
}

/** Read supply and the full account view (balance, status, tier, attachment, today's outflow) of `accounts`. */
export async function ledgerState(ledger: DigitalTenge, accounts: AddressLike[]): Promise<LedgerState> {
  // Independent reads of one state: sent together.
  const addresses = await Promise.all(accounts.map(addressOf));
  const [totalSupply, views] = await Promise.all([
    ledger.totalSupply(),
    Promise.all(addresses.map((address) => accountOf(ledger, address))),
  ]);
  const state: LedgerState = { totalSupply, accounts: {} };
  addresses.forEach((address, i) => {
    state.accounts[address] = {
      balance: views[i].balance,
      view: JSON.stringify(views[i], (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)),
    };
  });
  return state;
}

/**
 * Assert that `action` reverts (the caller checks which error, on the promise it gets back) and that the
 * ledger state of `accounts` is unchanged. Usage:
 *   await expectRejected(ledger, [alice, bob], () => ledger.connect(alice).transfer(bob, x), (p) =>
 *     expect(p).to.be.revertedWithCustomError(ledger, "AccountFrozen").withArgs(alice.address));
 */
export async function expectRejected<T>(
  ledger: DigitalTenge,
  accounts: AddressLike[],
  action: () => Promise<T>,
  assertion: (attempt: Promise<T>) => Promise<void>,
): Promise<void> {
  const before = await ledgerState(ledger, accounts);
  await assertion(action());
  const after = await ledgerState(ledger, accounts);
  expect(after).to.deep.equal(before, "a rejected call changed the ledger");
}
