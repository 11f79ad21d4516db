// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IMerchantPayments} from "./IMerchantPayments.sol";
import {LedgerClient} from "./LedgerClient.sol";
import {VatCircuit} from "./VatCircuit.sol";
import {VatTable} from "./VatTable.sol";
import {VatMath} from "./VatMath.sol";

/**
 * @title MerchantPayments
 * @notice Merchants, invoices (POS and QR), the VAT split and VAT marking: see {IMerchantPayments},
 * {IMerchantRegistry}, {IVatSchedule} and {IVatCircuit}.
 * @dev Composed of {MerchantRegistry}, {VatSchedule} and {VatCircuit}; this contract adds the invoices. Not
 * upgradeable: the ledger address is immutable so a payment reads no storage to find it; a new version is a new
 * module the operator onboards (and the old one's marked VAT is paid out to the budget first).
 *
 * Gas shape of a B2C payment (the hot path): one SLOAD each for the merchant record, the VAT word (rates and
 * budget) and the merchant's nonce word, one SSTORE flipping the nonce bit, then one ledger module payment
 * split two ways ({IDigitalTenge-moduleSplit}: payer -> merchant, payer -> budget), plus a redemption when the
 * merchant converts.
 */
contract MerchantPayments is EIP712, VatCircuit, IMerchantPayments {
    using VatTable for uint256;
    using LedgerAccounts for IDigitalTenge;

    /// @notice EIP-712 type of an invoice (hashed at compile time: the string costs nothing at run time).
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant INVOICE_TYPEHASH = keccak256(
        "Invoice(address merchant,uint96 amount,uint8 vatCategory,uint16 vatRateBps,uint40 expiry,uint256 nonce,bytes32 orderRef)"
    );
    /// @notice EIP-712 type of a payer's authorisation to pay one invoice (hashed at compile time).
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant PAY_AUTHORIZATION_TYPEHASH = keccak256(
        "PayInvoiceAuthorization(address payer,bytes32 invoiceId,uint256 validAfter,uint256 validBefore)"
    );

    mapping(address merchant => mapping(uint256 word => uint256 bits)) private _nonces;
    mapping(address merchant => mapping(uint256 word => uint256 bits)) private _cancelledNonces;
    mapping(bytes32 invoiceId => bool) private _registered;
    mapping(bytes32 invoiceId => uint256 amount) private _refunded;
    mapping(bytes32 invoiceId => address buyer) private _b2bBuyer;
    mapping(address merchant => uint256 vat) private _vatRefundLine;

    /// @dev Largest VAT refund line, in tiyn: the ledger's balance bound (2^96 - 1).
    uint256 internal constant MAX_VAT_REFUND_LINE = type(uint96).max;

    /**
     * @param authority The suite's AccessManager.
     * @param ledger_ The DKZT ledger.
     */
    constructor(
        address authority,
        IDigitalTenge ledger_
    ) EIP712("DKZT Merchant Payments", "1") AccessManaged(authority) LedgerClient(ledger_) {}

    // ================================================================ invoices

    /// @inheritdoc IMerchantPayments
    function registerInvoice(Invoice calldata invoice) external returns (bytes32 id) {
        if (msg.sender != invoice.merchant) revert NotInvoiceMerchant(msg.sender, invoice.merchant);
        _requireMerchant(invoice.merchant);
        id = _invoiceId(invoice);
        if (_registered[id]) revert InvoiceAlreadyRegistered(id);
        if (_isSet(_nonces[invoice.merchant], invoice.nonce)) revert InvoiceNonceUsed(invoice.merchant, invoice.nonce);
        _registered[id] = true;
        emit InvoiceRegistered(id, invoice.merchant, invoice.amount, invoice.nonce, invoice.orderRef);
    }

    /// @inheritdoc IMerchantPayments
    function cancelInvoiceNonce(uint256 nonce) external {
        _useNonce(msg.sender, nonce);
        _cancelledNonces[msg.sender][nonce >> 8] |= uint256(1) << (nonce & 0xff);
        emit InvoiceNonceCancelled(msg.sender, nonce);
    }

    /// @inheritdoc IMerchantPayments
    function payInvoice(Invoice calldata invoice, bytes calldata signature) external returns (bytes32 id) {
        id = _authenticate(invoice, signature);
        _settle(msg.sender, invoice, id, false);
    }

    /// @inheritdoc IMerchantPayments
    function payInvoiceFields(
        address merchant,
        uint96 amount,
        uint8 vatCategory,
        uint16 vatRateBps,
        uint40 expiry,
        uint256 nonce,
        bytes32 orderRef,
        bytes calldata signature
    ) external returns (bytes32 id) {
        // The ABI decoder has checked each argument's range on entry. They are the seven words from call data
        // offset 4, exactly where {payInvoice}'s `invoice` lies, so the invoice is read there rather than copied
        // into memory: it is hashed and settled by the same calldata path as {payInvoice}. The statement below
        // only marks the arguments as used (no code).
        (merchant, amount, vatCategory, vatRateBps, expiry, nonce, orderRef);
        Invoice calldata invoice = _invoiceInHead();
        id = _authenticate(invoice, signature);
        _settle(msg.sender, invoice, id, false);
    }

    /// @inheritdoc IMerchantPayments
    function payInvoiceAsBusiness(Invoice calldata invoice, bytes calldata signature) external returns (bytes32 id) {
        _requireVatPayer(msg.sender);
        id = _authenticate(invoice, signature);
        _settle(msg.sender, invoice, id, true);
    }

    /// @inheritdoc IMerchantPayments
    function payInvoiceWithAuthorization(
        Invoice calldata invoice,
        bytes calldata signature,
        address payer,
        uint256 validAfter,
        uint256 validBefore,
        bytes calldata payerSignature
    ) external returns (bytes32 id) {
        if (block.timestamp <= validAfter) revert AuthorizationNotYetValid(payer, validAfter);
        if (block.timestamp >= validBefore) revert AuthorizationExpired(payer, validBefore);
        id = _authenticate(invoice, signature);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(PAY_AUTHORIZATION_TYPEHASH, payer, id, validAfter, validBefore))
        );
        if (!_isValidSignature(payer, digest, payerSignature)) revert AuthorizationSignatureInvalid(payer);
        _settle(payer, invoice, id, false);
    }

    /// @inheritdoc IMerchantPayments
    function payInvoiceFor(
        address payer,
        Invoice calldata invoice,
        bytes calldata signature
    ) external restricted returns (bytes32 id) {
        id = _authenticate(invoice, signature);
        _settle(payer, invoice, id, false);
    }

    /// @inheritdoc IMerchantPayments
    function refund(
        Invoice calldata invoice,
        bytes calldata signature,
        address payer,
        uint256 amount,
        bytes32 reasonRef
    ) external {
        address merchant = invoice.merchant;
        if (msg.sender != merchant) revert NotInvoiceMerchant(msg.sender, merchant);
        // A payment never comes from its merchant, so neither does a refund go to it (nor the budget's VAT).
        if (payer == merchant) revert PayerIsMerchant(payer);
        bytes32 id = _authenticate(invoice, signature);
        if (!_isSet(_nonces[merchant], invoice.nonce) || _isSet(_cancelledNonces[merchant], invoice.nonce)) {
            revert InvoiceNotPaid(id);
        }
        (uint256 vatPart, uint256 total) = _recordRefund(invoice, id, amount);
        address buyer = _b2bBuyer[id];
        if (buyer != address(0)) {
            // The buyer's live address: a B2B buyer whose wallet was recovered is refunded at the replacement.
            buyer = _LEDGER.current(buyer);
            if (buyer != payer) revert RefundPayerMismatch(id, buyer, payer);
            _reverseMarkedVat(id, merchant, buyer, vatPart);
            // Cannot underflow: a VAT share of a refund is at most the refund (VatMath.share).
            unchecked {
                if (amount - vatPart != 0) _LEDGER.moduleTransfer(merchant, payer, amount - vatPart);
            }
        } else {
            _refundB2c(id, merchant, payer, amount, vatPart);
        }
        emit InvoiceRefunded(id, merchant, payer, amount, vatPart, total, reasonRef);
    }

    /// @inheritdoc IMerchantPayments
    function setVatRefundLine(address merchant, uint256 line) external restricted {
        if (merchant == address(0)) revert ZeroAddressNotAllowed();
        if (line > MAX_VAT_REFUND_LINE) revert VatRefundLineTooLarge(line);
        uint256 old = _vatRefundLine[merchant];
        _vatRefundLine[merchant] = line;
        emit VatRefundLineSet(merchant, old, line);
    }

    /// @inheritdoc IMerchantPayments
    function vatRefundLineOf(address merchant) external view returns (uint256) {
        return _vatRefundLine[merchant];
    }

    /// @inheritdoc IMerchantPayments
    function followRecovery(address lost) external {
        address live = _LEDGER.current(lost);
        if (live == lost) revert AccountNotRecovered(lost);
        MerchantRecord memory record = _merchants[lost];
        if (record.registered) {
            if (_merchants[live].registered) revert MerchantAlreadyRegistered(live);
            _merchants[live] = record;
            delete _merchants[lost];
        }
        uint256 line = _vatRefundLine[lost];
        delete _vatRefundLine[lost];
        // Cannot overflow: each line is below 2^96.
        _vatRefundLine[live] += line;
        (uint256 marked, uint256 inputVat) = _moveVatAccount(lost, live);
        emit RecoveryFollowed(lost, live, record.registered, marked, inputVat, line);
    }

    /**
     * @dev The ledger side of a B2C refund of `amount` with VAT part `vatPart`: the budget in force pays the VAT
     * part when `merchant`'s VAT refund line covers all of it (the line falls by it), the merchant the rest;
     * otherwise the merchant pays everything. The payer receives exactly `amount` either way.
     */
    function _refundB2c(bytes32 id, address merchant, address payer, uint256 amount, uint256 vatPart) private {
        uint256 line = _vatRefundLine[merchant];
        address budget = vatPart != 0 && vatPart <= line ? _vatWordToday().budget() : address(0);
        if (budget == address(0)) {
            _LEDGER.moduleTransfer(merchant, payer, amount);
            return;
        }
        // Cannot underflow: vatPart <= line was checked above, and vatPart <= amount (VatMath.share).
        unchecked {
            line -= vatPart;
            _vatRefundLine[merchant] = line;
            if (amount - vatPart != 0) _LEDGER.moduleTransfer(merchant, payer, amount - vatPart);
        }
        _LEDGER.moduleTransfer(budget, payer, vatPart);
        emit RefundVatPaidByBudget(id, merchant, budget, payer, vatPart, line);
    }

    /**
     * @dev Checks and records a refund of `amount` of invoice `id`; returns its VAT part (the proportional share
     * of the invoice's VAT, on cumulative amounts) and the invoice's refunded total after it.
     */
    function _recordRefund(
        Invoice calldata invoice,
        bytes32 id,
        uint256 amount
    ) private returns (uint256 vatPart, uint256 total) {
        if (amount == 0) revert RefundAmountZero(id);
        uint256 gross = invoice.amount;
        uint256 before = _refunded[id];
        total = before + amount;
        if (total > gross) revert RefundExceedsPaid(id, gross, before, amount);
        // The invoice's VAT as paid (its rate matched the schedule at payment; zero for a non-VAT merchant).
        uint256 vat = VatMath.vatOf(gross, invoice.vatRateBps);
        vatPart = VatMath.share(vat, total, gross) - VatMath.share(vat, before, gross);
        _refunded[id] = total;
    }

    /// @inheritdoc IMerchantPayments
    function invoiceId(Invoice calldata invoice) external view returns (bytes32) {
        return _invoiceId(invoice);
    }

    /// @inheritdoc IMerchantPayments
    function isNonceUsed(address merchant, uint256 nonce) external view returns (bool) {
        return _isSet(_nonces[merchant], nonce);
    }

    /// @inheritdoc IMerchantPayments
    function isInvoiceRegistered(bytes32 id) external view returns (bool) {
        return _registered[id];
    }

    /// @inheritdoc IMerchantPayments
    function refundedOf(bytes32 id) external view returns (uint256) {
        return _refunded[id];
    }

    // ================================================================ internals

    /// @dev Pays `invoice` (id `id`, already authenticated) from `payer`; `b2b` marks the VAT.
    function _settle(address payer, Invoice calldata invoice, bytes32 id, bool b2b) private {
        // The members used more than once are read from calldata once (each read re-validates the word).
        address merchant = invoice.merchant;
        uint256 amount = invoice.amount;
        if (payer == merchant) revert PayerIsMerchant(payer);
        if (block.timestamp > invoice.expiry) revert InvoiceExpired(id, invoice.expiry, block.timestamp);
        if (amount == 0) revert InvoiceAmountZero(id);
        MerchantRecord storage record = _requireMerchant(merchant);
        _useNonce(merchant, invoice.nonce);

        uint8 category = invoice.vatCategory;
        uint256 rateBps = invoice.vatRateBps;
        (uint256 vat, address budget) = record.vatPayer
            ? _vatDue(category, rateBps, amount, b2b)
            : _noVat(category, rateBps);
        bool marked = b2b && vat != 0;
        if (marked) _b2bBuyer[id] = payer;
        _move(payer, merchant, amount, vat, marked ? address(0) : budget, record.settlement);
        if (marked) _markVat(id, payer, merchant, vat);
        // Cannot truncate: rateBps was read from a uint16 member.
        emit InvoicePaid(id, merchant, payer, amount, vat, category, uint16(rateBps), marked);
    }

    /**
     * @dev The ledger side of a payment: net to the merchant, VAT to `budget` (zero: marked, moved by the
     * circuit), and the merchant's net redeemed at its bank when it converts.
     */
    function _move(
        address payer,
        address merchant,
        uint256 amount,
        uint256 vat,
        address budget,
        Settlement settlement
    ) private {
        // Cannot underflow: VatMath.vatOf never exceeds the gross amount.
        uint256 net;
        unchecked {
            net = amount - vat;
        }
        if (vat != 0 && budget != address(0)) {
            // One ledger movement for both legs: one module check, one debit of the gross, and a guarded payer's
            // rules judge it as one payment to the merchant.
            _LEDGER.moduleSplit(payer, merchant, net, budget, vat);
        } else if (net != 0) {
            _LEDGER.moduleTransfer(payer, merchant, net);
        }
        if (settlement == Settlement.ConvertToNonCash && net != 0) _LEDGER.moduleRedeem(merchant, net);
    }

    /// @dev VAT due on an invoice of `amount` in `category` at `invoicedBps` of a VAT-registered merchant, checked
    /// against today's rate, and the budget it goes to.
    function _vatDue(
        uint8 category,
        uint256 invoicedBps,
        uint256 amount,
        bool b2b
    ) private returns (uint256 vat, address budget) {
        if (category > VatTable.MAX_CATEGORY) revert VatCategoryUnknown(category);
        uint256 word = _vatWordToday();
        if (!word.isDefined(category)) revert VatCategoryUndefined(category);
        uint256 rate = word.rate(category);
        if (rate != invoicedBps) revert VatRateMismatch(category, rate, invoicedBps);
        vat = VatMath.vatOf(amount, rate);
        budget = word.budget();
        if (vat != 0 && !b2b && budget == address(0)) revert VatBudgetNotSet();
    }

    /// @dev A merchant that is not a VAT payer charges no VAT: its invoices must say rate 0.
    function _noVat(uint8 category, uint256 invoicedBps) private pure returns (uint256, address) {
        if (invoicedBps != 0) revert VatRateMismatch(category, 0, invoicedBps);
        return (0, address(0));
    }

    /// @dev The {Invoice} encoded in place at the head of the call's arguments (call data offset 4).
    function _invoiceInHead() private pure returns (Invoice calldata invoice) {
        assembly ("memory-safe") {
            invoice := 4
        }
    }

    /// @dev The invoice's id, checked against the merchant's signature or the on-chain registration.
    function _authenticate(Invoice calldata invoice, bytes calldata signature) private view returns (bytes32 id) {
        id = _invoiceId(invoice);
        if (signature.length == 0) {
            if (!_registered[id]) revert InvoiceNotRegistered(id);
        } else if (!_isValidSignature(invoice.merchant, id, signature)) {
            revert InvoiceSignatureInvalid(id, invoice.merchant);
        }
    }

    /**
     * @dev EIP-712 hashStruct(invoice): every member is a static 32-byte word, so the encoding is the type hash
     * followed by the struct's seven calldata words, copied as they are (about 850 gas cheaper than abi.encode of
     * a calldata struct). A non-canonical word (dirty high bits) yields a hash no merchant signed, and reading
     * that member anywhere else reverts, so such calldata can neither pay nor register an invoice (tested).
     */
    function _invoiceId(Invoice calldata invoice) private view returns (bytes32) {
        bytes32 typehash = INVOICE_TYPEHASH;
        bytes32 structHash;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typehash)
            calldatacopy(add(ptr, 0x20), invoice, 0xe0)
            structHash := keccak256(ptr, 0x100)
        }
        return _hashTypedDataV4(structHash);
    }

    /**
     * @dev ECDSA first (no code-size lookup on the common path: an EOA signer), then ERC-1271 for a contract
     * signer. ECDSA rejects malleable (high-s) signatures and a zero recovered address. An EOA signature is 65 bytes
     * (r, s, v) or its 64-byte EIP-2098 compact form (r, vs): the same signature in 32 fewer calldata bytes. Which
     * form was sent does not matter for replay: an invoice is spent by its id (the digest) and nonce, never by its
     * signature bytes.
     */
    function _isValidSignature(address signer, bytes32 digest, bytes calldata signature) private view returns (bool) {
        address recovered;
        ECDSA.RecoverError err;
        if (signature.length == 64) {
            bytes32 r;
            bytes32 vs;
            assembly ("memory-safe") {
                r := calldataload(signature.offset)
                vs := calldataload(add(signature.offset, 0x20))
            }
            (recovered, err, ) = ECDSA.tryRecover(digest, r, vs);
        } else {
            (recovered, err, ) = ECDSA.tryRecoverCalldata(digest, signature);
        }
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return
            signer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature);
    }

    /// @dev Spends `merchant`'s invoice nonce `nonce` (word nonce >> 8, bit nonce & 0xff), or reverts.
    function _useNonce(address merchant, uint256 nonce) private {
        mapping(uint256 => uint256) storage words = _nonces[merchant];
        uint256 bit = uint256(1) << (nonce & 0xff);
        uint256 bits = words[nonce >> 8];
        if (bits & bit != 0) revert InvoiceNonceUsed(merchant, nonce);
        words[nonce >> 8] = bits | bit;
    }

    function _isSet(mapping(uint256 => uint256) storage words, uint256 nonce) private view returns (bool) {
        return words[nonce >> 8] & (uint256(1) << (nonce & 0xff)) != 0;
    }
}
