// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IClosureCheck
 * @notice What the ledger asks before a bank closes a customer's account for good: does the account still hold
 * value outside the ledger (gold tokens, stablecoin)? Closing it would strand that value at an address nobody
 * may use again, so the check reverts with its own error naming what is left.
 */
interface IClosureCheck {
    /// @notice Reverts unless `account` holds nothing the suite keeps outside the ledger.
    function requireClosable(address account) external view;
}
