// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DigitalTenge} from "../ledger/DigitalTenge.sol";

/// @notice Test-only: a next ledger version, for the governance upgrade path (schedule → delay → execute).
contract DigitalTengeNextVersion is DigitalTenge {
    /// @notice The version this implementation reports.
    function version() external pure returns (string memory) {
        return "2";
    }
}
