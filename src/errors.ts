/**
 * Every failure an operator can meet, in words: a revert from any suite contract (its custom error decoded
 * from the ABI, money in tenge, enums by name) and the usual RPC failures (node down, wrong chain, no gas
 * money, stale nonce). Tasks, scripts and tests print `describeError(err)` and nothing else.
 */
import { ErrorDescription, Interface, decodeBytes32String, getAddress, isHexString } from "ethers";
import { AccessManager__factory, DigitalTenge__factory } from "../typechain-types";
import { formatTenge, UNLIMITED } from "./money";
import { CONTRACT_INTERFACES, PERMISSIONS, Role, roleOf, type ManagedContract } from "./roles";
import { AccountKind, DEFAULT_TIERS, FreezeState } from "./tiers";

/** What the caller knows about the failed call; every field makes the message more precise. */
export interface ErrorContext {
  /** The contract and function that was called, e.g. { contract: "DigitalTenge", fn: "issue" }. */
  contract?: string;
  fn?: string;
  /** Names for addresses (any case), printed after the address: "0xAb… (Halyk Bank)". */
  labels?: ReadonlyMap<string, string>;
  /** The network the call went to, for connection messages. */
  network?: string;
}

/** A decoded revert: the error's name, its arguments, and the sentence an operator reads. */
export interface DecodedRevert {
  name: string;
  selector: string;
  args: readonly unknown[];
  message: string;
}

// ------------------------------------------------------------------------------------------- interfaces

/**
 * The ABIs revert data is decoded with: the authority, the ledger, and every contract the roles table puts
 * under the authority (so a capability added there is decoded here without further work). Built once.
 */
let errorInterfaces: Interface[] | undefined;
function interfaces(): Interface[] {
  if (!errorInterfaces) {
    const list: Interface[] = [AccessManager__factory.createInterface(), DigitalTenge__factory.createInterface()];
    for (const make of Object.values(CONTRACT_INTERFACES)) list.push(make());
    errorInterfaces = list;
  }
  return errorInterfaces;
}

/** Add the ABI of a contract that is not in the roles table (a test contract, an external token). */
export function registerErrorInterface(iface: Interface): void {
  interfaces().push(iface);
}

// ------------------------------------------------------------------------------------------- formatting

const ERROR_STRING = "0x08c379a0"; // Error(string)
const PANIC = "0x4e487b71"; // Panic(uint256)

