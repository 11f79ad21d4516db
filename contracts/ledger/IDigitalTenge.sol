// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IDigitalTenge
 * @notice DKZT, the digital tenge: the one ledger where tenge exist on-chain. Two-tier issuance (central bank to
 * intermediary banks to people and firms), permissioned accounts with KYC tiers, holding and daily limits,
 * freeze / attach / seize, wallet recovery and redemption into bank ("non-cash") money.
 * @dev Amounts are in tiyn (2 decimals: 1 tenge = 100 tiyn). Every movement of DKZT passes one internal path that
 * checks pause, both accounts' status and the tier limits; every rejection is a custom error below that names the
 * account and the rule, and changes nothing.
 *
 * What each status still allows (tested in test/ledger):
 * - Fully frozen: cannot send, receive, approve, permit, spend an allowance, redeem or be seized beyond its
 *   attachment; it can revoke allowances (approve 0) and cancel its EIP-3009 authorisations.
 * - Not registered (never, or closed): cannot be approved or permitted as a spender (`AccountNotRegistered`: it
 *   could never spend the allowance); an allowance it holds can always be revoked.
 * Permit and EIP-3009 take a key's ECDSA signature or a smart account's ERC-1271 approval, in the (v, r, s) and
 * the `bytes signature` forms ({ISignedAuthorizations}, implemented by {SignedAuthorizations}).
 * - Receive-only (outbound blocked): can receive; cannot send, approve, spend an allowance or redeem.
 * - Attached: the attached amount cannot move except by {seize}; the rest of the balance moves freely.
 * - Closed: nothing, for good.
 * While the ledger is paused no balance changes: no transfer, authorisation, issuance, redemption, seizure or
 * recovery, and no new approvals (revoking one, and cancelling an authorisation, stay open).
 */
interface IDigitalTenge {
    /// @notice What an account is; decides who manages it (the operator, or its bank of record).
    enum AccountKind {
        None, // 0: not registered
        Individual, // a person, onboarded by its bank
        Merchant, // a shop, canteen or online seller, onboarded by its (acquiring) bank
        Government, // treasury, akimat, State Revenue Committee..., onboarded by its bank
        Bank, // an intermediary bank, onboarded by the operator
        PaymentAgent, // Kazpost, Onay, card processors, onboarded by the operator
        SystemContract // a module of this suite holding DKZT, onboarded by the operator
    }

    /// @notice Compliance state of an account.
    enum FreezeState {
        None,
        Full, // no payments in or out
        OutboundOnly // outgoing payments blocked: receive-only
    }

    /**
     * @notice An intermediary bank's issuance position. `outstanding` = issued - redeemed is a net position and
     * may be negative: DKZT issued through one bank can be redeemed through another (a customer of bank A paid by
     * a customer of bank B redeems into its deposit at A). The sum over banks always equals the total supply.
     */
    struct BankView {
        uint16 id;
        bool registered;
        bool suspended;
        uint256 ceiling;
        uint256 issued;
        uint256 redeemed;
        int256 outstanding;
    }

    // ---------------------------------------------------------------- errors

