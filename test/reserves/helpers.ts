import { expect } from "chai";
import type { AddressLike, Signature, TypedDataField } from "ethers";
import { Signature as EthersSignature } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BridgedStablecoin, DigitalTenge, GoldDesk, GoldToken, ReserveStablecoin } from "../../typechain-types";
import { ledgerState } from "../helpers/state";

async function addressOf(a: AddressLike): Promise<string> {
  if (typeof a === "string") return a;
  if ("getAddress" in a) return a.getAddress();
  return await a;
}

/** Everything the reserves contracts hold, for unchanged-state assertions: as a JSON-comparable record. */
export async function reservesState(
  c: {
    ledger: DigitalTenge;
    stablecoin: ReserveStablecoin;
    gold?: GoldToken;
    desk?: GoldDesk;
    remoteToken?: BridgedStablecoin;
  },
  accounts: AddressLike[],
): Promise<Record<string, unknown>> {
  const addresses = await Promise.all(accounts.map(addressOf));
  const modules = [await c.stablecoin.getAddress()];
  if (c.desk) modules.push(await c.desk.getAddress());
  const state: Record<string, unknown> = {
    ledger: await ledgerState(c.ledger, [...addresses, ...modules]),
    proof: (await c.stablecoin.proofOfReserves()).toString(),
    stable: await Promise.all(
      addresses.map(async (a) => [a, await c.stablecoin.balanceOf(a), await c.stablecoin.isBlacklisted(a)].join()),
    ),
    paused: await c.stablecoin.paused(),
  };
  if (c.gold) {
    state.gold = (await c.gold.goldReserve()).toString();
    state.goldBalances = await Promise.all(addresses.map(async (a) => (await c.gold!.balanceOf(a)).toString()));
  }
  if (c.desk) state.quote = (await c.desk.quote()).toString();
  if (c.remoteToken) {
    state.remote = [await c.remoteToken.totalSupply(), await c.remoteToken.bridgedTotal()].join();
    state.remoteBalances = await Promise.all(
      addresses.map(async (a) => (await c.remoteToken!.balanceOf(a)).toString()),
    );
  }
  return state;
}

/**
 * Assert that `action` is rejected (the caller checks the exact error on the promise it gets) and that neither the
 * ledger nor the reserves contracts changed.
 */
export async function expectReservesRejected<T>(
  c: Parameters<typeof reservesState>[0],
  accounts: AddressLike[],
  action: () => Promise<T>,
  assertion: (attempt: Promise<T>) => Promise<void>,
): Promise<void> {
  const before = await reservesState(c, accounts);
  await assertion(action());
  const after = await reservesState(c, accounts);
  expect(after).to.deep.equal(before, "a rejected call changed state");
}

/** An EIP-712 domain read from the contract's own eip712Domain() (ERC-5267), never hard-coded. */
export async function domainOf(token: {
  eip712Domain(): Promise<[string, string, string, bigint, string, string, bigint[]]>;
}) {
  const [, name, version, chainId, verifyingContract] = await token.eip712Domain();
  return { name, version, chainId, verifyingContract };
}

const PERMIT_TYPES: Record<string, TypedDataField[]> = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

const AUTHORIZATION_FIELDS: TypedDataField[] = [
  { name: "from", type: "address" },
  { name: "to", type: "address" },
  { name: "value", type: "uint256" },
  { name: "validAfter", type: "uint256" },
  { name: "validBefore", type: "uint256" },
  { name: "nonce", type: "bytes32" },
];

/** Sign an ERC-2612 permit. */
export async function signPermit(
  token: ReserveStablecoin | BridgedStablecoin,
  owner: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<Signature> {
  const nonce = await token.nonces(owner.address);
  const raw = await owner.signTypedData(await domainOf(token), PERMIT_TYPES, {
    owner: owner.address,
    spender,
    value,
    nonce,
    deadline,
  });
  return EthersSignature.from(raw);
}

/** An ERC-3009 authorisation's fields. */
export interface Authorization {
  from: string;
  to: string;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: string;
}

/** Sign an ERC-3009 TransferWithAuthorization or ReceiveWithAuthorization. */
export async function signAuthorization(
  token: ReserveStablecoin | BridgedStablecoin,
  signer: HardhatEthersSigner,
  kind: "TransferWithAuthorization" | "ReceiveWithAuthorization",
  auth: Authorization,
): Promise<Signature> {
  const raw = await signer.signTypedData(await domainOf(token), { [kind]: AUTHORIZATION_FIELDS }, { ...auth });
  return EthersSignature.from(raw);
}

/** Sign an ERC-3009 CancelAuthorization. */
export async function signCancel(
  token: ReserveStablecoin | BridgedStablecoin,
  signer: HardhatEthersSigner,
  nonce: string,
): Promise<Signature> {
  const raw = await signer.signTypedData(
    await domainOf(token),
    {
      CancelAuthorization: [
        { name: "authorizer", type: "address" },
        { name: "nonce", type: "bytes32" },
      ],
    },
    { authorizer: signer.address, nonce },
  );
  return EthersSignature.from(raw);
}
