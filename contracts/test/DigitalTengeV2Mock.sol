// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DigitalTenge} from "../ledger/DigitalTenge.sol";

/// @title DigitalTengeV2Mock
/// @notice Test-only second version of the ledger: the same storage and rules plus one new view, to exercise
/// the UUPS upgrade path and the storage-layout validation.
/// @dev Only ever an upgrade target for a proxy the first version initialised; it inherits the public initializer.
contract DigitalTengeV2Mock is DigitalTenge {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() DigitalTenge() {}

    /// @notice The implementation's version, which the first version does not have.
    function version() external pure returns (string memory) {
        return "2";
    }
}
