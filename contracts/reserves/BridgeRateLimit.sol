// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/**
 * @title BridgeRateLimit
 * @notice The arithmetic of a bridge's rate-limit buffer (the ERC-7281 / xERC20 model): a buffer holds at most
 * `limit` tiyn and refills linearly, from empty to full in {PERIOD}. Each mint (or burn) by the bridge spends from
 * its buffer, so over any span of `t` seconds a bridge moves at most `limit + limit × t / PERIOD` in each
 * direction: one limit at once, then the limit per day.
 */
library BridgeRateLimit {
    /// @dev Seconds for an empty buffer to refill to its limit: one day.
    uint256 internal constant PERIOD = 1 days;

    /**
     * @notice The buffer at `timestamp`: `buffer` (as of `updatedAt`) plus the refill since, capped at `limit`.
     * @dev Refill = floor((timestamp - updatedAt) × limit / PERIOD), rounded DOWN (never more than the rate).
     * Requires updatedAt <= timestamp. Cannot overflow: limit < 2^128 and the elapsed time < 2^64.
     */
    function available(
        uint256 buffer,
        uint256 updatedAt,
        uint256 limit,
        uint256 timestamp
    ) internal pure returns (uint256) {
        return Math.min(buffer + ((timestamp - updatedAt) * limit) / PERIOD, limit);
    }

    /**
     * @notice The buffer after the limit changes from `oldLimit` to `newLimit`, `current` being the buffer now:
     * a raise adds the difference, a cut takes it away (down to 0). Exact. The result is at most `newLimit`
     * when `current` <= `oldLimit`: what was already spent stays spent.
     */
    function resized(uint256 current, uint256 oldLimit, uint256 newLimit) internal pure returns (uint256) {
        if (newLimit >= oldLimit) return current + (newLimit - oldLimit);
        uint256 cut = oldLimit - newLimit;
        return current > cut ? current - cut : 0;
    }
}
