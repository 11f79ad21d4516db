import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ethers } from "hardhat";
import { getAddress, hexlify, randomBytes, type Interface, type TransactionReceipt } from "ethers";
import { parse as parseEthUrl, build as buildEthUrl, type EthUrl } from "eth-url-parser";
import { parse as promptParse } from "promptparse";
import * as emvqr from "emvqr";
import { computeCRC as emvqrCrc } from "emvqr/emvqr/crc";
import { paymentsReady, signedInvoice, MCC } from "./fixtures";
import {
  crc16ccitt,
  crcHex,
  decodeEmvQr,
  decodeStaticEmvQr,
  encodeEmvQr,
  encodeStaticEmvQr,
  merchantLabel,
  parseTlv,
  QrPayloadError,
  MAX_QR_NONCE,
  type QrInvoice,
  type StaticQr,
} from "../../src/payments/emvqr";
import {
  decodeEip681,
  decodeEip681Transfer,
  encodeEip681,
  encodeEip681Transfer,
  Eip681Error,
  PAY_FUNCTION,
  type Eip681Invoice,
} from "../../src/payments/eip681";
import { toLatin } from "../../src/payments/latin";
import { z85Decode, z85Encode, Z85Error } from "../../src/payments/z85";
import { invoiceIdOf, isInvoiceSignedByMerchant, type Invoice } from "../../src/payments/invoice";
import { PNG } from "pngjs";
import {
  decodeQrPayload,
  decodeQrPng,
  readQrPng,
  renderQrPng,
  PNG_SIGNATURE,
  QrImageError,
} from "../../src/payments/qrImage";
import { splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";

/** EMVCo's own sample payload (MPM specification, annex), Chinese name and city in tag 64, CRC A13A over UTF-8. */
const EMVCO_SAMPLE =
  "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT" +
  "6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016" +
  "A0112233449988770708123456786304A13A";

/** promptparse's strict reader (CRC checked): the tags it reads, or null when it rejects the payload. */
function promptparseStrict(payload: string): Map<string, string> | null {
  const parsed = promptParse(payload, true);
  return parsed === null ? null : new Map(parsed.getTags().map((t) => [t.id, t.value]));
}

/**
 * emvqr's reader (CRC checked): the tags it reads. emvqr prints a CRC below 0x100 with fewer than four digits
 * (its numToHex pads to an even length only), so it rejects the 1 in 256 payloads whose CRC starts "00"; for
 * those, check that this is the only difference (its CRC is ours without the leading zeros).
 */
function emvqrReads(payload: string): Map<string, string> | "its short-CRC bug" {
  const crc = payload.slice(-4);
  if (crc.startsWith("00")) {
    expect(() => emvqr.decode(payload)).to.throw("checksum validation failed.");
    expect(emvqrCrc(payload.slice(0, -4))).to.equal(crc.slice(2));
    return "its short-CRC bug";
  }
  const read = emvqr.decode(payload);
  return new Map(
    Object.values(read).map((item) => [
      item.id,
      typeof item.data === "string" ? item.data.replace(/ \(.*\)$/, "") : String(item.len),
    ]),
  );
}

/** Recompute the CRC of a payload whose content was edited (what a careful forger would do). */
function withFreshCrc(payload: string): string {
  const body = payload.slice(0, -4);
  return body + crc16ccitt(body).toString(16).toUpperCase().padStart(4, "0");
}

async function signedQr() {
  const f = await paymentsReady();
  const { invoice, signature } = await signedInvoice(f, f.merchant, tenge("1160.00"));
  const qr: QrInvoice = {
    invoice,
    signature,
    chainId: BigInt(f.domain.chainId ?? 0),
    contract: await f.payments.getAddress(),
    mcc: MCC.GROCERY,
    merchantName: "MAGNUM CASH&CARRY",
    city: "ALMATY",
  };
  /** The same invoice from a shop registered in Kazakh: "Магазин Алтын", Алматы. */
  const cyrillic: QrInvoice = { ...qr, ...merchantLabel("Магазин Алтын", "Алматы", "KK") };
  const request: Eip681Invoice = { contract: qr.contract, chainId: qr.chainId, invoice, signature };
  return { ...f, qr, payload: encodeEmvQr(qr), cyrillic, request, uri: encodeEip681(request) };
}

/** The merchant's static code and its transfer link. */
async function staticQr() {
  const f = await loadFixture(signedQr);
  const code: StaticQr = {
    merchant: f.merchant.address,
    chainId: f.qr.chainId,
    token: await f.ledger.getAddress(),
    mcc: MCC.GROCERY,
    ...merchantLabel("Магазин Алтын", "Алматы", "KK"),
  };
  return { ...f, code };
}

/** The widest of every field but the nonce (see emvqr.ts's header), with a local label of `local` characters. */
function widest(qr: QrInvoice, nonce: bigint, local: { name: string; city: string }): QrInvoice {
  return {
    ...qr,
    chainId: 2n ** 64n - 1n,
    invoice: {
      ...qr.invoice,
      amount: 2n ** 96n - 1n,
      vatCategory: 255,
      vatRateBps: 10_000,
      expiry: 2n ** 40n - 1n,
      nonce,
    },
    merchantName: "X".repeat(25),
    city: "Y".repeat(15),
    local: { language: "KK", merchantName: local.name, city: local.city },
  };
}

/** The receipt's logs as emitted (emitter, topics, data): what two equal payments must share. */
function emitted(receipt: TransactionReceipt | null): Array<[string, readonly string[], string]> {
  if (receipt === null) throw new Error("no receipt");
  return receipt.logs.map((l) => [l.address, l.topics, l.data]);
}

/**
 * What a wallet does with a parsed EIP-681 link: the function named by the link with the argument types it gives
 * (the exact signature, hence the selector), its arguments the link's values in order.
 */
function callData(contract: { interface: Interface }, url: EthUrl): { signature: string; data: string } {
  const parameters = url.parameters ?? {};
  const fn = contract.interface.getFunction(`${url.function_name}(${Object.keys(parameters).join(",")})`);
  if (fn === null) throw new Error(`no function ${url.function_name}(${Object.keys(parameters).join(",")})`);
  return { signature: fn.format(), data: contract.interface.encodeFunctionData(fn, Object.values(parameters)) };
}

const arbInvoice: fc.Arbitrary<Invoice> = fc.record({
  merchant: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b))),
  amount: fc.bigInt({ min: 1n, max: 2n ** 96n - 1n }),
  vatCategory: fc.integer({ min: 0, max: 255 }),
  vatRateBps: fc.integer({ min: 0, max: 10_000 }),
  expiry: fc.bigInt({ min: 0n, max: 2n ** 40n - 1n }),
  nonce: fc.bigInt({ min: 0n, max: MAX_QR_NONCE }),
  orderRef: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b)),
});

