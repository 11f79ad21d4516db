/**
 * Render a payload (EMV MPM or EIP-681) as a QR code PNG with the maintained `qrcode` package, loaded lazily
 * so the rest of src/payments works where it is not installed; and read a PNG back to its payload (`pngjs`
 * decodes the image, checking every chunk's CRC-32; `jsqr` finds and decodes the QR code, Reed-Solomon error
 * correction included), then to the payment request it carries (EMVCo MPM or EIP-681, each checked by its own
 * decoder: CRC-16, fields, checksummed addresses). Every failure is a {QrImageError}, {QrPayloadError} or
 * {Eip681Error} saying what is wrong; the merchant's signature is checked by the caller
 * ({isInvoiceSignedByMerchant}) or by the contract at payment.
 */
import { crc32 } from "node:zlib";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { decodeEmvQr, decodeStaticEmvQr, QrPayloadError, type QrInvoice, type StaticQr } from "./emvqr";
import { decodeEip681, decodeEip681Transfer, type Eip681Invoice, type Eip681Transfer } from "./eip681";

/** The part of the `qrcode` package's API used here. */
interface QrCodeModule {
  toBuffer(
    text: string,
    options: { type: "png"; errorCorrectionLevel: "L" | "M" | "Q" | "H"; margin: number; scale: number },
  ): Promise<Buffer>;
}

/** The package (and version) the PNG rendering needs. */
export const QR_PACKAGE = "qrcode";

function isQrCodeModule(value: unknown): value is QrCodeModule {
  return (
    typeof value === "object" && value !== null && typeof (value as { toBuffer?: unknown }).toBuffer === "function"
  );
}

/** Load `qrcode`, or explain how to get it. */
export async function loadQrCode(): Promise<QrCodeModule> {
  let loaded: unknown;
  try {
    loaded = await import(QR_PACKAGE);
  } catch {
    throw new Error(
      `QR PNG rendering needs the npm package ${QR_PACKAGE} (qrcode@1.5.4, types @types/qrcode@1.5.6), which is not installed`,
    );
  }
  const candidate = isQrCodeModule(loaded) ? loaded : (loaded as { default?: unknown }).default;
  if (!isQrCodeModule(candidate)) throw new Error(`${QR_PACKAGE} has no toBuffer()`);
  return candidate;
}

/** A PNG of `payload` as a QR code (error correction M, 4-module quiet zone). */
export async function renderQrPng(payload: string, scale = 6): Promise<Buffer> {
  const qrcode = await loadQrCode();
  return qrcode.toBuffer(payload, { type: "png", errorCorrectionLevel: "M", margin: 4, scale });
}

/** The PNG file signature, for checks. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An image that is not a readable PNG, or holds no readable QR code. */
export class QrImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QrImageError";
  }
}

/**
 * A payment request read from a QR code: an EMVCo merchant-presented payload (dynamic: an invoice; static: a
 * merchant's code) or an EIP-681 link (an invoice's payInvoiceFields call, or a plain DKZT transfer).
 */
export type ScannedRequest =
  | { format: "emv"; payload: string; request: QrInvoice }
  | { format: "emv-static"; payload: string; request: StaticQr }
  | { format: "eip681"; payload: string; request: Eip681Invoice }
  | { format: "eip681-transfer"; payload: string; request: Eip681Transfer };

/**
 * The text a QR code PNG carries. Throws {QrImageError} when `png` is not a PNG, a chunk fails its CRC-32 or the
 * image is otherwise corrupt, or no QR code can be read in it (none there, or damaged beyond its error correction).
 */
export function readQrPng(png: Buffer): string {
  if (png.length < PNG_SIGNATURE.length || !png.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new QrImageError("not a PNG image (bad file signature)");
  }
  checkPngChunks(png);
  let image: PNG;
  try {
    image = PNG.sync.read(png, { checkCRC: true });
  } catch (error) {
    throw new QrImageError(`corrupt PNG: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  const code = jsQR(pixels, image.width, image.height, { inversionAttempts: "dontInvert" });
  if (code === null) throw new QrImageError(`no readable QR code in the ${image.width}×${image.height} image`);
  return code.data;
}

/**
 * Walks `png`'s chunks (length, type, data, CRC-32 over type and data) and checks each CRC, up to IEND. pngjs's
 * synchronous reader reports a CRC failure only as "unrecognised content", so the check is done here to say
 * which chunk is damaged.
 */
function checkPngChunks(png: Buffer): void {
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > png.length) throw new QrImageError(`corrupt PNG: truncated chunk at byte ${at}`);
    const length = png.readUInt32BE(at);
    const end = at + 8 + length;
    if (end + 4 > png.length) throw new QrImageError(`corrupt PNG: chunk at byte ${at} runs past the end of the file`);
    const type = png.toString("latin1", at + 4, at + 8);
    if (crc32(png.subarray(at + 4, end)) !== png.readUInt32BE(end)) {
      throw new QrImageError(`corrupt PNG: chunk ${type} at byte ${at} fails its CRC-32`);
    }
    if (type === "IEND") return;
    at = end + 4;
  }
}

/**
 * The payment request in a QR payload: an EIP-681 link (`ethereum:…/payInvoiceFields?…` or `…/transfer?…`) or an
 * EMVCo MPM payload (`000201010212…` dynamic, `000201010211…` static), each decoded and checked by its own
 * decoder. Throws {QrPayloadError} for any other text.
 */
export function decodeQrPayload(payload: string): ScannedRequest {
  if (/^ethereum:0x[0-9a-fA-F]{40}@\d+\/transfer\?/.test(payload))
    return { format: "eip681-transfer", payload, request: decodeEip681Transfer(payload) };
  if (payload.startsWith("ethereum:")) return { format: "eip681", payload, request: decodeEip681(payload) };
  if (payload.startsWith("000201010211")) return { format: "emv-static", payload, request: decodeStaticEmvQr(payload) };
  if (payload.startsWith("000201")) return { format: "emv", payload, request: decodeEmvQr(payload) };
  throw new QrPayloadError(`not a payment request: neither EMVCo MPM (000201…) nor EIP-681 (ethereum:…)`);
}

/** Scan a QR code PNG back to the payment request it carries ({readQrPng}, then {decodeQrPayload}). */
export function decodeQrPng(png: Buffer): ScannedRequest {
  return decodeQrPayload(readQrPng(png));
}
