// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
import {AccessManagedUpgradeable} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {IDigitalTenge} from "./IDigitalTenge.sol";
import {AccountWord} from "./AccountWord.sol";
import {TierTable} from "./TierTable.sol";
import {AlmatyTime} from "./AlmatyTime.sol";
import {IGuardianHook} from "./IGuardianHook.sol";
import {IClosureCheck} from "./IClosureCheck.sol";
import {SignedAuthorizations} from "../tokens/SignedAuthorizations.sol";

/**
 * @title DigitalTenge (DKZT)
 * @notice The digital tenge ledger. See {IDigitalTenge} for the rules, errors and events.
 * @dev Built from OpenZeppelin's upgradeable ERC-20, ERC-2612 permit, AccessManaged and UUPS, and the suite's
 * {SignedAuthorizations} (permit and ERC-3009 authorisations with unordered nonces, signed by an EOA or, through
 * ERC-1271, a smart account). One thing is written by hand because the gas target forces it: balances
 * live in a packed account word (see {AccountWord}) beside the account's status, tier, bank of record and
 * daily outflow, and the tier limits and pause flag share one configuration word (see {TierTable}). So
 * {balanceOf}, {totalSupply} and {_update} are overridden and OpenZeppelin's own balance mapping stays empty.
 *
 * Every movement of DKZT goes through {_settle} (ERC-20 transfers, transferFrom, permit-then-transferFrom,
 * ERC-3009 authorisations and any module payment reach it through {_update}; issuance, redemption, waterfall
 * and seizure call it directly with their rule; {moduleSplit} as two legs of one split): one copy of the movement
 * rule. A module debits an account only where the ledger records its authority: the account is the module, or holds
 * the module's mandate ({setModuleMandate}, {setCustomerMandate}; {_requireMandate}). A guarded sender's payments and redemptions are then put
 * to the guardian rules ({setGuardianRules}). The one exception is {recoverAccount}, which re-keys a whole
 * account (status and balance together) and so has no limit to check; it checks the pause itself.
 */