    /// @notice The ledger is paused: no balance changes.
    error LedgerPaused();
    /// @notice `account` is not a registered, open account.
    error AccountNotRegistered(address account);
    /// @notice `account` is already registered (or was closed and cannot come back).
    error AccountAlreadyRegistered(address account);
    /// @notice `account` is fully frozen.
    error AccountFrozen(address account);
    /// @notice `account` may receive but not send.
    error AccountOutboundBlocked(address account);
    /// @notice The payment would take `account` to `attempted`, above its tier's holding limit `limit`.
    error HoldingLimitExceeded(address account, uint256 limit, uint256 attempted);
    /// @notice The payment would take `account`'s outflow today to `attempted`, above its tier's daily limit.
    error DailyLimitExceeded(address account, uint256 limit, uint256 attempted);
    /// @notice Only `available` of `account`'s balance is free of legal attachment; `needed` was asked for.
    error AttachedFundsLocked(address account, uint256 available, uint256 needed);
    /// @notice Only `attached` is attached on `account`; `requested` was asked to be released or seized.
    error AttachmentExceeded(address account, uint256 attached, uint256 requested);
    /// @notice `bank` is not `account`'s bank of record, so it may not act on it.
    error NotBankOfRecord(address bank, address account);
    /// @notice `account` has no bank of record to redeem into.
    error NoBankOfRecord(address account);
    /// @notice `bank` is not a registered intermediary bank.
    error BankNotRegistered(address bank);
    /// @notice `bank` is suspended by the operator.
    error BankIsSuspended(address bank);
    /// @notice Issuing would take `bank`'s net outstanding DKZT to `attempted`, above its ceiling.
    error IssuanceCeilingExceeded(address bank, uint256 ceiling, uint256 attempted);
    /// @notice The central bank has not defined tier `tier`.
    error TierNotDefined(uint8 tier);
    /// @notice `tier` is above the highest tier index.
    error TierOutOfRange(uint8 tier, uint8 maxTier);
    /// @notice `kind` cannot be given by this caller (banks onboard customers; the operator banks, agents, modules).
    error AccountKindNotAllowed(AccountKind kind);
    /// @notice A zero amount where money must move.
    error ZeroAmount();
    /// @notice `amount` is above the largest amount the ledger can hold.
    error AmountTooLarge(uint256 amount, uint256 max);
    /// @notice The zero address where an account is needed.
    error ZeroAddress();
    /// @notice `account` still holds `balance` or attachments, so it cannot be closed.
    error AccountNotEmpty(address account, uint256 balance);
    /// @notice `caller` is not a registered, unfrozen suite module (a SystemContract account).
    error NotSystemModule(address caller);
    /// @notice The freeze state is already `state`.
    error FreezeUnchanged(address account, FreezeState state);
    /// @notice `caller` is not the guardian rules contract the ledger is pointed at.
    error NotGuardianRules(address caller);
    /// @notice Module `module` tried to debit `account`, which is neither the module itself nor gave it a mandate.
    error ModuleNotMandated(address module, address account);
    /// @notice `module` is not a SystemContract account that can hold mandates (none, or one without a slot).
    error ModuleNotMandatable(address module);
    /// @notice A plain ERC-20 payment into module account `module`, which only receives through module calls.
    error ModuleNotPayable(address module);
    /// @notice Issuance or redemption reference `ref` was already used (or is zero): an operator's retry never
    /// doubles a movement of the money supply.
    error ReferenceAlreadyUsed(bytes32 ref);
    /// @notice Tier `tier` (unlimited holding) is reserved for banks, government bodies and the suite's modules,
    /// not for an account of kind `kind`.
    error TierNotAllowedForKind(uint8 tier, AccountKind kind);

    // ---------------------------------------------------------------- events

