// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {LedgerAccounts} from "../ledger/LedgerAccounts.sol";
import {IGuardianRules} from "./IGuardianRules.sol";
import {IMerchantCategories} from "./IMerchantCategories.sol";
import {AlmatyTime} from "../ledger/AlmatyTime.sol";

/**
 * @title GuardianRules
 * @notice See {IGuardianRules}. Not upgradeable: a replacement is deployed and re-pointed by the modules and by
 * the ledger's governance ({IDigitalTenge-setGuardianRules}).
 */
contract GuardianRules is IGuardianRules, EIP712, Nonces {
    using LedgerAccounts for IDigitalTenge;

    /// @inheritdoc IGuardianRules
    uint256 public constant MAX_CATEGORIES = 32;
    /// @dev Largest merchant category code.
    uint16 private constant _MAX_MCC = 9999;
    /// @dev The category a redemption (cash or non-cash withdrawal) counts as: ISO 18245 "automated cash disbursement".
    uint16 public constant CASH_MCC = 6011;
    /// @dev Largest daily cap, in tiyn (a cap this large never binds).
    uint256 public constant MAX_CAP = type(uint96).max;

    bytes32 private constant _INSTRUCTION_TYPEHASH = keccak256(
        "GuardianInstruction(address minor,uint256 dailyCap,uint16[] categories,uint256 nonce,uint256 deadline)"
    );

    struct Guard {
        address guardian;
        uint32 version;
        bool active;
        uint96 dailyCap;
        uint32 day;
        uint96 spent;
    }

    IDigitalTenge private immutable _ledger;
    IMerchantCategories private immutable _categories;
    mapping(address minor => Guard) private _guards;
    mapping(address minor => mapping(uint32 version => uint16[])) private _lists;
    mapping(address minor => mapping(uint32 version => mapping(uint16 mcc => bool))) private _allowed;
    /// @dev Recovered wallets whose guardian and rules were moved to their replacement ({followRecovery}: once).
    mapping(address lost => bool) private _followed;

    /// @param ledger_ The DKZT ledger.
    /// @param categories_ The merchant category registry.
    constructor(IDigitalTenge ledger_, IMerchantCategories categories_) EIP712("DKZT Guardian Rules", "1") {
        _ledger = ledger_;
        _categories = categories_;
    }

    /// @inheritdoc IGuardianRules
    function setGuardian(address minor, address guardian) external {
        _requireBankOfRecord(minor);
        Guard storage g = _guards[minor];
        address old = g.guardian;
        g.guardian = guardian;
        emit GuardianSet(minor, msg.sender, old, guardian);
    }

    /// @inheritdoc IGuardianRules
    function setRules(
        address minor,
        uint256 dailyCap,
        uint16[] calldata categories,
        uint256 deadline,
        bytes calldata signature
    ) external {
        _requireBankOfRecord(minor);
        Guard storage g = _guards[minor];
        if (g.guardian == address(0)) revert GuardianNotSet(minor);
        // A guardian whose own wallet its bank recovered instructs with the replacement's key (never the lost one).
        address guardian = _ledger.current(g.guardian);
        if (block.timestamp > deadline) revert GuardianInstructionExpired(deadline, block.timestamp);
        if (categories.length > MAX_CATEGORIES) revert GuardianTooManyCategories(categories.length, MAX_CATEGORIES);
        if (dailyCap > MAX_CAP) revert GuardianCapTooLarge(dailyCap);

        _verifyInstruction(minor, guardian, dailyCap, categories, deadline, signature);
        _store(minor, g, guardian, dailyCap, categories);
        _flag(minor, true);
    }

    /// @dev The instruction must be the guardian's EIP-712 signature over these rules and the minor's next nonce.
    function _verifyInstruction(
        address minor,
        address guardian,
        uint256 dailyCap,
        uint16[] calldata categories,
        uint256 deadline,
        bytes calldata signature
    ) private {
        bytes32 structHash = keccak256(
            abi.encode(
                _INSTRUCTION_TYPEHASH,
                minor,
                dailyCap,
                keccak256(abi.encodePacked(categories)),
                _useNonce(minor),
                deadline
            )
        );
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), signature);
        if (signer != guardian) revert GuardianSignatureInvalid(minor, signer, guardian);
    }

    /// @dev Put the rules in force as a new version (the old version's allowances are simply no longer read).
    function _store(
        address minor,
        Guard storage g,
        address guardian,
        uint256 dailyCap,
        uint16[] memory categories
    ) private {
        uint32 version = g.version + 1;
        mapping(uint16 => bool) storage allowed = _allowed[minor][version];
        for (uint256 i; i < categories.length; ++i) {
            if (categories[i] > _MAX_MCC) revert GuardianCategoryOutOfRange(categories[i]);
            allowed[categories[i]] = true;
        }
        _lists[minor][version] = categories;
        uint256 oldCap = g.active ? g.dailyCap : MAX_CAP;
        g.version = version;
        g.active = true;
        // Cannot truncate: dailyCap <= MAX_CAP (2^96 - 1) was checked by setRules.
        g.dailyCap = uint96(dailyCap);
        emit RulesSet(minor, guardian, version, oldCap, dailyCap, categories);
    }

    /// @inheritdoc IGuardianRules
    function clearRules(address minor) external {
        _requireBankOfRecord(minor);
        Guard storage g = _guards[minor];
        g.active = false;
        emit RulesCleared(minor, msg.sender, g.version);
        _flag(minor, false);
    }

    /// @inheritdoc IGuardianRules
    function followRecovery(address lost) external {
        address replacement = _ledger.current(lost);
        if (replacement == lost) revert GuardianNotRecovered(lost);
        if (_followed[lost]) revert GuardianRecoveryAlreadyFollowed(lost, replacement);
        Guard storage to = _guards[replacement];
        // The replacement's bank may have linked a guardian or set rules on it already: those are never overwritten.
        if (to.guardian != address(0) || to.active) {
            revert GuardianReplacementHasOwnRules(replacement, to.guardian, to.active);
        }
        _followed[lost] = true;
        // The bank that recovered the wallet (the replacement's bank of record) is the one these events name.
        (, , , , address bank) = _ledger.statusOf(replacement);
        Guard storage from = _guards[lost];
        address guardian = from.guardian;
        to.guardian = guardian;
        emit GuardianSet(replacement, bank, address(0), guardian);
        if (from.active) {
            // Bounded: at most MAX_CATEGORIES categories per version.
            _store(replacement, to, guardian, from.dailyCap, _lists[lost][from.version]);
            (to.day, to.spent) = (from.day, from.spent);
            from.active = false;
            emit RulesCleared(lost, bank, from.version);
        }
        from.guardian = address(0);
    }

    /// @inheritdoc IGuardianRules
    function syncGuarded(address minor) external {
        address current = _ledger.guardianRules();
        if (current != address(this)) revert GuardianRulesNotInstalled(current);
        _ledger.setGuarded(minor, _guards[minor].active);
    }

    /// @dev Mirrors `minor`'s rules being in force into the ledger's guarded flag, when the ledger consults this
    /// contract (before governance points it here, rules still bind the modules that ask; see {syncGuarded}).
    function _flag(address minor, bool active) private {
        if (_ledger.guardianRules() == address(this)) _ledger.setGuarded(minor, active);
    }

    /// @inheritdoc IGuardianRules
    function consume(address payer, address receiver, uint256 amount) external {
        _requireModule();
        // The ledger asks only about accounts it flags as guarded: rules it cannot find refuse, never wave through.
        if (msg.sender == address(_ledger) && !_guards[payer].active) revert GuardianRulesMissing(payer);
        (Denial denial, uint256 cap, uint256 attempted, bool hasCategory, uint16 mcc) = _decide(
            payer,
            receiver,
            amount
        );
        if (denial == Denial.CategoryNotAllowed) revert GuardianCategoryNotAllowed(payer, receiver, hasCategory, mcc);
        if (denial == Denial.DailyCapExceeded) revert GuardianDailyCapExceeded(payer, cap, attempted);
        if (_guards[payer].active) _count(payer, receiver, amount, attempted);
    }

    /// @inheritdoc IGuardianRules
    function tryConsume(address payer, address receiver, uint256 amount) external returns (Denial denial) {
        _requireModule();
        uint256 attempted;
        (denial, , attempted, , ) = _decide(payer, receiver, amount);
        if (denial == Denial.None && _guards[payer].active) _count(payer, receiver, amount, attempted);
    }

    /// @inheritdoc IGuardianRules
    function check(address payer, address receiver, uint256 amount) external view returns (Denial denial) {
        (denial, , , , ) = _decide(payer, receiver, amount);
    }

    /// @inheritdoc IGuardianRules
    function guarded(address minor) external view returns (bool) {
        return _guards[minor].active;
    }

    /// @inheritdoc IGuardianRules
    function rulesOf(address minor) external view returns (RulesView memory view_) {
        Guard storage g = _guards[minor];
        view_.guardian = g.guardian;
        view_.active = g.active;
        view_.version = g.version;
        view_.dailyCap = g.dailyCap;
        view_.spentToday = g.day == AlmatyTime.day(block.timestamp) ? g.spent : 0;
        view_.categories = _lists[minor][g.version];
    }

    /// @inheritdoc IGuardianRules
    function nonces(address minor) public view override(IGuardianRules, Nonces) returns (uint256) {
        return super.nonces(minor);
    }

    /**
     * @dev The decision for a payment: the receiver's category must be allowed, and today's counted spending
     * plus `amount` within the cap. `attempted` is the new daily total (meaningful when guarded).
     */
    function _decide(
        address payer,
        address receiver,
        uint256 amount
    ) private view returns (Denial denial, uint256 cap, uint256 attempted, bool hasCategory, uint16 mcc) {
        Guard storage g = _guards[payer];
        if (!g.active) return (Denial.None, 0, 0, false, 0);
        if (receiver == address(0)) {
            (hasCategory, mcc) = (true, CASH_MCC);
        } else {
            (hasCategory, mcc) = _categories.categoryOf(receiver);
            // Cash at another bank's ATM: the card gateway pays the ATM's bank, which then redeems (a bank has no
            // merchant category of its own). Any payment to an active bank counts as cash disbursement.
            if (!hasCategory && _isActiveBank(receiver)) (hasCategory, mcc) = (true, CASH_MCC);
        }
        if (!hasCategory || !_allowed[payer][g.version][mcc])
            return (Denial.CategoryNotAllowed, 0, 0, hasCategory, mcc);
        cap = g.dailyCap;
        // Cannot overflow: the counter is < 2^96 and amount is a DKZT amount (< 2^96).
        attempted = (g.day == AlmatyTime.day(block.timestamp) ? g.spent : 0) + amount;
        if (attempted > cap) return (Denial.DailyCapExceeded, cap, attempted, hasCategory, mcc);
        return (Denial.None, cap, attempted, hasCategory, mcc);
    }

    function _count(address payer, address receiver, uint256 amount, uint256 spentToday) private {
        Guard storage g = _guards[payer];
        // Cannot truncate: spentToday <= dailyCap < 2^96 (checked in _decide); the day index is < 2^32 for
        // eleven million years.
        g.day = uint32(AlmatyTime.day(block.timestamp));
        g.spent = uint96(spentToday);
        emit GuardedPaymentCounted(payer, receiver, msg.sender, amount, spentToday);
    }

    /// @dev The caller must be `minor`'s bank of record, not suspended, and `minor` a registered individual.
    function _requireBankOfRecord(address minor) private view {
        (bool registered, , IDigitalTenge.AccountKind kind, , address bankOfRecord) = _ledger.statusOf(minor);
        if (!registered || kind != IDigitalTenge.AccountKind.Individual || bankOfRecord != msg.sender) {
            revert GuardianNotBankOfRecord(msg.sender, minor);
        }
        _ledger.requireActiveBank(msg.sender);
    }

    /// @dev Whether `account` is a registered, unsuspended intermediary bank.
    function _isActiveBank(address account) private view returns (bool) {
        IDigitalTenge.BankView memory bank = _ledger.bankOf(account);
        return bank.registered && !bank.suspended;
    }

    /// @dev The caller must be the ledger, or a registered SystemContract account that is not frozen.
    function _requireModule() private view {
        if (msg.sender == address(_ledger)) return;
        (bool registered, IDigitalTenge.FreezeState freeze, IDigitalTenge.AccountKind kind, , ) = _ledger.statusOf(
            msg.sender
        );
        if (!registered || kind != IDigitalTenge.AccountKind.SystemContract || freeze != IDigitalTenge.FreezeState.None)
            revert GuardianCallerNotModule(msg.sender);
    }
}
