// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AlmatyTime} from "../ledger/AlmatyTime.sol";

/**
 * @title AlmatyCalendar
 * @notice The day index the payments modules date turnover and limits by: today's Almaty-local day, as the
 * suite's one definition {AlmatyTime} counts it (the day the ledger's daily limits roll over on).
 * @dev No day arithmetic of its own: only "today" for the payments modules, read from the block's timestamp.
 */
library AlmatyCalendar {
    /// @notice Today's Almaty-local day index.
    function today() internal view returns (uint256) {
        return AlmatyTime.day(block.timestamp);
    }
}
