/**
 * Kazakh and Russian Cyrillic to Latin in EMVCo's common character set (printable ASCII), for the merchant name
 * and city of a QR payload (EMV tags 59 and 60), upper case as on cards and in passports' machine-readable zone:
 *
 * - Russian letters as ICAO Doc 9303 Part 3 (machine-readable travel documents) transliterates them:
 *   А A, Б B, В V, Г G, Д D, Е E, Ё E, Ж ZH, З Z, И I, Й I, К K, Л L, М M, Н N, О O, П P, Р R, С S, Т T, У U,
 *   Ф F, Х KH, Ц TS, Ч CH, Ш SH, Щ SHCH, Ъ IE, Ы Y, Ь (dropped), Э E, Ю IU, Я IA;
 * - the nine Kazakh letters as the 2021 Kazakh Latin alphabet writes them, diacritics dropped:
 *   Ә A (Ä), Ғ G (Ğ), Қ Q, Ң N (Ñ), Ө O (Ö), Ұ U (Ū), Ү U (Ü), Һ H, І I;
 * - Latin letters with diacritics lose them (É E), № is "No", « and » are '"'.
 *
 * "Магазин Алтын" → "MAGAZIN ALTYN", "Алматы" → "ALMATY", "Қарағанды" → "QARAGANDY". Any other character
 * (another script, an emoji) has no transliteration: the merchant registers a Latin name instead.
 */

const LETTERS: Record<string, string> = {
  А: "A", Б: "B", В: "V", Г: "G", Д: "D", Е: "E", Ё: "E", Ж: "ZH", З: "Z", И: "I", Й: "I", К: "K", Л: "L",
  М: "M", Н: "N", О: "O", П: "P", Р: "R", С: "S", Т: "T", У: "U", Ф: "F", Х: "KH", Ц: "TS", Ч: "CH", Ш: "SH",
  Щ: "SHCH", Ъ: "IE", Ы: "Y", Ь: "", Э: "E", Ю: "IU", Я: "IA",
  Ә: "A", Ғ: "G", Қ: "Q", Ң: "N", Ө: "O", Ұ: "U", Ү: "U", Һ: "H", І: "I",
  "№": "NO", "«": '"', "»": '"',
}; // prettier-ignore

/** Whether `text` is in EMVCo's common character set (printable ASCII, 0x20-0x7E). */
export function isEmvCommon(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** A character with no transliteration. */
export class TransliterationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransliterationError";
  }
}

/** `text` in upper-case Latin (the table above). Throws {TransliterationError} naming a character it cannot map. */
export function toLatin(text: string): string {
  let out = "";
  for (const c of text.toUpperCase()) {
    const mapped = LETTERS[c] ?? c.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    if (!isEmvCommon(mapped))
      throw new TransliterationError(
        `no Latin transliteration for ${JSON.stringify(c)} (U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}) in ${JSON.stringify(text)}: register a Latin name`,
      );
    out += mapped;
  }
  return out;
}
