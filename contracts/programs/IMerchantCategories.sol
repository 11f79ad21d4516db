// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IMerchantCategories
 * @notice Which merchant category code (ISO 18245 MCC, 0..9999) each merchant account trades under: 5814 fast
 * food and canteens, 4111 commuter transport, 5411 grocery, 6011 cash disbursement... Purpose-bound programs
 * read it to decide whether a receiver is eligible by category, guardian rules to decide what a minor may pay.
 * @dev The merchant's acquiring bank (its bank of record on the ledger) sets the category, as it does in card
 * acquiring today. No personal data: a category and an address.
 */
interface IMerchantCategories {
    /// @notice `bank` is not `merchant`'s bank of record, or `merchant` is not a merchant or government account.
    error CategoryNotBankOfRecord(address bank, address merchant);
    /// @notice `mcc` is not a merchant category code (0..9999).
    error CategoryOutOfRange(uint256 mcc);

    /// @notice `bank` set `merchant`'s category, old -> new (`hadCategory` false: it had none before).
    event CategorySet(address indexed merchant, address indexed bank, bool hadCategory, uint16 oldMcc, uint16 newMcc);
    /// @notice `bank` cleared `merchant`'s category `oldMcc`.
    event CategoryCleared(address indexed merchant, address indexed bank, uint16 oldMcc);

    /**
     * @notice Set `merchant`'s merchant category code.
     * @dev Requirements: caller is `merchant`'s bank of record, not suspended; `merchant` is a registered merchant
     * or government account; `mcc` <= 9999.
     *
     * Emits a {CategorySet} event.
     */
    function setCategory(address merchant, uint16 mcc) external;

    /**
     * @notice Remove `merchant`'s category: it then matches no category rule.
     * @dev Requirements: caller is `merchant`'s bank of record, not suspended. Emits a {CategoryCleared} event (none
     * if it had none).
     */
    function clearCategory(address merchant) external;

    /// @notice `merchant`'s category, and whether it has one.
    function categoryOf(address merchant) external view returns (bool registered, uint16 mcc);

    /// @notice The ledger whose banks of record this registry trusts.
    function ledger() external view returns (address);
}
