import { ERC1271WalletMock__factory } from "../../typechain-types";
import { fundedLedger, ref } from "../helpers/fixtures";
import { tenge } from "../../src/money";
import { AccountKind, Tier } from "../../src/tiers";
import { shouldBehaveLikeSuiteToken, type SharedToken } from "./shared.behaviour";

/** DKZT: alice pays bob, the merchant spends; a smart account of alice's key, onboarded by bank A, holds 1 000 ₸. */
async function dkzt(): Promise<SharedToken> {
  const f = await fundedLedger();
  const wallet = await new ERC1271WalletMock__factory(f.deployer).deploy(f.alice.address);
  const address = await wallet.getAddress();
  await f.ledger.connect(f.bankA).onboardCustomer(address, AccountKind.Individual, Tier.STANDARD, ref("cust-wallet"));
  await f.ledger.connect(f.bankA).transfer(address, tenge(1_000));
  return {
    contract: f.ledger,
    holder: f.alice,
    receiver: f.bob,
    spender: f.merchant,
    relayer: f.stranger,
    amount: tenge(100),
    pause: () => f.ledger.connect(f.operator).pause(),
    pausedError: "LedgerPaused",
    unregisteredSpender: { address: f.stranger.address, error: "AccountNotRegistered" },
    smartAccount: { address, key: f.alice },
  };
}

shouldBehaveLikeSuiteToken("DKZT (DigitalTenge)", dkzt, {
  refusesUnregisteredSpenders: true,
  signedAuthorizations: true,
});
