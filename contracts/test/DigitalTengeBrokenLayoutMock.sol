// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {ERC3009Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/draft-ERC3009Upgradeable.sol";
import {AccessManagedUpgradeable} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

/// @title DigitalTengeBrokenLayoutMock
/// @notice Test-only: a would-be ledger upgrade that breaks the ERC-7201 namespace `dkzt.storage.DigitalTenge`
/// by inserting a field before `config`, shifting every later field (the total supply would read the config
/// word, balances would read the wrong mapping). The upgrade validation must reject it.
contract DigitalTengeBrokenLayoutMock is
    Initializable,
    ERC20Upgradeable,
    ERC20PermitUpgradeable,
    ERC3009Upgradeable,
    AccessManagedUpgradeable,
    UUPSUpgradeable
{
    struct BankRecord {
        uint16 id;
        bool suspended;
        uint96 ceiling;
        uint128 issued;
        uint128 redeemed;
    }

    /// @custom:storage-location erc7201:dkzt.storage.DigitalTenge
    struct LedgerStorage {
        uint256 feeBps; // inserted: breaks the layout
        uint256 config;
        uint256 totalSupply;
        uint16 bankCount;
        mapping(address account => uint256 word) accounts;
        mapping(address account => uint256 amount) attached;
        mapping(address account => bytes32 ref) refs;
        mapping(address bank => BankRecord) banks;
        mapping(uint16 bankId => address bank) bankById;
    }

    bytes32 private constant _LEDGER_STORAGE = 0xee25f1218c7f90fb4a4dce48484469c56883dbc748b658e31cfce46766f80900;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initialise like the first version (the layout is what is broken, not the initialisation).
    function initialize(address authority_) external initializer {
        __ERC20_init("Digital Tenge", "DKZT");
        __ERC20Permit_init("Digital Tenge");
        __AccessManaged_init(authority_);
    }

    /// @notice The total supply, read from the shifted field.
    function totalSupply() public view override returns (uint256) {
        return _ledger().totalSupply;
    }

    function _authorizeUpgrade(address) internal override restricted {}

    function _ledger() private pure returns (LedgerStorage storage $) {
        assembly {
            $.slot := _LEDGER_STORAGE
        }
    }
}