contract DigitalTenge is
    Initializable,
    ERC20Upgradeable,
    ERC20PermitUpgradeable,
    SignedAuthorizations,
    AccessManagedUpgradeable,
    UUPSUpgradeable,
    IDigitalTenge
{
    using AccountWord for uint256;
    using TierTable for uint256;

    /// @notice Offset of Almaty local time from UTC (UTC+5 since March 2024), in seconds: days roll at local midnight.
    uint256 public constant DAY_OFFSET = AlmatyTime.OFFSET;

    /// @dev Which checks a movement gets in {_settle}.
    enum Rule {
        Payment, // transfers, authorisations, module payments: every check, daily limit, waterfall
        SplitLeg, // one leg of a module split: as a payment, the guardian judging the whole split after both legs
        Issue, // central bank to a bank: receiver checks only
        Redeem, // holder or bank to nobody: sender checks, no daily limit
        Seizure // attached funds to a court-designated account: no sender status checks
    }

    struct BankRecord {
        uint16 id;
        bool suspended;
        uint96 ceiling;
        uint128 issued;
        uint128 redeemed;
    }

    // Upgrade-safe layout: new fields are appended, never packed into earlier slots (guardianRules could share
    // bankCount's slot, but moving it would change a deployed layout).
    // solhint-disable gas-struct-packing
    /// @custom:storage-location erc7201:dkzt.storage.DigitalTenge
    struct LedgerStorage {
        uint256 config;
        uint256 totalSupply;
        uint16 bankCount;
        mapping(address account => uint256 word) accounts;
        mapping(address account => uint256 amount) attached;
        mapping(address account => bytes32 ref) refs;
        mapping(address bank => BankRecord) banks;
        mapping(uint16 bankId => address bank) bankById;
        mapping(address lost => address replacement) recoveredTo;
        // Appended (ERC-7201 namespace: new fields only at the end).
        address guardianRules;
        // Appended: mandate slots handed out to SystemContract accounts (1..24), and the issuance and
        // redemption references already used.
        uint8 mandateSlots;
        mapping(bytes32 ref => bool used) usedRefs;
        address closureCheck;
    }
    // solhint-enable gas-struct-packing

    // keccak256(abi.encode(uint256(keccak256("dkzt.storage.DigitalTenge")) - 1)) & ~bytes32(uint256(0xff))
    /// @dev Status bits that decide whether an account can send / receive: exactly REGISTERED means yes.
    uint256 private constant _SEND_STATUS = AccountWord.REGISTERED | AccountWord.FROZEN | AccountWord.OUTBOUND_BLOCKED;
    uint256 private constant _RECEIVE_STATUS = AccountWord.REGISTERED | AccountWord.FROZEN;
    /// @dev The kind field of a SystemContract account's word.
    uint256 private constant _MODULE_KIND = uint256(uint8(AccountKind.SystemContract)) << AccountWord._KIND_SHIFT;
    /// @dev Bits a receiver's word is checked for in one comparison: exactly REGISTERED means a plain receiver.
    uint256 private constant _RECEIVE_CHECK = _RECEIVE_STATUS | AccountWord.MODULE;

    bytes32 private constant _LEDGER_STORAGE = 0xee25f1218c7f90fb4a4dce48484469c56883dbc748b658e31cfce46766f80900;

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /**
     * @notice Initialise the proxy: the token's name and symbol ("Digital Tenge", "DKZT" for the tenge; another
     * central bank's instance, e.g. a foreign CBDC in PvP settlement, names its own), EIP-712 domain named after
     * the token, version "1".
     * @param authority_ The suite's AccessManager.
     * @param name_ ERC-20 name and EIP-712 domain name.
     * @param symbol_ ERC-20 symbol.
     */
    function initialize(address authority_, string memory name_, string memory symbol_) public initializer {
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
        __AccessManaged_init(authority_);
    }

    // ================================================================ ERC-20 views

    /// @notice DKZT counts in tiyn: 2 decimals.
    function decimals() public pure override returns (uint8) {
        return 2;
    }

    /// @inheritdoc ERC20Upgradeable
    function totalSupply() public view override returns (uint256) {
        return _ledger().totalSupply;
    }

    /// @inheritdoc ERC20Upgradeable
    function balanceOf(address account) public view override returns (uint256) {
        return _ledger().accounts[account].balance();
    }

    // ================================================================ central bank

    /// @inheritdoc IDigitalTenge
    function setTier(uint8 tier, uint256 holdingLimit, uint256 dailyLimit) external restricted {
        if (tier > TierTable.MAX_TIER) revert TierOutOfRange(tier, TierTable.MAX_TIER);
        LedgerStorage storage $ = _ledger();
        uint256 config = $.config;
        (uint256 oldHolding, uint256 oldDaily) = config.isDefined(tier)
            ? (config.holdingLimit(tier), config.dailyLimit(tier))
            : (0, 0);
        $.config = config.withTier(tier, holdingLimit, dailyLimit);
        emit TierLimitsSet(tier, oldHolding, oldDaily, holdingLimit, dailyLimit);
    }

    /// @inheritdoc IDigitalTenge
    function setIssuanceCeiling(address bank, uint256 ceiling) external restricted {
        BankRecord storage record = _requireBank(bank);
        if (ceiling > AccountWord.MAX_BALANCE) revert AmountTooLarge(ceiling, AccountWord.MAX_BALANCE);
        uint256 old = record.ceiling;
        // Cannot truncate: checked against MAX_BALANCE (2^96 - 1) just above.
        record.ceiling = uint96(ceiling);
        emit IssuanceCeilingSet(bank, old, ceiling);
    }

    /// @inheritdoc IDigitalTenge
    function issue(address bank, uint256 amount, bytes32 ref) external restricted {
        if (amount == 0) revert ZeroAmount();
        if (amount > AccountWord.MAX_BALANCE) revert AmountTooLarge(amount, AccountWord.MAX_BALANCE);
        BankRecord storage record = _requireBank(bank);
        if (record.suspended) revert BankIsSuspended(bank);
        _useReference(ref);
        // The net position may be negative: DKZT issued through one bank can be redeemed through another.
        // Cannot overflow: issued and redeemed are below 2^128 and amount below 2^96.
        int256 attempted = int256(uint256(record.issued)) - int256(uint256(record.redeemed)) + int256(amount);
        if (attempted > int256(uint256(record.ceiling))) {
            // Cannot truncate: attempted is above a non-negative ceiling, so positive.
            revert IssuanceCeilingExceeded(bank, record.ceiling, uint256(attempted));
        }
        // Cannot truncate: issued grows by at most the ceiling (< 2^96) per call, far below 2^128 in any history.
        record.issued += uint128(amount);
        _settle(address(0), bank, amount, Rule.Issue);
        emit Issued(bank, amount, ref);
    }

    // ================================================================ operator

    /// @inheritdoc IDigitalTenge
    function onboardBank(address bank, uint8 tier, bytes32 ref) external restricted {
        LedgerStorage storage $ = _ledger();
        uint16 id = ++$.bankCount;
        $.banks[bank].id = id;
        $.bankById[id] = bank;
        _register(bank, AccountKind.Bank, tier, id, ref);
        emit BankOnboarded(bank, id, tier, ref);
        emit AccountOnboarded(bank, bank, AccountKind.Bank, tier, ref);
    }

    /// @inheritdoc IDigitalTenge
    function setBankSuspended(address bank, bool suspended) external restricted {
        _requireBank(bank).suspended = suspended;
        emit BankSuspensionSet(bank, suspended);
    }

    /// @inheritdoc IDigitalTenge
    function onboardParticipant(
        address account,
        AccountKind kind,
        uint8 tier,
        address bankOfRecord,
        bytes32 ref
    ) external restricted {
        if (kind != AccountKind.PaymentAgent && kind != AccountKind.SystemContract) revert AccountKindNotAllowed(kind);
        uint16 bankId = bankOfRecord == address(0) ? 0 : _requireBank(bankOfRecord).id;
        _register(account, kind, tier, bankId, ref);
        emit AccountOnboarded(account, bankOfRecord, kind, tier, ref);
        if (kind == AccountKind.SystemContract) {
            LedgerStorage storage $ = _ledger();
            uint8 slot = $.mandateSlots;
            slot = slot < AccountWord.MAX_MANDATE_SLOTS ? slot + 1 : 0;
            if (slot != 0) $.mandateSlots = slot;
            $.accounts[account] = $.accounts[account].withMandateSlot(slot) | AccountWord.MODULE;
            emit ModuleSlotAssigned(account, slot);
        }
    }

    /// @inheritdoc IDigitalTenge
    function pause() external restricted {
        LedgerStorage storage $ = _ledger();
        $.config = $.config.withPaused(true);
        emit PauseSet(_msgSender(), true);
    }

    /// @inheritdoc IDigitalTenge
    function unpause() external restricted {
        LedgerStorage storage $ = _ledger();
        $.config = $.config.withPaused(false);
        emit PauseSet(_msgSender(), false);
    }

    // ================================================================ banks

    /// @inheritdoc IDigitalTenge
    function onboardCustomer(address account, AccountKind kind, uint8 tier, bytes32 ref) external restricted {
        if (kind != AccountKind.Individual && kind != AccountKind.Merchant && kind != AccountKind.Government) {
            revert AccountKindNotAllowed(kind);
        }
        address bank = _msgSender();
        BankRecord storage record = _requireBank(bank);
        if (record.suspended) revert BankIsSuspended(bank);
        _register(account, kind, tier, record.id, ref);
        _requireTierForKind(_ledger().config, tier, kind);
        emit AccountOnboarded(account, bank, kind, tier, ref);
    }

    /// @inheritdoc IDigitalTenge
    function setCustomerTier(address account, uint8 tier) external restricted {
        LedgerStorage storage $ = _ledger();
        uint256 word = _requireCustomerOf(_msgSender(), account);
        _requireTier($.config, tier);
        _requireTierForKind($.config, tier, AccountKind(word.kind()));
        uint8 old = word.tier();
        $.accounts[account] = word.withTier(tier);
        emit AccountTierChanged(account, old, tier);
    }

    /// @inheritdoc IDigitalTenge
    function closeCustomer(address account) external restricted {
        LedgerStorage storage $ = _ledger();
        uint256 word = _requireCustomerOf(_msgSender(), account);
        if (word.balance() != 0 || word.has(AccountWord.ATTACHED)) revert AccountNotEmpty(account, word.balance());
        address check = $.closureCheck;
        if (check != address(0)) IClosureCheck(check).requireClosable(account);
        $.accounts[account] = _closed(word);
        emit AccountClosed(account);
    }

    /// @inheritdoc IDigitalTenge
    function recoverAccount(address lost, address replacement) external restricted {
        LedgerStorage storage $ = _ledger();
        if ($.config.isPaused()) revert LedgerPaused();
        address bank = _msgSender();
        uint256 word = _requireCustomerOf(bank, lost);
        if (replacement == address(0)) revert ZeroAddress();
        if ($.accounts[replacement] != 0) revert AccountAlreadyRegistered(replacement);

        uint256 amount = word.balance();
        $.accounts[replacement] = word;
        $.accounts[lost] = _closed(word);
        $.attached[replacement] = $.attached[lost];
        delete $.attached[lost];
        $.refs[replacement] = $.refs[lost];
        $.recoveredTo[lost] = replacement;

        emit Transfer(lost, replacement, amount);
        emit AccountRecovered(lost, replacement, bank, amount);
        emit AccountClosed(lost);
    }

    /// @inheritdoc IDigitalTenge
    function redeem(uint256 amount, bytes32 ref) external restricted {
        if (amount == 0) revert ZeroAmount();
        address bank = _msgSender();
        BankRecord storage record = _requireBank(bank);
        _useReference(ref);
        // Cannot truncate: amount is at most the bank's balance (< 2^96), checked in _settle below.
        record.redeemed += uint128(amount);
        _settle(bank, address(0), amount, Rule.Redeem);
        emit Redeemed(bank, amount, ref);
    }

    // ================================================================ compliance

    /// @inheritdoc IDigitalTenge
    function setFreezeState(address account, FreezeState state, bytes32 legalRef) external restricted {
        LedgerStorage storage $ = _ledger();
        uint256 word = _requireRegistered(account);
        FreezeState old = _freezeState(word);
        if (old == state) revert FreezeUnchanged(account, state);
        word = word.set(AccountWord.FROZEN, state == FreezeState.Full);
        $.accounts[account] = word.set(AccountWord.OUTBOUND_BLOCKED, state == FreezeState.OutboundOnly);
        emit FreezeStateChanged(account, old, state, legalRef);
    }

    /// @inheritdoc IDigitalTenge
    function attachFunds(address account, uint256 amount, bytes32 legalRef) external restricted {
        if (amount == 0) revert ZeroAmount();
        if (amount > AccountWord.MAX_BALANCE) revert AmountTooLarge(amount, AccountWord.MAX_BALANCE);
        LedgerStorage storage $ = _ledger();
        uint256 word = _requireRegistered(account);
        uint256 total = $.attached[account] + amount;
        if (total > AccountWord.MAX_BALANCE) revert AmountTooLarge(total, AccountWord.MAX_BALANCE);
        $.attached[account] = total;
        $.accounts[account] = word.set(AccountWord.ATTACHED, true);
        emit FundsAttached(account, amount, total, legalRef);
    }

    /// @inheritdoc IDigitalTenge
    function releaseFunds(address account, uint256 amount, bytes32 legalRef) external restricted {
        if (amount == 0) revert ZeroAmount();
        uint256 total = _reduceAttachment(account, amount);
        emit FundsReleased(account, amount, total, legalRef);
    }

    /// @inheritdoc IDigitalTenge
    function seize(address account, address to, uint256 amount, bytes32 legalRef) external restricted {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert ZeroAddress();
        _reduceAttachment(account, amount);
        _settle(account, to, amount, Rule.Seizure);
        emit FundsSeized(account, to, amount, legalRef);
    }

    // ================================================================ holders

    /// @inheritdoc IDigitalTenge
    function redeemToNonCash(uint256 amount) external {
        _redeemToNonCash(_msgSender(), amount);
    }

    /// @inheritdoc IDigitalTenge
    function setWaterfall(bool enabled) external {
        address account = _msgSender();
        uint256 word = _requireRegistered(account);
        _ledger().accounts[account] = word.set(AccountWord.WATERFALL, enabled);
        emit WaterfallSet(account, enabled);
    }

    // ================================================================ suite modules

    /// @inheritdoc IDigitalTenge
    function moduleTransfer(address from, address to, uint256 amount) external {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _requireMandate(from);
        _settle(from, to, amount, Rule.Payment);
    }

    /// @inheritdoc IDigitalTenge
    function moduleRedeem(address account, uint256 amount) external {
        _requireMandate(account);
        _redeemToNonCash(account, amount);
    }

    /// @inheritdoc IDigitalTenge
    function moduleSplit(address from, address to, uint256 amount, address vatTo, uint256 vat) external {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        if (vatTo == address(0)) revert ERC20InvalidReceiver(address(0));
        _requireMandate(from);
        // Two legs through the one movement rule: together they debit the gross (status, free balance and daily
        // limit checked cumulatively) and credit each receiver with the receiver checks of a transfer.
        _settle(from, to, amount, Rule.SplitLeg);
        _settle(from, vatTo, vat, Rule.SplitLeg);
        // One payment of the gross to `to`, as the payer sees it (the VAT is part of the price).
        if (_ledger().accounts[from] & AccountWord.GUARDED != 0) _consultGuardian(from, to, amount + vat);
    }

    /// @inheritdoc IDigitalTenge
    function setModuleMandate(address module, bool granted) external {
        address account = _msgSender();
        uint256 word = _requireRegistered(account);
        if (word & AccountWord._KIND_MASK == _MODULE_KIND) revert AccountKindNotAllowed(AccountKind.SystemContract);
        _setMandate(account, word, module, granted);
    }

    /// @inheritdoc IDigitalTenge
    function setCustomerMandate(address account, address module, bool granted) external restricted {
        _setMandate(account, _requireCustomerOf(_msgSender(), account), module, granted);
    }

    /// @inheritdoc IDigitalTenge
    function hasMandate(address account, address module) external view returns (bool) {
        LedgerStorage storage $ = _ledger();
        uint256 word = $.accounts[account];
        return
            account == module ||
            (word & AccountWord._KIND_MASK != _MODULE_KIND && word.hasMandate(_mandatableSlot($.accounts[module])));
    }

    // ================================================================ guardian rules

    /// @inheritdoc IDigitalTenge
    function setGuardianRules(address rules) external restricted {
        LedgerStorage storage $ = _ledger();
        address old = $.guardianRules;
        $.guardianRules = rules;
        emit GuardianRulesSet(old, rules);
    }

    /// @inheritdoc IDigitalTenge
    function setClosureCheck(address check) external restricted {
        LedgerStorage storage $ = _ledger();
        address old = $.closureCheck;
        $.closureCheck = check;
        emit ClosureCheckSet(old, check);
    }

    /// @inheritdoc IDigitalTenge
    function closureCheck() external view returns (address) {
        return _ledger().closureCheck;
    }

    /// @inheritdoc IDigitalTenge
    function setGuarded(address account, bool guarded) external {
        LedgerStorage storage $ = _ledger();
        if (_msgSender() != $.guardianRules) revert NotGuardianRules(_msgSender());
        $.accounts[account] = _requireRegistered(account).set(AccountWord.GUARDED, guarded);
        emit GuardedSet(account, guarded);
    }

    function _redeemToNonCash(address account, uint256 amount) private {
        if (amount == 0) revert ZeroAmount();
        LedgerStorage storage $ = _ledger();
        uint16 bankId = _requireRegistered(account).bankId();
        if (bankId == 0) revert NoBankOfRecord(account);
        address bank = $.bankById[bankId];
        // Cannot truncate: amount is at most the holder's balance (< 2^96), checked in _settle below.
        $.banks[bank].redeemed += uint128(amount);
        _settle(account, address(0), amount, Rule.Redeem);
        emit RedeemedToNonCash(account, bank, amount, $.refs[account]);
    }

    // ================================================================ views

    /// @inheritdoc IDigitalTenge
    function accountDetails(
        address account
    ) external view returns (bool closed, bool waterfall, bool guarded, uint256 spentToday, bytes32 accountRef) {
        uint256 word = _ledger().accounts[account];
        // AccountWord.spentOn, with the spent field (bits 96..159) read by two shifts instead of its 64-bit mask:
        // one more copy of that constant in the ledger makes the optimiser build it by arithmetic everywhere,
        // the transfer's hot path included (+12 gas a transfer). bench.test.ts holds the transfer's gas.
        return (
            word.has(AccountWord.CLOSED),
            word.has(AccountWord.WATERFALL),
            word.has(AccountWord.GUARDED),
            word.spentDay() == today() ? (word >> 96) - ((word >> 160) << 64) : 0,
            _ledger().refs[account]
        );
    }

    /// @inheritdoc IDigitalTenge
    function statusOf(
        address account
    ) external view returns (bool registered, FreezeState freeze, AccountKind kind, uint8 tier, address bankOfRecord) {
        uint256 word = _ledger().accounts[account];
        return (
            word.has(AccountWord.REGISTERED),
            _freezeState(word),
            AccountKind(word.kind()),
            word.tier(),
            _ledger().bankById[word.bankId()]
        );
    }

    /// @inheritdoc IDigitalTenge
    function guardianRules() external view returns (address) {
        return _ledger().guardianRules;
    }

    /// @inheritdoc IDigitalTenge
    function recoveredTo(address lost) external view returns (address) {
        return _ledger().recoveredTo[lost];
    }

    /// @inheritdoc IDigitalTenge
    function bankOf(address bank) external view returns (BankView memory) {
        BankRecord storage record = _ledger().banks[bank];
        return
            BankView({
                id: record.id,
                registered: record.id != 0,
                suspended: record.suspended,
                ceiling: record.ceiling,
                issued: record.issued,
                redeemed: record.redeemed,
                outstanding: int256(uint256(record.issued)) - int256(uint256(record.redeemed))
            });
    }

    /// @inheritdoc IDigitalTenge
    function bankStatus(address bank) external view returns (bool registered, bool suspended) {
        BankRecord storage record = _ledger().banks[bank];
        return (record.id != 0, record.suspended);
    }

    /// @inheritdoc IDigitalTenge
    function bankById(uint16 bankId) external view returns (address) {
        return _ledger().bankById[bankId];
    }

    /// @inheritdoc IDigitalTenge
    function bankCount() external view returns (uint16) {
        return _ledger().bankCount;
    }

    /// @inheritdoc IDigitalTenge
    function tierLimits(uint8 tier) external view returns (uint256 holdingLimit, uint256 dailyLimit, bool defined) {
        uint256 config = _ledger().config;
        defined = config.isDefined(tier);
        if (defined) (holdingLimit, dailyLimit) = (config.holdingLimit(tier), config.dailyLimit(tier));
    }

    /// @inheritdoc IDigitalTenge
    function attachedOf(address account) external view returns (uint256) {
        return _ledger().attached[account];
    }

    /// @inheritdoc IDigitalTenge
    function paused() external view returns (bool) {
        return _ledger().config.isPaused();
    }

    /// @inheritdoc IDigitalTenge
    function today() public view returns (uint256) {
        return AlmatyTime.day(block.timestamp);
    }

    // ================================================================ the one enforcement point

    /// @dev Every ERC-20 path (transfer, transferFrom, ERC-3009, modules) arrives here: a payment.
    function _update(address from, address to, uint256 value) internal override {
        _settle(from, to, value, Rule.Payment);
    }

    /**
     * @dev Moves `value` from `from` (zero: issuance) to `to` (zero: burn) under `rule`, after checking pause,
     * the sender's status, balance, attachment and daily limit, and the receiver's status and holding limit.
     * A receipt above the holding limit reverts, or for a payment to a waterfall account with a bank of record
     * the excess is burned to that bank as non-cash money ({_waterfallExcess}). A module account is paid only by
     * a module ({_checkReceiver}). Last, a guarded sender's payment or redemption is
     * put to the guardian rules.
     */
    // The hot path, inlined on purpose for the gas target (internal calls cost more than the checks): the sender
    // and receiver halves are written out here once (no other copy: {moduleSplit} settles its two legs here).
    // solhint-disable-next-line function-max-lines
    function _settle(address from, address to, uint256 value, Rule rule) private {
        // Hot path: the bit operations on the account word are written inline (with AccountWord's constants,
        // which own the layout) because internal calls cost more than the checks themselves.
        LedgerStorage storage $ = _ledger();
        uint256 config = $.config;
        if (config & TierTable.PAUSED != 0) revert LedgerPaused();

        uint256 guarded;
        if (from == address(0)) {
            // The supply never exceeds MAX_BALANCE, so no balance (a part of it) can overflow its field.
            uint256 supply = $.totalSupply + value;
            if (supply > AccountWord.MAX_BALANCE) revert AmountTooLarge(supply, AccountWord.MAX_BALANCE);
            $.totalSupply = supply;
        } else {
            uint256 word = $.accounts[from];
            if (rule != Rule.Seizure && word & _SEND_STATUS != AccountWord.REGISTERED) _revertCannotSend(from, word);
            uint256 balance = word & AccountWord._BALANCE_MASK;
            if (balance < value) revert ERC20InsufficientBalance(from, balance, value);
            if (word & AccountWord.ATTACHED != 0 && rule != Rule.Seizure) {
                uint256 attached = $.attached[from];
                uint256 free = balance > attached ? balance - attached : 0;
                if (free < value) revert AttachedFundsLocked(from, free, value);
            }
            if (rule <= Rule.SplitLeg) {
                uint256 code = (config >> (((word >> AccountWord._TIER_SHIFT) & 0xff) * 32)) & 0xffff;
                if (code < TierTable.UNLIMITED_CODE) {
                    uint256 limit;
                    // TierTable.decode, inlined: mantissa <= 4095, exponent <= 14, product < 4.1e17.
                    unchecked {
                        limit = (code & 0xfff) * 10 ** (code >> 12);
                    }
                    uint256 day = (block.timestamp + AlmatyTime.OFFSET) / 1 days; // AlmatyTime.day, written out
                    uint256 spent = value;
                    if ((word & AccountWord._DAY_MASK) >> AccountWord._DAY_SHIFT == day) {
                        spent += (word & AccountWord._SPENT_MASK) >> AccountWord._SPENT_SHIFT;
                    }
                    if (spent > limit) revert DailyLimitExceeded(from, limit, spent);
                    // spent <= limit < 2^59 and day < 2^32 for the next eleven million years: both fit their fields.
                    word =
                        (word & ~(AccountWord._SPENT_MASK | AccountWord._DAY_MASK)) |
                        (spent << AccountWord._SPENT_SHIFT) |
                        (day << AccountWord._DAY_SHIFT);
                }
            }
            guarded = word & AccountWord.GUARDED;
            // Cannot underflow: balance >= value was checked above; the result stays in the balance field.
            unchecked {
                $.accounts[from] = word - value;
            }
        }

        uint256 excess;
        if (to == address(0)) {
            // Cannot underflow: value <= the sender's balance, which is part of the total supply.
            unchecked {
                $.totalSupply -= value;
            }
        } else {
            uint256 word = $.accounts[to];
            if (word & _RECEIVE_CHECK != AccountWord.REGISTERED) _checkReceiver(to, word, rule);
            // Cannot overflow: the balance and value are both parts of the supply, which is below 2^96.
            uint256 balance = (word & AccountWord._BALANCE_MASK) + value;
            uint256 code = (config >> (((word >> AccountWord._TIER_SHIFT) & 0xff) * 32 + 16)) & 0xffff;
            if (code < TierTable.UNLIMITED_CODE) {
                uint256 limit;
                // TierTable.decode, inlined: mantissa <= 4095, exponent <= 14, product < 4.1e17.
                unchecked {
                    limit = (code & 0xfff) * 10 ** (code >> 12);
                }
                if (balance > limit) excess = _waterfallExcess($, to, word, balance, limit, value, rule);
            }
            // Cannot overflow the balance field: the new balance is part of the supply (< 2^96), and excess
            // <= balance + value.
            unchecked {
                $.accounts[to] = word + value - excess;
            }
        }
        emit Transfer(from, to, value);
        if (excess != 0) _sweep(to, $.accounts[to].bankId(), excess);
        // Last, after every effect: the rules contract is set by governance, reads the merchant categories and
        // never calls back; a refusal reverts the whole movement with the guardian's own error. Issuance has no
        // sender and seizure is not the holder's payment: neither is judged.
        // A split's legs are judged once, as one payment, by {moduleSplit}.
        if (guarded != 0 && (rule == Rule.Payment || rule == Rule.Redeem)) _consultGuardian(from, to, value);
    }

    /**
     * @dev `to` (word `word`) would hold `balance` above its holding limit `limit` after receiving `value`. Returns
     * what the waterfall sends on to its bank: only what this payment brought in above the limit (a balance already
     * above a lowered limit stays), and above what an attachment holds. Reverts with {HoldingLimitExceeded} unless
     * this is a payment to a waterfall account with a bank of record that may send (not receive-only).
     */
    function _waterfallExcess(
        LedgerStorage storage $,
        address to,
        uint256 word,
        uint256 balance,
        uint256 limit,
        uint256 value,
        Rule rule
    ) private view returns (uint256 excess) {
        if (
            rule > Rule.SplitLeg ||
            word & (AccountWord.WATERFALL | AccountWord.OUTBOUND_BLOCKED) != AccountWord.WATERFALL ||
            word.bankId() == 0
        ) {
            revert HoldingLimitExceeded(to, limit, balance);
        }
        uint256 keep = limit;
        if (word & AccountWord.ATTACHED != 0) {
            uint256 attached = $.attached[to];
            if (attached > keep) keep = attached;
        }
        if (balance > keep) {
            uint256 over = balance - keep;
            excess = over < value ? over : value;
        }
    }

    /**
     * @dev The receiver checks off the hot path (`word` has a bit of {_RECEIVE_CHECK} other than REGISTERED):
     * reverts for an unregistered or frozen receiver, and for a module account ({AccountWord.MODULE}) paid by a
     * plain ERC-20 payment: a module receives DKZT only from a module (its own call, e.g. a receive-authorisation,
     * or another module's payment), never money it could not account for or return.
     */
    function _checkReceiver(address to, uint256 word, Rule rule) private view {
        if (word & _RECEIVE_STATUS != AccountWord.REGISTERED) _revertCannotReceive(to, word);
        address caller = _msgSender();
        if (rule <= Rule.SplitLeg && caller != to && !_ledger().accounts[caller].has(AccountWord.MODULE)) {
            revert ModuleNotPayable(to);
        }
    }

    /// @dev Puts `from`'s payment of `value` to `to` (zero: a redemption) to the guardian rules, if any are set.
    function _consultGuardian(address from, address to, uint256 value) private {
        address rules = _ledger().guardianRules;
        if (rules != address(0)) IGuardianHook(rules).consume(from, to, value);
    }

    /// @dev Burns `excess` just received by `account` into its deposit at bank `bankId` (waterfall).
    function _sweep(address account, uint16 bankId, uint256 excess) private {
        LedgerStorage storage $ = _ledger();
        address bank = $.bankById[bankId];
        // Cannot underflow: excess was just credited to the supply. Cannot truncate: excess < 2^96.
        unchecked {
            $.totalSupply -= excess;
        }
        $.banks[bank].redeemed += uint128(excess);
        emit Transfer(account, address(0), excess);
        emit WaterfallSwept(account, bank, excess, $.refs[account]);
    }

    /// @dev Approvals and permits need a live, unfrozen owner, a registered spender (only a registered spender can
    /// ever spend an allowance: {_spendAllowance}) and an unpaused ledger; revoking (value 0) is always allowed.
    /// Allowance spending (emitEvent false) is checked in {_spendAllowance}.
    function _approve(address owner, address spender, uint256 value, bool emitEvent) internal override {
        if (emitEvent && value != 0) {
            LedgerStorage storage $ = _ledger();
            if ($.config.isPaused()) revert LedgerPaused();
            _requireCanSend(owner, $.accounts[owner]);
            if ($.accounts[spender] & AccountWord.REGISTERED == 0) revert AccountNotRegistered(spender);
        }
        super._approve(owner, spender, value, emitEvent);
    }

    /// @dev A spender must itself be registered and free to send: a frozen spender moves nobody's money.
    function _spendAllowance(address owner, address spender, uint256 value) internal override {
        _requireCanSend(spender, _ledger().accounts[spender]);
        super._spendAllowance(owner, spender, value);
    }

    // ================================================================ signed approvals and payments

    /**
     * @notice Set `spender`'s allowance over `owner`'s DKZT to `value` on `owner`'s ERC-2612 signature (v, r, s).
     * @dev The (v, r, s) form of the `bytes` {permit}: the same path with `abi.encodePacked(r, s, v)`, so a smart
     * account owner is asked through ERC-1271.
     */
    function permit(
        address owner,
        address spender,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) public override {
        permit(owner, spender, value, deadline, abi.encodePacked(r, s, v));
    }

    /// @dev The ledger's EIP-712 domain ("Digital Tenge", version "1", this chain, this proxy).
    function _signedDigest(bytes32 structHash) internal view override returns (bytes32) {
        return _hashTypedDataV4(structHash);
    }

    /// @dev ERC-2612's sequential nonces (OpenZeppelin's Nonces).
    function _useSignatureNonce(address owner) internal override returns (uint256) {
        return _useNonce(owner);
    }

    /// @dev A permit is an approval: {_approve}'s rules.
    function _approveSigned(address owner, address spender, uint256 value) internal override {
        _approve(owner, spender, value);
    }

    /// @dev An authorisation is a payment: {_update}, every check of a transfer.
    function _transferSigned(address from, address to, uint256 value) internal override {
        _transfer(from, to, value);
    }

    /// @dev Upgrades are a governance power, wired in the roles table.
    function _authorizeUpgrade(address) internal override restricted {}

    // ================================================================ helpers

    function _register(address account, AccountKind kind, uint8 tier, uint16 bankId, bytes32 ref) private {
        if (account == address(0)) revert ZeroAddress();
        LedgerStorage storage $ = _ledger();
        if ($.accounts[account] != 0) revert AccountAlreadyRegistered(account);
        _requireTier($.config, tier);
        $.accounts[account] = AccountWord.REGISTERED.withBankId(bankId).withTier(tier).withKind(uint8(kind));
        if (ref != bytes32(0)) $.refs[account] = ref;
    }

    function _closed(uint256 word) private pure returns (uint256) {
        // Keeps kind and bank of record for the record; no balance, no status but CLOSED, never registered again.
        return AccountWord.CLOSED.withKind(word.kind()).withBankId(word.bankId());
    }

    function _requireCanSend(address account, uint256 word) private pure {
        if (word & _SEND_STATUS != AccountWord.REGISTERED) _revertCannotSend(account, word);
    }

    /// @dev Reverts with the reason `word` cannot send: not registered, frozen, or receive-only.
    function _revertCannotSend(address account, uint256 word) private pure {
        if (word & AccountWord.REGISTERED == 0) revert AccountNotRegistered(account);
        if (word & AccountWord.FROZEN != 0) revert AccountFrozen(account);
        revert AccountOutboundBlocked(account);
    }

    /// @dev Reverts with the reason `word` cannot receive: not registered, or frozen.
    function _revertCannotReceive(address account, uint256 word) private pure {
        if (word & AccountWord.REGISTERED == 0) revert AccountNotRegistered(account);
        revert AccountFrozen(account);
    }

    function _requireRegistered(address account) private view returns (uint256 word) {
        word = _ledger().accounts[account];
        if (!word.has(AccountWord.REGISTERED)) revert AccountNotRegistered(account);
    }

    /// @dev `bank` must be an unsuspended bank, `account`'s bank of record, and `account` one of its customers
    /// (not a bank or module).
    function _requireCustomerOf(address bank, address account) private view returns (uint256 word) {
        if (_ledger().banks[bank].suspended) revert BankIsSuspended(bank);
        word = _requireRegistered(account);
        uint8 kind = word.kind();
        bool customer =
            kind == uint8(AccountKind.Individual) ||
                kind == uint8(AccountKind.Merchant) ||
                kind == uint8(AccountKind.Government);
        if (!customer || _ledger().bankById[word.bankId()] != bank) revert NotBankOfRecord(bank, account);
    }

    /**
     * @dev The ledger's authority check for a module debit: the caller must be a registered SystemContract account
     * that is free to send, and `from` the caller itself or an account (not another module) holding the caller's
     * mandate. The caller's word is read once for both; `from`'s word is read again (warm) by the movement.
     */
    function _requireMandate(address from) private view {
        address module = _msgSender();
        LedgerStorage storage $ = _ledger();
        uint256 word = $.accounts[module];
        if (word & (_SEND_STATUS | AccountWord._KIND_MASK) != AccountWord.REGISTERED | _MODULE_KIND) {
            revert NotSystemModule(module);
        }
        if (from == module) return;
        uint256 fromWord = $.accounts[from];
        if (fromWord & AccountWord._KIND_MASK == _MODULE_KIND || !fromWord.hasMandate(word.mandateSlot())) {
            revert ModuleNotMandated(module, from);
        }
    }

    /// @dev The mandate slot of the module whose account word is `moduleWord` (0 if it is no module).
    function _mandatableSlot(uint256 moduleWord) private pure returns (uint256) {
        if (moduleWord & (AccountWord.REGISTERED | AccountWord._KIND_MASK) != AccountWord.REGISTERED | _MODULE_KIND) {
            return 0;
        }
        return moduleWord.mandateSlot();
    }

    /// @dev Records `account`'s mandate for `module` (word `word`, already checked as a customer's or holder's).
    function _setMandate(address account, uint256 word, address module, bool granted) private {
        LedgerStorage storage $ = _ledger();
        uint256 slot = _mandatableSlot($.accounts[module]);
        if (slot == 0) revert ModuleNotMandatable(module);
        $.accounts[account] = word.withMandate(slot, granted);
        emit ModuleMandateSet(account, module, granted, _msgSender());
    }

    /// @dev Marks issuance or redemption reference `ref` used; a zero or used reference reverts.
    function _useReference(bytes32 ref) private {
        LedgerStorage storage $ = _ledger();
        if (ref == bytes32(0) || $.usedRefs[ref]) revert ReferenceAlreadyUsed(ref);
        $.usedRefs[ref] = true;
    }

    /// @dev A tier with unlimited holding is for banks, government bodies and modules, not for `kind`.
    function _requireTierForKind(uint256 config, uint8 tier, AccountKind kind) private pure {
        if (kind != AccountKind.Government && config.holdingLimit(tier) == TierTable.UNLIMITED) {
            revert TierNotAllowedForKind(tier, kind);
        }
    }

    function _requireBank(address bank) private view returns (BankRecord storage record) {
        record = _ledger().banks[bank];
        if (record.id == 0) revert BankNotRegistered(bank);
    }

    function _requireTier(uint256 config, uint8 tier) private pure {
        if (tier > TierTable.MAX_TIER) revert TierOutOfRange(tier, TierTable.MAX_TIER);
        if (!config.isDefined(tier)) revert TierNotDefined(tier);
    }

    function _reduceAttachment(address account, uint256 amount) private returns (uint256 remaining) {
        LedgerStorage storage $ = _ledger();
        uint256 attached = $.attached[account];
        if (amount > attached) revert AttachmentExceeded(account, attached, amount);
        // Cannot underflow: amount <= attached was checked above.
        unchecked {
            remaining = attached - amount;
        }
        $.attached[account] = remaining;
        if (remaining == 0) $.accounts[account] = $.accounts[account].set(AccountWord.ATTACHED, false);
    }

    function _freezeState(uint256 word) private pure returns (FreezeState) {
        if (word.has(AccountWord.FROZEN)) return FreezeState.Full;
        if (word.has(AccountWord.OUTBOUND_BLOCKED)) return FreezeState.OutboundOnly;
        return FreezeState.None;
    }

    function _ledger() private pure returns (LedgerStorage storage $) {
        assembly {
            $.slot := _LEDGER_STORAGE
        }
    }
}