    /// @notice The central bank set tier `tier`'s limits (old -> new). UNLIMITED is type(uint256).max.
    event TierLimitsSet(
        uint8 indexed tier,
        uint256 oldHoldingLimit,
        uint256 oldDailyLimit,
        uint256 newHoldingLimit,
        uint256 newDailyLimit
    );
    /// @notice The operator onboarded intermediary bank `bank` with id `bankId`.
    event BankOnboarded(address indexed bank, uint16 indexed bankId, uint8 tier, bytes32 ref);
    /// @notice The operator suspended or reinstated `bank`.
    event BankSuspensionSet(address indexed bank, bool suspended);
    /// @notice The central bank set `bank`'s issuance ceiling (its reserves at the central bank), old -> new.
    event IssuanceCeilingSet(address indexed bank, uint256 oldCeiling, uint256 newCeiling);
    /// @notice The central bank issued `amount` to `bank` against reserve operation `reference`.
    event Issued(address indexed bank, uint256 amount, bytes32 indexed ref);
    /// @notice `bank` redeemed `amount` back to the central bank (burned), reserve operation `reference`.
    event Redeemed(address indexed bank, uint256 amount, bytes32 indexed ref);
    /// @notice `account` was onboarded by `bank` (zero for operator-managed accounts without a bank).
    event AccountOnboarded(address indexed account, address indexed bank, AccountKind kind, uint8 tier, bytes32 ref);
    /// @notice `account`'s tier changed, old -> new.
    event AccountTierChanged(address indexed account, uint8 oldTier, uint8 newTier);
    /// @notice `account` was closed by its manager.
    event AccountClosed(address indexed account);
    /// @notice `account` switched waterfall on or off.
    event WaterfallSet(address indexed account, bool enabled);
    /// @notice `amount` above `account`'s holding limit went on to its bank as non-cash money (burned).
    event WaterfallSwept(address indexed account, address indexed bank, uint256 amount, bytes32 accountReference);
    /// @notice `account` redeemed `amount` into its deposit at `bank` (burned; the bank credits non-cash tenge).
    event RedeemedToNonCash(address indexed account, address indexed bank, uint256 amount, bytes32 accountReference);
    /// @notice Compliance changed `account`'s freeze state under legal reference `legalRef`, old -> new.
    event FreezeStateChanged(address indexed account, FreezeState oldState, FreezeState newState, bytes32 legalRef);
    /// @notice Compliance attached `amount` of `account` (now `totalAttached` in all) under `legalRef`.
    event FundsAttached(address indexed account, uint256 amount, uint256 totalAttached, bytes32 indexed legalRef);
    /// @notice Compliance released `amount` of `account`'s attachment (now `totalAttached`) under `legalRef`.
    event FundsReleased(address indexed account, uint256 amount, uint256 totalAttached, bytes32 indexed legalRef);
    /// @notice Compliance seized `amount` of `account`'s attached funds to `to` under court order `legalRef`.
    event FundsSeized(address indexed account, address indexed to, uint256 amount, bytes32 indexed legalRef);
    /// @notice `bank` recovered its customer's lost wallet `lost` to `replacement`, moving `balance`.
    event AccountRecovered(address indexed lost, address indexed replacement, address indexed bank, uint256 balance);
    /// @notice The operator paused (true) or unpaused (false) the ledger.
    event PauseSet(address indexed by, bool paused);
    /// @notice Governance pointed the ledger at guardian rules contract `newRules` (zero: none), old -> new.
    event GuardianRulesSet(address indexed oldRules, address indexed newRules);
    /// @notice The guardian rules contract flagged `account` as guarded (true) or lifted the flag (false).
    event GuardedSet(address indexed account, bool guarded);
    /// @notice `account`'s mandate for module `module` was granted or revoked, by the holder or its bank `by`.
    event ModuleMandateSet(address indexed account, address indexed module, bool granted, address indexed by);
    /// @notice SystemContract `module` was given mandate slot `slot` (0: the slots are used up; it can debit only
    /// itself).
    event ModuleSlotAssigned(address indexed module, uint8 slot);
    /// @notice Governance pointed the ledger at closure check `newCheck` (zero: none) instead of `oldCheck`.
    event ClosureCheckSet(address indexed oldCheck, address indexed newCheck);

    // ---------------------------------------------------------------- central bank

    /**
     * @notice Define or change tier `tier`'s limits.
     * @dev Limits are in tiyn, type(uint256).max for "unlimited"; each must have an exact compact form
     * (m x 10^e with m <= 4095, see TierTable). Lowering a limit never moves money: an account already above
     * it keeps its balance and can only receive again once below.
     *
     * Requirements: caller has the central bank's role; `tier` <= 6; limits representable.
     *
     * Emits a {TierLimitsSet} event.
     */
    function setTier(uint8 tier, uint256 holdingLimit, uint256 dailyLimit) external;

