import { goldStocked } from "../reserves/fixtures";
import { shouldBehaveLikeSuiteToken, type SharedToken } from "./shared.behaviour";

/**
 * Tokenized gold: the custodian mints the spare kilobar (999.9 g) to alice, who pays bob; the merchant spends. Gold
 * has no permit or ERC-3009, and refuses a spender without a ledger account.
 */
async function gold(): Promise<SharedToken> {
  const f = await goldStocked();
  await f.gold.connect(f.custodian).mintAgainstBar(f.spareId, f.alice.address);
  return {
    contract: f.gold,
    holder: f.alice,
    receiver: f.bob,
    spender: f.merchant,
    relayer: f.stranger,
    amount: 1_000_000n, // 1 g
    pause: () => f.gold.connect(f.operator).pause(),
    pausedError: "EnforcedPause",
    unregisteredSpender: { address: f.trader.address, error: "HolderNotRegistered" },
  };
}

shouldBehaveLikeSuiteToken("GOLDKZ (GoldToken)", gold, {
  refusesUnregisteredSpenders: true,
  signedAuthorizations: false,
});
