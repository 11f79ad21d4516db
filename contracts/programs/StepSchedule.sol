// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title StepSchedule
 * @notice The move-to-earn reward schedule: a table of step thresholds (strictly increasing) and the reward in
 * tiyn each earns. A day's steps earn the reward of the highest threshold they reach, capped by the daily cap.
 * @dev No division: a reward is a table entry or the cap, exact to the tiyn.
 */
library StepSchedule {
    /// @dev Most rows a schedule may have (a claim reads at most this many storage words).
    uint256 internal constant MAX_ROWS = 16;
    /// @dev Largest reward or cap, in tiyn.
    uint256 internal constant MAX_REWARD = type(uint96).max;

    /// @notice Why a table is not a schedule (None: it is one); `row` says where.
    enum Flaw {
        None,
        Empty,
        TooLong,
        LengthMismatch,
        NotIncreasing,
        RewardZero,
        RewardTooLarge
    }

    /// @notice Check a table; returns the first flaw and its row.
    function validate(uint32[] calldata thresholds, uint256[] calldata rewards) internal pure returns (Flaw, uint256) {
        if (thresholds.length == 0) return (Flaw.Empty, 0);
        if (thresholds.length > MAX_ROWS) return (Flaw.TooLong, thresholds.length);
        if (thresholds.length != rewards.length) return (Flaw.LengthMismatch, rewards.length);
        for (uint256 i; i < thresholds.length; ++i) {
            if (i != 0 && thresholds[i] <= thresholds[i - 1]) return (Flaw.NotIncreasing, i);
            if (rewards[i] == 0) return (Flaw.RewardZero, i);
            if (rewards[i] > MAX_REWARD) return (Flaw.RewardTooLarge, i);
        }
        return (Flaw.None, 0);
    }

    /**
     * @notice The reward `steps` earn under a packed table (see {pack}), before the cap: the reward of the highest
     * threshold <= steps, or 0 below the first threshold. Rounds nothing.
     */
    function rewardFor(uint256[] storage table, uint256 steps) internal view returns (uint256) {
        for (uint256 i = table.length; i != 0; --i) {
            uint256 row = table[i - 1];
            if (steps >= uint32(row)) return row >> 32;
        }
        return 0;
    }

    /// @notice One table row as a word: threshold in the low 32 bits, the reward above them.
    function pack(uint32 threshold, uint256 reward) internal pure returns (uint256) {
        return (reward << 32) | threshold;
    }

    /// @notice The paid amount: the scheduled reward, capped by `cap` (never more than either).
    function capped(uint256 scheduled, uint256 cap) internal pure returns (uint256) {
        return scheduled < cap ? scheduled : cap;
    }
}
