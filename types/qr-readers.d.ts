/**
 * Types for the independent QR and payment-link readers the standards tests check our codes with (the packages
 * ship none). Only what the tests use. Kept outside test/: mocha loads every .ts file there as a test file, and a
 * declaration file has nothing to run.
 */
declare module "eth-url-parser" {
  /** An EIP-681 URI, parsed: parameters keyed by name (an ABI type for a function's arguments), in order. */
  export interface EthUrl {
    scheme: "ethereum";
    prefix?: string;
    target_address: string;
    chain_id?: string;
    function_name?: string;
    parameters?: Record<string, string>;
  }
  export function parse(uri: string): EthUrl;
  export function build(url: Omit<EthUrl, "scheme">): string;
}

declare module "emvqr" {
  /** One EMV data object as emvqr reads it (templates 02-51 and 62 are read into their data objects). */
  export interface EmvItem {
    id: string;
    name: string;
    len: number;
    data: string | Record<string, EmvItem>;
  }
  /** Parse an EMV MPM payload; throws "checksum validation failed." when the CRC is wrong. */
  export function decode(payload: string): Record<string, EmvItem>;
}

declare module "emvqr/emvqr/crc" {
  /** emvqr's CRC-16 over the UTF-8 bytes of `text`: upper-case hex, padded to an even number of digits only. */
  export function computeCRC(text: string): string;
}
