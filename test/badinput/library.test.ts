import { expect } from "chai";
import { Wallet, ZeroHash, getBytes, id, type TypedDataDomain } from "ethers";
import { tenge, formatTenge } from "../../src/money";
import { MAX_RATE_BPS, dayOfDate, share, splitVat, vatOf } from "../../src/payments/vat";
import {
  InvoiceError,
  fromCompact,
  invoiceIdOf,
  signInvoice,
  isInvoiceSignedByMerchant,
  toCompact,
  type Invoice,
} from "../../src/payments/invoice";
import { decodeEmvQr, emvAmount, encodeEmvQr, crc16ccitt, QrPayloadError } from "../../src/payments/emvqr";
import { z85Encode } from "../../src/payments/z85";
import { decodeEip681, encodeEip681, Eip681Error } from "../../src/payments/eip681";
import { renderQrPng } from "../../src/payments/qrImage";
import {
  OfflineVerifier,
  checkCheque,
  chunkCheques,
  compact,
  decodeBatch,
  encodeBatch,
  fingerprintOf,
  signCertificate,
  signCheque,
  signerOf,
  type ChequePresentation,
  type OfflineDomain,
} from "../../src/offline";
import {
  Pacs008Error,
  buildPacs008,
  formatAmount,
  parseAmount,
  parsePacs008,
  validatePacs008,
  type Pacs008,
} from "../../src/crossborder/pacs008";
import {
  bicToBytes11,
  bytes16ToUetr,
  chargeBearerCode,
  chargeBearerIndex,
  currencyToBytes3,
  knpToBytes3,
  reasonToBytes4,
  uetrToBytes16,
  type ChargeBearerCode,
} from "../../src/crossborder/iso20022";
import { convertDown, convertUp, rateFromDecimal, RATE_SCALE } from "../../src/crossborder/fx";
import { outboundNonce } from "../../src/crossborder/authorization";
import { hashlockOf, toPaymentLink } from "../../src/crossborder/htlc";
import { toOnChainPayment } from "../../src/crossborder/pacs008";
import { decodeTap, encodeTap, type Tap } from "../../src/programs/taps";
import { BeneficiaryTree } from "../../src/programs/merkle";
import { formatBps, formatGrams, grams } from "../../src/reserves/format";
import { outboundMessage } from "../crossborder/helpers";

/*
 * Bad input to the TypeScript library (src/): every public entry point that takes outside input, fed malformed
 * values. Each row names the input and the error it must give: the error's class and a message that says what
 * was wrong (never a TypeError from deep inside ethers, a stack of someone else's code, or a silent result).
 * These functions are pure; where one keeps state (the offline verifier's store), the row checks it is unchanged.
 */

/** One row: what is fed, the call, the error class and the message pattern expected. */
interface Row {
  input: string;
  call: () => unknown;
  error: new (...args: never[]) => Error;
  message: RegExp;
}

/** Run every row of `table` as its own test. */
function rows(table: Row[]): void {
  for (const row of table) {
    it(`rejects ${row.input}: ${row.error.name} ${String(row.message)}`, async () => {
      let thrown: unknown;
      try {
        await row.call();
      } catch (err) {
        thrown = err;
      }
      expect(thrown, `${row.input} was accepted`).to.be.instanceOf(row.error);
      expect((thrown as Error).message).to.match(row.message);
    });
  }
}

const domain = (chainId: bigint, verifyingContract = "0x00000000000000000000000000000000000000aa"): OfflineDomain => ({
  name: "DKZT Offline Purses",
  version: "1",
  chainId,
  verifyingContract,
});
const someone = Wallet.createRandom().address;
const invoice: Invoice = {
  merchant: "0x00000000000000000000000000000000000000b0",
  amount: tenge("1160.00"),
  vatCategory: 0,
  vatRateBps: 1600,
  expiry: 1_800_000_000n,
  nonce: 7n,
  orderRef: id("order-7"),
};
const merchantKey = Wallet.createRandom();
const qrInvoice = {
  invoice,
  signature: merchantKey.signingKey.sign(
    invoiceIdOf({ name: "DKZT Merchant Payments", version: "1", chainId: 56n, verifyingContract: someone }, invoice),
  ).serialized,
  chainId: 56n,
  contract: "0x00000000000000000000000000000000000000c0",
  mcc: 5411,
  merchantName: "DKZT MERCHANT",
  city: "ALMATY",
};
/** An address with the case of one letter flipped: a wrong EIP-55 checksum. */
function mangleChecksum(address: string): string {
  const i = [...address].findIndex((c, k) => k > 1 && /[a-fA-F]/.test(c));
  const c = address[i];
  return address.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + address.slice(i + 1);
}

