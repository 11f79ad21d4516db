// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccountWord} from "../ledger/AccountWord.sol";

/// @title AccountWordHarness
/// @notice Test-only: exposes the {AccountWord} library (the packed account layout) for property tests.
contract AccountWordHarness {
    /// @notice AccountWord.MAX_BALANCE.
    uint256 public constant MAX_BALANCE = AccountWord.MAX_BALANCE;
    /// @notice AccountWord.MAX_SPENT.
    uint256 public constant MAX_SPENT = AccountWord.MAX_SPENT;
    /// @notice AccountWord.REGISTERED.
    uint256 public constant REGISTERED = AccountWord.REGISTERED;
    /// @notice AccountWord.FROZEN.
    uint256 public constant FROZEN = AccountWord.FROZEN;
    /// @notice AccountWord.OUTBOUND_BLOCKED.
    uint256 public constant OUTBOUND_BLOCKED = AccountWord.OUTBOUND_BLOCKED;
    /// @notice AccountWord.WATERFALL.
    uint256 public constant WATERFALL = AccountWord.WATERFALL;
    /// @notice AccountWord.ATTACHED.
    uint256 public constant ATTACHED = AccountWord.ATTACHED;
    /// @notice AccountWord.CLOSED.
    uint256 public constant CLOSED = AccountWord.CLOSED;

    /// @notice AccountWord.balance.
    function balance(uint256 word) external pure returns (uint256) {
        return AccountWord.balance(word);
    }

    /// @notice AccountWord.withBalance.
    function withBalance(uint256 word, uint256 newBalance) external pure returns (uint256) {
        return AccountWord.withBalance(word, newBalance);
    }

    /// @notice AccountWord.spentToday.
    function spentToday(uint256 word) external pure returns (uint256) {
        return AccountWord.spentToday(word);
    }

    /// @notice AccountWord.spentDay.
    function spentDay(uint256 word) external pure returns (uint256) {
        return AccountWord.spentDay(word);
    }

    /// @notice AccountWord.spentOn.
    function spentOn(uint256 word, uint256 day) external pure returns (uint256) {
        return AccountWord.spentOn(word, day);
    }

    /// @notice AccountWord.withSpent.
    function withSpent(uint256 word, uint256 spent, uint256 day) external pure returns (uint256) {
        return AccountWord.withSpent(word, spent, day);
    }

    /// @notice AccountWord.bankId.
    function bankId(uint256 word) external pure returns (uint16) {
        return AccountWord.bankId(word);
    }

    /// @notice AccountWord.withBankId.
    function withBankId(uint256 word, uint16 id) external pure returns (uint256) {
        return AccountWord.withBankId(word, id);
    }

    /// @notice AccountWord.tier.
    function tier(uint256 word) external pure returns (uint8) {
        return AccountWord.tier(word);
    }

    /// @notice AccountWord.withTier.
    function withTier(uint256 word, uint8 newTier) external pure returns (uint256) {
        return AccountWord.withTier(word, newTier);
    }

    /// @notice AccountWord.kind.
    function kind(uint256 word) external pure returns (uint8) {
        return AccountWord.kind(word);
    }

    /// @notice AccountWord.withKind.
    function withKind(uint256 word, uint8 newKind) external pure returns (uint256) {
        return AccountWord.withKind(word, newKind);
    }

    /// @notice AccountWord.flags.
    function flags(uint256 word) external pure returns (uint8) {
        return AccountWord.flags(word);
    }

    /// @notice AccountWord.has.
    function has(uint256 word, uint256 flag) external pure returns (bool) {
        return AccountWord.has(word, flag);
    }

    /// @notice AccountWord.set.
    function set(uint256 word, uint256 flag, bool on) external pure returns (uint256) {
        return AccountWord.set(word, flag, on);
    }
}
