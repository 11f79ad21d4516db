// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";

/// @notice Benchmark baseline: OpenZeppelin's upgradeable ERC-20, deployed behind an ERC1967Proxy.
contract BaselineERC20Upgradeable is ERC20Upgradeable {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initialise the proxy and mint `supply` to `holder`.
    function initialize(address holder, uint256 supply) external initializer {
        __ERC20_init("Baseline", "BASE");
        _mint(holder, supply);
    }
}
