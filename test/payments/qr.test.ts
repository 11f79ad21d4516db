import { expect } from "chai";
import fc from "fast-check";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { getAddress, hexlify, randomBytes } from "ethers";
import { paymentsReady, signedInvoice, MCC } from "./fixtures";
import {
  crc16ccitt,
  decodeEmvQr,
  encodeEmvQr,
  parseTlv,
  QrPayloadError,
  MAX_QR_NONCE,
  type QrInvoice,
} from "../../src/payments/emvqr";
import { decodeEip681, encodeEip681, Eip681Error } from "../../src/payments/eip681";
import { invoiceIdOf, isInvoiceSignedByMerchant, type Invoice } from "../../src/payments/invoice";
import { PNG } from "pngjs";
import { decodeQrPng, readQrPng, renderQrPng, PNG_SIGNATURE, QrImageError } from "../../src/payments/qrImage";
import { splitVat } from "../../src/payments/vat";
import { tenge } from "../../src/money";

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
  return { ...f, qr, payload: encodeEmvQr(qr) };
}

const arbInvoice: fc.Arbitrary<Invoice> = fc.record({
  merchant: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => getAddress(hexlify(b))),
  amount: fc.bigInt({ min: 1n, max: 10n ** 15n }),
  vatCategory: fc.integer({ min: 0, max: 4 }),
  vatRateBps: fc.integer({ min: 0, max: 10_000 }),
  expiry: fc.bigInt({ min: 0n, max: 2n ** 40n - 1n }),
  nonce: fc.bigInt({ min: 0n, max: 10n ** 20n }),
  orderRef: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hexlify(b)),
});

