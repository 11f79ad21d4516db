// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IMoveToEarn} from "./IMoveToEarn.sol";
import {StepSchedule} from "./StepSchedule.sol";
import {AlmatyTime} from "../ledger/AlmatyTime.sol";

/**
 * @title MoveToEarn
 * @notice See {IMoveToEarn}. One contract per campaign (sponsor and app). Not upgradeable: a campaign ends by the
 * sponsor withdrawing the pool.
 */
contract MoveToEarn is IMoveToEarn, Ownable2Step, EIP712 {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;

    bytes32 private constant _ATTESTATION_TYPEHASH = keccak256(
        "StepAttestation(address account,uint32 day,uint32 steps,bytes32 claimId,uint64 deadline)"
    );

    IDigitalTenge private immutable _ledger;

    uint32 private _version;
    uint96 private _dailyCap;
    /// @dev The schedule in force, one packed row per word (StepSchedule.pack); earlier versions live in events.
    uint256[] private _table;
    mapping(address key => bool) private _oracles;
    mapping(bytes32 claimId => bool) private _paidClaims;
    /// @dev Days paid per account: bit (day & 0xff) of word (day >> 8), so a daily walker's claims share a word.
    mapping(address account => mapping(uint256 wordIndex => uint256 bits)) private _paidDays;

    /// @param ledger_ The DKZT ledger (its proxy address).
    /// @param sponsor The campaign's sponsor (owner).
    constructor(IDigitalTenge ledger_, address sponsor) Ownable(sponsor) EIP712("DKZT Move to Earn", "1") {
        _ledger = ledger_;
        _dailyCap = uint96(StepSchedule.MAX_REWARD);
    }

    // ================================================================ walkers

    /// @inheritdoc IMoveToEarn
    function claim(
        StepAttestation calldata a,
        uint32 expectedVersion,
        bytes calldata signature
    ) external returns (uint256 paid) {
        if (block.timestamp > a.deadline) revert AttestationExpired(a.claimId, a.deadline, block.timestamp);
        uint256 today = AlmatyTime.day(block.timestamp);
        if (a.day > today) revert AttestationDayInFuture(a.day, today);
        address oracle = ECDSA.recover(_hashTypedDataV4(_structHash(a)), signature);
        if (!_oracles[oracle]) revert AttestationSignerNotOracle(oracle);
        if (_paidClaims[a.claimId]) revert ClaimAlreadyPaid(a.claimId);
        uint256 dayBits = _paidDays[a.account][a.day >> 8];
        uint256 dayBit = 1 << (a.day & 0xff);
        if (dayBits & dayBit != 0) revert DayAlreadyClaimed(a.account, a.day);
        uint32 version = _version;
        if (expectedVersion != version) revert ScheduleVersionMismatch(expectedVersion, version);

        uint256 scheduled = StepSchedule.rewardFor(_table, a.steps);
        if (scheduled == 0) revert StepsBelowSchedule(a.steps, version == 0 ? type(uint32).max : uint32(_table[0]));
        paid = StepSchedule.capped(scheduled, _dailyCap);
        uint256 available = pool();
        if (available < paid) revert PoolInsufficient(available, paid);

        _paidClaims[a.claimId] = true;
        _paidDays[a.account][a.day >> 8] = dayBits | dayBit;
        emit RewardClaimed(a.account, a.day, a.claimId, a.steps, scheduled, paid, version, oracle);
        IERC20(address(_ledger)).safeTransfer(a.account, paid);
    }

    // ================================================================ sponsor

    /// @inheritdoc IMoveToEarn
    function addOracle(address key) external onlyOwner {
        _addOracle(key);
    }

    /// @inheritdoc IMoveToEarn
    function revokeOracle(address key) external onlyOwner {
        _revokeOracle(key);
    }

    /// @inheritdoc IMoveToEarn
    function rotateOracle(address oldKey, address newKey) external onlyOwner {
        _revokeOracle(oldKey);
        _addOracle(newKey);
    }

    /// @inheritdoc IMoveToEarn
    function setSchedule(
        uint32[] calldata thresholds,
        uint256[] calldata rewards
    ) external onlyOwner returns (uint32 version) {
        (StepSchedule.Flaw flaw, uint256 row) = StepSchedule.validate(thresholds, rewards);
        if (flaw != StepSchedule.Flaw.None) revert ScheduleInvalid(uint8(flaw), row);
        delete _table;
        for (uint256 i; i < thresholds.length; ++i) _table.push(StepSchedule.pack(thresholds[i], rewards[i]));
        version = ++_version;
        emit ScheduleSet(version, thresholds, rewards);
    }

    /// @inheritdoc IMoveToEarn
    function setDailyCap(uint256 cap) external onlyOwner {
        if (cap > StepSchedule.MAX_REWARD) revert CapTooLarge(cap, StepSchedule.MAX_REWARD);
        emit DailyCapSet(_dailyCap, cap);
        // Cannot truncate: cap <= MAX_REWARD (2^96 - 1), checked above.
        _dailyCap = uint96(cap);
    }

    /// @inheritdoc IMoveToEarn
    function fund(uint256 amount) external onlyOwner {
        if (amount == 0) revert AmountZero();
        _ledger.moduleTransfer(msg.sender, address(this), amount);
        emit PoolFunded(msg.sender, amount, pool());
    }

    /// @inheritdoc IMoveToEarn
    function withdraw(uint256 amount) external onlyOwner {
        if (amount == 0) revert AmountZero();
        uint256 available = pool();
        if (amount > available) revert PoolInsufficient(available, amount);
        emit PoolWithdrawn(msg.sender, amount, available - amount);
        IERC20(address(_ledger)).safeTransfer(msg.sender, amount);
    }

    // ================================================================ views

    /// @inheritdoc IMoveToEarn
    function owner() public view override(IMoveToEarn, Ownable) returns (address) {
        // The sponsor's live wallet: after its bank recovers the sponsor's wallet, the replacement holds the campaign.
        return _ledger.current(super.owner());
    }

    /// @inheritdoc IMoveToEarn
    function pool() public view returns (uint256) {
        return IERC20(address(_ledger)).balanceOf(address(this));
    }

    /// @inheritdoc IMoveToEarn
    function schedule() external view returns (uint32 version, uint32[] memory thresholds, uint256[] memory rewards) {
        uint256 n = _table.length;
        thresholds = new uint32[](n);
        rewards = new uint256[](n);
        for (uint256 i; i < n; ++i) (thresholds[i], rewards[i]) = (uint32(_table[i]), _table[i] >> 32);
        version = _version;
    }

    /// @inheritdoc IMoveToEarn
    function rewardFor(uint256 steps) external view returns (uint256) {
        return StepSchedule.capped(StepSchedule.rewardFor(_table, steps), _dailyCap);
    }

    /// @inheritdoc IMoveToEarn
    function dailyCap() external view returns (uint256) {
        return _dailyCap;
    }

    /// @inheritdoc IMoveToEarn
    function isOracle(address key) external view returns (bool) {
        return _oracles[key];
    }

    /// @inheritdoc IMoveToEarn
    function isClaimPaid(bytes32 claimId) external view returns (bool) {
        return _paidClaims[claimId];
    }

    /// @inheritdoc IMoveToEarn
    function isDayClaimed(address account, uint32 day) external view returns (bool) {
        return _paidDays[account][day >> 8] & (1 << (day & 0xff)) != 0;
    }

    /// @inheritdoc IMoveToEarn
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    // ================================================================ internals

    function _structHash(StepAttestation calldata a) private pure returns (bytes32) {
        return keccak256(abi.encode(_ATTESTATION_TYPEHASH, a.account, a.day, a.steps, a.claimId, a.deadline));
    }

    function _addOracle(address key) private {
        if (key == address(0)) revert OracleZero();
        if (_oracles[key]) revert OracleAlreadyActive(key);
        _oracles[key] = true;
        emit OracleAdded(key);
    }

    function _revokeOracle(address key) private {
        if (!_oracles[key]) revert OracleNotActive(key);
        _oracles[key] = false;
        emit OracleRevoked(key);
    }
}