/**
 * Replace the signature's yParityAndS with `hex64` and recompute the CRC. Template 29 is GUID (11 characters), then
 * field 01 (4 + 80): Z85 of r (40 characters) then of yParityAndS (40).
 */
function withSignatureS(payload: string, hex64: string): string {
  const at = payload.indexOf("29950007KZ.DKZT0180");
  const r = payload.slice(at + 19, at + 59);
  return withTopField(payload, "29", `0007KZ.DKZT0180${r}${z85Encode(getBytes(`0x${hex64}`))}`);
}

/** Replace data object `tag` at the top level of an EMV payload and recompute the CRC: well formed, wrong content. */
function withTopField(payload: string, tag: string, value: string): string {
  let at = 0;
  let rebuilt = "";
  const body = payload.slice(0, -8);
  while (at < body.length) {
    const t = body.slice(at, at + 2);
    const length = Number(body.slice(at + 2, at + 4));
    const v = body.slice(at + 4, at + 4 + length);
    rebuilt +=
      t === tag ? `${t}${value.length.toString().padStart(2, "0")}${value}` : `${t}${body.slice(at + 2, at + 4)}${v}`;
    at += 4 + length;
  }
  const withCrcTag = `${rebuilt}6304`;
  return withCrcTag + crc16ccitt(withCrcTag).toString(16).toUpperCase().padStart(4, "0");
}