describe("QR and EIP-681 payment requests", () => {
  describe("CRC-16/CCITT-FALSE", () => {
    it('gives the standard check value 0x29B1 for "123456789"', () => {
      expect(crc16ccitt("123456789")).to.equal(0x29b1);
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

    it("round-trips any invoice (property)", () => {
      fc.assert(
        fc.property(arbInvoice, fc.boolean(), fc.integer({ min: 1, max: 9999 }), (invoice, signed, mcc) => {
          const signature = signed ? `${hexlify(randomBytes(32))}${"22".repeat(32)}1b` : undefined;
          const qr: QrInvoice = {
            invoice,
            signature,
            chainId: 56n,
            contract: invoice.merchant,
            mcc,
            merchantName: "SHOP",
            city: "ASTANA",
          };
          expect(decodeEmvQr(encodeEmvQr(qr))).to.deep.equal(qr);
        }),
        { numRuns: 300 },
      );
    });

    it("round-trips an invoice registered on-chain (no signature)", async () => {
      const f = await loadFixture(signedQr);
      const qr = { ...f.qr, signature: undefined };
      expect(decodeEmvQr(encodeEmvQr(qr))).to.deep.equal(qr);
    });

    it("rejects a payload with a bad CRC", async () => {
      const f = await loadFixture(signedQr);
      const last = f.payload.at(-1) === "0" ? "1" : "0";
      expect(() => decodeEmvQr(f.payload.slice(0, -1) + last)).to.throw(QrPayloadError, /CRC mismatch/);
    });

    it("rejects an edited amount by its CRC, and by the merchant's signature when the CRC was recomputed", async () => {
      const f = await loadFixture(signedQr);
      const edited = f.payload.replace("54071160.00", "54071100.00");
      expect(edited).to.not.equal(f.payload);
      expect(() => decodeEmvQr(edited)).to.throw(QrPayloadError, /CRC mismatch/);
      const forged = decodeEmvQr(withFreshCrc(edited));
      expect(forged.invoice.amount).to.equal(tenge(1100));
      expect(isInvoiceSignedByMerchant(f.domain, forged.invoice, forged.signature ?? "0x")).to.equal(false);
      await expect(
        f.payments.connect(f.alice).payInvoice(forged.invoice, forged.signature ?? "0x"),
      ).to.be.revertedWithCustomError(f.payments, "InvoiceSignatureInvalid");
    });

    it("rejects a payload that is not a DKZT tenge request (currency, template, truncation)", async () => {
      const f = await loadFixture(signedQr);
      expect(() => decodeEmvQr(withFreshCrc(f.payload.replace("5303398", "5303840")))).to.throw(
        QrPayloadError,
        /currency must be 398/,
      );
      expect(() => decodeEmvQr(withFreshCrc(f.payload.replace("KZ.DKZT", "KZ.XXXX")))).to.throw(
        QrPayloadError,
        /not a DKZT template/,
      );
      expect(() => decodeEmvQr(withFreshCrc(f.payload.slice(0, 40) + f.payload.slice(48)))).to.throw(QrPayloadError);
      expect(() => decodeEmvQr("hello")).to.throw(QrPayloadError, /CRC/);
    });

    it("refuses to encode a nonce that does not fit, or a payload over 512 characters", async () => {
      const f = await loadFixture(signedQr);
      expect(() => encodeEmvQr({ ...f.qr, invoice: { ...f.qr.invoice, nonce: MAX_QR_NONCE + 1n } })).to.throw(
        QrPayloadError,
        /nonce/,
      );
      const widest = { ...f.qr.invoice, nonce: MAX_QR_NONCE, amount: 2n ** 96n - 1n, expiry: 2n ** 40n - 1n };
      expect(() =>
        encodeEmvQr({
          ...f.qr,
          chainId: 9_999_999n,
          invoice: widest,
          merchantName: "X".repeat(25),
          city: "Y".repeat(15),
        }),
      ).to.throw(QrPayloadError, /EMV allows 512/);
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

  describe("EIP-681 URI", () => {
    it("round-trips a signed invoice", async () => {
      const f = await loadFixture(signedQr);
      const request = {
        contract: f.qr.contract,
        chainId: f.qr.chainId,
        invoice: f.qr.invoice,
        signature: f.qr.signature ?? "0x",
      };
      const uri = encodeEip681(request);
      expect(uri.startsWith(`ethereum:${f.qr.contract}@${f.qr.chainId}/payInvoice?merchant=`)).to.equal(true);
      expect(decodeEip681(uri)).to.deep.equal(request);
    });

    it("round-trips any invoice (property)", () => {
      fc.assert(
        fc.property(arbInvoice, fc.bigInt({ min: 1n, max: 2n ** 32n }), (invoice, chainId) => {
          const request = {
            contract: invoice.merchant,
            chainId,
            invoice: { ...invoice, orderRef: invoice.orderRef.toLowerCase() },
            signature: "0x",
          };
          expect(decodeEip681(encodeEip681(request))).to.deep.equal(request);
        }),
        { numRuns: 300 },
      );
    });

    it("decodes an edited amount, which the merchant's signature then rejects", async () => {
      const f = await loadFixture(signedQr);
      const uri = encodeEip681({
        contract: f.qr.contract,
        chainId: f.qr.chainId,
        invoice: f.qr.invoice,
        signature: f.qr.signature ?? "0x",
      });
      const edited = decodeEip681(uri.replace(`amount=${tenge(1160)}`, `amount=${tenge(1)}`));
      expect(edited.invoice.amount).to.equal(tenge(1));
      expect(isInvoiceSignedByMerchant(f.domain, edited.invoice, edited.signature)).to.equal(false);
    });

    it("rejects unknown, repeated or missing parameters, bad numbers and bad checksums", async () => {
      const f = await loadFixture(signedQr);
      const uri = encodeEip681({
        contract: f.qr.contract,
        chainId: f.qr.chainId,
        invoice: f.qr.invoice,
        signature: f.qr.signature ?? "0x",
      });
      expect(() => decodeEip681(`${uri}&value=1`)).to.throw(Eip681Error, /unknown parameter: value/);
      expect(() => decodeEip681(`${uri}&nonce=1`)).to.throw(Eip681Error, /parameter twice: nonce/);
      expect(() => decodeEip681(uri.replace(/&nonce=\d+/, ""))).to.throw(Eip681Error, /missing parameter: nonce/);
      expect(() => decodeEip681(uri.replace(/amount=\d+/, "amount=1e5"))).to.throw(
        Eip681Error,
        /amount is not an unsigned integer/,
      );
      const lower = f.qr.contract.toLowerCase();
      const badChecksum = lower.slice(0, 2) + lower.slice(2).replace(/[a-f]/, (c) => c.toUpperCase());
      expect(() => decodeEip681(uri.replace(f.qr.contract, badChecksum))).to.throw(Eip681Error, /checksum/);
      expect(() => decodeEip681("bitcoin:abc")).to.throw(Eip681Error);
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