    /**
     * @notice Set `bank`'s issuance ceiling: the most DKZT it may have outstanding (issued minus redeemed).
     * @dev A ceiling below the bank's net outstanding amount blocks new issuance until redemptions bring it under.
     *
     * Requirements: caller has the central bank's role; `bank` is a registered bank.
     *
     * Emits an {IssuanceCeilingSet} event.
     */
    function setIssuanceCeiling(address bank, uint256 ceiling) external;

    /**
     * @notice Issue `amount` new DKZT to intermediary bank `bank` against reserve operation `reference`.
     * @dev Requirements: caller has the ISSUER role (the central bank's multisig, or the issuance desk contract);
     * not paused; `bank` is a registered, unsuspended, unfrozen bank; net outstanding + amount <= ceiling;
     * 0 < amount <= 2^96 - 1; `ref` non-zero and never used for an issuance or redemption before.
     *
     * Emits {Issued} and {IERC20-Transfer} (from the zero address) events.
     */
    function issue(address bank, uint256 amount, bytes32 ref) external;

    // ---------------------------------------------------------------- operator

    /**
     * @notice Register `bank` as an intermediary bank with tier `tier` (banks normally get the unlimited tier).
     * @dev The bank is its own bank of record. The deployment also grants it the bank role in the AccessManager.
     *
     * Requirements: caller has the operator's role; `bank` not registered before; tier defined.
     *
     * Emits {BankOnboarded} and {AccountOnboarded} events.
     */
    function onboardBank(address bank, uint8 tier, bytes32 ref) external;

    /**
     * @notice Suspend or reinstate `bank`: a suspended bank receives no issuance and onboards, re-tiers, closes or
     * recovers no one (it may still redeem DKZT to the central bank while winding down).
     * @dev Requirements: caller has the operator's role; `bank` is a registered bank.
     *
     * Emits a {BankSuspensionSet} event.
     */
    function setBankSuspended(address bank, bool suspended) external;

    /**
     * @notice Register a payment agent or one of the suite's contracts.
     * @dev `bankOfRecord` is where it redeems to non-cash (zero: it cannot redeem).
     *
     * A SystemContract gets the next free mandate slot (1..24; 0 once they are used up: such a module can then
     * debit only its own account), which holders name when they give it a mandate ({setModuleMandate}).
     *
     * Requirements: caller has the operator's role; `kind` is PaymentAgent or SystemContract; `account` new;
     * tier defined; `bankOfRecord` zero or a registered bank.
     *
     * Emits an {AccountOnboarded} event, and for a SystemContract a {ModuleSlotAssigned} event.
     */
    function onboardParticipant(
        address account,
        AccountKind kind,
        uint8 tier,
        address bankOfRecord,
        bytes32 ref
    ) external;

    /**
     * @notice Stop every balance change on the ledger.
     * @dev Requirements: caller has the operator's role. Emits a {PauseSet} event.
     */
    function pause() external;

    /**
     * @notice Resume balance changes.
     * @dev Requirements: caller has the role the roles table gives (delayed under governance). Emits {PauseSet}.
     */
    function unpause() external;

    // ---------------------------------------------------------------- banks

    /**
     * @notice A bank onboards its customer `account` (individual, merchant or government body).
     * @dev No personal data: `reference` is an opaque handle into the bank's own records (e.g. a salted hash).
     *
     * Requirements: caller has the bank role and is a registered, unsuspended bank; `account` new and non-zero;
     * `kind` is Individual, Merchant or Government; tier defined; a tier with unlimited holding only for a
     * Government body.
     *
     * Emits an {AccountOnboarded} event.
     */
    function onboardCustomer(address account, AccountKind kind, uint8 tier, bytes32 ref) external;

    /**
     * @notice Change customer `account`'s KYC tier.
     * @dev The daily outflow counter is kept only while the tier has a daily limit: an account moved from an
     * unlimited tier to a limited one mid-day starts that day's count at zero.
     *
     * Requirements: caller is `account`'s unsuspended bank of record; tier defined; a tier with unlimited holding
     * only for a Government body. Emits {AccountTierChanged}.
     */
    function setCustomerTier(address account, uint8 tier) external;

