// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Artifacts the deployment uses straight from OpenZeppelin: the suite's one authority and the UUPS proxy.
// solhint-disable no-unused-import
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
