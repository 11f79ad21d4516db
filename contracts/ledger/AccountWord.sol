// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title AccountWord
 * @notice The layout of one DKZT account in a single storage word: the balance and everything the ledger must
 * know to move it (status, tier, kind, bank of record, today's outflow) are read and written together, so a
 * permissioned transfer touches the same two slots a plain ERC-20 transfer touches (ARCHITECTURE.md rule 3).
 * @dev Layout, least significant bit first:
 *
 * | bits    | field        | type    | meaning                                                         |
 * |---------|--------------|---------|-----------------------------------------------------------------|
 * | 0..95   | balance      | uint96  | tiyn; 2^96 tiyn is 7.9e26 tenge, far above any money supply     |
 * | 96..159 | spentToday   | uint64  | outflow counted against the daily limit on `spentDay`           |
 * | 160..191| spentDay     | uint32  | Almaty-local day index (see DigitalTenge.DAY_OFFSET)            |
 * | 192..207| bankId       | uint16  | bank of record (0: none)                                        |
 * | 208..215| tier         | uint8   | KYC tier, an index into the tier table                          |
 * | 216..223| kind         | uint8   | IDigitalTenge.AccountKind                                       |
 * | 224..231| flags        | uint8   | REGISTERED, FROZEN, OUTBOUND_BLOCKED, WATERFALL, ATTACHED, CLOSED,|
 * |         |              |         | GUARDED (bit 230), MODULE (bit 231)                             |
 * | 232..255| mandates     | uint24  | a customer's module mandates: bit s-1 set = the module holding  |
 * |         |              |         | mandate slot s may debit this account (see DigitalTenge)        |
 * |         | (modules)    | uint8   | a SystemContract's own mandate slot (1..24; 0: none) at 232..239 |
 *
 * Setters take values already bounded by their callers (amounts are checked against MAX_BALANCE, ids and
 * enums are typed), and mask what they write so a wide argument can never spill into a neighbouring field.
 */
library AccountWord {
    /// @dev Largest balance an account can hold, in tiyn.
    uint256 internal constant MAX_BALANCE = type(uint96).max;
    /// @dev Largest daily outflow counter, in tiyn.
    uint256 internal constant MAX_SPENT = type(uint64).max;

    uint256 internal constant _BALANCE_MASK = (1 << 96) - 1;
    uint256 internal constant _SPENT_SHIFT = 96;
    uint256 internal constant _SPENT_MASK = ((1 << 64) - 1) << 96;
    uint256 internal constant _DAY_SHIFT = 160;
    uint256 internal constant _DAY_MASK = ((1 << 32) - 1) << 160;
    uint256 internal constant _BANK_SHIFT = 192;
    uint256 internal constant _BANK_MASK = ((1 << 16) - 1) << 192;
    uint256 internal constant _TIER_SHIFT = 208;
    uint256 internal constant _TIER_MASK = ((1 << 8) - 1) << 208;
    uint256 internal constant _KIND_SHIFT = 216;
    uint256 internal constant _KIND_MASK = ((1 << 8) - 1) << 216;
    uint256 internal constant _FLAGS_SHIFT = 224;

    /// @dev The account was onboarded and is not closed.
    uint256 internal constant REGISTERED = 1 << 224;
    /// @dev Fully frozen: sends nothing, receives nothing.
    uint256 internal constant FROZEN = 1 << 225;
    /// @dev Receive-only: outgoing payments blocked.
    uint256 internal constant OUTBOUND_BLOCKED = 1 << 226;
    /// @dev Receipts above the holding limit go on to the bank of record as non-cash money.
    uint256 internal constant WATERFALL = 1 << 227;
    /// @dev Part of the balance is attached by a legal order (amount kept beside, in `attached`).
    uint256 internal constant ATTACHED = 1 << 228;
    /// @dev Closed for good (recovered to another address, or offboarded). Never registered again.
    uint256 internal constant CLOSED = 1 << 229;
    /// @dev Guardian rules are in force: the ledger asks the guardian rules contract about every payment and
    /// redemption from this account. Set and cleared only by that contract.
    uint256 internal constant GUARDED = 1 << 230;
    /// @dev A SystemContract account (a module): paid only by modules, never by a plain ERC-20 payment. Set by the
    /// ledger when the operator onboards a module, so the receiver check stays one comparison.
    uint256 internal constant MODULE = 1 << 231;

    uint256 internal constant _MANDATE_SHIFT = 232;
    /// @dev Number of mandate slots: one bit each in a customer's word.
    uint256 internal constant MAX_MANDATE_SLOTS = 24;

    /// @dev Flags that stop an account from sending.
    uint256 internal constant SEND_BLOCKERS = FROZEN | OUTBOUND_BLOCKED;

    function balance(uint256 word) internal pure returns (uint256) {
        return word & _BALANCE_MASK;
    }

    function withBalance(uint256 word, uint256 newBalance) internal pure returns (uint256) {
        return (word & ~_BALANCE_MASK) | (newBalance & _BALANCE_MASK);
    }

    function spentToday(uint256 word) internal pure returns (uint256) {
        return (word & _SPENT_MASK) >> _SPENT_SHIFT;
    }

    function spentDay(uint256 word) internal pure returns (uint256) {
        return (word & _DAY_MASK) >> _DAY_SHIFT;
    }

    /// @dev Outflow already counted on `day` (zero when the counter belongs to another day).
    function spentOn(uint256 word, uint256 day) internal pure returns (uint256) {
        return spentDay(word) == (day & 0xffffffff) ? spentToday(word) : 0;
    }

    function withSpent(uint256 word, uint256 spent, uint256 day) internal pure returns (uint256) {
        return
            (word & ~(_SPENT_MASK | _DAY_MASK)) |
            ((spent << _SPENT_SHIFT) & _SPENT_MASK) |
            ((day << _DAY_SHIFT) & _DAY_MASK);
    }

    function bankId(uint256 word) internal pure returns (uint16) {
        return uint16((word & _BANK_MASK) >> _BANK_SHIFT);
    }

    function withBankId(uint256 word, uint16 id) internal pure returns (uint256) {
        return (word & ~_BANK_MASK) | (uint256(id) << _BANK_SHIFT);
    }

    function tier(uint256 word) internal pure returns (uint8) {
        return uint8((word & _TIER_MASK) >> _TIER_SHIFT);
    }

    function withTier(uint256 word, uint8 newTier) internal pure returns (uint256) {
        return (word & ~_TIER_MASK) | (uint256(newTier) << _TIER_SHIFT);
    }

    function kind(uint256 word) internal pure returns (uint8) {
        return uint8((word & _KIND_MASK) >> _KIND_SHIFT);
    }

    function withKind(uint256 word, uint8 newKind) internal pure returns (uint256) {
        return (word & ~_KIND_MASK) | (uint256(newKind) << _KIND_SHIFT);
    }

    /// @dev A SystemContract word's own mandate slot (0: it can debit only itself).
    function mandateSlot(uint256 word) internal pure returns (uint256) {
        return (word >> _MANDATE_SHIFT) & 0xff;
    }

    function withMandateSlot(uint256 word, uint256 slot) internal pure returns (uint256) {
        return (word & ~(uint256(0xff) << _MANDATE_SHIFT)) | ((slot & 0xff) << _MANDATE_SHIFT);
    }

    /// @dev Whether a customer's word holds the mandate of slot `slot` (1..24).
    function hasMandate(uint256 word, uint256 slot) internal pure returns (bool) {
        return slot != 0 && (word >> (_MANDATE_SHIFT + slot - 1)) & 1 != 0;
    }

    function withMandate(uint256 word, uint256 slot, bool granted) internal pure returns (uint256) {
        uint256 bit = uint256(1) << (_MANDATE_SHIFT + slot - 1);
        return granted ? word | bit : word & ~bit;
    }

    function flags(uint256 word) internal pure returns (uint8) {
        return uint8(word >> _FLAGS_SHIFT);
    }

    function has(uint256 word, uint256 flag) internal pure returns (bool) {
        return word & flag != 0;
    }

    function set(uint256 word, uint256 flag, bool on) internal pure returns (uint256) {
        return on ? word | flag : word & ~flag;
    }
}
