// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {IForeignCbdcSweep} from "./IForeignCbdcSweep.sol";

/**
 * @title ForeignCbdcSweep
 * @notice The configurable end-of-day sweep of foreign-held CBDC balances. See {IForeignCbdcSweep}.
 */
contract ForeignCbdcSweep is AccessManaged, IForeignCbdcSweep {
    /// @notice Most accounts one {sweep} call handles.
    uint256 public constant MAX_BATCH = 100;
    /// @dev Seconds in a day: times of day and the UTC offset are below it.
    uint256 private constant _DAY = 1 days;

    IDigitalTenge private immutable _ledger;
    SweepRule private _rule;
    mapping(address account => bool mandated) private _mandates;

    /**
     * @param authority_ The AccessManager of the ledger's central bank.
     * @param ledger_ The CBDC ledger swept (this contract must be onboarded on it as a SystemContract account).
     */
    constructor(address authority_, address ledger_) AccessManaged(authority_) {
        _ledger = IDigitalTenge(ledger_);
    }

    /// @inheritdoc IForeignCbdcSweep
    function setSweepRule(SweepRule calldata rule) external restricted {
        if (
            rule.utcOffset >= _DAY ||
            rule.windowStart >= _DAY ||
            rule.windowEnd >= _DAY ||
            rule.windowStart == rule.windowEnd
        ) {
            revert SweepWindowInvalid(rule.utcOffset, rule.windowStart, rule.windowEnd);
        }
        if (rule.mode == SweepMode.TransferToDestination && rule.destination == address(0)) {
            revert SweepDestinationMissing();
        }
        SweepRule memory old = _rule;
        _rule = rule;
        emit SweepRuleSet(old, rule);
    }

    /// @inheritdoc IForeignCbdcSweep
    function acceptMandate() external {
        (bool registered, , , , ) = _ledger.statusOf(msg.sender);
        if (!registered) revert MandateAccountNotRegistered(msg.sender);
        if (!_ledger.hasMandate(msg.sender, address(this))) revert MandateNotOnLedger(msg.sender);
        _mandates[msg.sender] = true;
        emit MandateAccepted(msg.sender);
    }

    /// @inheritdoc IForeignCbdcSweep
    function releaseMandate(address account) external restricted {
        if (!_mandates[account]) revert MandateNotGiven(account);
        _mandates[account] = false;
        emit MandateReleased(account);
    }

    /// @inheritdoc IForeignCbdcSweep
    function sweep(address[] calldata accounts) external restricted returns (uint256 total) {
        if (accounts.length > MAX_BATCH) revert SweepBatchTooLarge(accounts.length, MAX_BATCH);
        SweepRule memory rule = _rule;
        if (!rule.enabled) revert SweepRuleDisabled();
        (uint256 local, bool inWindow) = _localTime(rule);
        if (!inWindow) revert OutsideSweepWindow(local, rule.windowStart, rule.windowEnd);
        uint256 day = (block.timestamp + rule.utcOffset) / _DAY;
        address destination = rule.mode == SweepMode.TransferToDestination ? rule.destination : address(0);

        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            if (!_mandates[account]) continue;
            uint256 excess = _excess(account, rule.overnightAllowance);
            if (excess == 0) continue;
            bool ok;
            bytes memory reason;
            if (destination == address(0)) {
                try _ledger.moduleRedeem(account, excess) {
                    ok = true;
                } catch (bytes memory why) {
                    reason = why;
                }
            } else {
                try _ledger.moduleTransfer(account, destination, excess) {
                    ok = true;
                } catch (bytes memory why) {
                    reason = why;
                }
            }
            if (ok) {
                total += excess;
                emit Swept(account, destination, excess, day);
            } else {
                emit SweepSkipped(account, reason);
            }
        }
    }

    /// @inheritdoc IForeignCbdcSweep
    function sweepRule() external view returns (SweepRule memory) {
        return _rule;
    }

    /// @inheritdoc IForeignCbdcSweep
    function hasMandate(address account) external view returns (bool) {
        return _mandates[account];
    }

    /// @inheritdoc IForeignCbdcSweep
    function localTime() external view returns (uint256 secondsAfterMidnight, bool inWindow) {
        return _localTime(_rule);
    }

    /// @inheritdoc IForeignCbdcSweep
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @dev Free balance (balance less attachment) above `allowance`, zero if none.
    function _excess(address account, uint256 allowance) private view returns (uint256) {
        uint256 balance = IERC20(address(_ledger)).balanceOf(account);
        uint256 attached = _ledger.attachedOf(account);
        uint256 free = balance > attached ? balance - attached : 0;
        return free > allowance ? free - allowance : 0;
    }

    function _localTime(SweepRule memory rule) private view returns (uint256 local, bool inWindow) {
        local = (block.timestamp + rule.utcOffset) % _DAY;
        inWindow =
            rule.windowStart < rule.windowEnd
                ? local >= rule.windowStart && local < rule.windowEnd
                : local >= rule.windowStart || local < rule.windowEnd;
    }
}
