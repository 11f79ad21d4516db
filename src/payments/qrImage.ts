/**
 * Render a payload (EMV MPM or EIP-681) as a QR code PNG with the maintained `qrcode` package, loaded lazily
 * so the rest of src/payments works where it is not installed.
 */

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
