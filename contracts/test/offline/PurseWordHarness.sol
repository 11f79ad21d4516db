// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PurseWord} from "../../offline/PurseWord.sol";

/// @notice Test-only: exposes the PurseWord layout library so its field bounds can be tested on their own.
contract PurseWordHarness {
    using PurseWord for uint256;

    function create(uint256 maxPayments, uint256 settleBy) external pure returns (uint256) {
        return PurseWord.create(maxPayments, settleBy);
    }

    function balance(uint256 word) external pure returns (uint256) {
        return word.balance();
    }

    function withBalance(uint256 word, uint256 value) external pure returns (uint256) {
        return word.withBalance(value);
    }

    function settleBy(uint256 word) external pure returns (uint256) {
        return word.settleBy();
    }

    function settleNoLaterThan(uint256 word, uint256 time) external pure returns (uint256) {
        return word.settleNoLaterThan(time);
    }

    function maxPayments(uint256 word) external pure returns (uint256) {
        return word.maxPayments();
    }

    function fingerprintAt(uint256 word, uint256 serial) external pure returns (uint256) {
        return word.fingerprintAt(serial);
    }

    function withFingerprint(uint256 word, uint256 serial, uint256 print) external pure returns (uint256) {
        return word.withFingerprint(serial, print);
    }

    function settledPayments(uint256 word) external pure returns (uint256) {
        return word.settledPayments();
    }

    function fingerprintOf(bytes32 digest) external pure returns (uint256) {
        return PurseWord.fingerprintOf(digest);
    }

    function flags() external pure returns (uint256 frozen, uint256 revoked, uint256 closing, uint256 closed) {
        return (PurseWord.FROZEN, PurseWord.REVOKED, PurseWord.CLOSING, PurseWord.CLOSED);
    }
}
