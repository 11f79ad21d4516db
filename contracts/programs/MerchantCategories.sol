// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IMerchantCategories} from "./IMerchantCategories.sol";

/**
 * @title MerchantCategories
 * @notice See {IMerchantCategories}. Not upgradeable: it holds one fact per merchant; a replacement registry is
 * deployed and the modules that read it redeployed.
 */
contract MerchantCategories is IMerchantCategories {
    using LedgerAccounts for IDigitalTenge;

    /// @dev Largest merchant category code (four decimal digits).
    uint16 public constant MAX_MCC = 9999;
    /// @dev Bit set beside the code when a merchant has a category (so category 0000 is still a category).
    uint256 private constant _HAS_CATEGORY = 1 << 16;

    IDigitalTenge private immutable _ledger;
    mapping(address merchant => uint256 entry) private _categories;

    /// @param ledger_ The DKZT ledger (its proxy address).
    constructor(IDigitalTenge ledger_) {
        _ledger = ledger_;
    }

    /// @inheritdoc IMerchantCategories
    function setCategory(address merchant, uint16 mcc) external {
        if (mcc > MAX_MCC) revert CategoryOutOfRange(mcc);
        _requireBankOfRecord(merchant);
        (bool had, uint16 old) = categoryOf(merchant);
        _categories[merchant] = _HAS_CATEGORY | mcc;
        emit CategorySet(merchant, msg.sender, had, old, mcc);
    }

    /// @inheritdoc IMerchantCategories
    function clearCategory(address merchant) external {
        _requireBankOfRecord(merchant);
        (bool had, uint16 old) = categoryOf(merchant);
        if (!had) return;
        delete _categories[merchant];
        emit CategoryCleared(merchant, msg.sender, old);
    }

    /// @inheritdoc IMerchantCategories
    function categoryOf(address merchant) public view returns (bool registered, uint16 mcc) {
        uint256 entry = _categories[merchant];
        // Cannot truncate: setCategory stores a uint16 below the flag bit.
        return (entry & _HAS_CATEGORY != 0, uint16(entry));
    }

    /// @inheritdoc IMerchantCategories
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @dev The caller must be `merchant`'s bank of record, not suspended, and `merchant` a merchant or government customer.
    function _requireBankOfRecord(address merchant) private view {
        (bool registered, , IDigitalTenge.AccountKind kind, , address bankOfRecord) = _ledger.statusOf(merchant);
        bool customer = kind == IDigitalTenge.AccountKind.Merchant || kind == IDigitalTenge.AccountKind.Government;
        if (!registered || !customer || bankOfRecord != msg.sender) {
            revert CategoryNotBankOfRecord(msg.sender, merchant);
        }
        _ledger.requireActiveBank(msg.sender);
    }
}
