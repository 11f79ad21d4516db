// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AlmatyTime
 * @notice The one definition of the Almaty-local day the whole suite counts in: daily limits (the ledger),
 * lunch days and program calendars (programs), merchant settlement days (payments). Kazakhstan runs on one time
 * zone, UTC+5, since March 2024; days roll at local midnight.
 */
library AlmatyTime {
    /// @dev Offset of Almaty local time from UTC, in seconds.
    uint256 internal constant OFFSET = 5 hours;

    /// @notice The Almaty-local day index (days since 1970-01-01 local) of `timestamp` (Unix seconds).
    function day(uint256 timestamp) internal pure returns (uint256) {
        return (timestamp + OFFSET) / 1 days;
    }
}
