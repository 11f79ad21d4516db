/**
 * The top-level keys of reports/load.json, in order: the six first, then the proxied baseline's figures,
 * then the details. Written out here, on the test side, so the tests check the report against the issue rather than
 * against the code that writes it.
 */
export const LOAD_REPORT_KEYS = [
  "payments",
  "lost",
  "duplicated",
  "dkztPerSec",
  "erc20PerSec",
  "ratio",
  "erc20ProxiedPerSec",
  "ratioVsProxied",
  "details",
] as const;
