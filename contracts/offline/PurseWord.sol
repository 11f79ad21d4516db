// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title PurseWord
 * @notice The layout of an offline purse's settlement state in one storage word: everything a redemption reads
 * and writes (balance, deadline, status, payment cap and the spent serials) sits together, so redeeming a
 * purse's cheques touches one slot.
 * @dev Layout, least significant bit first:
 *
 * | bits    | field        | type     | meaning                                                              |
 * |---------|--------------|----------|----------------------------------------------------------------------|
 * | 0..47   | balance      | uint48   | tiyn; 2^48 tiyn is 2.8 trillion tenge, far above any offline cap     |
 * | 48..87  | settleBy     | uint40   | unix seconds: the last moment a cheque of this purse settles         |
 * | 88..91  | flags        | 4 bits   | FROZEN, REVOKED, CLOSING, CLOSED                                     |
 * | 92..95  | maxPayments  | uint4    | 1..MAX_PAYMENTS; never zero in a registered purse (word != 0)        |
 * | 96..255 | fingerprints | 10 x 16  | serial s at bits 96+16s: 0 unspent, else the spending cheque's print |
 *
 * Setters take values bounded by their callers (amounts by the purse cap, which is at most MAX_BALANCE; serials
 * by maxPayments) and mask what they write so a wide argument never spills into a neighbouring field.
 */
library PurseWord {
    /// @dev Largest balance (and so cap) a purse can hold, in tiyn.
    uint256 internal constant MAX_BALANCE = type(uint48).max;
    /// @dev Largest settleBy, in unix seconds.
    uint256 internal constant MAX_TIME = type(uint40).max;
    /// @dev Most cheques a purse can settle: the fingerprint slots in the word.
    uint256 internal constant MAX_PAYMENTS = 10;

    uint256 internal constant _BALANCE_MASK = (1 << 48) - 1;
    uint256 internal constant _SETTLE_SHIFT = 48;
    uint256 internal constant _SETTLE_MASK = ((1 << 40) - 1) << 48;
    uint256 internal constant _PAYMENTS_SHIFT = 92;
    uint256 internal constant _SLOTS_SHIFT = 96;
    uint256 internal constant _SLOT_MASK = 0xffff;

    /// @dev A double spend was detected.
    uint256 internal constant FROZEN = 1 << 88;
    /// @dev The bank revoked the device key.
    uint256 internal constant REVOKED = 1 << 89;
    /// @dev The owner asked to close the purse.
    uint256 internal constant CLOSING = 1 << 90;
    /// @dev Reclaimed or swept: closed for good.
    uint256 internal constant CLOSED = 1 << 91;
    /// @dev All status flags.
    uint256 internal constant FLAGS = FROZEN | REVOKED | CLOSING | CLOSED;

    /// @dev A new purse's word: empty, Active, settling until `settleBy_`, with `maxPayments_` serials.
    function create(uint256 maxPayments_, uint256 settleBy_) internal pure returns (uint256) {
        return ((maxPayments_ & 0xf) << _PAYMENTS_SHIFT) | ((settleBy_ << _SETTLE_SHIFT) & _SETTLE_MASK);
    }

    function balance(uint256 word) internal pure returns (uint256) {
        return word & _BALANCE_MASK;
    }

    function withBalance(uint256 word, uint256 newBalance) internal pure returns (uint256) {
        return (word & ~_BALANCE_MASK) | (newBalance & _BALANCE_MASK);
    }

    function settleBy(uint256 word) internal pure returns (uint256) {
        return (word & _SETTLE_MASK) >> _SETTLE_SHIFT;
    }

    function withSettleBy(uint256 word, uint256 time) internal pure returns (uint256) {
        return (word & ~_SETTLE_MASK) | ((time << _SETTLE_SHIFT) & _SETTLE_MASK);
    }

    /// @dev Brings settleBy forward to `time` when that is earlier; never pushes it back.
    function settleNoLaterThan(uint256 word, uint256 time) internal pure returns (uint256) {
        return time < settleBy(word) ? withSettleBy(word, time) : word;
    }

    function maxPayments(uint256 word) internal pure returns (uint256) {
        return (word >> _PAYMENTS_SHIFT) & 0xf;
    }

    function has(uint256 word, uint256 flag) internal pure returns (bool) {
        return word & flag != 0;
    }

    /// @dev The fingerprint stored for `serial` (< MAX_PAYMENTS), 0 when unspent.
    function fingerprintAt(uint256 word, uint256 serial) internal pure returns (uint256) {
        return (word >> (_SLOTS_SHIFT + 16 * serial)) & _SLOT_MASK;
    }

    /// @dev `word` with `serial`'s slot (< MAX_PAYMENTS) set to `print` (0 frees it).
    function withFingerprint(uint256 word, uint256 serial, uint256 print) internal pure returns (uint256) {
        uint256 shift = _SLOTS_SHIFT + 16 * serial;
        return (word & ~(_SLOT_MASK << shift)) | ((print & _SLOT_MASK) << shift);
    }

    /// @dev How many serials are spent.
    function settledPayments(uint256 word) internal pure returns (uint256 count) {
        for (uint256 serial; serial < MAX_PAYMENTS; ++serial) {
            if (fingerprintAt(word, serial) != 0) ++count;
        }
    }

    /// @dev The 16-bit fingerprint of a cheque digest: its top 16 bits, or 1 when those are zero (0 means unspent).
    function fingerprintOf(bytes32 digest) internal pure returns (uint256 print) {
        print = uint256(digest) >> 240;
        if (print == 0) print = 1;
    }
}
