// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title BeneficiaryWord
 * @notice The layout of one enrolled beneficiary of a purpose-bound program in a single storage word, and the
 * pure money math of spending against its limits. A card tap reads and writes this one word, so the per-tap
 * cost of the limits is one warm-or-cold slot (the word is never zero once enrolled, so a tap never pays for a
 * fresh slot).
 * @dev Layout, least significant bit first:
 *
 * | bits     | field       | type    | meaning                                                         |
 * |----------|-------------|---------|-----------------------------------------------------------------|
 * | 0..31    | day         | uint32  | Almaty-local day index `spentToday` belongs to                  |
 * | 32..127  | spentToday  | uint96  | tiyn spent on `day`, counted against the per-day limit          |
 * | 128..223 | spentTotal  | uint96  | tiyn spent over the whole program, against the per-program limit |
 * | 224..252 | (reserved)  |         | zero                                                            |
 * | 253      | ACCOUNT     | flag    | the beneficiary id is a DKZT account (guardian rules apply)     |
 * | 254      | REVOKED     | flag    | the funder removed the beneficiary: nothing more is paid for it |
 * | 255      | ENROLLED    | flag    | set at enrolment, so an enrolled word is never zero             |
 *
 * Amounts only add: no division, so no rounding. A limit is at most MAX_LIMIT (2^96 - 1 tiyn, above any DKZT
 * supply), and a spend is accepted only when the new counters are within their limits, so both counters always
 * fit their 96-bit fields.
 */
library BeneficiaryWord {
    /// @dev Largest limit, in tiyn; a limit of MAX_LIMIT never binds (it is above any DKZT supply).
    uint256 internal constant MAX_LIMIT = type(uint96).max;

    uint256 internal constant ACCOUNT = 1 << 253;
    uint256 internal constant REVOKED = 1 << 254;
    uint256 internal constant ENROLLED = 1 << 255;

    uint256 private constant _DAY_MASK = (1 << 32) - 1;
    uint256 private constant _TODAY_SHIFT = 32;
    uint256 private constant _TOTAL_SHIFT = 128;
    uint256 private constant _FIELD_MASK = (1 << 96) - 1;
    uint256 private constant _FLAGS_MASK = ACCOUNT | REVOKED | ENROLLED;

    /// @notice Why a spend was refused (None: accepted).
    enum Refusal {
        None,
        DailyLimit,
        ProgramLimit
    }

    /// @notice The word of a beneficiary just enrolled, with no spending.
    function enrolled(bool isAccount) internal pure returns (uint256) {
        return isAccount ? ENROLLED | ACCOUNT : ENROLLED;
    }

    /// @notice Tiyn spent on `onDay` (zero when the counter belongs to another day).
    function spentOn(uint256 word, uint256 onDay) internal pure returns (uint256) {
        return word & _DAY_MASK == onDay ? (word >> _TODAY_SHIFT) & _FIELD_MASK : 0;
    }

    function spentTotal(uint256 word) internal pure returns (uint256) {
        return (word >> _TOTAL_SHIFT) & _FIELD_MASK;
    }

    /**
     * @notice Spend `amount` on `onDay` against `perDay` and `perProgram` (both <= MAX_LIMIT, `onDay` < 2^32).
     * @return newWord The word with the spend counted (unchanged `word` when refused).
     * @return refusal None when accepted; otherwise the limit that refused it.
     * @return attempted What the refusing counter would have reached (the new daily total when accepted).
     * @dev Exact: counters add `amount`, nothing is rounded. A spend on a later day than the word's restarts the
     * daily counter; on the same day it adds to it. (Days only move forward: callers spend on today.)
     */
    function spend(
        uint256 word,
        uint256 onDay,
        uint256 amount,
        uint256 perDay,
        uint256 perProgram
    ) internal pure returns (uint256 newWord, Refusal refusal, uint256 attempted) {
        // Cannot overflow: each counter is < 2^96 and amount < 2^96 (a DKZT amount), far below 2^256.
        uint256 today = spentOn(word, onDay) + amount;
        if (today > perDay) return (word, Refusal.DailyLimit, today);
        uint256 total = spentTotal(word) + amount;
        if (total > perProgram) return (word, Refusal.ProgramLimit, total);
        // today <= perDay <= MAX_LIMIT and total <= perProgram <= MAX_LIMIT: both fit their 96-bit fields.
        newWord = (word & _FLAGS_MASK) | (total << _TOTAL_SHIFT) | (today << _TODAY_SHIFT) | (onDay & _DAY_MASK);
        return (newWord, Refusal.None, today);
    }
}