/** Kazakh and Russian Cyrillic, with spaces and digits: a local name or city. */
const arbLocal = (max: number) =>
  fc
    .array(
      fc.constantFrom(
        ..."АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯаәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя 0123456789",
      ),
      {
        minLength: 1,
        maxLength: max,
      },
    )
    .map((cs) => cs.join(""))
    .filter((t) => toLatin(t).trim().length > 0);

describe("QR and EIP-681 payment requests", () => {
  describe("CRC-16/CCITT-FALSE", () => {
    it('gives the standard check value 0x29B1 for "123456789"', () => {
      expect(crc16ccitt("123456789")).to.equal(0x29b1);
    });
    it("is EMVCo's: its own sample payload's CRC A13A, over the UTF-8 bytes of a Chinese tag 64", () => {
      expect(crcHex(EMVCO_SAMPLE.slice(0, -4))).to.equal("A13A");
    });
  });

  describe("Z85 (binary fields of the payload)", () => {
    it("encodes the specification's test vector: 86 4F D2 6F B5 59 F7 5B is HelloWorld", () => {
      const bytes = Uint8Array.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
      expect(z85Encode(bytes)).to.equal("HelloWorld");
      expect(z85Decode("HelloWorld")).to.deep.equal(bytes);
    });
    it("round-trips any bytes (property)", () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 64 }).filter((b) => b.length % 4 === 0),
          (b) => {
            expect(z85Decode(z85Encode(b))).to.deep.equal(b);
          },
        ),
      );
    });
    it("rejects a length that is not a multiple, a character outside the alphabet, a group above 2^32 - 1", () => {
      expect(() => z85Encode(new Uint8Array(3))).to.throw(Z85Error, /^Z85 encodes a multiple of 4 bytes, got 3$/);
      expect(() => z85Decode("Hello")).to.not.throw();
      expect(() => z85Decode("Hell")).to.throw(Z85Error, /^Z85 text must be a multiple of 5 characters, got 4$/);
      expect(() => z85Decode("Hell~")).to.throw(Z85Error, /^not a Z85 character: "~"$/);
      expect(z85Decode("%nSc0")).to.deep.equal(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
      expect(() => z85Decode("%nSc1")).to.throw(Z85Error, /^Z85 group "%nSc1" exceeds 2\^32 - 1$/);
    });
  });

  describe("Cyrillic to Latin (tags 59/60)", () => {
    it("transliterates Kazakh and Russian names and cities", () => {
      expect(toLatin("Магазин Алтын")).to.equal("MAGAZIN ALTYN");
      expect(toLatin("Алматы")).to.equal("ALMATY");
      expect(toLatin("Қарағанды")).to.equal("QARAGANDY");
      expect(toLatin("Өскемен")).to.equal("OSKEMEN");
      expect(toLatin("Щучинск")).to.equal("SHCHUCHINSK");
      expect(toLatin("Аптека №7 «Үміт»")).to.equal('APTEKA NO7 "UMIT"');
      expect(toLatin("Café Dastarkhan")).to.equal("CAFE DASTARKHAN");
    });
    it("labels a Cyrillic merchant: Latin in 59/60 (cut to 25/15), the original in tag 64; a Latin one as it is", () => {
      expect(merchantLabel("Магазин Алтын", "Алматы", "KK")).to.deep.equal({
        merchantName: "MAGAZIN ALTYN",
        city: "ALMATY",
        local: { language: "KK", merchantName: "Магазин Алтын", city: "Алматы" },
      });
      expect(merchantLabel("Щщщщщщщщщщщщщщщщщщщщщщщщщ", "Усть-Каменогорск", "RU")).to.deep.include({
        merchantName: "SHCHSHCHSHCHSHCHSHCHSHCHS",
        city: "UST-KAMENOGORSK",
      });
      expect(merchantLabel("MAGNUM", "ALMATY")).to.deep.equal({ merchantName: "MAGNUM", city: "ALMATY" });
    });
    it("refuses a character it cannot transliterate, naming it", () => {
      expect(() => merchantLabel("Чайхана 茶", "Алматы")).to.throw(
        QrPayloadError,
        /^merchant name: no Latin transliteration for "茶" \(U\+8336\) in "Чайхана 茶": register a Latin name$/,
      );
      expect(() => merchantLabel("Ь Ь", "Алматы")).to.throw(
        QrPayloadError,
        /^merchant name: "Ь Ь" transliterates to nothing: register a Latin name$/,
      );
    });
  });

  describe("EMVCo merchant-presented QR", () => {
    it("round-trips a signed invoice: the decoded request is the encoded one, and its signature is the merchant's", async () => {
      const f = await loadFixture(signedQr);
      expect(f.payload.length).to.be.lte(512);
      expect(f.payload.startsWith("000201010212")).to.equal(true);
      const decoded = decodeEmvQr(f.payload);
      expect(decoded).to.deep.equal(f.qr);
      expect(isInvoiceSignedByMerchant(f.domain, decoded.invoice, decoded.signature ?? "0x")).to.equal(true);
      const top = parseTlv(f.payload.slice(0, -8));
      expect([top.get("53"), top.get("54"), top.get("58"), top.get("52")]).to.deep.equal([
        "398",
        "1160.00",
        "KZ",
        "5411",
      ]);
    });

    it("round-trips any invoice, signed or not, with or without a Cyrillic label (property)", () => {
      fc.assert(
        fc.property(
          arbInvoice,
          fc.boolean(),
          fc.integer({ min: 1, max: 9999 }),
          fc.option(fc.record({ name: arbLocal(25), city: arbLocal(15), language: fc.constantFrom("KK", "RU") })),
          (invoice, signed, mcc, local) => {
            const signature = signed ? `${hexlify(randomBytes(32))}${"22".repeat(32)}1b` : undefined;
            const label = local
              ? merchantLabel(local.name, local.city, local.language)
              : merchantLabel("SHOP", "ASTANA");
            const qr: QrInvoice = { invoice, signature, chainId: 56n, contract: invoice.merchant, mcc, ...label };
            const payload = encodeEmvQr(qr);
            expect(payload.length).to.be.lte(512);
            expect(decodeEmvQr(payload)).to.deep.equal(qr);
          },
        ),
        { numRuns: 300 },
      );
    });

    it("round-trips an invoice registered on-chain (no signature)", async () => {
      const f = await loadFixture(signedQr);
      const qr = { ...f.qr, signature: undefined };
      expect(decodeEmvQr(encodeEmvQr(qr))).to.deep.equal(qr);
    });

    it("puts a Cyrillic shop's Latin name in 59/60 and its own name in tag 64, lengths in characters", async () => {
      const f = await loadFixture(signedQr);
      const payload = encodeEmvQr(f.cyrillic);
      const top = parseTlv(payload.slice(0, -8));
      expect([top.get("59"), top.get("60")]).to.deep.equal(["MAGAZIN ALTYN", "ALMATY"]);
      expect(payload).to.contain("5913MAGAZIN ALTYN6006ALMATY64330002KK0113Магазин Алтын0206Алматы6304");
      expect(decodeEmvQr(payload)).to.deep.equal(f.cyrillic);
    });

    it("reads a lower-case CRC", async () => {
      const f = await loadFixture(signedQr);
      const lower = f.payload.slice(0, -4) + f.payload.slice(-4).toLowerCase();
      expect(decodeEmvQr(lower)).to.deep.equal(f.qr);
    });

    it("rejects a payload with a bad CRC", async () => {
      const f = await loadFixture(signedQr);
      const crc = f.payload.slice(-4);
      const wrong = crc === "0000" ? "0001" : "0000";
      expect(() => decodeEmvQr(f.payload.slice(0, -4) + wrong)).to.throw(
        QrPayloadError,
        `CRC mismatch: payload says ${wrong}, content gives ${crc}`,
      );
      expect(() => decodeEmvQr(f.payload.slice(0, -4) + "12G4")).to.throw(
        QrPayloadError,
        `CRC mismatch: payload says 12G4, content gives ${crc}`,
      );
    });

    it("rejects an edited amount by its CRC, and by the merchant's signature when the CRC was recomputed", async () => {
      const f = await loadFixture(signedQr);
      const edited = f.payload.replace("54071160.00", "54071100.00");
      expect(edited).to.not.equal(f.payload);
      expect(() => decodeEmvQr(edited)).to.throw(QrPayloadError, /^CRC mismatch/);
      const forged = decodeEmvQr(withFreshCrc(edited));
      expect(forged.invoice.amount).to.equal(tenge(1100));
      expect(isInvoiceSignedByMerchant(f.domain, forged.invoice, forged.signature ?? "0x")).to.equal(false);
      await expect(f.payments.connect(f.alice).payInvoice(forged.invoice, forged.signature ?? "0x"))
        .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
        .withArgs(invoiceIdOf(f.domain, forged.invoice), f.merchant.address);
    });

    it("rejects a payload that is not a DKZT tenge request (currency, template, truncation, static)", async () => {
      const f = await loadFixture(signedQr);
      expect(() => decodeEmvQr(withFreshCrc(f.payload.replace("5303398", "5303840")))).to.throw(
        QrPayloadError,
        /^currency must be 398 \(KZT\)$/,
      );
      expect(() => decodeEmvQr(withFreshCrc(f.payload.replace("KZ.DKZT", "KZ.XXXX")))).to.throw(
        QrPayloadError,
        /^template 26: not a DKZT template$/,
      );
      expect(() => decodeEmvQr(withFreshCrc(f.payload.slice(0, 40) + f.payload.slice(48)))).to.throw(
        QrPayloadError,
        /^payload: malformed data object at 89$/,
      );
      expect(() => decodeEmvQr("hello")).to.throw(QrPayloadError, /^payload does not end with a CRC \(6304\)$/);
      expect(() => decodeEmvQr(withFreshCrc(f.payload.replace("010212", "010211")))).to.throw(
        QrPayloadError,
        /^point of initiation must be 12 \(dynamic\), got 11$/,
      );
    });

    it("refuses a name or city outside EMVCo's common character set in 59/60, or too long, or a bad tag 64", async () => {
      const f = await loadFixture(signedQr);
      expect(() => encodeEmvQr({ ...f.qr, merchantName: "Магазин Алтын" })).to.throw(
        QrPayloadError,
        /^merchant name \(tag 59\) must be 1\.\.25 characters of EMVCo's common character set \(printable ASCII\), got "Магазин Алтын": give a Cyrillic name to merchantLabel\(\)$/,
      );
      expect(() => encodeEmvQr({ ...f.qr, city: "ALMATY CITY CENTRE" })).to.throw(
        QrPayloadError,
        /^city \(tag 60\) must be 1\.\.15 characters of EMVCo's common character set/,
      );
      const local = f.cyrillic.local ?? { language: "KK", merchantName: "" };
      expect(() => encodeEmvQr({ ...f.cyrillic, local: { ...local, language: "kaz" } })).to.throw(
        QrPayloadError,
        /^language \(tag 64\) must be an ISO 639-1 code in upper case \("KK", "RU"\), got "kaz"$/,
      );
      expect(() => encodeEmvQr({ ...f.cyrillic, local: { ...local, merchantName: "Ж".repeat(26) } })).to.throw(
        QrPayloadError,
        /^local merchant name \(tag 64\) must be 1\.\.25 characters, got "Ж{26}"$/,
      );
      expect(() => encodeEmvQr({ ...f.cyrillic, local: { ...local, city: "Алматы\n" } })).to.throw(
        QrPayloadError,
        /^local city \(tag 64\) must be characters of Unicode's Basic Multilingual Plane, no control characters/,
      );
      expect(() => encodeEmvQr({ ...f.cyrillic, local: { ...local, merchantName: "Алтын 🥇" } })).to.throw(
        QrPayloadError,
        /^local merchant name \(tag 64\) must be characters of Unicode's Basic Multilingual Plane, no control characters/,
      );
    });

    describe("at EMV's 512 characters", () => {
      it("fits a realistic invoice: 999 999 999.99 ₸, a 25-character name, a 13-digit nonce, a Cyrillic label", async () => {
        const f = await loadFixture(signedQr);
        const realistic: QrInvoice = {
          ...f.qr,
          invoice: { ...f.qr.invoice, amount: tenge("999999999.99"), nonce: 1_764_990_000_123n },
          ...merchantLabel("Алтын Азық-түлік Дүкені 1", "Қарағанды", "KK"),
        };
        expect(realistic.merchantName).to.have.length(25);
        const payload = encodeEmvQr(realistic);
        expect(payload.length).to.be.lte(512);
        expect(decodeEmvQr(payload)).to.deep.equal(realistic);
      });

      it(`encodes the widest invoice with nonce ${MAX_QR_NONCE} in exactly 512 characters, and refuses one more`, async () => {
        const f = await loadFixture(signedQr);
        const local = { name: "Ж".repeat(25), city: "Қ".repeat(15) };
        const atBound = encodeEmvQr(widest(f.qr, MAX_QR_NONCE, local));
        expect(atBound).to.have.length(512);
        expect(decodeEmvQr(atBound)).to.deep.equal(widest(f.qr, MAX_QR_NONCE, local));
        expect(() => encodeEmvQr(widest(f.qr, MAX_QR_NONCE + 1n, local))).to.throw(
          QrPayloadError,
          /^payload is 513 characters, EMV allows 512$/,
        );
        expect(() => encodeEmvQr({ ...f.qr, invoice: { ...f.qr.invoice, nonce: 10n ** 55n } })).to.throw(
          QrPayloadError,
          /^nonce must be below 10\^55 to fit template 27 \(EMV's 99 characters\)$/,
        );
      });

      it("refuses a chain id above 2^64 - 1", async () => {
        const f = await loadFixture(signedQr);
        expect(() => encodeEmvQr({ ...f.qr, chainId: 2n ** 64n })).to.throw(
          QrPayloadError,
          /^chain id must be 1\.\.2\^64 - 1, got 18446744073709551616$/,
        );
      });
    });

    it("is what a customer's wallet pays: the decoded request settles on-chain", async () => {
      const f = await loadFixture(signedQr);
      const { invoice, signature } = decodeEmvQr(f.payload);
      await expect(f.payments.connect(f.alice).payInvoice(invoice, signature ?? "0x")).to.changeTokenBalances(
        f.ledger,
        [f.alice, f.merchant, f.budget],
        [-tenge(1160), tenge(1000), tenge(160)],
      );
    });
  });

  describe("static merchant code", () => {
    it("round-trips: merchant, chain, DKZT ledger, label; no amount", async () => {
      const f = await loadFixture(staticQr);
      const payload = encodeStaticEmvQr(f.code);
      expect(payload.startsWith("000201010211")).to.equal(true);
      expect(parseTlv(payload.slice(0, -8)).has("54")).to.equal(false);
      expect(decodeStaticEmvQr(payload)).to.deep.equal(f.code);
      expect(decodeQrPayload(payload)).to.deep.equal({ format: "emv-static", payload, request: f.code });
    });

    it("is not an invoice, nor an invoice a static code", async () => {
      const f = await loadFixture(staticQr);
      expect(() => decodeEmvQr(encodeStaticEmvQr(f.code))).to.throw(
        QrPayloadError,
        /^point of initiation must be 12 \(dynamic\), got 11$/,
      );
      expect(() => decodeStaticEmvQr(f.payload)).to.throw(
        QrPayloadError,
        /^point of initiation must be 11 \(static\), got 12$/,
      );
    });
  });

  describe("independent EMV readers", () => {
    it("promptparse (CRC checked) and emvqr read every ASCII code the suite prints as we do: dynamic, static, at the bound", async () => {
      const f = await loadFixture(staticQr);
      const asciiLocal = { name: "A".repeat(25), city: "B".repeat(15) };
      const codes = [
        f.payload,
        encodeEmvQr({ ...f.qr, signature: undefined }),
        encodeStaticEmvQr({ ...f.code, merchantName: "MAGNUM", city: "ALMATY", local: undefined }),
        encodeEmvQr(widest(f.qr, MAX_QR_NONCE, asciiLocal)),
      ];
      expect(codes[3]).to.have.length(512);
      for (const code of codes) {
        const ours = parseTlv(code.slice(0, -8));
        const theirs = promptparseStrict(code);
        expect(theirs, code).to.not.equal(null);
        for (const [id, value] of ours) expect(theirs?.get(id), `promptparse, tag ${id}`).to.equal(value);
        const emv = emvqrReads(code);
        if (emv === "its short-CRC bug") continue;
        for (const [id, value] of ours)
          expect(emv.get(id), `emvqr, tag ${id}`).to.equal(/^2[6-9]$/.test(id) ? String(value.length) : value);
      }
    });

    it("emvqr reads the Cyrillic codes (tag 64) as we do, at the bound too: lengths in characters, CRC over UTF-8", async () => {
      const f = await loadFixture(staticQr);
      const codes = [
        encodeEmvQr(f.cyrillic),
        encodeStaticEmvQr(f.code),
        encodeEmvQr(widest(f.qr, MAX_QR_NONCE, { name: "Ж".repeat(25), city: "Қ".repeat(15) })),
      ];
      expect(codes[2]).to.have.length(512);
      expect(emvqr.decode(EMVCO_SAMPLE)["64"].len).to.equal(20);
      for (const code of codes) {
        const emv = emvqrReads(code);
        if (emv === "its short-CRC bug") continue;
        const ours = parseTlv(code.slice(0, -8));
        expect(parseTlv(ours.get("64") ?? "", "64").get("01")).to.match(/^[ЖМ]/);
        for (const [id, value] of ours)
          expect(emv.get(id), `emvqr, tag ${id}`).to.equal(/^2[6-9]$/.test(id) ? String(value.length) : value);
      }
    });

    it("promptparse reads the Cyrillic codes' tags as we do, but its CRC check rejects them as it rejects EMVCo's own sample", async () => {
      const f = await loadFixture(staticQr);
      // promptparse's CRC takes the low byte of each UTF-16 unit, not the UTF-8 bytes EMVCo specifies, so it
      // rejects every payload with a character beyond ASCII, the specification's sample included.
      expect(promptparseStrict(EMVCO_SAMPLE)).to.equal(null);
      for (const code of [encodeEmvQr(f.cyrillic), encodeStaticEmvQr(f.code)]) {
        expect(promptparseStrict(code)).to.equal(null);
        const loose = promptParse(code);
        expect(loose?.getTagValue("64")).to.equal(parseTlv(code.slice(0, -8)).get("64"));
        expect(loose?.getTagValue("64", "01")).to.equal("Магазин Алтын");
        expect(loose?.getTagValue("63")).to.equal(code.slice(-4));
      }
    });
  });

  describe("EIP-681 link", () => {
    it("calls payInvoiceFields with ABI-typed flat parameters, which eth-url-parser reads and builds back", async () => {
      const f = await loadFixture(signedQr);
      const { invoice } = f.qr;
      expect(f.uri).to.equal(
        `ethereum:${f.qr.contract}@${f.qr.chainId}/payInvoiceFields?address=${f.merchant.address}` +
          `&uint96=${invoice.amount}&uint8=${invoice.vatCategory}&uint16=${invoice.vatRateBps}` +
          `&uint40=${invoice.expiry}&uint256=${invoice.nonce}&bytes32=${invoice.orderRef}&bytes=${f.qr.signature}`,
      );
      const url = parseEthUrl(f.uri);
      expect(url).to.deep.equal({
        scheme: "ethereum",
        target_address: f.qr.contract,
        chain_id: f.qr.chainId.toString(),
        function_name: PAY_FUNCTION,
        parameters: {
          address: f.merchant.address,
          uint96: invoice.amount.toString(),
          uint8: invoice.vatCategory.toString(),
          uint16: invoice.vatRateBps.toString(),
          uint40: invoice.expiry.toString(),
          uint256: invoice.nonce.toString(),
          bytes32: invoice.orderRef,
          bytes: f.qr.signature,
        },
      });
      expect(buildEthUrl(url)).to.equal(f.uri);
      expect(decodeEip681(f.uri)).to.deep.equal(f.request);
    });

    it("pays the invoice exactly as payInvoice does: the call eth-url-parser's reading encodes settles with the same events", async () => {
      const f = await loadFixture(signedQr);
      const viaSuite = emitted(
        await (await f.payments.connect(f.alice).payInvoice(f.qr.invoice, f.qr.signature ?? "0x")).wait(),
      );

      const g = await loadFixture(signedQr);
      const url = parseEthUrl(g.uri);
      const { chainId } = await ethers.provider.getNetwork();
      expect(url.chain_id).to.equal(chainId.toString());
      // The function the link names, with the argument types it gives: the exact selector a wallet computes.
      const { signature, data } = callData(g.payments, url);
      expect(signature).to.equal("payInvoiceFields(address,uint96,uint8,uint16,uint40,uint256,bytes32,bytes)");
      const tx = g.alice.sendTransaction({ to: url.target_address, data });
      await expect(tx).to.changeTokenBalances(
        g.ledger,
        [g.alice, g.merchant, g.budget],
        [-tenge(1160), tenge(1000), tenge(160)],
      );
      await expect(tx)
        .to.emit(g.payments, "InvoicePaid")
        .withArgs(
          invoiceIdOf(g.domain, g.qr.invoice),
          g.merchant.address,
          g.alice.address,
          g.qr.invoice.amount,
          splitVat(g.qr.invoice.amount, g.qr.invoice.vatRateBps).vat,
          g.qr.invoice.vatCategory,
          g.qr.invoice.vatRateBps,
          false,
        );
      expect(emitted(await (await tx).wait())).to.deep.equal(viaSuite);
      expect(await g.payments.isNonceUsed(g.merchant.address, g.qr.invoice.nonce)).to.equal(true);
      await expect(g.alice.sendTransaction({ to: url.target_address, data }))
        .to.be.revertedWithCustomError(g.payments, "InvoiceNonceUsed")
        .withArgs(g.merchant.address, g.qr.invoice.nonce);
    });

    it("pays an invoice registered on-chain with bytes=0x", async () => {
      const f = await loadFixture(signedQr);
      await f.payments.connect(f.merchant).registerInvoice(f.qr.invoice);
      const uri = encodeEip681({ ...f.request, signature: "0x" });
      expect(uri.endsWith("&bytes=0x")).to.equal(true);
      const { data } = callData(f.payments, parseEthUrl(uri));
      await expect(f.alice.sendTransaction({ to: f.qr.contract, data })).to.changeTokenBalances(
        f.ledger,
        [f.alice, f.merchant],
        [-tenge(1160), tenge(1000)],
      );
    });

    it("reverts with InvoiceSignatureInvalid when the link's amount was edited", async () => {
      const f = await loadFixture(signedQr);
      const edited = f.uri.replace(`uint96=${tenge(1160)}`, `uint96=${tenge(1)}`);
      const request = decodeEip681(edited);
      expect(request.invoice.amount).to.equal(tenge(1));
      expect(isInvoiceSignedByMerchant(f.domain, request.invoice, request.signature)).to.equal(false);
      const { data } = callData(f.payments, parseEthUrl(edited));
      await expect(f.alice.sendTransaction({ to: f.qr.contract, data }))
        .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
        .withArgs(invoiceIdOf(f.domain, request.invoice), f.merchant.address);
    });

    it("reverts without a reason (ABI validation) when payInvoiceFields' uint8 word carries dirty high bits", async () => {
      const f = await loadFixture(signedQr);
      const { data } = callData(f.payments, parseEthUrl(f.uri));
      // Selector (4 bytes), then address, uint96, uint8: set a high byte of the uint8 word (argument 3).
      const at = 2 + 2 * (4 + 2 * 32);
      const dirty = `${data.slice(0, at)}01${data.slice(at + 2)}`;
      await expect(f.alice.sendTransaction({ to: f.qr.contract, data: dirty })).to.be.revertedWithoutReason();
    });

    it("round-trips any invoice (property)", () => {
      fc.assert(
        fc.property(arbInvoice, fc.bigInt({ min: 1n, max: 2n ** 32n }), fc.boolean(), (invoice, chainId, signed) => {
          const request = {
            contract: invoice.merchant,
            chainId,
            invoice: { ...invoice, orderRef: invoice.orderRef.toLowerCase() },
            signature: signed ? `${hexlify(randomBytes(32))}${"22".repeat(32)}1b` : "0x",
          };
          const uri = encodeEip681(request);
          expect(decodeEip681(uri)).to.deep.equal(request);
          expect(buildEthUrl(parseEthUrl(uri))).to.equal(uri);
        }),
        { numRuns: 300 },
      );
    });

    it("rejects unknown, repeated, missing or misplaced parameters, bad numbers and bad checksums", async () => {
      const f = await loadFixture(signedQr);
      const uri = f.uri;
      expect(() => decodeEip681(`${uri}&value=1`)).to.throw(Eip681Error, /^unknown parameter: value$/);
      expect(() => decodeEip681(`${uri}&uint8=1`)).to.throw(Eip681Error, /^parameter twice: uint8$/);
      expect(() => decodeEip681(uri.replace(/&bytes=0x[0-9a-f]*/, ""))).to.throw(
        Eip681Error,
        /^missing parameter: bytes$/,
      );
      const swapped = uri.replace(/uint8=(\d+)&uint16=(\d+)/, "uint16=$2&uint8=$1");
      expect(() => decodeEip681(swapped)).to.throw(Eip681Error, /^parameter 3 must be uint8, got uint16$/);
      expect(() => decodeEip681(uri.replace(/uint96=\d+/, "uint96=1.55e1"))).to.throw(
        Eip681Error,
        /^amount \(uint96\) is not an unsigned integer: 1.55e1$/,
      );
      expect(() => decodeEip681(uri.replace(/uint8=\d+/, "uint8=256"))).to.throw(
        Eip681Error,
        /^vatCategory \(uint8\) does not fit uint8: 256$/,
      );
      expect(() => decodeEip681(uri.replace(/uint16=\d+/, "uint16=10001"))).to.throw(
        Eip681Error,
        /^vatRateBps \(uint16\) above 10000: 10001$/,
      );
      expect(() => decodeEip681(uri.replace(/bytes32=0x[0-9a-f]{64}/, "bytes32=0x12"))).to.throw(
        Eip681Error,
        /^orderRef \(bytes32\) must be 32 bytes of 0x-hex: 0x12$/,
      );
      expect(() => decodeEip681(uri.replace(/bytes=0x[0-9a-f]*/, "bytes=0x1234"))).to.throw(
        Eip681Error,
        /^signature \(bytes\) must be 65 bytes of hex or 0x$/,
      );
      const lower = f.qr.contract.toLowerCase();
      const badChecksum = lower.slice(0, 2) + lower.slice(2).replace(/[a-f]/, (c) => c.toUpperCase());
      expect(() => decodeEip681(uri.replace(f.qr.contract, badChecksum))).to.throw(
        Eip681Error,
        `bad contract address (checksum): ${badChecksum}`,
      );
      expect(() => decodeEip681("bitcoin:abc")).to.throw(Eip681Error, /^not an EIP-681 payInvoiceFields URI$/);
      // The old form (named parameters, only our decoder read it) is no longer taken.
      expect(() => decodeEip681(uri.replace("/payInvoiceFields?", "/payInvoice?"))).to.throw(
        Eip681Error,
        /^not an EIP-681 payInvoiceFields URI$/,
      );
    });

    it("reads scientific notation when it is a whole number (EIP-681's number syntax)", async () => {
      const f = await loadFixture(signedQr);
      const uri = f.uri.replace(`uint96=${tenge(1160)}`, "uint96=1.16e5");
      expect(decodeEip681(uri).invoice.amount).to.equal(tenge(1160));
    });
  });

  describe("EIP-681 transfer link (static code)", () => {
    it("is a plain ERC-20 transfer that eth-url-parser reads; the call it encodes pays the merchant", async () => {
      const f = await loadFixture(staticQr);
      const uri = encodeEip681Transfer({
        token: f.code.token,
        chainId: f.code.chainId,
        merchant: f.merchant.address,
        amount: tenge(1160),
      });
      expect(uri).to.equal(
        `ethereum:${f.code.token}@${f.code.chainId}/transfer?address=${f.merchant.address}&uint256=116000`,
      );
      const url = parseEthUrl(uri);
      expect(url.function_name).to.equal("transfer");
      expect(url.parameters).to.deep.equal({ address: f.merchant.address, uint256: "116000" });
      const { signature, data } = callData(f.ledger, url);
      expect(signature).to.equal("transfer(address,uint256)");
      await expect(f.alice.sendTransaction({ to: url.target_address, data })).to.changeTokenBalances(
        f.ledger,
        [f.alice, f.merchant],
        [-tenge(1160), tenge(1160)],
      );
      // eth-url-parser writes the amount in scientific notation; we read it back.
      const built = buildEthUrl(url);
      expect(built).to.equal(
        `ethereum:${f.code.token}@${f.code.chainId}/transfer?address=${f.merchant.address}&uint256=1.16e5`,
      );
      expect(decodeEip681Transfer(built)).to.deep.equal({
        token: f.code.token,
        chainId: f.code.chainId,
        merchant: f.merchant.address,
        amount: tenge(1160),
      });
    });

    it("leaves the amount out on a static code, and rejects a link to another function", async () => {
      const f = await loadFixture(staticQr);
      const uri = encodeEip681Transfer({ token: f.code.token, chainId: f.code.chainId, merchant: f.merchant.address });
      expect(parseEthUrl(uri).parameters).to.deep.equal({ address: f.merchant.address });
      expect(decodeEip681Transfer(uri)).to.deep.equal({
        token: f.code.token,
        chainId: f.code.chainId,
        merchant: f.merchant.address,
      });
      expect(decodeQrPayload(uri).format).to.equal("eip681-transfer");
      expect(() => decodeEip681Transfer(uri.replace("/transfer?", "/approve?"))).to.throw(
        Eip681Error,
        /^not an EIP-681 transfer URI$/,
      );
      expect(() => decodeEip681Transfer(`${uri}&uint256=1&uint256=2`)).to.throw(
        Eip681Error,
        /^parameter twice: uint256$/,
      );
    });
  });

  describe("QR image", () => {
    it("renders the payload as a PNG QR code with the qrcode package", async () => {
      const f = await loadFixture(signedQr);
      const png = await renderQrPng(f.payload, 4);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).to.equal(true);
      expect(png.subarray(12, 16).toString("ascii")).to.equal("IHDR");
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      // A square image: (modules + 2 × 4 quiet-zone modules) × 4 pixels; a 480-character payload needs version 13+.
      expect(width).to.equal(height);
      expect(width % 4).to.equal(0);
      expect(width / 4 - 8).to.be.gte(69);
    });
    describe("when a PNG is read back", () => {
      it("scans an EMVCo QR image back to its payload and invoice, which pays on-chain", async () => {
        const f = await loadFixture(signedQr);
        const scanned = decodeQrPng(await renderQrPng(f.payload, 4));
        expect(scanned.format).to.equal("emv");
        expect(scanned.payload).to.equal(f.payload);
        if (scanned.format !== "emv") throw new Error("not EMV");
        expect(scanned.request).to.deep.equal(f.qr);
        const { invoice, signature } = scanned.request;
        expect(isInvoiceSignedByMerchant(f.domain, invoice, signature ?? "0x")).to.equal(true);
        await expect(f.payments.connect(f.alice).payInvoice(invoice, signature ?? "0x"))
          .to.emit(f.payments, "InvoicePaid")
          .withArgs(
            invoiceIdOf(f.domain, f.qr.invoice),
            f.merchant.address,
            f.alice.address,
            f.qr.invoice.amount,
            splitVat(f.qr.invoice.amount, f.qr.invoice.vatRateBps).vat,
            f.qr.invoice.vatCategory,
            f.qr.invoice.vatRateBps,
            false,
          );
      });

      it("scans an EIP-681 QR image back to its URI and invoice", async () => {
        const f = await loadFixture(signedQr);
        const request = {
          contract: f.qr.contract,
          chainId: f.qr.chainId,
          invoice: f.qr.invoice,
          signature: f.qr.signature ?? "0x",
        };
        const uri = encodeEip681(request);
        const scanned = decodeQrPng(await renderQrPng(uri, 3));
        expect(scanned).to.deep.equal({ format: "eip681", payload: uri, request });
      });

      it("scans a Cyrillic EMVCo QR image (tag 64 in UTF-8) back to its payload and invoice", async () => {
        const f = await loadFixture(signedQr);
        const payload = encodeEmvQr(f.cyrillic);
        const scanned = decodeQrPng(await renderQrPng(payload, 4));
        expect(scanned).to.deep.equal({ format: "emv", payload, request: f.cyrillic });
      });

      it("scans a static code and a transfer link back", async () => {
        const f = await loadFixture(staticQr);
        const payload = encodeStaticEmvQr(f.code);
        expect(decodeQrPng(await renderQrPng(payload, 4))).to.deep.equal({
          format: "emv-static",
          payload,
          request: f.code,
        });
        const request = { token: f.code.token, chainId: f.code.chainId, merchant: f.merchant.address, amount: 116000n };
        const uri = encodeEip681Transfer(request);
        expect(decodeQrPng(await renderQrPng(uri, 4))).to.deep.equal({
          format: "eip681-transfer",
          payload: uri,
          request,
        });
      });

      it("scans the largest payload (512 characters, Cyrillic tag 64) back", async () => {
        const f = await loadFixture(signedQr);
        const qr = widest(f.qr, MAX_QR_NONCE, { name: "Ж".repeat(25), city: "Қ".repeat(15) });
        const payload = encodeEmvQr(qr);
        expect(decodeQrPng(await renderQrPng(payload, 3))).to.deep.equal({ format: "emv", payload, request: qr });
      });

      it("rejects a QR image whose EMVCo CRC is wrong with QrPayloadError", async () => {
        const f = await loadFixture(signedQr);
        const crc = f.payload.slice(-4);
        const wrong = f.payload.slice(0, -4) + (crc === "0000" ? "0001" : "0000");
        const png = await renderQrPng(wrong, 4);
        expect(readQrPng(png)).to.equal(wrong);
        expect(() => decodeQrPng(png)).to.throw(QrPayloadError, /CRC mismatch/);
      });

      it("reads an image whose amount was edited (CRC recomputed), and the merchant's signature rejects it", async () => {
        const f = await loadFixture(signedQr);
        const edited = withFreshCrc(f.payload.replace("54071160.00", "54071100.00"));
        expect(edited).to.not.equal(f.payload);
        const scanned = decodeQrPng(await renderQrPng(edited, 4));
        if (scanned.format !== "emv") throw new Error("not EMV");
        const { invoice, signature } = scanned.request;
        expect(invoice.amount).to.not.equal(f.qr.invoice.amount);
        expect(isInvoiceSignedByMerchant(f.domain, invoice, signature ?? "0x")).to.equal(false);
        await expect(f.payments.connect(f.alice).payInvoice(invoice, signature ?? "0x"))
          .to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid")
          .withArgs(invoiceIdOf(f.domain, invoice), f.merchant.address);
      });

      it("rejects a tampered image (part of the code painted over) with QrImageError", async () => {
        const f = await loadFixture(signedQr);
        const image = PNG.sync.read(await renderQrPng(f.payload, 4));
        for (let y = 0; y < image.height; y++) {
          for (let x = 0; x < image.width / 2; x++)
            image.data.fill(255, (y * image.width + x) * 4, (y * image.width + x) * 4 + 4);
        }
        expect(() => decodeQrPng(PNG.sync.write(image))).to.throw(QrImageError, /no readable QR code/);
      });

      it("rejects a PNG with no QR code, a file that is not a PNG, and a PNG whose chunk CRC is broken", async () => {
        const f = await loadFixture(signedQr);
        const blank = new PNG({ width: 64, height: 64 });
        blank.data.fill(255);
        expect(() => decodeQrPng(PNG.sync.write(blank))).to.throw(QrImageError, /no readable QR code in the 64×64/);
        expect(() => decodeQrPng(Buffer.from("GIF89a not a png at all"))).to.throw(QrImageError, /not a PNG image/);
        const png = Buffer.from(await renderQrPng(f.payload, 4));
        // Walk the chunks (length, type, data, CRC) to the first IDAT with data to corrupt: the encoder may split
        // the image data into chunks of any size, so a fixed offset from the first "IDAT" may land in the next one.
        let at = 8;
        while (png.toString("ascii", at + 4, at + 8) !== "IDAT" || png.readUInt32BE(at) < 2) {
          at += 12 + png.readUInt32BE(at);
          expect(at).to.be.lt(png.length);
        }
        const idat = at + 4;
        png[idat + 4 + Math.floor(png.readUInt32BE(at) / 2)] ^= 0xff;
        expect(() => decodeQrPng(png)).to.throw(QrImageError, `corrupt PNG: chunk IDAT at byte ${at} fails its CRC-32`);
        expect(() => decodeQrPng(png.subarray(0, at + 13))).to.throw(
          QrImageError,
          /corrupt PNG: chunk at byte .* runs past/,
        );
      });

      it("rejects a QR code whose text is not a payment request with QrPayloadError", async () => {
        const png = await renderQrPng("https://example.kz/menu", 4);
        expect(readQrPng(png)).to.equal("https://example.kz/menu");
        expect(() => decodeQrPng(png)).to.throw(QrPayloadError, /not a payment request/);
      });
    });
  });
});
