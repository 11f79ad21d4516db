// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IGoldToken} from "./IGoldToken.sol";
import {IGoldBarRegistry} from "./IGoldBarRegistry.sol";
import {GoldBarRegistry} from "./GoldBarRegistry.sol";
import {GoldMath} from "./GoldMath.sol";

/**
 * @title GoldToken
 * @notice Tokenized gold backed bar by bar by the vault's register. See {IGoldToken} and {IGoldBarRegistry}.
 * @dev Not upgradeable, for the same reason as the stablecoin: the backing rule is the promise, and an upgrade key
 * could switch it off. Holder checks read the DKZT ledger's account view (status beside balance).
 */
contract GoldToken is ERC20, AccessManaged, Pausable, GoldBarRegistry, IGoldToken {
    using LedgerAccounts for IDigitalTenge;

    address private immutable _ledger;

    /**
     * @param ledger_ The DKZT ledger whose registered accounts may hold gold.
     * @param authority_ The suite's AccessManager.
     */
    constructor(address ledger_, address authority_) ERC20("Tokenized Gold (1 g)", "GOLDKZ") AccessManaged(authority_) {
        if (ledger_ == address(0)) revert HolderNotRegistered(address(0));
        _ledger = ledger_;
    }

    /// @notice 6 decimals: one token is one gram of fine gold, one unit one microgram.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    // ================================================================ custodian

    /// @inheritdoc IGoldBarRegistry
    function addBar(
        bytes32 serial,
        bytes32 refiner,
        bytes32 vault,
        uint256 grossWeightMg,
        uint256 fineness,
        uint256 fineWeightMg
    ) external restricted returns (bytes32) {
        return _addBar(serial, refiner, vault, grossWeightMg, fineness, fineWeightMg);
    }

    /// @inheritdoc IGoldBarRegistry
    function removeBar(bytes32 barId, bytes32 ref) external restricted {
        _removeBar(barId, ref);
    }

    /// @inheritdoc IGoldToken
    function mintAgainstBar(bytes32 barId, address to) external restricted {
        uint256 units = GoldMath.unitsOfMg(_markBacking(barId));
        _mint(to, units);
        emit BarMinted(barId, to, units);
    }

    // ================================================================ holders

    /// @inheritdoc IGoldToken
    function redeemBar(bytes32 barId, bytes32 deliveryRef) external {
        uint256 units = GoldMath.unitsOfMg(_release(barId));
        _burn(msg.sender, units);
        emit BarReleased(barId, msg.sender, units, deliveryRef);
    }

    /// @inheritdoc IGoldToken
    function followRecovery(address lost) external returns (uint256 units) {
        _requireNotPaused();
        address replacement = IDigitalTenge(_ledger).current(lost);
        if (replacement == lost) revert HolderNotRecovered(lost);
        units = balanceOf(lost);
        if (units == 0) revert RecoveredBalanceEmpty(lost);
        // A re-keying, as the ledger's recovery: ERC20's own move, without the holder checks of {_update}.
        ERC20._update(lost, replacement, units);
        emit RecoveryFollowed(lost, replacement, units);
    }

    // ================================================================ operator

    /// @inheritdoc IGoldToken
    function pause() external restricted {
        _pause();
    }

    /// @inheritdoc IGoldToken
    function unpause() external restricted {
        _unpause();
    }

    /// @inheritdoc IGoldToken
    function ledger() external view returns (address) {
        return _ledger;
    }

    // ================================================================ the one enforcement point

    /// @dev Every balance change: pause, then the sender may send and the receiver may receive, per the ledger.
    function _update(address from, address to, uint256 value) internal override {
        _requireNotPaused();
        if (from != address(0)) _requireCanSend(from);
        if (to != address(0)) _requireCanReceive(to);
        super._update(from, to, value);
    }

    /// @dev A new approval (not a revocation: value 0 stays open to anyone) needs a spender registered on the ledger,
    /// since only a registered spender can ever spend it ({_spendAllowance}). Allowance spending (emitEvent false)
    /// is checked in {_spendAllowance}.
    function _approve(address owner, address spender, uint256 value, bool emitEvent) internal override {
        if (emitEvent && value != 0) {
            (bool registered, , , , ) = IDigitalTenge(_ledger).statusOf(spender);
            if (!registered) revert HolderNotRegistered(spender);
        }
        super._approve(owner, spender, value, emitEvent);
    }

    /// @dev A spender must itself be free to send: a frozen spender moves nobody's gold.
    function _spendAllowance(address owner, address spender, uint256 value) internal override {
        _requireCanSend(spender);
        super._spendAllowance(owner, spender, value);
    }

    /// @inheritdoc GoldBarRegistry
    function _goldSupply() internal view override returns (uint256) {
        return totalSupply();
    }

    function _requireCanSend(address account) private view {
        (bool registered, IDigitalTenge.FreezeState freeze, , , ) = IDigitalTenge(_ledger).statusOf(account);
        if (!registered) revert HolderNotRegistered(account);
        if (freeze == IDigitalTenge.FreezeState.Full) revert HolderFrozen(account);
        if (freeze == IDigitalTenge.FreezeState.OutboundOnly) revert HolderOutboundBlocked(account);
    }

    function _requireCanReceive(address account) private view {
        (bool registered, IDigitalTenge.FreezeState freeze, , , ) = IDigitalTenge(_ledger).statusOf(account);
        if (!registered) revert HolderNotRegistered(account);
        if (freeze == IDigitalTenge.FreezeState.Full) revert HolderFrozen(account);
    }
}
