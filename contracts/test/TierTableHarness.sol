// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TierTable} from "../ledger/TierTable.sol";

/// @title TierTableHarness
/// @notice Test-only: exposes the {TierTable} library (the ledger's configuration word) for property tests.
contract TierTableHarness {
    /// @notice TierTable.UNLIMITED.
    uint256 public constant UNLIMITED = TierTable.UNLIMITED;
    /// @notice TierTable.UNLIMITED_CODE.
    uint256 public constant UNLIMITED_CODE = TierTable.UNLIMITED_CODE;
    /// @notice TierTable.MAX_TIER.
    uint8 public constant MAX_TIER = TierTable.MAX_TIER;
    /// @notice TierTable.MAX_FINITE_LIMIT.
    uint256 public constant MAX_FINITE_LIMIT = TierTable.MAX_FINITE_LIMIT;
    /// @notice TierTable.PAUSED.
    uint256 public constant PAUSED = TierTable.PAUSED;

    /// @notice TierTable.encode.
    function encode(uint256 limit) external pure returns (uint256) {
        return TierTable.encode(limit);
    }

    /// @notice TierTable.decode.
    function decode(uint256 code) external pure returns (uint256) {
        return TierTable.decode(code);
    }

    /// @notice TierTable.withTier.
    function withTier(uint256 config, uint256 t, uint256 holding, uint256 daily) external pure returns (uint256) {
        return TierTable.withTier(config, t, holding, daily);
    }

    /// @notice TierTable.holdingLimit.
    function holdingLimit(uint256 config, uint256 t) external pure returns (uint256) {
        return TierTable.holdingLimit(config, t);
    }

    /// @notice TierTable.dailyLimit.
    function dailyLimit(uint256 config, uint256 t) external pure returns (uint256) {
        return TierTable.dailyLimit(config, t);
    }

    /// @notice TierTable.isDefined.
    function isDefined(uint256 config, uint256 t) external pure returns (bool) {
        return TierTable.isDefined(config, t);
    }

    /// @notice TierTable.isPaused.
    function isPaused(uint256 config) external pure returns (bool) {
        return TierTable.isPaused(config);
    }

    /// @notice TierTable.withPaused.
    function withPaused(uint256 config, bool paused) external pure returns (uint256) {
        return TierTable.withPaused(config, paused);
    }
}