    /**
     * @notice Close customer `account` for good (offboarding). Its balance and attachments must be zero, and it
     * may hold nothing outside the ledger (gold, stablecoin) that the {closureCheck} knows of.
     * @dev Requirements: caller is `account`'s bank of record; the closure check (if set) does not revert, with
     * its own error. Emits {AccountClosed}.
     */
    function closeCustomer(address account) external;

    /**
     * @notice Recover customer `lost`'s wallet to the fresh address `replacement`: balance, status, tier,
     * attachments and today's outflow move; `lost` is closed for good.
     * @dev Requirements: not paused; caller is `lost`'s bank of record; `replacement` never registered.
     *
     * Emits {AccountRecovered}, {AccountClosed} and {IERC20-Transfer} events.
     */
    function recoverAccount(address lost, address replacement) external;

    /**
     * @notice The calling bank returns `amount` DKZT to the central bank (burned), freeing issuance ceiling.
     * @dev Requirements: not paused; caller is a registered bank with the bank role, not frozen or blocked;
     * amount within its unattached balance; `ref` non-zero and never used for an issuance or redemption before.
     *
     * Emits {Redeemed} and {IERC20-Transfer} (to the zero address) events.
     */
    function redeem(uint256 amount, bytes32 ref) external;

    // ---------------------------------------------------------------- compliance

    /**
     * @notice Freeze `account` fully, make it receive-only, or lift the freeze.
     * @dev Requirements: caller has the compliance role; `account` registered; state changes.
     *
     * Emits a {FreezeStateChanged} event.
     */
    function setFreezeState(address account, FreezeState state, bytes32 legalRef) external;

    /**
     * @notice Attach `amount` more of `account`'s funds under legal order `legalRef`: that much cannot move.
     * @dev The attachment may exceed the current balance (it then also catches incoming funds).
     *
     * Requirements: caller has the compliance role; `account` registered; amount > 0.
     *
     * Emits a {FundsAttached} event.
     */
    function attachFunds(address account, uint256 amount, bytes32 legalRef) external;

    /**
     * @notice Release `amount` of `account`'s attachment.
     * @dev Requirements: caller has the compliance role; amount > 0 and <= attached. Emits {FundsReleased}.
     */
    function releaseFunds(address account, uint256 amount, bytes32 legalRef) external;

    /**
     * @notice Seize `amount` of `account`'s attached funds to `to` under court order `legalRef`.
     * @dev Works on frozen accounts; the receiver must be a registered account able to receive it.
     *
     * Requirements: not paused; caller has the compliance role; amount > 0, <= attached and <= balance.
     *
     * Emits {FundsSeized} and {IERC20-Transfer} events.
     */
    function seize(address account, address to, uint256 amount, bytes32 legalRef) external;

    // ---------------------------------------------------------------- holders

    /**
     * @notice Redeem `amount` of the caller's DKZT into its deposit at its bank of record (non-cash tenge).
     * @dev The DKZT are burned and counted as redeemed through that bank. Not counted against the daily limit:
     * the money stays the holder's. Requirements: not paused; caller registered, not frozen or blocked, with a
     * bank of record; amount within its unattached balance.
     *
     * Emits {RedeemedToNonCash} and {IERC20-Transfer} (to the zero address) events.
     */
    function redeemToNonCash(uint256 amount) external;

    /**
     * @notice Choose whether receipts above the holding limit go on to the caller's bank as non-cash money.
     * @dev Requirements: caller registered. Emits a {WaterfallSet} event.
     */
    function setWaterfall(bool enabled) external;

    // ---------------------------------------------------------------- suite modules

