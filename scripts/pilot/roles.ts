/**
 * Privileged calls of the pilot go through one function, so that they can move behind the suite's Safe helper
 * (src/governance) in one place: today each role holder signs with its own key.
 */
import type { Signer } from "ethers";
import type { PilotCast } from "./cast";

/** The role holders the pilot acts as, by the role they hold. */
export type RoleHolder =
  | "CENTRAL_BANK"
  | "OPERATOR"
  | "TAX_AUTHORITY"
  | "GOLD_CUSTODIAN"
  | "GOLD_PRICE_FEED"
  | "STABLE_ISSUER"
  | "FOREIGN_CENTRAL_BANK"
  | "FOREIGN_OPERATOR";

/** The signer that exercises `role` (later: the Safe transaction builder of the role's multisig). */
export function asRoleHolder(cast: PilotCast, role: RoleHolder): Signer {
  switch (role) {
    case "CENTRAL_BANK":
      return cast.centralBank.signer;
    case "OPERATOR":
      return cast.operator.signer;
    case "TAX_AUTHORITY":
      return cast.taxAuthority.signer;
    case "GOLD_CUSTODIAN":
      return cast.goldCustodian.signer;
    case "GOLD_PRICE_FEED":
      return cast.goldPriceFeed.signer;
    case "STABLE_ISSUER":
      return cast.stableIssuer.signer;
    case "FOREIGN_CENTRAL_BANK":
      return cast.foreignCentralBank.signer;
    case "FOREIGN_OPERATOR":
      return cast.foreignOperator.signer;
  }
}