const PANIC_CODES: Record<number, string> = {
  0x00: "generic compiler panic",
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division or modulo by zero",
  0x21: "value out of range for an enum",
  0x22: "corrupt storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

/**
 * Safe 1.4.1's revert codes (`require(…, "GSxxx")` in @safe-global/safe-contracts), in words. A multisig flow
 * that fails on-chain reverts with one of these strings; describeError prints the code and its meaning.
 */
export const SAFE_ERRORS: Readonly<Record<string, string>> = {
  GS000: "the Safe could not finish its setup (the setup delegate call failed)",
  GS001: "the Safe's threshold is not defined",
  GS002: "the setup call's target is not a contract",
  GS010: "not enough gas left for the Safe transaction (safeTxGas)",
  GS011: "the Safe could not pay the gas refund in ether",
  GS012: "the Safe could not pay the gas refund in tokens",
  GS013:
    "the Safe's inner call reverted (the target refused it: decode the target's error by calling it from the Safe)",
  GS020: "not enough signatures for the Safe's threshold",
  GS021: "a contract signature points inside the signatures' static part",
  GS022: "a contract signature points past the end of the signatures",
  GS023: "a contract signature's data runs past the end of the signatures",
  GS024: "a contract owner's signature (EIP-1271) is invalid",
  GS025: "an approved-hash signature is from an owner that neither sent nor approved this transaction",
  GS026: "a signature is invalid or not by an owner, or the signatures are not sorted by owner address, ascending",
  GS027: "the data signed does not match this transaction",
  GS030: "only an owner may approve a hash",
  GS031: "only the Safe itself may call this (through a Safe transaction)",
  GS100: "the Safe's modules are already set up",
  GS101: "invalid module address",
  GS102: "the module is already enabled",
  GS103: "invalid previous module / module pair",
  GS104: "the caller is not an enabled module",
  GS105: "invalid start of the module page",
  GS106: "invalid page size",
  GS200: "the Safe's owners are already set up",
  GS201: "the threshold exceeds the number of owners",
  GS202: "the threshold must be at least 1",
  GS203: "invalid owner address",
  GS204: "the address is already an owner",
  GS205: "invalid previous owner / owner pair",
  GS300: "the guard does not implement the Guard interface",
  GS400: "the fallback handler cannot be the Safe itself",
};

const KIND_NAMES = invert(AccountKind);
const FREEZE_WORDS: Record<number, string> = {
  [FreezeState.None]: "not frozen",
  [FreezeState.Full]: "fully frozen",
  [FreezeState.OutboundOnly]: "receive-only",
};
const ROLE_NAMES = new Map<bigint, string>(Object.entries(Role).map(([name, id]) => [id, name]));

function invert(table: Record<string, number>): Record<number, string> {
  return Object.fromEntries(Object.entries(table).map(([name, value]) => [value, name]));
}

/** Money in tiyn as tenge, with "unlimited" for type(uint256).max. */
export function money(tiyn: unknown): string {
  const value = BigInt(tiyn as bigint);
  return value === UNLIMITED ? "unlimited" : formatTenge(value);
}

function tierName(tier: unknown): string {
  const id = Number(tier);
  const known = DEFAULT_TIERS.find((t) => t.id === id);
  return known ? `tier ${id} (${known.name})` : `tier ${id}`;
}

/** A bytes32 reference as the short text it was made from ("RSV-2023-11-001"), else as hex. */
function referenceText(reference: unknown): string {
  const hex = String(reference);
  try {
    const text = decodeBytes32String(hex);
    return text === "" ? "(empty)" : `"${text}"`;
  } catch {
    return hex;
  }
}

function roleName(roleId: unknown): string {
  const id = BigInt(roleId as bigint);
  const name = ROLE_NAMES.get(id);
  return name ? `${name} (role ${id})` : `role ${id}`;
}

function utcTime(seconds: unknown): string {
  const s = BigInt(seconds as bigint);
  if (s > 8_640_000_000_000n) return `${s} (seconds since 1970)`;
  return new Date(Number(s) * 1000).toISOString().replace(".000Z", "Z");
}

/** Turns addresses into "0xAbC…" with the caller's label when it has one. */
type Who = (address: unknown) => string;
function whoFor(labels?: ReadonlyMap<string, string>): Who {
  const lowered = new Map<string, string>();
  for (const [address, label] of labels ?? []) lowered.set(address.toLowerCase(), label);
  return (address) => {
    const text = String(address);
    let checksummed = text;
    try {
      checksummed = getAddress(text);
    } catch {
      // Not an address: print as given.
    }
    const label = lowered.get(text.toLowerCase());
    return label ? `${checksummed} (${label})` : checksummed;
  };
}

/** What the called function needs, from the roles table: " (DigitalTenge.issue needs the CENTRAL_BANK role)". */
function neededRole(context: ErrorContext): string {
  const { contract, fn } = context;
  if (!contract || !fn) return "";
  if (!(contract in PERMISSIONS)) return ` to call ${contract}.${fn}`;
  const role = roleOf(contract as ManagedContract, fn);
  return role
    ? ` to call ${contract}.${fn}, which the roles table gives to ${role}`
    : ` to call ${contract}.${fn}, which only the authority's ADMIN may call`;
}

/** The paused contract an error is about, in words. */
function pausedOne(context: ErrorContext): string {
  return context.contract ?? "the token";
}

type Words = (args: readonly unknown[], who: Who, context: ErrorContext) => string;

/**
 * The sentence for each custom error. Errors without an entry are printed as Name(arg=value, …), with money
 * formatted when the argument's name says it is an amount.
 */
const WORDS: Record<string, Words> = {
  // ---------------------------------------------------------------- OpenZeppelin Pausable
  // The stablecoins and the gold token (the ledger has its own LedgerPaused).
  EnforcedPause: (_args, _who, context) =>
    context.fn === "pause"
      ? `${pausedOne(context)} is already paused: pausing it again changes nothing`
      : `${pausedOne(context)} is paused: no balance changes until its unpauser unpauses it`,
  ExpectedPause: (_args, _who, context) => `${pausedOne(context)} is not paused: there is nothing to unpause`,
  // ---------------------------------------------------------------- DigitalTenge
  LedgerPaused: () => "the ledger is paused: no balance changes until the operator unpauses it",
  AccountNotRegistered: ([a], who) => `${who(a)} is not a registered, open DKZT account`,
  AccountAlreadyRegistered: ([a], who) =>
    `${who(a)} is already registered (or was closed, and a closed account never comes back)`,
  AccountFrozen: ([a], who) => `account ${who(a)} is frozen: it can neither send nor receive`,
  AccountOutboundBlocked: ([a], who) => `account ${who(a)} is receive-only: it may receive but not send`,
  HoldingLimitExceeded: ([a, limit, attempted], who) =>
    `account ${who(a)} would hold ${money(attempted)}, above its limit of ${money(limit)}`,
  DailyLimitExceeded: ([a, limit, attempted], who) =>
    `account ${who(a)} would spend ${money(attempted)} today, above its limit of ${money(limit)}`,
  AttachedFundsLocked: ([a, available, needed], who) =>
    `only ${money(available)} of account ${who(a)} is free of legal attachment; ${money(needed)} was needed`,
  AttachmentExceeded: ([a, attached, requested], who) =>
    `only ${money(attached)} is attached on account ${who(a)}; ${money(requested)} was asked to be released or seized`,
  NotBankOfRecord: ([bank, a], who) =>
    `${who(bank)} is not the bank of record of account ${who(a)}, so it may not act on it`,
  NoBankOfRecord: ([a], who) => `account ${who(a)} has no bank of record to redeem into`,
  BankNotRegistered: ([bank], who) => `${who(bank)} is not a registered intermediary bank`,
  BankIsSuspended: ([bank], who) => `bank ${who(bank)} is suspended by the operator`,
  IssuanceCeilingExceeded: ([bank, ceiling, attempted], who) =>
    `issuing would take the outstanding DKZT of bank ${who(bank)} to ${money(attempted)}, above its ceiling of ${money(ceiling)}`,
  TierNotDefined: ([tier]) => `${tierName(tier)} is not defined: the central bank sets it with dkzt:define-tier`,
  TierOutOfRange: ([tier, max]) => `tier ${tier} is above the highest tier, ${max}`,
  AccountKindNotAllowed: ([kind]) =>
    `this caller may not create an account of kind ${KIND_NAMES[Number(kind)] ?? kind} ` +
    "(banks onboard individuals, merchants and government bodies; the operator onboards payment agents and suite modules)",
  ZeroAmount: () => "the amount must be above zero",
  AmountTooLarge: ([amount, max]) => `${money(amount)} is above the most the ledger can hold, ${money(max)}`,
  ZeroAddress: () => "the zero address cannot be an account",
  AccountNotEmpty: ([a, balance], who) =>
    `account ${who(a)} still holds ${money(balance)} or attached funds, so it cannot be closed`,
  NotSystemModule: ([caller], who) =>
    `${who(caller)} is not a registered, unfrozen suite module (SystemContract account)`,
  ModuleNotMandated: ([module, a], who) =>
    `module ${who(module)} may not debit account ${who(a)}: the account never gave it a mandate ` +
    "(the holder grants one with setModuleMandate, or its bank with dkzt:mandate)",
  ModuleNotMandatable: ([module], who) =>
    `${who(module)} is not a suite module that can hold mandates (not a SystemContract account, or one without a mandate slot)`,
  ModuleNotPayable: ([module], who) =>
    `${who(module)} is a suite module: it is paid only through its own functions, never by a plain transfer`,
  ReferenceAlreadyUsed: ([reference]) =>
    `reference ${referenceText(reference)} was already used for an issuance or redemption (or is empty): ` +
    "each reserve operation has its own reference, so a retried command never moves the money supply twice",
  TierNotAllowedForKind: ([tier, kind]) =>
    `${tierName(tier)} has unlimited holding and is reserved for banks, government bodies and suite modules, ` +
    `not for a${String(KIND_NAMES[Number(kind)] ?? kind).match(/^[aeiou]/i) ? "n" : ""} ${KIND_NAMES[Number(kind)] ?? kind}`,
  RecoveryChainTooLong: ([a, hops], who) =>
    `account ${who(a)} was recovered more than ${hops} times in a row: recover the latest wallet directly`,
  FreezeUnchanged: ([a, state], who) =>
    `account ${who(a)} is already ${FREEZE_WORDS[Number(state)] ?? `in state ${state}`}`,
  TierLimitNotRepresentable: ([limit]) =>
    `${money(limit)} cannot be a tier limit: limits are m × 10^e tiyn with m ≤ 4095 (e.g. 1 500 000.00 ₸, not 1 234 567.89 ₸)`,

  // ---------------------------------------------------------------- ERC-20 / ERC-2612 / ERC-3009 (OpenZeppelin's and ISignedAuthorizations)
  ERC20InsufficientBalance: ([a, balance, needed], who) =>
    `account ${who(a)} holds ${money(balance)}; ${money(needed)} was needed`,
  ERC20InsufficientAllowance: ([spender, allowance, needed], who) =>
    `spender ${who(spender)} may spend only ${money(allowance)} of this owner's DKZT; ${money(needed)} was needed`,
  ERC20InvalidSender: ([a], who) => `${who(a)} cannot send DKZT`,
  ERC20InvalidReceiver: ([a], who) => `${who(a)} cannot receive DKZT`,
  ERC20InvalidApprover: ([a], who) => `${who(a)} cannot approve a spender`,
  ERC20InvalidSpender: ([a], who) => `${who(a)} cannot be a spender`,
  ERC2612ExpiredSignature: ([deadline]) => `the permit expired at ${utcTime(deadline)}`,
  ERC3009InvalidAuthorizationTime: ([after, before]) =>
    `the authorisation is valid only after ${utcTime(after)} and before ${utcTime(before)}`,
  SignatureInvalid: ([signer], who) =>
    `the signature is not ${who(signer)}'s: not its key's ECDSA signature, nor accepted by its wallet (ERC-1271)`,
  ERC3009UsedAuthorization: ([authorizer, nonce], who) =>
    `authorisation ${nonce} of ${who(authorizer)} was already used or cancelled`,
  InvalidAccountNonce: ([a, nonce], who) => `wrong signature nonce for ${who(a)}: its current nonce is ${nonce}`,
  ECDSAInvalidSignature: () => "the signature is invalid (it recovers to no address)",
  ECDSAInvalidSignatureLength: ([length]) => `the signature is ${length} bytes long; 65 are expected`,
  ECDSAInvalidSignatureS: ([s]) => `the signature is malleable (s = ${s} is in the upper half of the curve order)`,

  // ---------------------------------------------------------------- OpenZeppelin AccessManaged / AccessManager
  AccessManagedUnauthorized: ([caller], who, context) =>
    `${who(caller)} does not hold the role it needs${neededRole(context)}`,
  AccessManagedRequiredDelay: ([caller, delay], who) =>
    `${who(caller)} holds the role with an execution delay of ${delay} s: schedule the call in the AccessManager first`,
  AccessManagedInvalidAuthority: ([authority], who) => `${who(authority)} is not a valid authority`,
  AccessManagerUnauthorizedAccount: ([sender, roleId], who) => `${who(sender)} does not hold ${roleName(roleId)}`,
  AccessManagerUnauthorizedCall: ([caller, target, selector], who) =>
    `${who(caller)} may not call function ${selector} of ${who(target)}`,
  AccessManagerUnauthorizedCancel: ([sender, caller, target, selector], who) =>
    `${who(sender)} may not cancel the call to ${selector} of ${who(target)} scheduled by ${who(caller)}`,
  AccessManagerUnauthorizedConsume: ([target], who) => `${who(target)} may not consume a scheduled operation`,
  AccessManagerLockedRole: ([roleId]) => `${roleName(roleId)} is locked: it cannot be granted, revoked or administered`,
  AccessManagerLockedFunction: ([selector]) => `function ${selector} of the authority is locked`,
  AccessManagerBadConfirmation: () => "the renounce confirmation must be the caller's own address",
  AccessManagerNotScheduled: ([id]) => `operation ${id} is not scheduled`,
  AccessManagerNotReady: ([id]) => `operation ${id} is scheduled but its delay has not passed yet`,
  AccessManagerExpired: ([id]) => `operation ${id} expired before it was executed`,
  AccessManagerAlreadyScheduled: ([id]) => `operation ${id} is already scheduled`,
  AccessManagerInvalidInitialAdmin: ([admin], who) => `${who(admin)} cannot be the initial admin`,

  // ---------------------------------------------------------------- OpenZeppelin proxies and utilities
  InvalidInitialization: () => "the contract is already initialised (or is an implementation, which never is)",
  NotInitializing: () => "this function may run only during initialisation",
  UUPSUnauthorizedCallContext: () => "upgrade functions must be called through the proxy, not on the implementation",
  UUPSUnsupportedProxiableUUID: ([slot]) => `the new implementation reports an unsupported proxiable UUID ${slot}`,
  ERC1967InvalidImplementation: ([impl], who) => `${who(impl)} is not a contract that can be an implementation`,
  ERC1967NonPayable: () => "the upgrade call may not carry native coin",
  AddressEmptyCode: ([target], who) => `there is no contract at ${who(target)}`,
  FailedCall: () => "a low-level call failed without a reason",
  InsufficientBalance: ([balance, needed]) => `the contract holds ${balance} wei of native coin; ${needed} needed`,
  SafeCastOverflowedUintDowncast: ([bits, value]) => `${value} does not fit in ${bits} bits`,
};

/** Argument names that carry money in tiyn, for errors without their own sentence. */
const MONEY_ARG =
  /amount|balance|limit|attempted|needed|available|ceiling|attached|requested|allowance|tiyn|total|value|price|fee/i;

function genericWords(description: ErrorDescription, who: Who): string {
  const parts = description.fragment.inputs.map((input, i) => {
    const value: unknown = description.args[i];
    let text: string;
    if (input.type === "address") text = who(value);
    else if (input.baseType === "uint256" && MONEY_ARG.test(input.name)) text = money(value);
    else text = String(value);
    return input.name ? `${input.name} ${text}` : text;
  });
  return parts.join(", ");
}

// ------------------------------------------------------------------------------------------- decoding

/**
 * Decode revert data with the suite's ABIs. Returns undefined when the data is not a revert payload
 * (empty, or not hex); an unknown selector still decodes, to a message naming the selector and the data.
 */
export function decodeRevertData(data: string, context: ErrorContext = {}): DecodedRevert | undefined {
  if (!isHexString(data) || data.length < 10) return undefined;
  const selector = data.slice(0, 10).toLowerCase();
  const who = whoFor(context.labels);
  const abi = Interface.from(["error Error(string)", "error Panic(uint256)"]);

  if (selector === ERROR_STRING || selector === PANIC) {
    try {
      const d = abi.parseError(data);
      if (d && selector === ERROR_STRING) {
        const reason = String(d.args[0]);
        const safe = SAFE_ERRORS[reason];
        if (safe) return { name: reason, selector, args: [...d.args], message: `Safe ${reason}: ${safe}` };
        return { name: "Error", selector, args: [...d.args], message: `reverted: ${reason}` };
      }
      if (d) {
        const code = Number(d.args[0]);
        const what = PANIC_CODES[code] ?? "unknown panic code";
        return {
          name: "Panic",
          selector,
          args: [...d.args],
          message: `Panic 0x${code.toString(16).padStart(2, "0")}: ${what}`,
        };
      }
    } catch {
      // Malformed payload: fall through to the unknown-selector message.
    }
  }

  for (const iface of interfaces()) {
    let description: ErrorDescription | null = null;
    try {
      description = iface.parseError(data);
    } catch {
      continue; // The selector matched but the payload did not decode: try the next ABI.
    }
    if (!description) continue;
    const words = WORDS[description.name];
    const sentence = words ? words(description.args, who, context) : genericWords(description, who);
    return {
      name: description.name,
      selector,
      args: [...description.args],
      message: sentence ? `${description.name}: ${sentence}` : description.name,
    };
  }
  return {
    name: "unknown",
    selector,
    args: [],
    message: `reverted with an error unknown to the suite's ABIs: selector ${selector}, data ${data}`,
  };
}

// ------------------------------------------------------------------------------------------- any error

type Loose = Record<string, unknown>;
const isObject = (x: unknown): x is Loose => typeof x === "object" && x !== null;

/** Every error object nested in `err` (parent, cause, error, info, data objects), breadth first, each once. */
function nested(err: unknown): Loose[] {
  const found: Loose[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && found.length < 32) {
    const next = queue.shift();
    if (!isObject(next) || found.includes(next)) continue;
    found.push(next);
    for (const key of ["error", "parent", "cause", "info", "data", "body"]) {
      const child = next[key];
      if (isObject(child)) queue.push(child);
      else if (key === "body" && typeof child === "string" && child.startsWith("{")) {
        try {
          queue.push(JSON.parse(child));
        } catch {
          // Not JSON: ignore.
        }
      }
    }
  }
  return found;
}

/** The first revert payload anywhere in `err`: a `data` hex string of a selector and 32-byte words. */
export function findRevertData(err: unknown): string | undefined {
  for (const e of nested(err)) {
    const data = e.data;
    if (typeof data === "string" && isHexString(data) && data.length >= 10 && (data.length - 10) % 64 === 0) {
      return data;
    }
  }
  // Some nodes put the payload in the message only: "execution reverted: 0x…", "reverted with data 0x…".
  const text = messagesOf(err).join("\n");
  return /revert(?:ed)?(?: with data)?:? (0x[0-9a-fA-F]{8}(?:[0-9a-fA-F]{64})*)\b/.exec(text)?.[1];
}

function messagesOf(err: unknown): string[] {
  return nested(err)
    .map((e) => e.message)
    .filter((m): m is string => typeof m === "string");
}

/** The first line of a message; when it ends with a colon (a list follows), the next few lines too. */
function firstLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  if (lines.length === 0) return "";
  return lines[0].endsWith(":") ? lines.slice(0, 5).join(" ") : lines[0];
}