    /**
     * @notice A suite module (payments, programs, reserves...) moves `amount` of `from`'s DKZT to `to`. The ledger
     * decides whether the module may debit `from`: only if `from` is the module itself or `from` gave the module a
     * mandate recorded here ({setModuleMandate}, or its bank at onboarding: {setCustomerMandate}). A module's own
     * checks (a signature, a card) come on top; a buggy or compromised module reaches only the accounts that
     * mandated it. Every check of a transfer applies, the daily limit and waterfall included.
     * @dev The power comes from being onboarded as a SystemContract account by the operator (read from the
     * caller's own account word, where its mandate slot also sits: no call to the authority); compliance can
     * freeze a module to stop it at once. Another module's account is debited only by that module itself.
     *
     * Requirements: caller is a registered SystemContract account, not frozen or blocked; `from` is the caller
     * or has mandated it ({ModuleNotMandated}); the transfer rules.
     *
     * Emits an {IERC20-Transfer} event.
     */
    function moduleTransfer(address from, address to, uint256 amount) external;

    /**
     * @notice A suite module redeems `amount` of `account`'s DKZT into its deposit at its bank of record, on
     * `account`'s authority (a merchant's "convert to non-cash" preference, an ATM cash withdrawal).
     * @dev Requirements: as {moduleTransfer} (the caller is `account` or holds its mandate); `account` has a bank
     * of record; the redemption rules.
     *
     * Emits {RedeemedToNonCash} and {IERC20-Transfer} events.
     */
    function moduleRedeem(address account, uint256 amount) external;

    /**
     * @notice A suite module pays two recipients from one payer in one movement, on `from`'s authority: `amount`
     * to `to` and `vat` to `vatTo` (an invoice's net to the merchant and its VAT to the budget account). Both legs
     * settle or neither does.
     * @dev One payment of `amount + vat` by `from` as far as the sender's rules go: its status, free balance and
     * daily limit are checked against the gross, and a guarded sender's guardian rules judge it as one payment of
     * the gross to `to` (the VAT leg is part of the price paid to `to`, not a payment of its own). Each receiver
     * gets the receiver checks of a transfer (status, holding limit, waterfall).
     *
     * Requirements: caller is a registered SystemContract account, not frozen or blocked; `from` is the caller or
     * has mandated it; `from`, `to` and `vatTo` not zero; the transfer rules for the gross from `from`, for `amount` to `to` and `vat` to `vatTo`.
     *
     * Emits two {IERC20-Transfer} events: `from` -> `to` (`amount`), then `from` -> `vatTo` (`vat`).
     */
    function moduleSplit(address from, address to, uint256 amount, address vatTo, uint256 vat) external;

    /**
     * @notice The caller (a holder) grants or revokes module `module`'s mandate to debit its account: an escrow,
     * program, purse or issuer it pays through, or a payment module that charges it (Morpho's `isAuthorized`).
     * @dev Mandates live in the holder's account word (one bit per module's slot) and follow the account through
     * {recoverAccount}. Revoking is always possible; a mandate moves nothing by itself: every debit still gets
     * every check of a transfer.
     *
     * Requirements: the caller is a registered account that is not itself a module; `module` is a SystemContract
     * with a mandate slot ({ModuleNotMandatable}).
     *
     * Emits a {ModuleMandateSet} event.
     */
    function setModuleMandate(address module, bool granted) external;

    /**
     * @notice A bank grants or revokes module `module`'s mandate over its customer `account` (the default
     * payment mandates it sets at onboarding: card gateway, merchant payments, as it acts for its customers).
     * @dev Requirements: caller has the bank role and is `account`'s unsuspended bank of record; `module` is a
     * SystemContract with a mandate slot.
     *
     * Emits a {ModuleMandateSet} event.
     */
    function setCustomerMandate(address account, address module, bool granted) external;

    /// @notice Whether module `module` may debit `account`: `account` is the module, or holds its mandate.
    function hasMandate(address account, address module) external view returns (bool);

    // ---------------------------------------------------------------- guardian rules (parental limits)

