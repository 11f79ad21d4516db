// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AlmatyTime
 * @notice The suite's one definition of a day: days since 1970-01-01 in Almaty local time (UTC+5). The ledger's
 * daily limits, the payments modules' turnover and the programs' per-day limits all roll over at Almaty midnight.
 */
library AlmatyTime {
    /// @dev Offset of Almaty local time from UTC, in seconds.
    uint256 internal constant OFFSET = 5 hours;

    /// @notice The Almaty-local day index of unix time `timestamp` (seconds); rounds down to the day's start.
    function day(uint256 timestamp) internal pure returns (uint256) {
        return (timestamp + OFFSET) / 1 days;
    }
}
