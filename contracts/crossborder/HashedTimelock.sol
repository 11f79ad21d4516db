// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IHashedTimelock} from "./IHashedTimelock.sol";
import {SupportedLedgers} from "./SupportedLedgers.sol";
import {Iso20022} from "./Iso20022.sol";
import {LivePayouts} from "./LivePayouts.sol";

/**
 * @title HashedTimelock
 * @notice Hashed time-locked CBDC payments linked to a pacs.008 and an FX quote. See {IHashedTimelock}.
 * @dev Not upgradeable: it holds escrow under terms fixed at lock time.
 */
contract HashedTimelock is SupportedLedgers, IHashedTimelock {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;
    using Iso20022 for bytes16;
    using Iso20022 for bytes11;

    /// @notice Largest lock, in minor units: the ledgers' own maximum balance (2^96 - 1).
    uint256 public constant MAX_AMOUNT = type(uint96).max;
    /// @notice Longest a lock may last, in seconds.
    uint256 public constant MAX_LOCK_DURATION = 30 days;
    /// @notice Smallest safety margin the operator may set, in seconds.
    uint256 public constant MIN_SAFETY_MARGIN = 1 hours;
    /// @notice Largest safety margin the operator may set, in seconds.
    uint256 public constant MAX_SAFETY_MARGIN = 7 days;

    /// @dev One lock in five slots. The amount fits 96 bits (checked); deadlines fit 64 bits (a deadline is at
    /// most now + 30 days; a counterpart deadline is at least safetyMargin after it, and is checked to fit).
    struct Lock {
        address sender;
        uint96 amount;
        address recipient;
        uint64 deadline;
        LockStatus status;
        address ledger;
        uint64 counterpartDeadline;
        bytes32 hashlock;
        bytes32 paymentRef;
    }

    uint256 private _safetyMargin;
    mapping(bytes32 lockId => Lock) private _locks;

    /**
     * @param authority_ The suite's AccessManager.
     * @param safetyMargin_ The initial second-leg safety margin, in seconds.
     */
    constructor(address authority_, uint256 safetyMargin_) AccessManaged(authority_) {
        _setSafetyMargin(safetyMargin_);
    }

    /// @inheritdoc IHashedTimelock
    function lock(LockTerms calldata terms) external returns (bytes32 lockId) {
        _requireSupported(terms.ledger);
        _checkTerms(terms);
        lockId = _lockId(msg.sender, terms);
        Lock storage slot = _locks[lockId];
        if (slot.status != LockStatus.None) revert LockAlreadyExists(lockId);
        bytes32 paymentRef = _paymentRef(terms.payment);
        // Cannot truncate: amount <= 2^96 - 1, deadline <= now + 30 days and counterpartDeadline < 2^64, checked
        // in _checkTerms.
        _locks[lockId] = Lock({
            sender: msg.sender,
            amount: uint96(terms.amount),
            recipient: terms.recipient,
            deadline: uint64(terms.deadline),
            status: LockStatus.Locked,
            ledger: terms.ledger,
            counterpartDeadline: uint64(terms.counterpartDeadline),
            hashlock: terms.hashlock,
            paymentRef: paymentRef
        });
        emit Locked(
            lockId,
            msg.sender,
            terms.recipient,
            terms.ledger,
            terms.amount,
            terms.hashlock,
            terms.deadline,
            terms.counterpartDeadline,
            paymentRef,
            terms.payment
        );
        IDigitalTenge(terms.ledger).moduleTransfer(msg.sender, address(this), terms.amount);
    }

    /// @inheritdoc IHashedTimelock
    function claim(bytes32 lockId, bytes32 preimage) external {
        Lock storage slot = _active(lockId);
        if (block.timestamp >= slot.deadline) revert LockExpired(lockId, slot.deadline);
        bytes32 given = sha256(abi.encodePacked(preimage));
        if (given != slot.hashlock) revert LockPreimageMismatch(lockId, slot.hashlock, given);
        (address recipient, address ledger, uint256 amount) = (slot.recipient, slot.ledger, slot.amount);
        slot.status = LockStatus.Claimed;
        emit Claimed(lockId, recipient, preimage);
        LivePayouts.payLive(ledger, recipient, amount);
    }

    /// @inheritdoc IHashedTimelock
    function refund(bytes32 lockId) external {
        Lock storage slot = _active(lockId);
        if (block.timestamp < slot.deadline) revert LockNotExpired(lockId, slot.deadline);
        (address ledger, uint256 amount) = (slot.ledger, slot.amount);
        address sender = IDigitalTenge(ledger).current(slot.sender);
        slot.status = LockStatus.Refunded;
        emit Refunded(lockId, sender, amount);
        IERC20(ledger).safeTransfer(sender, amount);
    }

    /// @inheritdoc IHashedTimelock
    function setSafetyMargin(uint256 margin) external restricted {
        _setSafetyMargin(margin);
    }

    /// @inheritdoc IHashedTimelock
    function lockOf(bytes32 lockId) external view returns (LockView memory) {
        Lock storage slot = _locks[lockId];
        return
            LockView({
                status: slot.status,
                sender: slot.sender,
                recipient: slot.recipient,
                ledger: slot.ledger,
                amount: slot.amount,
                hashlock: slot.hashlock,
                deadline: slot.deadline,
                counterpartDeadline: slot.counterpartDeadline,
                paymentRef: slot.paymentRef
            });
    }

    /// @inheritdoc IHashedTimelock
    function lockIdOf(address sender, LockTerms calldata terms) external view returns (bytes32) {
        return _lockId(sender, terms);
    }

    /// @inheritdoc IHashedTimelock
    function paymentRefOf(PaymentLink calldata payment) external pure returns (bytes32) {
        return _paymentRef(payment);
    }

    /// @inheritdoc IHashedTimelock
    function safetyMargin() external view returns (uint256) {
        return _safetyMargin;
    }

    function _checkTerms(LockTerms calldata terms) private view {
        if (terms.amount == 0 || terms.amount > MAX_AMOUNT) revert LockAmountInvalid(terms.amount, MAX_AMOUNT);
        if (terms.recipient == address(0) || terms.recipient == msg.sender)
            revert LockRecipientInvalid(terms.recipient);
        if (terms.hashlock == bytes32(0)) revert LockHashlockZero();
        uint256 latest = block.timestamp + MAX_LOCK_DURATION;
        if (terms.deadline <= block.timestamp || terms.deadline > latest) {
            revert LockDeadlineOutOfRange(terms.deadline, block.timestamp, latest);
        }
        if (terms.counterpartDeadline != 0) {
            uint256 margin = _safetyMargin;
            if (terms.deadline + margin > terms.counterpartDeadline || terms.counterpartDeadline > type(uint64).max) {
                revert SecondLegDeadlineUnsafe(terms.deadline, terms.counterpartDeadline, margin);
            }
        }
        PaymentLink calldata payment = terms.payment;
        if (block.timestamp >= payment.quoteExpiry) revert QuoteExpired(payment.quoteId, payment.quoteExpiry);
        if (!payment.uetr.isUetr()) revert LockUetrInvalid(payment.uetr);
        if (!payment.debtorAgent.isBic()) revert LockBicInvalid(payment.debtorAgent);
        if (!payment.creditorAgent.isBic()) revert LockBicInvalid(payment.creditorAgent);
    }

    function _active(bytes32 lockId) private view returns (Lock storage slot) {
        slot = _locks[lockId];
        if (slot.status == LockStatus.None) revert LockNotFound(lockId);
        if (slot.status != LockStatus.Locked) revert LockNotActive(lockId, slot.status);
    }

    function _setSafetyMargin(uint256 margin) private {
        if (margin < MIN_SAFETY_MARGIN || margin > MAX_SAFETY_MARGIN) {
            revert SafetyMarginOutOfRange(margin, MIN_SAFETY_MARGIN, MAX_SAFETY_MARGIN);
        }
        uint256 old = _safetyMargin;
        _safetyMargin = margin;
        emit SafetyMarginSet(old, margin);
    }

    function _lockId(address sender, LockTerms calldata terms) private view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), sender, terms));
    }

    function _paymentRef(PaymentLink calldata payment) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    payment.uetr,
                    payment.debtorAgent,
                    payment.creditorAgent,
                    payment.quoteId,
                    payment.quoteExpiry
                )
            );
    }
}
