// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IGuardianRules
 * @notice Parental limits. On a guardian's instruction, a minor's bank of record sets on the minor's account
 * which merchant categories it may pay (e.g. 5814 canteens and 4111 transport only) and a daily cap. Every
 * payment the minor makes is then counted here and refused when it breaks a rule.
 * @dev Who may do what:
 * - the minor's bank of record (on the ledger) links the minor to its guardian ({setGuardian}), after checking
 *   the relation off-chain (birth certificate, court order); no personal data is stored, only the two addresses;
 * - the guardian instructs: it signs an EIP-712 {GuardianInstruction} (rules, nonce, deadline) and the bank submits
 *   it ({setRules}); the bank alone may lift the rules ({clearRules}: the minor comes of age, a court order);
 * - payment paths consult the rules ({consume} reverts, {tryConsume} reports): the ledger itself, for every
 *   payment and redemption of an account this contract flagged there ({IDigitalTenge-setGuarded}, set and lifted
 *   with the rules), and the suite's modules (registered SystemContract accounts), which pay on a minor's behalf.
 * The receiver's category comes from {IMerchantCategories}; a receiver with no category (a person, an
 * unclassified account) matches no rule, so a guarded minor cannot pay it. A redemption (receiver zero: cash or
 * non-cash withdrawal at the minor's own bank) and a payment to a registered, unsuspended intermediary bank with no
 * category (cash at another bank's ATM: the card gateway pays that bank, which redeems) count as category 6011,
 * cash disbursement.
 * Lifecycle: every bank power here refuses a suspended bank ({IDigitalTenge-BankIsSuspended}); a guardian whose
 * own wallet was recovered instructs with the replacement wallet's key ({IDigitalTenge-recoveredTo}, followed
 * transitively); a recovered minor's guardian and rules follow it once ({followRecovery}).
 */
interface IGuardianRules {
    /// @notice Why a payment breaks the rules (None: it does not).
    enum Denial {
        None,
        CategoryNotAllowed,
        DailyCapExceeded
    }

    /// @notice A minor's rules as a view.
    struct RulesView {
        address guardian;
        bool active;
        uint32 version;
        uint256 dailyCap;
        uint256 spentToday;
        uint16[] categories;
    }

    /// @notice `bank` is not `minor`'s bank of record, or `minor` is not a registered individual.
    error GuardianNotBankOfRecord(address bank, address minor);
    /// @notice `minor` has no guardian linked.
    error GuardianNotSet(address minor);
    /// @notice The guardian's instruction expired at `deadline` (now `time`).
    error GuardianInstructionExpired(uint256 deadline, uint256 time);
    /// @notice The instruction was signed by `signer`, not by `minor`'s guardian `guardian`.
    error GuardianSignatureInvalid(address minor, address signer, address guardian);
    /// @notice `minor` may not pay `receiver`: its category (`mcc`, if `hasCategory`) is not allowed.
    error GuardianCategoryNotAllowed(address minor, address receiver, bool hasCategory, uint16 mcc);
    /// @notice The payment would take `minor`'s spending today to `attempted`, above its guardian's `cap`.
    error GuardianDailyCapExceeded(address minor, uint256 cap, uint256 attempted);
    /// @notice `caller` is neither the ledger nor a registered, unfrozen suite module.
    error GuardianCallerNotModule(address caller);
    /// @notice `count` categories are more than the `max` one instruction may allow.
    error GuardianTooManyCategories(uint256 count, uint256 max);
    /// @notice `mcc` is not a merchant category code (0..9999).
    error GuardianCategoryOutOfRange(uint256 mcc);
    /// @notice `cap` is above the largest cap (2^96 - 1 tiyn).
    error GuardianCapTooLarge(uint256 cap);
    /// @notice The ledger flags `minor` as guarded but no rules are in force here for it (a recovered wallet whose
    /// rules were not moved yet, see {followRecovery}): its payments are refused until they are.
    error GuardianRulesMissing(address minor);
    /// @notice `lost` was never recovered to another wallet on the ledger.
    error GuardianNotRecovered(address lost);
    /// @notice `lost`'s guardian and rules already followed its recovery to `replacement` ({followRecovery} is
    /// one-shot).
    error GuardianRecoveryAlreadyFollowed(address lost, address replacement);
    /// @notice `replacement` has its own guardian (`guardian`) or rules in force (`active`), set by its bank after
    /// the recovery: a recovered wallet's older state never overwrites them.
    error GuardianReplacementHasOwnRules(address replacement, address guardian, bool active);
    /// @notice The ledger is not pointed at this rules contract (its guardian rules are `current`).
    error GuardianRulesNotInstalled(address current);

    /// @notice `bank` linked `minor` to its guardian, old -> new.
    event GuardianSet(address indexed minor, address indexed bank, address oldGuardian, address newGuardian);
    /// @notice On `guardian`'s instruction `minor`'s rules became `version`: cap old -> new, and the categories.
    event RulesSet(
        address indexed minor,
        address indexed guardian,
        uint32 indexed version,
        uint256 oldDailyCap,
        uint256 newDailyCap,
        uint16[] categories
    );
    /// @notice `bank` lifted `minor`'s rules (the minor pays freely again).
    event RulesCleared(address indexed minor, address indexed bank, uint32 version);
    /// @notice `module` counted a payment of `amount` by `minor` to `receiver` (`spentToday` now counted).
    event GuardedPaymentCounted(
        address indexed minor,
        address indexed receiver,
        address indexed module,
        uint256 amount,
        uint256 spentToday
    );

    /**
     * @notice Link `minor` to `guardian` (zero: unlink). The rules in force stay until the guardian changes them.
     * @dev Requirements: caller is `minor`'s bank of record, not suspended; `minor` is a registered individual
     * account.
     *
     * Emits a {GuardianSet} event.
     */
    function setGuardian(address minor, address guardian) external;

    /**
     * @notice Put in force, on the guardian's signed instruction, the categories `minor` may pay and its daily cap.
     * @dev The guardian signs the EIP-712 message
     * `GuardianInstruction(address minor,uint256 dailyCap,uint16[] categories,uint256 nonce,uint256 deadline)`
     * with the minor's current {nonces}; the bank of record submits it. Replaces the previous rules entirely.
     * A guardian whose wallet was recovered signs with its replacement wallet (the lost key no longer instructs).
     *
     * Requirements: caller is `minor`'s bank of record, not suspended; a guardian is linked and signed (its current
     * wallet); deadline not passed;
     * at most {MAX_CATEGORIES} categories, each <= 9999; dailyCap <= 2^96 - 1.
     *
     * Emits a {RulesSet} event.
     */
    function setRules(
        address minor,
        uint256 dailyCap,
        uint16[] calldata categories,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /**
     * @notice Lift `minor`'s rules.
     * @dev Requirements: caller is `minor`'s bank of record, not suspended. Emits a {RulesCleared} event.
     */
    function clearRules(address minor) external;

    /**
     * @notice Move `lost`'s guardian and rules to the wallet its bank recovered it to on the ledger (the ledger keeps
     * the replacement flagged as guarded; until the rules follow, its payments are refused with
     * {GuardianRulesMissing}). Anyone may call it: it only applies what the ledger and the guardian already decided.
     * @dev The replacement is the live wallet, the recovery chain followed transitively (a -> b -> c gives c). Once
     * per lost wallet. The rules in force (if any) become the replacement's next version; `lost`'s are lifted.
     *
     * Requirements: `lost` was recovered ({IDigitalTenge-recoveredTo}); its state has not followed already
     * ({GuardianRecoveryAlreadyFollowed}); the replacement has no guardian or rules of its own
     * ({GuardianReplacementHasOwnRules}).
     *
     * Emits {GuardianSet} and, when rules were in force, {RulesSet} and {RulesCleared} events, naming the
     * replacement's bank of record (the bank that recovered it) as the bank.
     */
    function followRecovery(address lost) external;

    /**
     * @notice Push `minor`'s state here (rules in force or not) to the ledger's guarded flag: for rules set before
     * the ledger was pointed at this contract. Anyone may call it.
     * @dev Requirements: the ledger's {IDigitalTenge-guardianRules} is this contract; `minor` registered.
     *
     * Emits the ledger's {IDigitalTenge-GuardedSet} event.
     */
    function syncGuarded(address minor) external;

    /**
     * @notice Count a payment of `amount` by `payer` to `receiver` (zero: a redemption), or revert if it breaks
     * the payer's rules. A payer without rules in force passes, and nothing is written, except when the ledger
     * asks about an account it flags as guarded: then the missing rules refuse ({GuardianRulesMissing}).
     * @dev Requirements: caller is the ledger or a registered, unfrozen SystemContract account.
     *
     * Reverts with {GuardianCategoryNotAllowed}, {GuardianDailyCapExceeded} or {GuardianRulesMissing}. Emits a
     * {GuardedPaymentCounted} event for a guarded payer.
     */
    function consume(address payer, address receiver, uint256 amount) external;

    /**
     * @notice As {consume}, but reports a denial instead of reverting (for batches that settle good items and
     * report bad ones). Nothing is written on a denial.
     */
    function tryConsume(address payer, address receiver, uint256 amount) external returns (Denial);

    /// @notice What {consume} would decide now, without counting anything.
    function check(address payer, address receiver, uint256 amount) external view returns (Denial);

    /// @notice Whether `minor` has rules in force.
    function guarded(address minor) external view returns (bool);

    /// @notice `minor`'s guardian, rules and today's counted spending.
    function rulesOf(address minor) external view returns (RulesView memory);

    /// @notice The nonce the next instruction for `minor` must carry.
    function nonces(address minor) external view returns (uint256);

    /// @notice Most categories one instruction may allow.
    function MAX_CATEGORIES() external view returns (uint256);
}
