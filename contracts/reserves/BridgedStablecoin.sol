// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {StablecoinBase} from "./StablecoinBase.sol";

/**
 * @title BridgedStablecoin
 * @notice The stablecoin on a chain other than its home chain: no reserve here, only tokens that authorised
 * bridges brought in against tokens burned on the home chain. Invariant: totalSupply() == bridgedTotal(). Each
 * bridge mints here only from its mint buffer (its limit at once, then its limit a day), so a compromised bridge
 * creates at most that here, and never anything on the home chain. See {IStablecoin}.
 */
contract BridgedStablecoin is StablecoinBase {
    /**
     * @param name_ Token name (and EIP-712 domain name).
     * @param symbol_ Token symbol.
     * @param authority_ The AccessManager on this chain.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        address authority_
    ) StablecoinBase(name_, symbol_, authority_) {}

    /// @inheritdoc StablecoinBase
    function isHomeChain() public pure override returns (bool) {
        return false;
    }
}