describe("bad input to the library (src/)", () => {
  describe("money: tenge() and formatTenge()", () => {
    rows([
      {
        input: 'tenge("1.001"): a fraction of a tiyn',
        call: () => tenge("1.001"),
        error: Error,
        message: /not an amount of tenge \(up to 2 decimals, not negative\): "1.001"/,
      },
      {
        input: 'tenge("-1"): negative text',
        call: () => tenge("-1"),
        error: Error,
        message: /not an amount of tenge.*"-1"/,
      },
      {
        input: "tenge(-1): a negative number",
        call: () => tenge(-1),
        error: Error,
        message: /not an amount of tenge.*-1/,
      },
      {
        input: "tenge(-5n): a negative bigint",
        call: () => tenge(-5n),
        error: RangeError,
        message: /not an amount of tenge: -5 is negative/,
      },
      { input: 'tenge(""): empty', call: () => tenge(""), error: Error, message: /not an amount of tenge.*""/ },
      { input: 'tenge("12abc")', call: () => tenge("12abc"), error: Error, message: /not an amount of tenge.*"12abc"/ },
      {
        input: "tenge(1e21): exponent notation",
        call: () => tenge(1e21),
        error: Error,
        message: /not an amount of tenge.*1e\+21/,
      },
      { input: "tenge(NaN)", call: () => tenge(NaN), error: Error, message: /not an amount of tenge/ },
      { input: "tenge(Infinity)", call: () => tenge(Infinity), error: Error, message: /not an amount of tenge/ },
      {
        input: "tenge(undefined)",
        call: () => tenge(undefined as unknown as string),
        error: TypeError,
        message: /expected text, a number or a bigint, got undefined/,
      },
      {
        input: "tenge(null)",
        call: () => tenge(null as unknown as string),
        error: TypeError,
        message: /expected text, a number or a bigint, got null/,
      },
      {
        input: "tenge(2^96 tenge): overflowing",
        call: () => tenge(2n ** 96n),
        error: RangeError,
        message: /more than the ledger can hold/,
      },
      {
        input: 'tenge("792281625142643375935439504"): overflowing text',
        call: () => tenge("792281625142643375935439504"),
        error: RangeError,
        message: /more than the ledger can hold/,
      },
      {
        input: "formatTenge(1.5): not tiyn",
        call: () => formatTenge(1.5 as unknown as bigint),
        error: TypeError,
        message: /formatTenge takes tiyn as a bigint, got number 1.5/,
      },
    ]);
  });

  describe("payments: EMV QR, EIP-681, QR image, invoices, VAT dates", () => {
    const payload = encodeEmvQr(qrInvoice);
    rows([
      {
        input: "decodeEmvQr(empty)",
        call: () => decodeEmvQr(""),
        error: QrPayloadError,
        message: /does not end with a CRC/,
      },
      {
        input: "decodeEmvQr(text that is no payload)",
        call: () => decodeEmvQr("hello, world"),
        error: QrPayloadError,
        message: /does not end with a CRC/,
      },
      {
        input: "decodeEmvQr(one character changed)",
        call: () => decodeEmvQr(payload.replace("ALMATY", "ALMATA")),
        error: QrPayloadError,
        message: /CRC mismatch/,
      },
      {
        input: "decodeEmvQr(longer than 512 characters)",
        call: () => decodeEmvQr(payload + "0".repeat(600)),
        error: QrPayloadError,
        message: /too long/,
      },
      {
        input: "decodeEmvQr(currency 840, CRC right)",
        call: () => decodeEmvQr(withTopField(payload, "53", "840")),
        error: QrPayloadError,
        message: /currency must be 398/,
      },
      {
        input: "decodeEmvQr(amount 1.001, CRC right)",
        call: () => decodeEmvQr(withTopField(payload, "54", "1160.001")),
        error: QrPayloadError,
        message: /amount must be tenge with two decimals/,
      },
      {
        input: "decodeEmvQr(static QR, CRC right)",
        call: () => decodeEmvQr(withTopField(payload, "01", "11")),
        error: QrPayloadError,
        message: /point of initiation must be 12/,
      },
      { input: "emvAmount(0n)", call: () => emvAmount(0n), error: QrPayloadError, message: /amount must be positive/ },
      {
        input: "emvAmount(-1n)",
        call: () => emvAmount(-1n),
        error: QrPayloadError,
        message: /amount must be positive/,
      },
      {
        input: "encodeEmvQr(MCC 0)",
        call: () => encodeEmvQr({ ...qrInvoice, mcc: 0 }),
        error: QrPayloadError,
        message: /MCC must be 1..9999/,
      },
      {
        input: "encodeEmvQr(nonce 10^55)",
        call: () => encodeEmvQr({ ...qrInvoice, invoice: { ...invoice, nonce: 10n ** 55n } }),
        error: QrPayloadError,
        message: /^nonce must be below 10\^55 to fit template 27 \(EMV's 99 characters\)$/,
      },
      {
        input: "decodeEip681(garbage)",
        call: () => decodeEip681("bitcoin:xyz"),
        error: Eip681Error,
        message: /^not an EIP-681 payInvoiceFields URI$/,
      },
      {
        input: "decodeEip681(short address)",
        call: () => decodeEip681("ethereum:0x12@56/payInvoiceFields?uint96=1"),
        error: Eip681Error,
        message: /^not an EIP-681 payInvoiceFields URI$/,
      },
      {
        input: "decodeEip681(negative amount)",
        call: () =>
          decodeEip681(
            encodeEip681({ contract: qrInvoice.contract, chainId: 56n, invoice, signature: "0x" }).replace(
              `uint96=${invoice.amount}`,
              "uint96=-1",
            ),
          ),
        error: Eip681Error,
        message: /^amount \(uint96\) is not an unsigned integer: -1$/,
      },
      {
        input: "decodeEip681(amount 1160.5)",
        call: () =>
          decodeEip681(
            encodeEip681({ contract: qrInvoice.contract, chainId: 56n, invoice, signature: "0x" }).replace(
              `uint96=${invoice.amount}`,
              "uint96=1160.5",
            ),
          ),
        error: Eip681Error,
        message: /^amount \(uint96\) is not an unsigned integer: 1160.5$/,
      },
      {
        input: "renderQrPng(more data than a QR holds)",
        call: () => renderQrPng("9".repeat(8000)),
        error: Error,
        message: /too big to be stored in a QR Code/,
      },
      {
        input: 'dayOfDate("15.01.2026"): not ISO',
        call: () => dayOfDate("15.01.2026"),
        error: Error,
        message: /not a date: 15.01.2026/,
      },
      {
        input: 'dayOfDate("2026-02-30"): no such day (not 2 March)',
        call: () => dayOfDate("2026-02-30"),
        error: Error,
        message: /not a date: 2026-02-30 \(no such day in the calendar\)/,
      },
      {
        input: 'dayOfDate("2026-1-5"): digits missing',
        call: () => dayOfDate("2026-1-5"),
        error: Error,
        message: /not a date: 2026-1-5/,
      },
      {
        input: "vatOf(-100n): a negative gross",
        call: () => vatOf(-100n, 1600),
        error: RangeError,
        message: /vatOf: gross must be a non-negative bigint of tiyn, got bigint -100/,
      },
      {
        input: "splitVat(-100n): a negative gross",
        call: () => splitVat(-100n, 1600),
        error: RangeError,
        message: /splitVat: gross must be a non-negative bigint of tiyn, got bigint -100/,
      },
      {
        input: "vatOf(gross as a number)",
        call: () => vatOf(100 as unknown as bigint, 1600),
        error: RangeError,
        message: /vatOf: gross must be a non-negative bigint of tiyn, got number 100/,
      },
      {
        input: "vatOf(rate MAX_RATE_BPS + 1)",
        call: () => vatOf(100n, MAX_RATE_BPS + 1n),
        error: RangeError,
        message: /vatOf: rate must be a whole number of basis points 0..10000, got 10001/,
      },
      {
        input: "splitVat(rate -10 000): was a bare division by zero",
        call: () => splitVat(100n, -10_000),
        error: RangeError,
        message: /splitVat: rate must be a whole number of basis points 0..10000, got -10000/,
      },
      {
        input: "vatOf(rate -1)",
        call: () => vatOf(100n, -1n),
        error: RangeError,
        message: /vatOf: rate must be .* got -1/,
      },
      {
        input: "vatOf(rate 16.5)",
        call: () => vatOf(100n, 16.5),
        error: RangeError,
        message: /vatOf: rate must be a whole number of basis points 0..10000, got 16.5/,
      },
      {
        input: "share(whole 0): was a bare division by zero",
        call: () => share(160n, 50n, 0n),
        error: RangeError,
        message: /share: whole must be a positive bigint, got bigint 0/,
      },
      {
        input: "share(whole -1)",
        call: () => share(160n, 50n, -1n),
        error: RangeError,
        message: /share: whole must be a positive bigint, got bigint -1/,
      },
      {
        input: 'invoiceIdOf(merchant "0x123")',
        call: () => invoiceIdOf({ chainId: 56n, verifyingContract: someone }, { ...invoice, merchant: "0x123" }),
        error: InvoiceError,
        message: /invoice merchant is not an address: "0x123"/,
      },
      {
        input: "invoiceIdOf(merchant with a wrong checksum)",
        call: () =>
          invoiceIdOf({ chainId: 56n, verifyingContract: someone }, { ...invoice, merchant: mangleChecksum(someone) }),
        error: InvoiceError,
        message: /invoice merchant is not an address/,
      },
      {
        input: 'signInvoice(merchant "alice")',
        call: () =>
          signInvoice(merchantKey, { chainId: 56n, verifyingContract: someone }, { ...invoice, merchant: "alice" }),
        error: InvoiceError,
        message: /invoice merchant is not an address: "alice"/,
      },
      {
        input: "toCompact(64 bytes and v = 5)",
        call: () => toCompact(`0x${"11".repeat(64)}05`),
        error: InvoiceError,
        message: /signature is not a valid secp256k1 signature \(bad r, s or v\)/,
      },
      {
        input: 'toCompact("0x1234"): not 65 bytes',
        call: () => toCompact("0x1234"),
        error: InvoiceError,
        message: /signature is not 65 bytes of 0x-prefixed hex \(r, s, v\): "0x1234"/,
      },
      {
        input: "fromCompact(r of 1 byte)",
        call: () => fromCompact("0x12", `0x${"11".repeat(32)}`),
        error: InvoiceError,
        message: /compact signature halves must be 32 bytes of 0x-prefixed hex each: r "0x12"/,
      },
      {
        input: "fromCompact(s above the curve order)",
        call: () => fromCompact(`0x${"11".repeat(32)}`, `0x7${"f".repeat(63)}`),
        error: InvoiceError,
        message: /compact signature is not a valid secp256k1 signature \(bad r or s\)/,
      },
      {
        input: "encodeEmvQr(signature with v = 5)",
        call: () => encodeEmvQr({ ...qrInvoice, signature: `0x${"11".repeat(64)}05` }),
        error: QrPayloadError,
        message: /signature is not a valid secp256k1 signature \(bad r, s or v\)/,
      },
      {
        input: "encodeEmvQr(a truncated signature)",
        call: () => encodeEmvQr({ ...qrInvoice, signature: qrInvoice.signature.slice(0, 100) }),
        error: QrPayloadError,
        message: /signature is not 65 bytes/,
      },
      {
        input: 'encodeEmvQr(merchant "0x123")',
        call: () => encodeEmvQr({ ...qrInvoice, invoice: { ...invoice, merchant: "0x123" } }),
        error: QrPayloadError,
        message: /merchant is not an address: "0x123"/,
      },
      {
        input: 'encodeEmvQr(contract "MerchantPayments")',
        call: () => encodeEmvQr({ ...qrInvoice, contract: "MerchantPayments" }),
        error: QrPayloadError,
        message: /contract is not an address: "MerchantPayments"/,
      },
      {
        input: "decodeEmvQr(signature s above the curve order, CRC right)",
        call: () => decodeEmvQr(withSignatureS(payload, "7" + "f".repeat(63))),
        error: QrPayloadError,
        message: /compact signature is not a valid secp256k1 signature/,
      },
    ]);

    describe("invoice signatures", () => {
      const merchant = Wallet.createRandom();
      const signed = { ...invoice, merchant: merchant.address };
      const home: TypedDataDomain = {
        name: "DKZT Merchant Payments",
        version: "1",
        chainId: 56n,
        verifyingContract: qrInvoice.contract,
      };

      it("does not take a signature made for another chain as the merchant's", async () => {
        const foreign = await signInvoice(merchant, { ...home, chainId: 1n }, signed);
        expect(isInvoiceSignedByMerchant({ ...home, chainId: 1n }, signed, foreign)).to.equal(true);
        expect(isInvoiceSignedByMerchant(home, signed, foreign)).to.equal(false);
      });
      it("does not take a signature for another contract, a changed amount, or a truncated signature", async () => {
        const good = await signInvoice(merchant, home, signed);
        expect(isInvoiceSignedByMerchant(home, signed, good)).to.equal(true);
        expect(isInvoiceSignedByMerchant({ ...home, verifyingContract: someone }, signed, good)).to.equal(false);
        expect(isInvoiceSignedByMerchant(home, { ...signed, amount: signed.amount + 1n }, good)).to.equal(false);
        expect(isInvoiceSignedByMerchant(home, signed, good.slice(0, 100))).to.equal(false);
      });
    });
  });

  describe("offline: cheques, signatures, batches", () => {
    const key = Wallet.createRandom();
    const cheque = { purse: key.address, payee: someone, amount: 500n, serial: 0, expiry: 1_800_000_000n };
    const sign = (c: typeof cheque) => signCheque(domain(56n), key, c);
    const signed = sign(cheque);
    rows([
      {
        input: 'signCheque(payee "0x123")',
        call: () => sign({ ...cheque, payee: "0x123" }),
        error: Error,
        message: /cheque payee is not an address: "0x123"/,
      },
      {
        input: "signCheque(amount -1)",
        call: () => sign({ ...cheque, amount: -1n }),
        error: RangeError,
        message: /cheque amount must be 0..\d+ tiyn \(uint48\), got -1/,
      },
      {
        input: "signCheque(amount 2^48): overflowing uint48",
        call: () => sign({ ...cheque, amount: 2n ** 48n }),
        error: RangeError,
        message: /cheque amount must be 0..281474976710655/,
      },
      {
        input: "signCheque(serial 256)",
        call: () => sign({ ...cheque, serial: 256 }),
        error: RangeError,
        message: /cheque serial must be an integer 0..255, got 256/,
      },
      {
        input: "signCheque(serial 1.5)",
        call: () => sign({ ...cheque, serial: 1.5 }),
        error: RangeError,
        message: /cheque serial must be an integer 0..255, got 1.5/,
      },
      {
        input: "signCheque(expiry 2^40)",
        call: () => sign({ ...cheque, expiry: 2n ** 40n }),
        error: RangeError,
        message: /cheque expiry must be unix seconds/,
      },
      {
        input: "checkCheque(amount as a number)",
        call: () => checkCheque({ ...cheque, amount: 5 as unknown as bigint }),
        error: RangeError,
        message: /cheque amount must be .* got 5/,
      },
      { input: 'compact("0xbad")', call: () => compact("0xbad"), error: Error, message: /not a signature .*"0xbad"/ },
      {
        input: "signerOf(r and vs of 1 byte)",
        call: () => signerOf(ZeroHash, { r: "0x12", vs: "0x34" }),
        error: Error,
        message: /not a compact signature \(r and vs, 32 bytes each\)/,
      },
      {
        input: "signerOf(digest not 32 bytes)",
        call: () => signerOf("0x1234", signed),
        error: Error,
        message: /not a 32-byte digest: "0x1234"/,
      },
      {
        input: 'fingerprintOf("zz")',
        call: () => fingerprintOf("zz"),
        error: Error,
        message: /not a 32-byte cheque digest: "zz"/,
      },
      { input: "encodeBatch([])", call: () => encodeBatch([]), error: Error, message: /encodeBatch: no cheque/ },
      {
        input: "decodeBatch(77 bytes)",
        call: () => decodeBatch({ purses: [], payees: [], cheques: `0x${"00".repeat(77)}` }),
        error: Error,
        message: /not a whole number of records/,
      },
      {
        input: 'decodeBatch(cheques "zz")',
        call: () => decodeBatch({ purses: [], payees: [], cheques: "zz" }),
        error: Error,
        message: /cheques are not 0x-prefixed hex bytes: "zz"/,
      },
      {
        input: "decodeBatch(a purse index outside the table)",
        call: () => decodeBatch({ ...encodeBatch([signed]), purses: [] }),
        error: Error,
        message: /cheque 0 names purse 0 \/ payee 0, not in the tables/,
      },
      {
        input: "chunkCheques(size 0)",
        call: () => chunkCheques([signed], 0),
        error: RangeError,
        message: /size must be a whole number >= 1, got 0/,
      },
    ]);

    describe("the payee's device (OfflineVerifier)", () => {
      const bank = Wallet.createRandom();
      const payee = Wallet.createRandom().address;
      const now = 1_790_000_000;
      const certificate = {
        purse: key.address,
        owner: someone,
        bank: bank.address,
        capAmount: 3_500_000n,
        maxPayments: 10,
        expiry: BigInt(now + 30 * 86_400),
      };
      const present = (
        d: OfflineDomain,
        over: Partial<typeof cheque> = {},
        cert = certificate,
      ): ChequePresentation => ({
        signed: signCheque(d, key, { ...cheque, payee, expiry: BigInt(now + 20 * 86_400), ...over }),
        certificate: signCertificate(d, bank, cert),
      });
      const verifier = () =>
        new OfflineVerifier({
          domain: domain(56n),
          payee,
          trustedBanks: [bank.address],
          gracePeriod: 7 * 86_400,
          clock: () => now,
        });
      const cases: [string, () => ChequePresentation, string][] = [
        ["a cheque and certificate signed for another chain", () => present(domain(1n)), "certificate-signature"],
        [
          "a cheque signed for another chain under a good certificate",
          () => ({ ...present(domain(56n)), signed: present(domain(1n)).signed }),
          "cheque-signature",
        ],
        [
          "a cheque for another contract",
          () => ({ ...present(domain(56n)), signed: present(domain(56n, someone)).signed }),
          "cheque-signature",
        ],
        [
          "an expired certificate",
          () => present(domain(56n), {}, { ...certificate, expiry: BigInt(now - 1) }),
          "certificate-expired",
        ],
        [
          "a cheque expiring before the payee can redeem it",
          () => present(domain(56n), { expiry: BigInt(now + 60) }),
          "cheque-expired",
        ],
        ["a cheque for zero", () => present(domain(56n), { amount: 0n }), "amount-zero"],
        [
          "a cheque above the purse's cap",
          () => present(domain(56n), { amount: 3_500_001n }),
          "amount-above-remaining",
        ],
        [
          "a serial beyond the certificate's payments",
          () => present(domain(56n), { serial: 10 }),
          "serial-out-of-range",
        ],
        [
          "a cheque paying someone else",
          () => ({
            ...present(domain(56n)),
            signed: signCheque(domain(56n), key, { ...cheque, expiry: BigInt(now + 20 * 86_400) }),
          }),
          "wrong-payee",
        ],
      ];
      for (const [what, presentation, reason] of cases) {
        it(`refuses ${what} (${reason}) and records nothing`, () => {
          const device = verifier();
          const result = device.accept(presentation());
          expect(result).to.include({ ok: false, reason });
          expect(device.store.acceptedFrom(key.address)).to.equal(0n);
          expect(device.store.has(key.address, 0)).to.equal(false);
        });
      }
      it("refuses a cheque whose serial it already accepted, leaving its store as it was", () => {
        const device = verifier();
        expect(device.accept(present(domain(56n))).ok).to.equal(true);
        const result = device.accept(present(domain(56n), { amount: 1n }));
        expect(result).to.include({ ok: false, reason: "serial-seen" });
        expect(device.store.acceptedFrom(key.address)).to.equal(500n);
      });
    });
  });

  describe("cross-border: ISO 20022, pacs.008 XML, FX, HTLC, authorisations", () => {
    const xml = buildPacs008(outboundMessage());
    const bad = (over: Partial<Pacs008>) => () => validatePacs008({ ...outboundMessage(), ...over });
    rows([
      {
        input: "parsePacs008(empty)",
        call: () => parsePacs008(""),
        error: Pacs008Error,
        message: /XML_MALFORMED at \/: empty input/,
      },
      {
        input: "parsePacs008(unclosed tag)",
        call: () => parsePacs008("<Document><FIToFICstmrCdtTrf>"),
        error: Pacs008Error,
        message: /XML_MALFORMED/,
      },
      {
        input: "parsePacs008(a pain.001, not a pacs.008)",
        call: () =>
          parsePacs008(
            '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>',
          ),
        error: Pacs008Error,
        message: /NOT_PACS008/,
      },
      {
        input: "parsePacs008(amount 25000.001 KZT)",
        call: () => parsePacs008(xml.replace(/>25000\.00</, ">25000.001<")),
        error: Pacs008Error,
        message: /INVALID_FIELD .*IntrBkSttlmAmt: "25000.001" has more decimals than KZT \(2\)/,
      },
      {
        input: "parsePacs008(amount -25000.00)",
        call: () => parsePacs008(xml.replace(/>25000\.00</, ">-25000.00<")),
        error: Pacs008Error,
        message: /INVALID_FIELD .*"-25000.00" is not a decimal amount/,
      },
      {
        input: "parsePacs008(upper-case UETR)",
        call: () => parsePacs008(xml.replace(outboundMessage().uetr, outboundMessage().uetr.toUpperCase())),
        error: Pacs008Error,
        message: /INVALID_FIELD .*UETR/,
      },
      {
        input: "validatePacs008(amount 0)",
        call: bad({ amount: 0n }),
        error: Pacs008Error,
        message: /IntrBkSttlmAmt: must be a positive amount/,
      },
      {
        input: "validatePacs008(amount 10^18): overflowing",
        call: bad({ amount: 10n ** 18n }),
        error: Pacs008Error,
        message: /must be a positive amount below 10\^18/,
      },
      {
        input: 'validatePacs008(BIC "EURIKZ")',
        call: bad({ debtorAgent: "EURIKZ" }),
        error: Pacs008Error,
        message: /DbtrAgt.*"EURIKZ" is not a BIC/,
      },
      {
        input: 'validatePacs008(KNP "71")',
        call: bad({ purposeKnp: "71" }),
        error: Pacs008Error,
        message: /"71" is not a KNP/,
      },
      {
        input: 'validatePacs008(currency "kzt")',
        call: bad({ currency: "kzt" }),
        error: Pacs008Error,
        message: /"kzt" is not an ISO 4217 code/,
      },
      {
        input: 'validatePacs008(charge bearer "OUR")',
        call: bad({ chargeBearer: "OUR" as ChargeBearerCode }),
        error: Pacs008Error,
        message: /"OUR" is not one of DEBT, CRED, SHAR, SLEV/,
      },
      {
        input: 'parseAmount("1.001", "KZT")',
        call: () => parseAmount("1.001", "KZT"),
        error: Pacs008Error,
        message: /has more decimals than KZT/,
      },
      {
        input: "formatAmount(-5n)",
        call: () => formatAmount(-5n, "KZT"),
        error: Pacs008Error,
        message: /-5 is not an amount in minor units/,
      },
      {
        input: 'uetrToBytes16("NOT-A-UETR")',
        call: () => uetrToBytes16("NOT-A-UETR"),
        error: Error,
        message: /not a UETR \(lowercase UUIDv4\)/,
      },
      {
        input: 'bytes16ToUetr("zz")',
        call: () => bytes16ToUetr("zz"),
        error: Error,
        message: /not 0x-prefixed hex bytes: "zz"/,
      },
      { input: 'bytes16ToUetr("0x12")', call: () => bytes16ToUetr("0x12"), error: Error, message: /not 16 bytes/ },
      { input: 'bicToBytes11("bad")', call: () => bicToBytes11("bad"), error: Error, message: /not a BIC: "bad"/ },
      {
        input: 'currencyToBytes3("KZ")',
        call: () => currencyToBytes3("KZ"),
        error: Error,
        message: /not an ISO 4217 code/,
      },
      { input: 'knpToBytes3("7100")', call: () => knpToBytes3("7100"), error: Error, message: /not a KNP/ },
      {
        input: 'reasonToBytes4("AC1")',
        call: () => reasonToBytes4("AC1"),
        error: Error,
        message: /not an ISO 20022 reason code/,
      },
      {
        input: 'chargeBearerIndex("OUR")',
        call: () => chargeBearerIndex("OUR" as ChargeBearerCode),
        error: Error,
        message: /not a charge bearer code \(DEBT, CRED, SHAR, SLEV\): "OUR"/,
      },
      { input: "chargeBearerCode(4)", call: () => chargeBearerCode(4), error: Error, message: /no charge bearer 4/ },
      {
        input: 'rateFromDecimal("0.0142005111"): 10 decimals',
        call: () => rateFromDecimal("0.0142005111"),
        error: Error,
        message: /not a rate with at most 9 decimals/,
      },
      {
        input: 'rateFromDecimal("-1")',
        call: () => rateFromDecimal("-1"),
        error: Error,
        message: /not a rate with at most 9 decimals: "-1"/,
      },
      {
        input: "convertDown(-100n): negative amount",
        call: () => convertDown(-100n, RATE_SCALE),
        error: RangeError,
        message: /convertDown: negative amount -100/,
      },
      {
        input: "convertUp(negative rate)",
        call: () => convertUp(100n, -RATE_SCALE),
        error: RangeError,
        message: /convertUp: negative rate/,
      },
      {
        input: 'hashlockOf("0x12"): a 1-byte secret',
        call: () => hashlockOf("0x12"),
        error: Error,
        message: /secret is 32 bytes of hex/,
      },
      {
        input: "toPaymentLink(bad UETR)",
        call: () =>
          toPaymentLink({
            uetr: "x",
            debtorAgent: "EURIKZKA",
            creditorAgent: "BKCHCNBJ",
            quoteId: ZeroHash,
            quoteExpiry: 1,
          }),
        error: Error,
        message: /not a UETR/,
      },
      {
        input: "outboundNonce(negative deadline)",
        call: () => outboundNonce(toOnChainPayment(outboundMessage(), ZeroHash), -1n),
        error: RangeError,
        message: /deadline must be unix seconds/,
      },
      {
        input: "outboundNonce(a pacs.008 instead of its on-chain record)",
        call: () => outboundNonce(outboundMessage() as never, 1n),
        error: Error,
        message: /not an on-chain payment \(build it with toOnChainPayment\)/,
      },
    ]);
  });

  describe("programs: card taps and beneficiary trees", () => {
    const tap: Tap = { terminal: 1, sequence: 1, beneficiary: 1, amount: 80_000n, canteen: 0 };
    rows([
      {
        input: "encodeTap(canteen 255)",
        call: () => encodeTap({ ...tap, canteen: 255 }),
        error: Error,
        message: /canteen index must be 0..254, got 255/,
      },
      {
        input: "encodeTap(canteen 1.5)",
        call: () => encodeTap({ ...tap, canteen: 1.5 }),
        error: Error,
        message: /canteen index must be 0..254, got 1.5/,
      },
      {
        input: "encodeTap(amount -1)",
        call: () => encodeTap({ ...tap, amount: -1n }),
        error: Error,
        message: /amount must fit 32 bits, got -1/,
      },
      {
        input: "encodeTap(amount 2^32): overflowing",
        call: () => encodeTap({ ...tap, amount: 2n ** 32n }),
        error: Error,
        message: /amount must fit 32 bits/,
      },
      {
        input: "encodeTap(terminal 1.5)",
        call: () => encodeTap({ ...tap, terminal: 1.5 }),
        error: Error,
        message: /terminal must be a whole number, got 1.5/,
      },
      {
        input: "encodeTap(beneficiary -1)",
        call: () => encodeTap({ ...tap, beneficiary: -1 }),
        error: Error,
        message: /beneficiary must fit 32 bits, got -1/,
      },
      { input: "decodeTap(-1n)", call: () => decodeTap(-1n), error: RangeError, message: /not a tap word/ },
      { input: "decodeTap(2^136)", call: () => decodeTap(2n ** 136n), error: RangeError, message: /not a tap word/ },
      {
        input: "BeneficiaryTree([])",
        call: () => new BeneficiaryTree([]),
        error: Error,
        message: /needs at least one id/,
      },
      {
        input: 'BeneficiaryTree(["card-1"]): not bytes32',
        call: () => new BeneficiaryTree(["card-1"]),
        error: Error,
        message: /a beneficiary id is a bytes32 .*"card-1"/,
      },
      {
        input: "BeneficiaryTree(a duplicate id)",
        call: () => new BeneficiaryTree([id("a"), id("a")]),
        error: Error,
        message: /duplicate beneficiary id/,
      },
      {
        input: "tree.proof(an id not in the list)",
        call: () => new BeneficiaryTree([id("a")]).proof(id("b")),
        error: Error,
        message: /is not in the beneficiary list/,
      },
    ]);
  });

  describe("reserves: grams and proof formatting", () => {
    rows([
      {
        input: 'grams("-1")',
        call: () => grams("-1"),
        error: Error,
        message: /not an amount of grams \(up to 6 decimals\): "-1"/,
      },
      {
        input: 'grams("1.0000001"): finer than a microgram',
        call: () => grams("1.0000001"),
        error: Error,
        message: /not an amount of grams/,
      },
      { input: "grams(-1n)", call: () => grams(-1n), error: RangeError, message: /-1 is negative/ },
      {
        input: "grams(undefined)",
        call: () => grams(undefined as unknown as string),
        error: TypeError,
        message: /got undefined/,
      },
      {
        input: "formatGrams(-1n)",
        call: () => formatGrams(-1n),
        error: RangeError,
        message: /formatGrams takes a non-negative bigint, got bigint -1/,
      },
      {
        input: "formatBps(-1n)",
        call: () => formatBps(-1n),
        error: RangeError,
        message: /formatBps takes a non-negative bigint/,
      },
    ]);
  });
});