/** Connection and transaction failures, by Hardhat error number, ethers code or node message. */
function describeRpc(err: unknown, context: ErrorContext): string | undefined {
  const all = nested(err);
  const messages = messagesOf(err).join("\n");
  const codes = all.map((e) => e.code);
  const where = context.network ? `network ${context.network}` : "the network";

  for (const e of all) {
    if (e._isHardhatError === true && isObject(e.errorDescriptor)) {
      const number = e.errorDescriptor.number;
      const args = isObject(e.messageArguments) ? e.messageArguments : {};
      if (number === 101) {
        return (
          `Wrong chain: the config for ${where} expects chain id ${String(args.configChainId)}, but the node ` +
          `answers chain id ${String(args.connectionChainId)}. Check the RPC URL (and CHAIN_ID) in your .env.`
        );
      }
      if (number === 108) {
        const address = /connect E[A-Z]+ (\S+)/.exec(messages)?.[1];
        return (
          `Node down: cannot connect to network ${typeof args.network === "string" ? args.network : (context.network ?? "")}` +
          `${address ? ` at ${address}` : ""}. Is the node running? For localhost start one with \`npx hardhat node\`.`
        );
      }
    }
  }
  if (codes.includes("ECONNREFUSED") || /ECONNREFUSED/.test(messages)) {
    const address = /ECONNREFUSED (\S+)/.exec(messages)?.[1];
    return `Node down: connection refused${address ? ` at ${address}` : ""} (${where}). Is the node running?`;
  }
  if (codes.includes("ENOTFOUND") || /ENOTFOUND/.test(messages)) {
    return `Node unreachable: the RPC host of ${where} does not resolve (ENOTFOUND). Check the RPC URL in your .env.`;
  }
  if (codes.includes("ETIMEDOUT") || codes.includes("TIMEOUT") || /ETIMEDOUT|timeout exceeded/i.test(messages)) {
    return `Node unreachable: the request to ${where} timed out. Check the RPC URL and the node's health.`;
  }
  if (codes.includes("INSUFFICIENT_FUNDS") || /insufficient funds|enough funds to send tx/i.test(messages)) {
    const detail = /max upfront cost is: (\d+) and the sender's balance is: (\d+)/.exec(messages);
    return (
      "Insufficient funds for gas: the sending account cannot pay the transaction fee in the chain's native coin" +
      (detail ? ` (needs ${detail[1]} wei, holds ${detail[2]} wei)` : "") +
      ". Fund it (BNB on BNB Chain) and retry."
    );
  }
  if (codes.includes("NONCE_EXPIRED") || /nonce too low|nonce has already been used/i.test(messages)) {
    const detail = /Expected nonce to be (\d+) but got (\d+)/.exec(messages);
    return (
      "Nonce too low: this account already sent a transaction with that nonce" +
      (detail ? ` (the node expects ${detail[1]}, got ${detail[2]})` : "") +
      ". Another process may be sending from the same key; wait for it, then retry."
    );
  }
  if (codes.includes("REPLACEMENT_UNDERPRICED") || /replacement (transaction )?underpriced/i.test(messages)) {
    return "Replacement underpriced: a pending transaction with the same nonce pays a higher fee. Wait for it or raise the fee.";
  }
  if (/unknown account|Unknown account/.test(messages)) {
    return `Unknown account: the node at ${where} does not manage the sending address; use one of its accounts or a DEPLOYER_KEY.`;
  }
  return undefined;
}

