// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IMerchantRegistry} from "./IMerchantRegistry.sol";
import {LedgerClient} from "./LedgerClient.sol";

/**
 * @title MerchantRegistry
 * @notice Merchants onboarded by their acquiring bank (see {IMerchantRegistry}).
 * @dev Function-level: the bank role (AccessManager). Data-level: the caller must be the merchant's bank of
 * record on the ledger, read at the time of the call, and an active bank (a suspended one manages nothing). A
 * record is one storage slot.
 */
abstract contract MerchantRegistry is AccessManaged, LedgerClient, IMerchantRegistry {
    using LedgerAccounts for IDigitalTenge;

    /// @dev Highest ISO 18245 merchant category code.
    uint256 internal constant MAX_MCC = 9999;

    mapping(address merchant => MerchantRecord) internal _merchants;

    /// @inheritdoc IMerchantRegistry
    function onboardMerchant(
        address merchant,
        uint16 mcc,
        bytes32 vatRegRef,
        Settlement settlement
    ) external restricted {
        _LEDGER.requireActiveBank(msg.sender);
        (bool registered, , IDigitalTenge.AccountKind kind, , address bankOfRecord) = _LEDGER.statusOf(merchant);
        if (!registered || kind != IDigitalTenge.AccountKind.Merchant) {
            revert MerchantAccountInvalid(merchant);
        }
        if (bankOfRecord != msg.sender) revert NotAcquiringBank(msg.sender, merchant);
        if (_merchants[merchant].registered) revert MerchantAlreadyRegistered(merchant);
        _requireMcc(mcc);
        _merchants[merchant] = MerchantRecord({
            registered: true,
            vatPayer: vatRegRef != bytes32(0),
            settlement: settlement,
            mcc: mcc
        });
        emit MerchantOnboarded(merchant, msg.sender, mcc, vatRegRef, settlement);
    }

    /// @inheritdoc IMerchantRegistry
    function setMerchantVatRegistration(address merchant, bytes32 vatRegRef) external restricted {
        MerchantRecord storage record = _managed(merchant);
        bool old = record.vatPayer;
        record.vatPayer = vatRegRef != bytes32(0);
        emit MerchantVatRegistrationChanged(merchant, old, record.vatPayer, vatRegRef);
    }

    /// @inheritdoc IMerchantRegistry
    function setMerchantSettlement(address merchant, Settlement settlement) external restricted {
        MerchantRecord storage record = _managed(merchant);
        Settlement old = record.settlement;
        record.settlement = settlement;
        emit MerchantSettlementChanged(merchant, old, settlement);
    }

    /// @inheritdoc IMerchantRegistry
    function setMerchantMcc(address merchant, uint16 mcc) external restricted {
        MerchantRecord storage record = _managed(merchant);
        _requireMcc(mcc);
        uint16 old = record.mcc;
        record.mcc = mcc;
        emit MerchantMccChanged(merchant, old, mcc);
    }

    /// @inheritdoc IMerchantRegistry
    function offboardMerchant(address merchant) external restricted {
        _managed(merchant);
        delete _merchants[merchant];
        emit MerchantOffboarded(merchant, msg.sender);
    }

    /// @inheritdoc IMerchantRegistry
    function merchantOf(address merchant) external view returns (MerchantRecord memory) {
        return _merchants[merchant];
    }

    /// @dev The onboarded merchant's record, or revert.
    function _requireMerchant(address merchant) internal view returns (MerchantRecord storage record) {
        record = _merchants[merchant];
        if (!record.registered) revert MerchantNotRegistered(merchant);
    }

    /// @dev `merchant`'s record, when the caller is an active bank and its acquiring bank (its bank of record today).
    function _managed(address merchant) private view returns (MerchantRecord storage record) {
        _LEDGER.requireActiveBank(msg.sender);
        record = _merchants[merchant];
        if (!record.registered) revert MerchantNotRegistered(merchant);
        (, , , , address bankOfRecord) = _LEDGER.statusOf(merchant);
        if (bankOfRecord != msg.sender) revert NotAcquiringBank(msg.sender, merchant);
    }

    function _requireMcc(uint256 mcc) private pure {
        if (mcc == 0 || mcc > MAX_MCC) revert MccInvalid(mcc);
    }
}
