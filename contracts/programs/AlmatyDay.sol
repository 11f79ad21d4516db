// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AlmatyDay
 * @notice The day index the ledger uses for daily limits (Almaty local time, UTC+5): programs count their
 * per-day limits and report their days on the same calendar as DigitalTenge.today().
 */
library AlmatyDay {
    /// @dev Offset of Almaty local time from UTC, in seconds (DigitalTenge.DAY_OFFSET).
    uint256 internal constant OFFSET = 5 hours;

    /// @notice Today's Almaty-local day index.
    function today() internal view returns (uint256) {
        return (block.timestamp + OFFSET) / 1 days;
    }
}
