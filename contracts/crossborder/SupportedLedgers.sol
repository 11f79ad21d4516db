// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {ISupportedLedgers} from "./ISupportedLedgers.sol";

/**
 * @title SupportedLedgers
 * @notice The CBDC ledgers (DKZT and foreign CBDCs on this chain) a cross-border contract may hold and move.
 * @dev One concern: a registry the operator keeps. The contract must also be onboarded as a SystemContract
 * account on each ledger by that ledger's own operator before it can hold its money.
 */
abstract contract SupportedLedgers is AccessManaged, ISupportedLedgers {
    mapping(address ledger => bool supported) private _supported;

    /// @inheritdoc ISupportedLedgers
    function setLedgerSupported(address ledger, bool supported) external restricted {
        if (ledger == address(0)) revert LedgerZeroAddress();
        _supported[ledger] = supported;
        emit LedgerSupportSet(ledger, supported);
    }

    /// @inheritdoc ISupportedLedgers
    function isLedgerSupported(address ledger) public view returns (bool) {
        return _supported[ledger];
    }

    function _requireSupported(address ledger) internal view {
        if (!_supported[ledger]) revert LedgerNotSupported(ledger);
    }
}