    /**
     * @notice Point the ledger at the guardian rules contract (zero: none). Every payment and redemption of an
     * account that contract flagged ({setGuarded}) is then judged by it ({IGuardianRules-consume}, called last
     * in the movement: a refusal reverts the movement with the guardian's own error).
     * @dev With no rules contract (zero) flagged accounts pay freely. Issuance and seizure are never judged.
     *
     * Requirements: caller has the GOVERNANCE role (delayed).
     *
     * Emits a {GuardianRulesSet} event.
     */
    function setGuardianRules(address rules) external;

    /**
     * @notice Flag `account` as guarded (its guardian's rules are in force) or lift the flag.
     * @dev A data-level power: only the guardian rules contract the ledger is pointed at. A recovered account's
     * replacement keeps the flag ({recoverAccount} moves the whole account word).
     *
     * Requirements: caller is {guardianRules}; `account` registered.
     *
     * Emits a {GuardedSet} event.
     */
    function setGuarded(address account, bool guarded) external;

    /**
     * @notice Point the ledger at the closure check (zero: none) that {closeCustomer} asks whether an account still
     * holds value outside the ledger.
     * @dev Requirements: caller has the GOVERNANCE role (delayed). Emits a {ClosureCheckSet} event.
     */
    function setClosureCheck(address check) external;

    /// @notice The closure check {closeCustomer} consults (zero: none).
    function closureCheck() external view returns (address);

    /// @notice The guardian rules contract the ledger consults for guarded accounts (zero: none).
    function guardianRules() external view returns (address);

    // ---------------------------------------------------------------- views

    /**
     * @notice What {statusOf}, {IERC20-balanceOf} and {attachedOf} do not say about `account`: whether it was closed
     * for good, whether its waterfall is on, whether it is guarded (its payments and redemptions judged by
     * {guardianRules}), what it has sent today (the Almaty day's outflow, counted while its tier has a daily limit)
     * and its bank's opaque reference.
     * @dev The whole account view is these four reads; `accountOf` in src/accounts.ts assembles it off-chain (with
     * `remainingDailyOutflow`), so the ledger keeps its bytecode for the rules.
     */
    function accountDetails(
        address account
    ) external view returns (bool closed, bool waterfall, bool guarded, uint256 spentToday, bytes32 accountRef);

    /**
     * @notice `account`'s status in one storage read: for modules that need to know whether an account may hold or
     * move money, or who its bank is, without {accountDetails}.
     */
    function statusOf(
        address account
    ) external view returns (bool registered, FreezeState freeze, AccountKind kind, uint8 tier, address bankOfRecord);

    /// @notice The address a lost wallet was recovered to by its bank (zero if `lost` was never recovered), so
    /// modules holding something for `lost` (a refund, an offline purse) can follow it.
    function recoveredTo(address lost) external view returns (address);

    /// @notice Intermediary bank `bank`'s issuance position.
    function bankOf(address bank) external view returns (BankView memory);

    /// @notice Whether `bank` is a registered intermediary bank, and whether the operator suspended it: one storage
    /// read, for the modules' check that a bank may still act ({LedgerAccounts-requireActiveBank}).
    function bankStatus(address bank) external view returns (bool registered, bool suspended);

    /// @notice The address of the bank with id `bankId` (zero if none).
    function bankById(uint16 bankId) external view returns (address);

    /// @notice Number of banks onboarded so far (ids run 1..bankCount).
    function bankCount() external view returns (uint16);

    /// @notice Tier `tier`'s limits (type(uint256).max: unlimited) and whether it is defined.
    function tierLimits(uint8 tier) external view returns (uint256 holdingLimit, uint256 dailyLimit, bool defined);

    /// @notice Amount attached on `account`.
    function attachedOf(address account) external view returns (uint256);

    /// @notice Whether the ledger is paused.
    function paused() external view returns (bool);

    /// @notice The Almaty-local day index used for daily limits.
    function today() external view returns (uint256);
}
