/**
 * Offline payments (issue 7). The offline parts (types, cheque, verify, device, batch) never touch a network;
 * `online` deploys, loads and talks to the contract.
 */
export * from "./types";
export * from "./limits";
export * from "./cheque";
export * from "./verify";
export * from "./device";
export * from "./batch";
export * from "./online";