/**
 * One line saying what went wrong, for any error a suite call can throw: a decoded custom error, an RPC
 * failure, or else the first line of the error's own message.
 */
export function describeError(err: unknown, context: ErrorContext = {}): string {
  if (err instanceof SuiteError) return err.message;
  const data = findRevertData(err);
  if (data) {
    const decoded = decodeRevertData(data, context);
    if (decoded) return decoded.message;
  }
  const rpc = describeRpc(err, context);
  if (rpc) return rpc;

  const messages = messagesOf(err).join("\n");
  if (/reverted without a reason|execution reverted(?!:)/i.test(messages) && !/custom error/.test(messages)) {
    return "The call reverted without a reason (no revert data): is the address a suite contract on this chain?";
  }
  if (/non-contract account|function selector was not recognized/i.test(messages)) {
    return "No suite contract answers at that address on this chain: was the suite deployed here (dkzt:deploy)?";
  }
  if (nested(err).some((e) => e.code === "BAD_DATA") && /value="0x"/.test(messages)) {
    return "No contract at that address on this chain (the call returned nothing): is the deployment record stale?";
  }
  if (err instanceof Error) return firstLine(err.message);
  if (typeof err === "string") return firstLine(err);
  return firstLine(String(err));
}

/**
 * A failed suite operation, its message already in words. `revert` is set when a contract rejected it;
 * `cause` keeps the original error for whoever wants the stack (`--show-stack-traces`).
 */
export class SuiteError extends Error {
  readonly revert?: DecodedRevert;
  override readonly cause?: unknown;

  constructor(message: string, options: { cause?: unknown; revert?: DecodedRevert } = {}) {
    super(message);
    this.name = "SuiteError";
    this.cause = options.cause;
    this.revert = options.revert;
  }

  /** `err` as a SuiteError (unchanged when it already is one), decoded with `context`. */
  static from(err: unknown, context: ErrorContext = {}): SuiteError {
    if (err instanceof SuiteError) return err;
    const data = findRevertData(err);
    const revert = data ? decodeRevertData(data, context) : undefined;
    return new SuiteError(revert ? revert.message : describeError(err, context), { cause: err, revert });
  }
}
