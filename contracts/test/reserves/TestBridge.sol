// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";

/**
 * @notice Test-only ERC-7802 bridge between two stablecoin instances standing for two chains on one test chain:
 * a crosschain send burns on the source and mints on the destination in one transaction (the message a real
 * bridge relays). {relayMint} stands for a rogue or replayed message: a mint with no burn behind it.
 */
contract TestBridge {
    /// @notice Move `amount` of the caller's tokens from `source` to `recipient` on `destination`.
    function send(IERC7802 source, IERC7802 destination, address recipient, uint256 amount) external {
        source.crosschainBurn(msg.sender, amount);
        destination.crosschainMint(recipient, amount);
    }

    /// @notice Burn `amount` of the caller's tokens on `source` only (the message is still in flight).
    function burnOnly(IERC7802 source, uint256 amount) external {
        source.crosschainBurn(msg.sender, amount);
    }

    /// @notice Mint `amount` to `recipient` on `destination` with no burn (a relayed message, honest or not).
    function relayMint(IERC7802 destination, address recipient, uint256 amount) external {
        destination.crosschainMint(recipient, amount);
    }
}
