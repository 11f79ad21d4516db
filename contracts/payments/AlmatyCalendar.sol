// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AlmatyCalendar
 * @notice The day index the payments modules date turnover and limits by: days since 1970-01-01 in Almaty
 * local time (UTC+5), the same day the ledger's daily limits roll over on.
 */
library AlmatyCalendar {
    /// @dev Offset of Almaty local time from UTC, in seconds (the ledger's DAY_OFFSET).
    uint256 internal constant DAY_OFFSET = 5 hours;

    /// @notice Today's Almaty-local day index.
    function today() internal view returns (uint256) {
        return (block.timestamp + DAY_OFFSET) / 1 days;
    }
}
