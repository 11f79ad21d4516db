// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGoldBarRegistry} from "./IGoldBarRegistry.sol";
import {GoldMath} from "./GoldMath.sol";

/**
 * @title GoldBarRegistry
 * @notice The register of physical bars and the totals the gold invariant is stated in. See {IGoldBarRegistry}.
 * @dev Abstract: the custodian's entry points and the token that mints against bars live in {GoldToken}; this
 * piece owns the bars, their validation and their state changes.
 */
abstract contract GoldBarRegistry is IGoldBarRegistry {
    /// @dev Good delivery's lowest fineness: 995.0 parts per thousand, in parts per 10 000.
    uint256 public constant MIN_FINENESS = 9_950;
    /// @dev Highest fineness: pure gold, in parts per 10 000.
    uint256 public constant MAX_FINENESS = 10_000;
    /// @dev Heaviest bar accepted, in mg: 15 kg, above good delivery's 430 troy oz (13.37 kg); kilobars fit too.
    uint256 public constant MAX_GROSS_WEIGHT_MG = 15_000_000;

    mapping(bytes32 barId => Bar) private _bars;
    bytes32[] private _barIds;
    uint256 private _barsInVault;
    uint256 private _attestedFineMg;
    uint256 private _backingFineMg;

    // ================================================================ views

    /// @inheritdoc IGoldBarRegistry
    function barOf(bytes32 barId) external view returns (Bar memory) {
        return _bars[barId];
    }

    /// @inheritdoc IGoldBarRegistry
    function barIdOf(bytes32 refiner, bytes32 serial) public pure returns (bytes32) {
        return keccak256(abi.encode(refiner, serial));
    }

    /// @inheritdoc IGoldBarRegistry
    function barCount() external view returns (uint256) {
        return _barIds.length;
    }

    /// @inheritdoc IGoldBarRegistry
    function barIdAt(uint256 index) external view returns (bytes32) {
        return _barIds[index];
    }

    /// @inheritdoc IGoldBarRegistry
    function goldReserve() external view returns (GoldReserve memory reserve) {
        reserve.barsInVault = _barsInVault;
        reserve.attestedFineMg = _attestedFineMg;
        reserve.backingFineMg = _backingFineMg;
        reserve.supplyUnits = _goldSupply();
        reserve.attestedUnits = GoldMath.unitsOfMg(_attestedFineMg);
    }

    // ================================================================ state changes

    /// @dev Validates and records a newly attested bar.
    function _addBar(
        bytes32 serial,
        bytes32 refiner,
        bytes32 vault,
        uint256 grossWeightMg,
        uint256 fineness,
        uint256 fineWeightMg
    ) internal returns (bytes32 barId) {
        if (serial == 0 || refiner == 0 || vault == 0) revert BarIdentityMissing(serial, refiner, vault);
        if (fineness < MIN_FINENESS || fineness > MAX_FINENESS) {
            revert BarFinenessOutOfRange(fineness, MIN_FINENESS, MAX_FINENESS);
        }
        if (grossWeightMg == 0 || grossWeightMg > MAX_GROSS_WEIGHT_MG) {
            revert BarWeightOutOfRange(grossWeightMg, MAX_GROSS_WEIGHT_MG);
        }
        uint256 maxFine = GoldMath.maxFineWeightMg(grossWeightMg, fineness);
        if (fineWeightMg == 0 || fineWeightMg > maxFine) revert BarFineWeightInvalid(fineWeightMg, maxFine);

        barId = barIdOf(refiner, serial);
        Bar storage bar = _bars[barId];
        BarStatus status = bar.status;
        if (status != BarStatus.None && status != BarStatus.Removed) revert BarAlreadyRegistered(barId, status);
        if (status == BarStatus.None) _barIds.push(barId);

        // Cannot truncate: grossWeightMg <= MAX_GROSS_WEIGHT_MG and fineWeightMg <= grossWeightMg (fineness <= 1),
        // both far below 2^64; fineness <= 10 000 < 2^16.
        _bars[barId] = Bar({
            serial: serial,
            refiner: refiner,
            vault: vault,
            grossWeightMg: uint64(grossWeightMg),
            fineWeightMg: uint64(fineWeightMg),
            fineness: uint16(fineness),
            status: BarStatus.Attested
        });
        ++_barsInVault;
        _attestedFineMg += fineWeightMg;
        emit BarAttested(barId, serial, refiner, vault, grossWeightMg, fineness, fineWeightMg);
    }

    /// @dev Attested -> Removed.
    function _removeBar(bytes32 barId, bytes32 ref) internal {
        Bar storage bar = _requireStatus(barId, BarStatus.Attested);
        bar.status = BarStatus.Removed;
        // Cannot underflow: the bar's fine weight was added to both totals when it was attested.
        unchecked {
            --_barsInVault;
            _attestedFineMg -= bar.fineWeightMg;
        }
        emit BarRemoved(barId, ref);
    }

    /// @dev Attested -> Backing; returns the bar's fine weight in mg.
    function _markBacking(bytes32 barId) internal returns (uint256 fineWeightMg) {
        Bar storage bar = _requireStatus(barId, BarStatus.Attested);
        bar.status = BarStatus.Backing;
        fineWeightMg = bar.fineWeightMg;
        _backingFineMg += fineWeightMg;
    }

    /// @dev Backing -> Released; returns the bar's fine weight in mg.
    function _release(bytes32 barId) internal returns (uint256 fineWeightMg) {
        Bar storage bar = _requireStatus(barId, BarStatus.Backing);
        bar.status = BarStatus.Released;
        fineWeightMg = bar.fineWeightMg;
        // Cannot underflow: a Backing bar's fine weight is part of both totals.
        unchecked {
            --_barsInVault;
            _attestedFineMg -= fineWeightMg;
            _backingFineMg -= fineWeightMg;
        }
    }

    /// @dev The token supply, in units, for {goldReserve}.
    function _goldSupply() internal view virtual returns (uint256);

    function _requireStatus(bytes32 barId, BarStatus required) private view returns (Bar storage bar) {
        bar = _bars[barId];
        if (bar.status != required) revert BarStatusMismatch(barId, bar.status, required);
    }
}
