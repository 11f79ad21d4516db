/**
 * The suite's modules an account may mandate to debit it (the ledger's module mandates), by the names `dkzt:deploy`
 * prints. Dependency-free so that the task definitions can list them in their help without loading the library.
 */
export const MANDATE_MODULES = [
  "payments",
  "cards",
  "purposePrograms",
  "markedPrograms",
  "moveToEarn",
  "stablecoin",
  "goldDesk",
  "offline",
  "gateway",
  "pvp",
  "htlc",
] as const;
export type MandateModule = (typeof MANDATE_MODULES)[number];

export function isMandateModule(name: string): name is MandateModule {
  return (MANDATE_MODULES as readonly string[]).includes(name);
}
