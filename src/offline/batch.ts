/**
 * The tight batch encoding OfflinePurses.redeemBatch takes: two address tables and 78 bytes per cheque,
 * purse index (1) | payee index (1) | amount (6) | serial (1) | expiry (5) | r (32) | vs (32).
 * The purse table is sorted strictly increasing (the contract requires each purse once); payees keep first-seen
 * order. At most 256 purses and 256 payees per batch (one-byte indices).
 */
import { getAddress, hexlify, getBytes, isHexString, toBeHex, zeroPadValue } from "ethers";
import { MAX_AMOUNT, MAX_EXPIRY, MAX_SERIAL, type Cheque, type SignedCheque } from "./types";

/** Bytes per cheque record (OfflinePurses.CHEQUE_RECORD_BYTES). */
export const CHEQUE_RECORD_BYTES = 78;
/** Most entries in each address table. */
export const MAX_TABLE = 256;

export interface EncodedBatch {
  purses: string[];
  payees: string[];
  cheques: string;
  /** How many cheques are in `cheques`. */
  count: number;
}

function fixed(value: bigint | number, bytes: number): Uint8Array {
  return getBytes(zeroPadValue(toBeHex(value), bytes));
}

/** Encode `signed` (in redemption order) for redeemBatch. */
export function encodeBatch(signed: readonly SignedCheque[]): EncodedBatch {
  if (signed.length === 0) throw new Error("encodeBatch: no cheque");
  const purses = [...new Set(signed.map((s) => getAddress(s.cheque.purse)))].sort((a, b) =>
    BigInt(a) < BigInt(b) ? -1 : 1,
  );
  const payees: string[] = [];
  const payeeIndex = new Map<string, number>();
  for (const s of signed) {
    const payee = getAddress(s.cheque.payee);
    if (!payeeIndex.has(payee)) {
      payeeIndex.set(payee, payees.length);
      payees.push(payee);
    }
  }
  if (purses.length > MAX_TABLE || payees.length > MAX_TABLE) {
    throw new Error(`encodeBatch: at most ${MAX_TABLE} purses and payees per batch (split it with chunkCheques)`);
  }
  const purseIndex = new Map(purses.map((p, i) => [p, i]));
  const out = new Uint8Array(signed.length * CHEQUE_RECORD_BYTES);
  signed.forEach((s, i) => {
    const c = s.cheque;
    if (c.amount < 0n || c.amount > MAX_AMOUNT) throw new Error(`cheque ${i}: amount out of uint48`);
    if (c.serial < 0 || c.serial > MAX_SERIAL) throw new Error(`cheque ${i}: serial out of uint8`);
    if (c.expiry < 0n || c.expiry > MAX_EXPIRY) throw new Error(`cheque ${i}: expiry out of uint40`);
    const at = i * CHEQUE_RECORD_BYTES;
    out[at] = purseIndex.get(getAddress(c.purse))!;
    out[at + 1] = payeeIndex.get(getAddress(c.payee))!;
    out.set(fixed(c.amount, 6), at + 2);
    out[at + 8] = c.serial;
    out.set(fixed(c.expiry, 5), at + 9);
    out.set(getBytes(s.r), at + 14);
    out.set(getBytes(s.vs), at + 46);
  });
  return { purses, payees, cheques: hexlify(out), count: signed.length };
}

/** Decode a batch back into signed cheques (tests, audits). */
export function decodeBatch(batch: Pick<EncodedBatch, "purses" | "payees" | "cheques">): SignedCheque[] {
  if (typeof batch.cheques !== "string" || !isHexString(batch.cheques) || batch.cheques.length % 2 !== 0) {
    throw new Error(`decodeBatch: cheques are not 0x-prefixed hex bytes: ${JSON.stringify(batch.cheques)}`);
  }
  const bytes = getBytes(batch.cheques);
  if (bytes.length % CHEQUE_RECORD_BYTES !== 0) throw new Error("decodeBatch: not a whole number of records");
  const result: SignedCheque[] = [];
  for (let at = 0; at < bytes.length; at += CHEQUE_RECORD_BYTES) {
    const num = (from: number, len: number): bigint => BigInt(hexlify(bytes.slice(at + from, at + from + len)));
    const [purse, payee] = [batch.purses[bytes[at]], batch.payees[bytes[at + 1]]];
    if (purse === undefined || payee === undefined) {
      const n = at / CHEQUE_RECORD_BYTES;
      throw new Error(`decodeBatch: cheque ${n} names purse ${bytes[at]} / payee ${bytes[at + 1]}, not in the tables`);
    }
    const cheque: Cheque = {
      purse,
      payee,
      amount: num(2, 6),
      serial: bytes[at + 8],
      expiry: num(9, 5),
    };
    result.push({ cheque, r: hexlify(bytes.slice(at + 14, at + 46)), vs: hexlify(bytes.slice(at + 46, at + 78)) });
  }
  return result;
}

/**
 * Split cheques into batches of at most `size`, each within the table limits, keeping their order (so of two
 * cheques with one serial the earlier is still judged first).
 */
export function chunkCheques(signed: readonly SignedCheque[], size = 100): SignedCheque[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunkCheques: size must be a whole number >= 1, got ${size}`);
  const chunks: SignedCheque[][] = [];
  let current: SignedCheque[] = [];
  let purses = new Set<string>();
  let payees = new Set<string>();
  for (const s of signed) {
    const purse = getAddress(s.cheque.purse);
    const payee = getAddress(s.cheque.payee);
    if (
      current.length >= size ||
      purses.size + (purses.has(purse) ? 0 : 1) > MAX_TABLE ||
      payees.size + (payees.has(payee) ? 0 : 1) > MAX_TABLE
    ) {
      chunks.push(current);
      current = [];
      purses = new Set();
      payees = new Set();
    }
    current.push(s);
    purses.add(purse);
    payees.add(payee);
  }
  if (current.length) chunks.push(current);
  return chunks;
}
