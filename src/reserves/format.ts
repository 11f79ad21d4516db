/** Human-readable proofs of reserves: tenge in tiyn, gold in token units (1 unit = 1 microgram). */
import { formatTenge, typeOf } from "../money";

/** The stablecoin's proof of reserves (IReserveStablecoin.ReserveProof), as plain bigints. */
export interface ReserveProof {
  supply: bigint;
  bridgedOut: bigint;
  obligations: bigint;
  reserve: bigint;
  attached: bigint;
  available: bigint;
  ratioBps: bigint;
  fullyBacked: boolean;
  /** Whether a redemption is paid now (the reserve account can send, nothing paused). */
  redeemable: boolean;
  /** IReserveStablecoin.RedemptionStatus: what stops redemption, if anything. */
  status: bigint;
}

/** The gold token's reserve (IGoldBarRegistry.GoldReserve), as plain bigints. */
export interface GoldReserve {
  barsInVault: bigint;
  attestedFineMg: bigint;
  backingFineMg: bigint;
  supplyUnits: bigint;
  attestedUnits: bigint;
}

/** One bridge's position on a chain. */
export interface BridgeLine {
  bridge: string;
  /** Each buffer's size: the most minted (or burned) at once, and the refill a day. */
  limit: bigint;
  outstanding: bigint;
  /** What the bridge may mint and burn now (its buffers refilled to now). */
  mintAvailable: bigint;
  burnAvailable: bigint;
}

/** Gold token units in a gram (6 decimals). */
export const GOLD_UNITS_PER_GRAM = 1_000_000n;
/** Gold token units in a milligram. */
export const GOLD_UNITS_PER_MG = 1_000n;

/** Parse "12.5" grams into gold units (up to 6 decimals). Throws on anything else. */
export function grams(amount: string | number | bigint): bigint {
  if (typeof amount === "bigint") {
    if (amount < 0n) throw new RangeError(`not an amount of grams: ${amount} is negative`);
    return amount * GOLD_UNITS_PER_GRAM;
  }
  if (typeof amount !== "string" && typeof amount !== "number") {
    throw new TypeError(`not an amount of grams: expected text, a number or a bigint, got ${typeOf(amount)}`);
  }
  const text = typeof amount === "number" ? amount.toString() : amount.trim();
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.replace(/[_ ]/g, ""));
  if (!match) throw new Error(`not an amount of grams (up to 6 decimals): ${JSON.stringify(amount)}`);
  return BigInt(match[1]) * GOLD_UNITS_PER_GRAM + BigInt((match[2] ?? "").padEnd(6, "0"));
}

/** Format gold units as grams with thousands separators: 1234567890n → "1 234.567890 g". */
export function formatGrams(units: bigint): string {
  requireUnsigned("formatGrams", units);
  const whole = (units / GOLD_UNITS_PER_GRAM).toString().replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  const frac = (units % GOLD_UNITS_PER_GRAM).toString().padStart(6, "0");
  return `${whole}.${frac} g`;
}

/** Basis points as a percentage with two decimals: 9_876n → "98.76 %". */
export function formatBps(bps: bigint): string {
  requireUnsigned("formatBps", bps);
  return `${bps / 100n}.${(bps % 100n).toString().padStart(2, "0")} %`;
}

/** Tokens of the stablecoin (2 decimals, like DKZT) with its symbol. */
export function formatStable(tiyn: bigint, symbol: string): string {
  return `${formatTenge(tiyn, false)} ${symbol}`;
}

/** IReserveStablecoin.RedemptionStatus, by value: why redemption is stopped. */
export const REDEMPTION_STATUS = [
  "open",
  "STOPPED: the token is paused",
  "STOPPED: the DKZT ledger is paused",
  "STOPPED: the reserve account is not registered",
  "STOPPED: the reserve account is frozen",
  "STOPPED: the reserve account is receive-only",
] as const;

/** The stablecoin's proof of reserves as aligned lines, with each bridge's position when given. */
export function formatProofOfReserves(proof: ReserveProof, symbol: string, bridges: BridgeLine[] = []): string {
  const rows: [string, string][] = [
    [`${symbol} on this chain`, formatStable(proof.supply, symbol)],
    ["bridged to other chains", formatStable(proof.bridgedOut, symbol)],
    ["obligations", formatStable(proof.obligations, symbol)],
    ["DKZT in reserve", formatTenge(proof.reserve)],
    ["of which attached", formatTenge(proof.attached)],
    ["available", formatTenge(proof.available)],
    ["ratio", formatBps(proof.ratioBps)],
    ["status", proof.fullyBacked ? "fully backed" : "SHORT: minting halted, redemption pro rata"],
    ["redemption", REDEMPTION_STATUS[Number(proof.status)] ?? `unknown status ${proof.status}`],
  ];
  for (const line of bridges) {
    rows.push([
      `bridge ${line.bridge}`,
      `${formatStable(line.outstanding, symbol)} out; limit ${formatStable(line.limit, symbol)} a day, ` +
        `${formatStable(line.mintAvailable, symbol)} mint / ${formatStable(line.burnAvailable, symbol)} burn available now`,
    ]);
  }
  return table(rows);
}

/** The gold token's reserve as aligned lines. */
export function formatGoldReserve(reserve: GoldReserve): string {
  const covered = reserve.supplyUnits <= reserve.attestedUnits;
  return table([
    ["bars in vault", reserve.barsInVault.toString()],
    ["fine gold in vault", formatGrams(reserve.attestedFineMg * GOLD_UNITS_PER_MG)],
    ["of which backing tokens", formatGrams(reserve.backingFineMg * GOLD_UNITS_PER_MG)],
    ["tokens issued", formatGrams(reserve.supplyUnits)],
    ["status", covered ? "covered: supply <= fine gold in vault" : "NOT COVERED"],
  ]);
}

/** The reserves' figures are unsigned on-chain: a negative or non-bigint one is a caller's mistake. */
function requireUnsigned(what: string, value: bigint): void {
  if (typeof value !== "bigint" || value < 0n)
    throw new RangeError(`${what} takes a non-negative bigint, got ${typeOf(value)}`);
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n");
}
