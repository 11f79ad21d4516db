// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessManaged} from "@openzeppelin/contracts/access/manager/AccessManaged.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IOfflinePurses} from "./IOfflinePurses.sol";
import {PurseWord} from "./PurseWord.sol";

/**
 * @title OfflinePurses
 * @notice Offline purses, device-signed cheques and their later settlement. See {IOfflinePurses} for the rules,
 * errors and events, and docs/offline.md for the story.
 * @dev Not upgradeable on purpose: purses are short-lived (a certificate runs at most MAX_VALIDITY), so a new
 * version is deployed beside this one and purses move to it as they expire. Money only moves through the ledger:
 * every purse's DKZT sits in this contract's SystemContract account, and {totalHeld} (the sum of purse balances)
 * equals that ledger balance.
 *
 * A redemption touches one storage word per purse ({PurseWord}); a batch keeps those words in memory, pays each
 * payee once with the sum of its cheques, and writes each word once. The ledger is trusted: it calls nothing
 * back, so writing a purse word again after a refused payout (to give the cheques back) cannot be re-entered.
 *
 * Account lifecycle ({LedgerAccounts}): the owner and payees are stored as given and resolved to their live
 * address (after wallet recovery) when they act or are paid; every bank power starts with `requireActiveBank`.
 */
contract OfflinePurses is IOfflinePurses, AccessManaged, EIP712 {
    using PurseWord for uint256;
    using LedgerAccounts for IDigitalTenge;

    // solhint-disable gas-small-strings
    /// @notice EIP-712 type of a cheque.
    bytes32 public constant CHEQUE_TYPEHASH = keccak256(
        "Cheque(address purse,address payee,uint48 amount,uint8 serial,uint40 expiry)"
    );
    /// @notice EIP-712 type of a purse certificate.
    bytes32 public constant CERTIFICATE_TYPEHASH = keccak256(
        "PurseCertificate(address purse,address owner,address bank,uint48 capAmount,uint8 maxPayments,uint40 expiry)"
    );
    // solhint-enable gas-small-strings
    /// @notice Bytes per cheque in {redeemBatch}'s encoding.
    uint256 public constant CHEQUE_RECORD_BYTES = 78;
    /// @notice Most cheques a purse can ever settle (its fingerprint slots).
    uint256 public constant MAX_PAYMENTS = PurseWord.MAX_PAYMENTS;
    /// @notice Largest purse cap the limits may allow, in tiyn.
    uint256 public constant MAX_PURSE_AMOUNT = PurseWord.MAX_BALANCE;
    /// @notice Bounds of the certificate validity limit, in seconds.
    uint256 public constant MIN_VALIDITY = 1 hours;
    uint256 public constant MAX_VALIDITY = 366 days;
    /// @notice Bounds of the grace period, in seconds.
    uint256 public constant MIN_GRACE = 1 days;
    uint256 public constant MAX_GRACE = 180 days;

    /// @dev What a cheque deserves, before its payee is paid.
    enum Verdict {
        Pay,
        Reject,
        DuplicateSerial,
        Overspend
    }

    struct PurseRecord {
        uint256 word; // PurseWord: everything redemption needs
        address owner;
        uint48 capAmount;
        uint40 expiry;
        address bank;
    }

    /// @dev A batch in memory: the address tables, the EIP-712 domain, purse words and payee totals by table index,
    /// and per cheque its digest and rejection reason (empty while it pays).
    struct Batch {
        address[] purses;
        address[] payees;
        bytes32 domain;
        uint256[] words;
        uint256[] totals;
        bytes32[] digests;
        bytes[] reasons;
    }

    IDigitalTenge private immutable _ledger;
    OfflineLimits private _limits;
    uint256 private _totalHeld;
    uint256 private _claimCount;
    mapping(address purse => PurseRecord) private _purses;
    mapping(uint256 claimId => LossClaim) private _claims;
    mapping(bytes32 digest => uint256 claimId) private _claimOfCheque;

    /**
     * @param authority_ The suite's AccessManager.
     * @param ledger_ The DKZT ledger (this contract must then be onboarded there as a SystemContract account).
     * @param initialLimits The first offline limits (bounded as in {setLimits}).
     */
    constructor(
        address authority_,
        address ledger_,
        OfflineLimits memory initialLimits
    ) AccessManaged(authority_) EIP712("DKZT Offline Purses", "1") {
        if (ledger_ == address(0)) revert ZeroAddress();
        _ledger = IDigitalTenge(ledger_);
        _setLimits(initialLimits);
    }

    // ================================================================ central bank

    /// @inheritdoc IOfflinePurses
    function setLimits(OfflineLimits calldata newLimits) external restricted {
        _setLimits(newLimits);
    }

    function _setLimits(OfflineLimits memory newLimits) private {
        _requireWithin(LimitField.MaxAmount, newLimits.maxAmount, 1, MAX_PURSE_AMOUNT);
        _requireWithin(LimitField.MaxPayments, newLimits.maxPayments, 1, MAX_PAYMENTS);
        _requireWithin(LimitField.MaxValidity, newLimits.maxValidity, MIN_VALIDITY, MAX_VALIDITY);
        _requireWithin(LimitField.GracePeriod, newLimits.gracePeriod, MIN_GRACE, MAX_GRACE);
        OfflineLimits memory old = _limits;
        _limits = newLimits;
        emit LimitsSet(old, newLimits);
    }

    // ================================================================ purses

    /// @inheritdoc IOfflinePurses
    function registerPurse(PurseCertificate calldata certificate, bytes32 r, bytes32 vs) external {
        address purse = certificate.purse;
        if (purse == address(0) || certificate.owner == address(0)) revert ZeroAddress();
        PurseRecord storage record = _purses[purse];
        if (record.word != 0) revert PurseAlreadyRegistered(purse);
        address signer = _recover(hashCertificate(certificate), r, vs);
        if (signer != certificate.bank) revert CertificateSignatureInvalid(purse, signer, certificate.bank);

        _requireCustomerOf(certificate.owner, certificate.bank);

        OfflineLimits memory limits_ = _limits;
        if (certificate.capAmount == 0 || certificate.capAmount > limits_.maxAmount) {
            revert CertificateCapOutOfRange(purse, certificate.capAmount, limits_.maxAmount);
        }
        if (certificate.maxPayments == 0 || certificate.maxPayments > limits_.maxPayments) {
            revert CertificatePaymentsOutOfRange(purse, certificate.maxPayments, limits_.maxPayments);
        }
        uint256 latest = block.timestamp + limits_.maxValidity;
        if (certificate.expiry <= block.timestamp || certificate.expiry > latest) {
            revert CertificateExpiryOutOfRange(purse, certificate.expiry, latest);
        }

        // Cannot exceed uint40: expiry < 2^40 and the grace period < 2^25, so the sum stays far below 2^41 and
        // PurseWord masks it; a purse settling in year 36812 is not a concern.
        uint40 settleBy = uint40(uint256(certificate.expiry) + limits_.gracePeriod);
        record.word = PurseWord.create(certificate.maxPayments, settleBy);
        record.owner = certificate.owner;
        record.capAmount = certificate.capAmount;
        record.expiry = certificate.expiry;
        record.bank = certificate.bank;
        emit PurseRegistered(
            purse,
            certificate.owner,
            certificate.bank,
            certificate.capAmount,
            certificate.maxPayments,
            certificate.expiry,
            settleBy
        );
    }

    /// @inheritdoc IOfflinePurses
    function fund(address purse, uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        PurseRecord storage record = _requirePurse(purse);
        _requireOwner(purse, record);
        uint256 word = record.word;
        if (word & PurseWord.FLAGS != 0) revert PurseNotActive(purse, _status(word));
        if (block.timestamp >= record.expiry) revert PurseExpired(purse, record.expiry);
        uint256 balance = word.balance() + amount;
        if (balance > record.capAmount) revert PurseCapExceeded(purse, record.capAmount, balance);

        record.word = word.withBalance(balance);
        _totalHeld += amount;
        emit PurseFunded(purse, msg.sender, amount, balance);
        _ledger.moduleTransfer(msg.sender, address(this), amount);
    }

    /// @inheritdoc IOfflinePurses
    function closePurse(address purse) external {
        PurseRecord storage record = _requirePurse(purse);
        _requireOwner(purse, record);
        uint256 word = record.word;
        if (word & PurseWord.FLAGS != 0) revert PurseNotActive(purse, _status(word));
        uint256 oldSettleBy = word.settleBy();
        word = (word | PurseWord.CLOSING).settleNoLaterThan(block.timestamp + _limits.gracePeriod);
        record.word = word;
        // Cannot truncate: settleBy values come out of the 40-bit field.
        emit PurseCloseRequested(purse, msg.sender, uint40(oldSettleBy), uint40(word.settleBy()));
    }

    /// @inheritdoc IOfflinePurses
    function reclaim(address purse) external {
        PurseRecord storage record = _requirePurse(purse);
        address owner = _requireOwner(purse, record);
        uint256 amount = _close(purse, record, false);
        emit PurseReclaimed(purse, owner, amount);
        if (amount != 0) _ledger.moduleTransfer(address(this), owner, amount);
    }

    // ================================================================ banks

    /// @inheritdoc IOfflinePurses
    function revokeDevice(address purse) external restricted {
        _ledger.requireActiveBank(msg.sender);
        PurseRecord storage record = _requirePurse(purse);
        if (msg.sender != record.bank) revert NotPurseBank(purse, msg.sender);
        uint256 word = record.word;
        if (word.has(PurseWord.CLOSED)) revert PurseNotActive(purse, PurseStatus.Closed);
        if (word.has(PurseWord.REVOKED)) revert DeviceAlreadyRevoked(purse);
        uint256 oldSettleBy = word.settleBy();
        word = (word | PurseWord.REVOKED).settleNoLaterThan(block.timestamp + _limits.gracePeriod);
        record.word = word;
        // Cannot truncate: settleBy values come out of the 40-bit field.
        emit DeviceRevoked(purse, msg.sender, uint40(oldSettleBy), uint40(word.settleBy()));
    }

    /// @inheritdoc IOfflinePurses
    function sweepFrozenPurse(address purse) external restricted {
        _ledger.requireActiveBank(msg.sender);
        PurseRecord storage record = _requirePurse(purse);
        address bank = record.bank;
        if (msg.sender != bank) revert NotPurseBank(purse, msg.sender);
        uint256 amount = _close(purse, record, true);
        emit FrozenPurseSwept(purse, bank, amount);
        if (amount != 0) _ledger.moduleTransfer(address(this), bank, amount);
    }

    /// @inheritdoc IOfflinePurses
    function coverLossClaim(uint256 claimId) external restricted {
        _ledger.requireActiveBank(msg.sender);
        LossClaim storage claim = _claims[claimId];
        if (claim.purse == address(0)) revert LossClaimUnknown(claimId);
        if (msg.sender != claim.bank) revert NotClaimBank(claimId, msg.sender);
        if (claim.covered) revert LossClaimAlreadyCovered(claimId);
        // The claimed cheque itself paid since (its serial holds its fingerprint: the cheque that spent the serial
        // was given back in its batch, or the balance came back): its payee has its money, the claim is void.
        if (_purses[claim.purse].word.fingerprintAt(claim.serial) == PurseWord.fingerprintOf(claim.chequeDigest)) {
            revert LossClaimChequeRedeemed(claimId);
        }
        claim.covered = true;
        address payee = _ledger.current(claim.payee);
        emit LossClaimCovered(claimId, msg.sender, payee, claim.amount);
        _ledger.moduleTransfer(msg.sender, payee, claim.amount);
    }

    // ================================================================ redemption

    /// @inheritdoc IOfflinePurses
    function redeem(SignedCheque calldata signed) external returns (bool paid) {
        if (_ledger.paused()) revert IDigitalTenge.LedgerPaused();
        Cheque memory c = signed.cheque;
        bytes32 digest = MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), _chequeStructHash(c));
        PurseRecord storage record = _purses[c.purse];
        uint256 word = record.word;
        (Verdict verdict, bytes memory reason) = _judge(word, c, _recover(digest, signed.r, signed.vs), digest);

        if (verdict == Verdict.Pay) {
            record.word = _spend(word, c.serial, digest, c.amount);
            _totalHeld -= c.amount;
            // The ledger calls nothing back: the event can name the address that was credited, after crediting it.
            emit ChequeRedeemed(c.purse, _credit(c.payee, c.amount), c.serial, c.amount, digest);
            return true;
        }
        if (verdict == Verdict.Reject) _revertWith(reason);
        bool recorded;
        (word, recorded, reason) = _recordDoubleSpend(verdict, c, digest, signed.r, signed.vs, word);
        if (!recorded) _revertWith(reason);
        record.word = word;
        emit ChequeRejected(c.purse, c.payee, c.serial, c.amount, digest, reason);
        return false;
    }

    /// @inheritdoc IOfflinePurses
    function redeemBatch(
        address[] calldata purses,
        address[] calldata payees,
        bytes calldata cheques
    ) external returns (uint256 paidCount, uint256 paidAmount) {
        if (cheques.length == 0) revert BatchEmpty();
        uint256 count = cheques.length / CHEQUE_RECORD_BYTES;
        if (count * CHEQUE_RECORD_BYTES != cheques.length) revert BatchMalformed(cheques.length);
        if (_ledger.paused()) revert IDigitalTenge.LedgerPaused();
        // One memory word per purse must mean one purse: the table is strictly increasing, so no purse appears
        // twice (two cached copies of one purse could each spend the same serial).
        for (uint256 j = 1; j < purses.length; ++j) {
            if (purses[j] <= purses[j - 1]) revert BatchPursesUnordered(j);
        }

        Batch memory batch = Batch({
            purses: purses,
            payees: payees,
            domain: _domainSeparatorV4(),
            words: new uint256[](purses.length),
            totals: new uint256[](payees.length),
            digests: new bytes32[](count),
            reasons: new bytes[](count)
        });
        uint256 owed = _judgeBatch(batch, cheques);
        _storeWords(batch);
        _totalHeld -= owed;
        if (_payOut(batch, cheques) != 0) _storeWords(batch);
        (paidCount, paidAmount) = _report(batch, cheques);
        // Cannot underflow: what finally paid is what was owed minus what was given back, each given back once.
        unchecked {
            _totalHeld += owed - paidAmount;
        }
    }

    /// @inheritdoc IOfflinePurses
    function reportDoubleSpend(
        SignedCheque calldata settled,
        SignedCheque calldata unpaid
    ) external returns (uint256 claimId) {
        address purse = unpaid.cheque.purse;
        uint8 serial = unpaid.cheque.serial;
        bytes32 settledDigest = _verifiedDigest(settled);
        bytes32 unpaidDigest = _verifiedDigest(unpaid);
        if (settled.cheque.purse != purse || settled.cheque.serial != serial || settledDigest == unpaidDigest) {
            revert DoubleSpendNotProven(purse, serial);
        }

        PurseRecord storage record = _requirePurse(purse);
        uint256 word = record.word;
        if (block.timestamp > word.settleBy() || word.has(PurseWord.CLOSED)) {
            revert PurseSettlementClosed(purse, word.settleBy());
        }
        if (serial >= word.maxPayments() || word.fingerprintAt(serial) != PurseWord.fingerprintOf(settledDigest)) {
            revert DoubleSpendNotProven(purse, serial);
        }
        Cheque memory c = unpaid.cheque;
        if (block.timestamp > c.expiry) revert ChequeExpired(purse, serial, c.expiry);
        if (c.amount == 0) revert ChequeAmountZero(purse, serial);
        if (c.payee == address(0)) revert ChequePayeeZero(purse, serial);
        if (c.payee == address(this)) revert ChequePayeeIsModule(purse, serial);
        claimId = _claimOfCheque[unpaidDigest];
        if (claimId != 0) revert ChequeAlreadyClaimed(purse, serial, claimId);

        claimId = _recordClaim(c, unpaidDigest, record.bank);
        emit DoubleSpendProven(purse, claimId, settled, unpaid);
        record.word = _freeze(purse, word, claimId);
    }

    // ================================================================ views

    /// @inheritdoc IOfflinePurses
    function ledger() external view returns (address) {
        return address(_ledger);
    }

    /// @inheritdoc IOfflinePurses
    function limits() external view returns (OfflineLimits memory) {
        return _limits;
    }

    /// @inheritdoc IOfflinePurses
    function purseOf(address purse) external view returns (PurseView memory view_) {
        PurseRecord storage record = _purses[purse];
        uint256 word = record.word;
        view_.status = _status(word);
        view_.owner = record.owner;
        view_.bank = record.bank;
        view_.balance = word.balance();
        view_.capAmount = record.capAmount;
        // Cannot truncate: maxPayments is a 4-bit field and settledPayments counts at most MAX_PAYMENTS slots.
        view_.maxPayments = uint8(word.maxPayments());
        view_.settledPayments = uint8(word.settledPayments());
        view_.expiry = record.expiry;
        // Cannot truncate: settleBy comes out of the 40-bit field.
        view_.settleBy = uint40(word.settleBy());
        view_.frozen = word.has(PurseWord.FROZEN);
        view_.revoked = word.has(PurseWord.REVOKED);
        view_.closing = word.has(PurseWord.CLOSING);
        view_.closed = word.has(PurseWord.CLOSED);
    }

    /// @inheritdoc IOfflinePurses
    function serialFingerprint(address purse, uint8 serial) external view returns (uint16) {
        if (serial >= MAX_PAYMENTS) return 0;
        // Cannot truncate: a slot is 16 bits.
        return uint16(_purses[purse].word.fingerprintAt(serial));
    }

    /// @inheritdoc IOfflinePurses
    function totalHeld() external view returns (uint256) {
        return _totalHeld;
    }

    /// @inheritdoc IOfflinePurses
    function lossClaim(uint256 claimId) external view returns (LossClaim memory) {
        return _claims[claimId];
    }

    /// @inheritdoc IOfflinePurses
    function lossClaimOfCheque(bytes32 digest) external view returns (uint256) {
        return _claimOfCheque[digest];
    }

    /// @inheritdoc IOfflinePurses
    function lossClaimCount() external view returns (uint256) {
        return _claimCount;
    }

    /// @inheritdoc IOfflinePurses
    function hashCheque(Cheque calldata cheque) public view returns (bytes32) {
        Cheque memory c = cheque;
        return MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), _chequeStructHash(c));
    }

    /// @inheritdoc IOfflinePurses
    function hashCertificate(PurseCertificate calldata certificate) public view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        CERTIFICATE_TYPEHASH,
                        certificate.purse,
                        certificate.owner,
                        certificate.bank,
                        certificate.capAmount,
                        certificate.maxPayments,
                        certificate.expiry
                    )
                )
            );
    }

    // ================================================================ judging cheques

    /**
     * @dev What cheque `c` (recovered signer `signer`, EIP-712 digest `digest`) deserves against purse word `word`,
     * checked in this order: signature, purse, settlement window, cheque expiry, serial range, amount, payee (not
     * zero, not this module), serial (the same cheque again is a replay, another one a double spend), balance
     * (short is a double spend), and last, in a frozen purse (the only kind with loss claims), a loss claim on
     * this very cheque that its bank already covered (its payee was paid: the cheque pays no more).
     */
    function _judge(
        uint256 word,
        Cheque memory c,
        address signer,
        bytes32 digest
    ) private view returns (Verdict, bytes memory) {
        if (signer != c.purse) {
            return (Verdict.Reject, abi.encodeWithSelector(ChequeSignatureInvalid.selector, c.purse, signer));
        }
        if (word == 0) return (Verdict.Reject, abi.encodeWithSelector(PurseUnknown.selector, c.purse));
        uint256 settleBy = word.settleBy();
        if (block.timestamp > settleBy || word.has(PurseWord.CLOSED)) {
            return (Verdict.Reject, abi.encodeWithSelector(PurseSettlementClosed.selector, c.purse, settleBy));
        }
        if (block.timestamp > c.expiry) {
            return (Verdict.Reject, abi.encodeWithSelector(ChequeExpired.selector, c.purse, c.serial, c.expiry));
        }
        uint256 maxPayments = word.maxPayments();
        if (c.serial >= maxPayments) {
            return (
                Verdict.Reject,
                abi.encodeWithSelector(ChequeSerialOutOfRange.selector, c.purse, c.serial, maxPayments)
            );
        }
        if (c.amount == 0)
            return (Verdict.Reject, abi.encodeWithSelector(ChequeAmountZero.selector, c.purse, c.serial));
        if (c.payee == address(0)) {
            return (Verdict.Reject, abi.encodeWithSelector(ChequePayeeZero.selector, c.purse, c.serial));
        }
        if (c.payee == address(this)) {
            return (Verdict.Reject, abi.encodeWithSelector(ChequePayeeIsModule.selector, c.purse, c.serial));
        }
        uint256 settled = word.fingerprintAt(c.serial);
        if (settled != 0) {
            if (settled == PurseWord.fingerprintOf(digest)) {
                return (Verdict.Reject, abi.encodeWithSelector(ChequeAlreadyRedeemed.selector, c.purse, c.serial));
            }
            return (Verdict.DuplicateSerial, "");
        }
        if (c.amount > word.balance()) return (Verdict.Overspend, "");
        if (word.has(PurseWord.FROZEN)) {
            uint256 claimId = _claimOfCheque[digest];
            if (claimId != 0 && _claims[claimId].covered) {
                return (Verdict.Reject, abi.encodeWithSelector(ChequeLossCovered.selector, c.purse, c.serial, claimId));
            }
        }
        return (Verdict.Pay, "");
    }

    /// @dev `word` with `serial` spent by the cheque of digest `digest` (its fingerprint) and `amount` paid out.
    function _spend(uint256 word, uint256 serial, bytes32 digest, uint256 amount) private pure returns (uint256) {
        uint256 print = PurseWord.fingerprintOf(digest);
        // Cannot underflow into the fields above the balance: amount <= balance was checked by _judge.
        unchecked {
            return word.withFingerprint(serial, print) - amount;
        }
    }

    /**
     * @dev Records double spend `verdict` of cheque `c` against purse word `word`: a loss claim, the evidence
     * event and the freeze. A cheque claimed before is only rejected (`recorded` false).
     */
    function _recordDoubleSpend(
        Verdict verdict,
        Cheque memory c,
        bytes32 digest,
        bytes32 r,
        bytes32 vs,
        uint256 word
    ) private returns (uint256, bool recorded, bytes memory reason) {
        uint256 claimId = _claimOfCheque[digest];
        if (claimId != 0) {
            return (word, false, abi.encodeWithSelector(ChequeAlreadyClaimed.selector, c.purse, c.serial, claimId));
        }
        claimId = _recordClaim(c, digest, _purses[c.purse].bank);
        if (verdict == Verdict.DuplicateSerial) {
            // Cannot truncate: a slot is 16 bits.
            uint16 settledPrint = uint16(word.fingerprintAt(c.serial));
            emit DuplicateSerialDetected(c.purse, claimId, c.serial, SignedCheque(c, r, vs), settledPrint);
            reason = abi.encodeWithSelector(ChequeDoubleSpent.selector, c.purse, c.serial, claimId);
        } else {
            uint256 available = word.balance();
            emit OverspendDetected(c.purse, claimId, SignedCheque(c, r, vs), available);
            reason = abi.encodeWithSelector(ChequeOverspent.selector, c.purse, c.serial, available, claimId);
        }
        return (_freeze(c.purse, word, claimId), true, reason);
    }

    function _recordClaim(Cheque memory c, bytes32 digest, address bank) private returns (uint256 claimId) {
        claimId = ++_claimCount;
        _claims[claimId] = LossClaim({
            purse: c.purse,
            amount: c.amount,
            serial: c.serial,
            covered: false,
            payee: c.payee,
            bank: bank,
            chequeDigest: digest
        });
        _claimOfCheque[digest] = claimId;
        emit LossClaimRecorded(claimId, bank, c.payee, c.purse, c.amount, digest);
    }

    /// @dev Freezes the purse on its first double spend: it settles one grace period more at most.
    function _freeze(address purse, uint256 word, uint256 claimId) private returns (uint256) {
        if (word.has(PurseWord.FROZEN)) return word;
        word = (word | PurseWord.FROZEN).settleNoLaterThan(block.timestamp + _limits.gracePeriod);
        // Cannot truncate: settleBy comes out of the 40-bit field.
        emit PurseFrozen(purse, claimId, uint40(word.settleBy()));
        return word;
    }

    // ================================================================ batches

    /// @dev Pass 1: judge every cheque in order against the purse words in memory. Returns the tiyn owed to payees.
    function _judgeBatch(Batch memory batch, bytes calldata cheques) private returns (uint256 owed) {
        Cheque memory c;
        uint256 count = batch.digests.length;
        for (uint256 i; i < count; ++i) {
            owed += _judgeAt(batch, cheques, i, c);
        }
    }

    /// @dev Judges cheque `i` of the batch (decoded into `c`); returns what it owes its payee (0 if rejected).
    function _judgeAt(
        Batch memory batch,
        bytes calldata cheques,
        uint256 i,
        Cheque memory c
    ) private returns (uint256) {
        (uint256 p, uint256 q, bytes32 r, bytes32 vs) = _decode(batch, cheques, i, c);
        bytes32 digest = MessageHashUtils.toTypedDataHash(batch.domain, _chequeStructHash(c));
        batch.digests[i] = digest;
        uint256 word = batch.words[p];
        if (word == 0) word = _purses[c.purse].word;
        (Verdict verdict, bytes memory reason) = _judge(word, c, _recover(digest, r, vs), digest);
        if (verdict == Verdict.Pay) {
            batch.words[p] = _spend(word, c.serial, digest, c.amount);
            batch.totals[q] += c.amount;
            return c.amount;
        }
        if (verdict != Verdict.Reject) (word, , reason) = _recordDoubleSpend(verdict, c, digest, r, vs, word);
        batch.words[p] = word;
        batch.reasons[i] = reason;
        return 0;
    }

    /// @dev Writes the batch's purse words back to storage.
    function _storeWords(Batch memory batch) private {
        uint256 purses = batch.purses.length;
        for (uint256 p; p < purses; ++p) {
            uint256 word = batch.words[p];
            if (word != 0) _purses[batch.purses[p]].word = word;
        }
    }

    /**
     * @dev Pass 2: credit each payee once with the sum of its good cheques. When the ledger refuses a payee's own
     * account (not registered or frozen: none of its cheques can pay; above its holding limit: some may), its
     * cheques are paid one by one where the ledger takes them and the rest given back to their purses, rejected
     * with the ledger's error. Any other ledger error reverts the batch. Returns the tiyn given back.
     */
    function _payOut(Batch memory batch, bytes calldata cheques) private returns (uint256 givenBack) {
        uint256 payees = batch.payees.length;
        for (uint256 q; q < payees; ++q) {
            uint256 total = batch.totals[q];
            if (total != 0) givenBack += _payPayee(batch, cheques, q, total);
        }
    }

    /**
     * @dev Credits payee `q` with `total`. A refused payee whose wallet its bank recovered is paid at its live
     * address instead (looked up only then: a payee's ordinary credit reads no recovery record); the table entry
     * becomes that address, so the events and any one-by-one credits name it. Returns the tiyn given back.
     */
    function _payPayee(Batch memory batch, bytes calldata cheques, uint256 q, uint256 total) private returns (uint256) {
        address payee = batch.payees[q];
        try _ledger.moduleTransfer(address(this), payee, total) {} catch (bytes memory error) {
            address live = _ledger.current(payee);
            if (live == payee) return _payOneByOne(batch, cheques, q, _payeeRefusal(error, payee));
            batch.payees[q] = live;
            // Recurses once at most: the live address is not a recovered one.
            return _payPayee(batch, cheques, q, total);
        }
        return 0;
    }

    /**
     * @dev Payee `q` was refused a credit with `error`. Above its holding limit, each of its good cheques is
     * credited alone, in batch order, and those the ledger refuses are given back; otherwise all are given back.
     * Returns the tiyn given back.
     */
    function _payOneByOne(
        Batch memory batch,
        bytes calldata cheques,
        uint256 q,
        bytes memory error
    ) private returns (uint256 amount) {
        bool retry = bytes4(error) == IDigitalTenge.HoldingLimitExceeded.selector;
        uint256 count = batch.digests.length;
        for (uint256 i; i < count; ++i) {
            if (batch.reasons[i].length == 0) amount += _payAlone(batch, cheques, i, q, retry ? bytes("") : error);
        }
        batch.totals[q] = 0;
    }

    /**
     * @dev Cheque `i` of the batch, if it pays payee `q`: credited alone when `error` is empty, else (or when the
     * ledger refuses it too) given back to its purse, rejected with the ledger's error. Returns the tiyn given back.
     */
    function _payAlone(
        Batch memory batch,
        bytes calldata cheques,
        uint256 i,
        uint256 q,
        bytes memory error
    ) private returns (uint256) {
        Cheque memory c;
        (uint256 p, uint256 payeeIndex, , ) = _decode(batch, cheques, i, c);
        if (payeeIndex != q) return 0;
        if (error.length == 0) {
            try _ledger.moduleTransfer(address(this), c.payee, c.amount) {
                return 0;
            } catch (bytes memory refusal) {
                error = _payeeRefusal(refusal, c.payee);
            }
        }
        // Cannot overflow: the cheque's amount was taken from this purse's balance in pass 1.
        unchecked {
            batch.words[p] = (batch.words[p] + c.amount).withFingerprint(c.serial, 0);
        }
        batch.reasons[i] = error;
        return c.amount;
    }

    /// @dev Pass 3: one event per cheque, in batch order. Returns how many paid and how much.
    function _report(
        Batch memory batch,
        bytes calldata cheques
    ) private returns (uint256 paidCount, uint256 paidAmount) {
        Cheque memory c;
        uint256 count = batch.digests.length;
        for (uint256 i; i < count; ++i) {
            _decode(batch, cheques, i, c);
            bytes memory reason = batch.reasons[i];
            if (reason.length == 0) {
                emit ChequeRedeemed(c.purse, c.payee, c.serial, c.amount, batch.digests[i]);
                // Cannot overflow: at most `count` cheques of at most 2^48 tiyn each.
                unchecked {
                    ++paidCount;
                    paidAmount += c.amount;
                }
            } else {
                emit ChequeRejected(c.purse, c.payee, c.serial, c.amount, batch.digests[i], reason);
            }
        }
    }

    /**
     * @dev Decodes record `i` of the batch into `c` (see {redeemBatch} for the layout) and returns its table
     * indices and signature.
     */
    function _decode(
        Batch memory batch,
        bytes calldata cheques,
        uint256 i,
        Cheque memory c
    ) private pure returns (uint256 p, uint256 q, bytes32 r, bytes32 vs) {
        uint256 head;
        // Reads 32-byte words at byte offsets 0, 14 and 46 of the record; the caller checked that the data is a
        // whole number of 78-byte records, so every byte read belongs to record i.
        assembly ("memory-safe") {
            let base := add(cheques.offset, mul(i, CHEQUE_RECORD_BYTES))
            head := calldataload(base)
            r := calldataload(add(base, 14))
            vs := calldataload(add(base, 46))
        }
        p = head >> 248;
        q = (head >> 240) & 0xff;
        if (p >= batch.purses.length) revert BatchPurseIndexOutOfRange(i, p, batch.purses.length);
        if (q >= batch.payees.length) revert BatchPayeeIndexOutOfRange(i, q, batch.payees.length);
        c.purse = batch.purses[p];
        c.payee = batch.payees[q];
        c.amount = uint48(head >> 192);
        c.serial = uint8(head >> 184);
        c.expiry = uint40(head >> 144);
    }

    /// @dev Returns ledger error `error` when it is the ledger refusing `payee` itself (not registered, frozen, or
    /// above its holding limit), so that only that payee's cheques fail; reverts with it otherwise (a paused
    /// ledger, a frozen offline module, running out of gas...).
    function _payeeRefusal(bytes memory error, address payee) private pure returns (bytes memory) {
        if (error.length >= 36) {
            bytes4 selector = bytes4(error);
            uint256 account;
            assembly ("memory-safe") {
                account := mload(add(error, 0x24))
            }
            if (
                account == uint256(uint160(payee)) &&
                (selector == IDigitalTenge.AccountNotRegistered.selector ||
                    selector == IDigitalTenge.AccountFrozen.selector ||
                    selector == IDigitalTenge.HoldingLimitExceeded.selector)
            ) return error;
        }
        _revertWith(error);
    }

    // ================================================================ helpers

    /// @dev The EIP-712 struct hash of cheque `c`, hashed in scratch memory past the free memory pointer.
    function _chequeStructHash(Cheque memory c) private pure returns (bytes32 structHash) {
        bytes32 typeHash = CHEQUE_TYPEHASH;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, typeHash)
            mcopy(add(m, 0x20), c, 0xa0)
            structHash := keccak256(m, 0xc0)
        }
    }

    /// @dev The signer of `digest` by ERC-2098 signature (`r`, `vs`); zero when the signature is malformed or
    /// malleable (OpenZeppelin's checks).
    function _recover(bytes32 digest, bytes32 r, bytes32 vs) private pure returns (address signer) {
        (signer, , ) = ECDSA.tryRecover(digest, r, vs);
    }

    /// @dev The digest of `signed`'s cheque, which must be signed by its purse.
    function _verifiedDigest(SignedCheque calldata signed) private view returns (bytes32 digest) {
        digest = hashCheque(signed.cheque);
        address signer = _recover(digest, signed.r, signed.vs);
        if (signer != signed.cheque.purse) revert ChequeSignatureInvalid(signed.cheque.purse, signer);
    }

    /**
     * @dev Pays `amount` from this contract to `payee`, or, when the ledger refuses `payee` because its bank
     * recovered that wallet, to the live address (looked up only then: an ordinary credit reads no recovery
     * record). Any other refusal reverts as the ledger's error. Returns the address credited.
     */
    function _credit(address payee, uint256 amount) private returns (address) {
        try _ledger.moduleTransfer(address(this), payee, amount) {
            return payee;
        } catch (bytes memory error) {
            address live = _ledger.current(payee);
            if (live == payee) _revertWith(error);
            // Recurses once at most: the live address is not a recovered one.
            return _credit(live, amount);
        }
    }

    /// @dev The purse's owner today (its live address after wallet recovery), which must be the caller.
    function _requireOwner(address purse, PurseRecord storage record) private view returns (address owner) {
        owner = _ledger.current(record.owner);
        if (msg.sender != owner) revert NotPurseOwner(purse, msg.sender);
    }

    /// @dev `owner` must be registered on the ledger with `bank`, an active bank, as its bank of record.
    function _requireCustomerOf(address owner, address bank) private view {
        (bool registered, , , , address bankOfRecord) = _ledger.statusOf(owner);
        if (!registered) revert OwnerNotRegistered(owner);
        if (bankOfRecord != bank) revert NotBankOfRecord(bank, owner);
        _ledger.requireActiveBank(bank);
    }

    function _requirePurse(address purse) private view returns (PurseRecord storage record) {
        record = _purses[purse];
        if (record.word == 0) revert PurseUnknown(purse);
    }

    /// @dev Closes a purse that no longer settles, by its owner (`frozen` false) or its bank (`frozen` true), and
    /// returns what was left in it.
    function _close(address purse, PurseRecord storage record, bool frozen) private returns (uint256 amount) {
        uint256 word = record.word;
        if (word.has(PurseWord.CLOSED)) revert PurseNotActive(purse, PurseStatus.Closed);
        if (word.has(PurseWord.FROZEN) != frozen) {
            if (frozen) revert PurseNotFrozen(purse);
            revert PurseNotActive(purse, PurseStatus.Frozen);
        }
        if (block.timestamp <= word.settleBy()) revert PurseStillSettling(purse, word.settleBy());
        amount = word.balance();
        record.word = word.withBalance(0) | PurseWord.CLOSED;
        _totalHeld -= amount;
    }

    function _status(uint256 word) private pure returns (PurseStatus) {
        if (word == 0) return PurseStatus.None;
        if (word.has(PurseWord.CLOSED)) return PurseStatus.Closed;
        if (word.has(PurseWord.FROZEN)) return PurseStatus.Frozen;
        if (word.has(PurseWord.REVOKED)) return PurseStatus.Revoked;
        if (word.has(PurseWord.CLOSING)) return PurseStatus.Closing;
        return PurseStatus.Active;
    }

    function _requireWithin(LimitField field, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert LimitOutOfRange(field, value, min, max);
    }

    /// @dev Reverts with `data`, an ABI-encoded custom error, as is.
    function _revertWith(bytes memory data) private pure {
        assembly ("memory-safe") {
            revert(add(data, 0x20), mload(data))
        }
    }
}
