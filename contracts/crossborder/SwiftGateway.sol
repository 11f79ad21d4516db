// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC3009} from "@openzeppelin/contracts/interfaces/draft-IERC3009.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {ISwiftGateway} from "./ISwiftGateway.sol";
import {Iso20022} from "./Iso20022.sol";

/**
 * @title SwiftGateway
 * @notice Outbound and inbound SWIFT (ISO 20022 pacs.008) payments in DKZT, keyed by UETR. See {ISwiftGateway}.
 * @dev Not upgradeable: it holds customers' escrow, and its rules are what they signed up to. A new version is
 * a new gateway; pending payments on the old one still settle, reject or refund there.
 */
contract SwiftGateway is AccessManaged, ISwiftGateway {
    using SafeERC20 for IERC20;
    using LedgerAccounts for IDigitalTenge;
    using Iso20022 for bytes16;
    using Iso20022 for bytes11;
    using Iso20022 for bytes3;
    using Iso20022 for bytes4;

    /// @notice Largest payment, in minor units (tiyn): the record keeps amounts in 64 bits (1.8e17 tenge).
    uint256 public constant MAX_AMOUNT = type(uint64).max;
    /// @notice Shortest time, in seconds, a gateway bank is given to decide on an outbound payment.
    uint256 public constant MIN_DEADLINE_DELAY = 1 hours;
    /// @notice Longest time, in seconds, a customer's escrow may wait for the gateway bank.
    uint256 public constant MAX_DEADLINE_DELAY = 30 days;
    /// @dev Domain tag of the outbound authorisation nonce (the ledger's EIP-712 domain adds chain and ledger).
    bytes32 private constant _OUTBOUND_NONCE_TAG = keccak256("DKZT.SwiftGateway.Outbound.v1");

    /// @dev One UETR in three slots. Amount fits 64 bits (checked against MAX_AMOUNT); the deadline fits 32
    /// bits until 2106 (it is at most now + 30 days).
    struct Record {
        address account;
        uint64 amount;
        uint32 deadline;
        bytes11 debtorAgent;
        bytes11 creditorAgent;
        bytes3 currency;
        bytes3 purpose;
        Status status;
        ChargeBearer charges;
        bytes32 creditorAccountHash;
    }

    IDigitalTenge private immutable _ledger;
    bytes3 private immutable _settlementCurrency;

    address private _nostro;
    /// @dev Outbound and inbound UETRs are separate namespaces: a customer's outbound can never block an inbound.
    mapping(bytes16 uetr => Record) private _outbound;
    mapping(bytes16 uetr => Record) private _inbound;
    mapping(address bank => bytes11 bic) private _bicOf;
    mapping(bytes11 bic => address bank) private _bankOfBic;

    /**
     * @param authority_ The suite's AccessManager.
     * @param ledger_ The DKZT ledger (this contract must be onboarded on it as a SystemContract account).
     * @param settlementCurrency_ ISO 4217 code of the ledger's currency ("KZT").
     */
    constructor(address authority_, address ledger_, bytes3 settlementCurrency_) AccessManaged(authority_) {
        if (ledger_ == address(0)) revert GatewayZeroAddress();
        if (!settlementCurrency_.isCurrency()) revert CurrencyNotSettled(settlementCurrency_, settlementCurrency_);
        _ledger = IDigitalTenge(ledger_);
        _settlementCurrency = settlementCurrency_;
    }

    // ================================================================ outbound

    /// @inheritdoc ISwiftGateway
    function initiateOutbound(Payment calldata payment, uint256 deadline) external {
        address customer = msg.sender;
        (, , , , address bank) = _ledger.statusOf(customer);
        _openOutbound(customer, bank, payment, deadline);
        _ledger.moduleTransfer(customer, address(this), payment.amount);
    }

    /// @inheritdoc ISwiftGateway
    function initiateOutboundFor(
        address customer,
        Payment calldata payment,
        uint256 deadline,
        Authorization calldata authorization
    ) external restricted {
        _ledger.requireActiveBank(msg.sender);
        (, , , , address bank) = _ledger.statusOf(customer);
        if (bank != msg.sender) revert NotCustomersBank(msg.sender, customer);
        _openOutbound(customer, msg.sender, payment, deadline);
        IERC3009(address(_ledger)).receiveWithAuthorization(
            customer,
            address(this),
            payment.amount,
            authorization.validAfter,
            authorization.validBefore,
            _outboundNonce(payment, deadline),
            authorization.v,
            authorization.r,
            authorization.s
        );
    }

    /// @inheritdoc ISwiftGateway
    function settleOutbound(bytes16 uetr, bytes32 confirmationRef) external restricted {
        _ledger.requireActiveBank(msg.sender);
        Record storage record = _pending(uetr);
        if (block.timestamp >= record.deadline) revert PaymentDeadlinePassed(uetr, record.deadline);
        address nostro = _nostro;
        if (nostro == address(0)) revert NostroNotSet();
        uint256 amount = record.amount;
        record.status = Status.Settled;
        emit PaymentStatusChanged(uetr, Status.Pending, Status.Settled);
        emit OutboundSettled(uetr, nostro, amount, confirmationRef);
        _pay(nostro, amount);
    }

    /// @inheritdoc ISwiftGateway
    function rejectOutbound(bytes16 uetr, bytes4 reasonCode) external restricted {
        _ledger.requireActiveBank(msg.sender);
        if (!reasonCode.isReasonCode()) revert ReasonCodeInvalid(reasonCode);
        Record storage record = _pending(uetr);
        (address customer, uint256 amount) = (_ledger.current(record.account), record.amount);
        record.status = Status.Rejected;
        emit PaymentStatusChanged(uetr, Status.Pending, Status.Rejected);
        emit OutboundRejected(uetr, customer, amount, reasonCode);
        _pay(customer, amount);
    }

    /// @inheritdoc ISwiftGateway
    function refundExpired(bytes16 uetr) external {
        Record storage record = _pending(uetr);
        if (block.timestamp < record.deadline) revert PaymentNotExpired(uetr, record.deadline);
        (address customer, uint256 amount) = (_ledger.current(record.account), record.amount);
        record.status = Status.Refunded;
        emit PaymentStatusChanged(uetr, Status.Pending, Status.Refunded);
        emit OutboundRefunded(uetr, customer, amount);
        _pay(customer, amount);
    }

    // ================================================================ inbound

    /// @inheritdoc ISwiftGateway
    function creditInbound(Payment calldata payment, address creditor) external restricted {
        _ledger.requireActiveBank(msg.sender);
        if (creditor == address(0)) revert GatewayZeroAddress();
        _checkFormats(payment);
        (bool registered, , , , address bank) = _ledger.statusOf(creditor);
        if (!registered) revert IDigitalTenge.AccountNotRegistered(creditor);
        bytes11 expected = _bicOf[bank];
        if (payment.creditorAgent != expected) revert CreditorAgentMismatch(payment.creditorAgent, expected);
        _store(_inbound, payment, creditor, 0, Status.Credited);
        emit PaymentStatusChanged(payment.uetr, Status.None, Status.Credited);
        emit InboundCredited(payment.uetr, creditor, msg.sender, payment);
        // The gateway bank pays from its own DKZT, on its own authority (it is the caller).
        _ledger.moduleTransfer(msg.sender, creditor, payment.amount);
    }

    // ================================================================ configuration

    /// @inheritdoc ISwiftGateway
    function setNostroAccount(address nostro) external restricted {
        if (nostro == address(0)) revert GatewayZeroAddress();
        address old = _nostro;
        _nostro = nostro;
        emit NostroAccountSet(old, nostro);
    }

    /// @inheritdoc ISwiftGateway
    function setBankBic(address bank, bytes11 bic) external restricted {
        if (!_ledger.bankOf(bank).registered) revert BicHolderNotBank(bank);
        if (bic != bytes11(0)) {
            if (!bic.isBic()) revert BicInvalid(bic);
            address holder = _bankOfBic[bic];
            if (holder != address(0) && holder != bank) revert BicTaken(bic, holder);
        }
        bytes11 old = _bicOf[bank];
        if (old != bytes11(0)) delete _bankOfBic[old];
        _bicOf[bank] = bic;
        if (bic != bytes11(0)) _bankOfBic[bic] = bank;
        emit BankBicSet(bank, old, bic);
    }

    // ================================================================ views

    /// @inheritdoc ISwiftGateway
    function statusOf(bytes16 uetr) external view returns (Status) {
        Status inbound = _inbound[uetr].status;
        return inbound != Status.None ? inbound : _outbound[uetr].status;
    }

    /// @inheritdoc ISwiftGateway
    function paymentOf(bytes16 uetr) external view returns (PaymentRecord memory) {
        Record storage inbound = _inbound[uetr];
        return _view(uetr, inbound.status != Status.None ? inbound : _outbound[uetr]);
    }

    /// @inheritdoc ISwiftGateway
    function outboundOf(bytes16 uetr) external view returns (PaymentRecord memory) {
        return _view(uetr, _outbound[uetr]);
    }

    /// @inheritdoc ISwiftGateway
    function inboundOf(bytes16 uetr) external view returns (PaymentRecord memory) {
        return _view(uetr, _inbound[uetr]);
    }

    /// @inheritdoc ISwiftGateway
    function outboundAuthorizationNonce(Payment calldata payment, uint256 deadline) external pure returns (bytes32) {
        return _outboundNonce(payment, deadline);
    }

    /// @inheritdoc ISwiftGateway
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @inheritdoc ISwiftGateway
    function settlementCurrency() external view returns (bytes3) {
        return _settlementCurrency;
    }

    /// @inheritdoc ISwiftGateway
    function nostroAccount() external view returns (address) {
        return _nostro;
    }

    /// @inheritdoc ISwiftGateway
    function bicOf(address bank) external view returns (bytes11) {
        return _bicOf[bank];
    }

    /// @inheritdoc ISwiftGateway
    function bankOfBic(bytes11 bic) external view returns (address) {
        return _bankOfBic[bic];
    }

    // ================================================================ internals

    /// @dev Checks an outbound payment and records it as Pending (the caller then pulls the money).
    function _openOutbound(address customer, address bank, Payment calldata payment, uint256 deadline) private {
        _checkFormats(payment);
        uint256 earliest = block.timestamp + MIN_DEADLINE_DELAY;
        uint256 latest = block.timestamp + MAX_DEADLINE_DELAY;
        if (deadline < earliest || deadline > latest) revert PaymentDeadlineOutOfRange(deadline, earliest, latest);
        bytes11 expected = _bicOf[bank];
        if (payment.debtorAgent != expected) revert DebtorAgentMismatch(payment.debtorAgent, expected);
        _store(_outbound, payment, customer, deadline, Status.Pending);
        emit PaymentStatusChanged(payment.uetr, Status.None, Status.Pending);
        emit OutboundInitiated(payment.uetr, customer, msg.sender, payment, deadline);
    }

    function _checkFormats(Payment calldata payment) private view {
        if (!payment.uetr.isUetr()) revert UetrInvalid(payment.uetr);
        if (!payment.debtorAgent.isBic()) revert BicInvalid(payment.debtorAgent);
        if (!payment.creditorAgent.isBic()) revert BicInvalid(payment.creditorAgent);
        if (payment.currency != _settlementCurrency) revert CurrencyNotSettled(payment.currency, _settlementCurrency);
        if (!payment.purpose.isKnp()) revert PurposeCodeInvalid(payment.purpose);
        if (payment.amount == 0 || payment.amount > MAX_AMOUNT) revert PaymentAmountInvalid(payment.amount, MAX_AMOUNT);
    }

    /// @dev Records `payment` in `records` (its direction's namespace), where its UETR must be unused.
    function _store(
        mapping(bytes16 uetr => Record) storage records,
        Payment calldata payment,
        address account,
        uint256 deadline,
        Status status
    ) private {
        Status used = records[payment.uetr].status;
        if (used != Status.None) revert UetrAlreadyUsed(payment.uetr, used);
        // Cannot truncate: amount <= MAX_AMOUNT (2^64 - 1) and deadline <= now + 30 days < 2^32 until 2106,
        // both checked by the callers.
        records[payment.uetr] = Record({
            account: account,
            amount: uint64(payment.amount),
            deadline: uint32(deadline),
            debtorAgent: payment.debtorAgent,
            creditorAgent: payment.creditorAgent,
            currency: payment.currency,
            purpose: payment.purpose,
            status: status,
            charges: payment.charges,
            creditorAccountHash: payment.creditorAccountHash
        });
    }

    /// @dev `record` (UETR `uetr`) as a reader sees it; a record at None reads as all zeros.
    function _view(bytes16 uetr, Record storage record) private view returns (PaymentRecord memory view_) {
        if (record.status == Status.None) return view_;
        view_.payment = Payment({
            uetr: uetr,
            debtorAgent: record.debtorAgent,
            creditorAgent: record.creditorAgent,
            creditorAccountHash: record.creditorAccountHash,
            currency: record.currency,
            amount: record.amount,
            charges: record.charges,
            purpose: record.purpose
        });
        view_.status = record.status;
        view_.account = record.account;
        view_.deadline = record.deadline;
    }

    /// @dev The outbound payment `uetr`, which must exist and be Pending.
    function _pending(bytes16 uetr) private view returns (Record storage record) {
        record = _outbound[uetr];
        if (record.status == Status.None) revert PaymentNotFound(uetr);
        if (record.status != Status.Pending) revert PaymentNotPending(uetr, record.status);
    }

    /// @dev Pays out of the escrow with a plain ERC-20 transfer: the gateway is the holder.
    function _pay(address to, uint256 amount) private {
        IERC20(address(_ledger)).safeTransfer(to, amount);
    }

    function _outboundNonce(Payment calldata payment, uint256 deadline) private pure returns (bytes32) {
        return keccak256(abi.encode(_OUTBOUND_NONCE_TAG, payment, deadline));
    }
}
