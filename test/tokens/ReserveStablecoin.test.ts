import { ERC1271WalletMock__factory } from "../../typechain-types";
import { stablecoinIssued } from "../reserves/fixtures";
import { tenge } from "../../src/money";
import { shouldBehaveLikeSuiteToken, type SharedToken } from "./shared.behaviour";

/** The home-chain stablecoin: alice (100 000 KZTE) pays bob, carol spends; a smart account of alice's key holds 1 000. */
async function reserveStablecoin(): Promise<SharedToken> {
  const f = await stablecoinIssued();
  const wallet = await new ERC1271WalletMock__factory(f.deployer).deploy(f.alice.address);
  const address = await wallet.getAddress();
  await f.stablecoin.connect(f.alice).transfer(address, tenge(1_000));
  return {
    contract: f.stablecoin,
    holder: f.alice,
    receiver: f.bob,
    spender: f.carol,
    relayer: f.stranger,
    amount: tenge(100),
    pause: () => f.stablecoin.connect(f.stableCompliance).pause(),
    pausedError: "EnforcedPause",
    smartAccount: { address, key: f.alice },
  };
}

shouldBehaveLikeSuiteToken("KZTE (ReserveStablecoin, home chain)", reserveStablecoin, {
  refusesUnregisteredSpenders: false,
  signedAuthorizations: true,
});
