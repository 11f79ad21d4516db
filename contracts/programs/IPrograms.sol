// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IPrograms
 * @notice What every purpose-bound program shares, whatever its use (school lunches, marked procurement funds):
 * a funder (akimat, ministry, fund: a government account) moves a budget in DKZT into the program, from one
 * budget classification code (KBK); the money may be spent only inside a validity window, only on eligible
 * recipients (listed accounts, or merchant categories by MCC), and the funder may top it up and pause it. When
 * the window ends, anybody may close the program: the unspent budget returns to the funder, booked back to the
 * KBK it came from, with an audit event.
 * @dev The money is the program contract's own DKZT, in its SystemContract account on the ledger; a program's
 * `budget` is the part of that balance the program may still spend. Every amount is in tiyn.
 * For every program: funded == budget + paidOut + returned (+ the marked balances, for marked programs).
 * "The funder" is the live wallet of the account that created the program: after its bank recovers the funder's
 * wallet ({IDigitalTenge-recoveredTo}, followed transitively), the replacement holds every power of the funder and
 * receives the return at close, and the lost key holds none. `programOf` keeps the creating address, for the record.
 */
interface IPrograms {
    /// @notice A program's state. Paused: nothing is paid until the funder unpauses. Closed: for good.
    enum ProgramStatus {
        None,
        Active,
        Paused,
        Closed
    }

    /// @notice What a funder decides when it creates a program.
    struct ProgramTerms {
        uint64 kbk; // budget classification code the money comes from, and returns to
        uint40 start; // first second money may be spent (unix time)
        uint40 end; // spending stops at `end`; the unspent budget may then return
        bytes32 ref; // opaque reference to the decision (e.g. the hash of the akimat's decree)
    }

    /// @notice A program as a view.
    struct ProgramView {
        address funder;
        ProgramStatus status;
        uint64 kbk;
        uint40 start;
        uint40 end;
        bytes32 ref;
        uint256 budget; // unspent: what the program may still pay
        uint256 funded; // initial budget plus top-ups
        uint256 paidOut; // left the program as DKZT to recipients
        uint256 returned; // returned to the budget code at close
    }

    /// @notice There is no program `programId`.
    error ProgramUnknown(uint256 programId);
    /// @notice `caller` is not program `programId`'s funder.
    error ProgramNotFunder(uint256 programId, address caller);
    /// @notice `funder` is not a registered government account (akimat, ministry, fund).
    error ProgramFunderNotGovernment(address funder);
    /// @notice The window [`start`, `end`) is empty or already over.
    error ProgramWindowInvalid(uint256 start, uint256 end);
    /// @notice Program `programId` is paused.
    error ProgramIsPaused(uint256 programId);
    /// @notice Program `programId` is closed.
    error ProgramIsClosed(uint256 programId);
    /// @notice Program `programId` is not paused.
    error ProgramNotPaused(uint256 programId);
    /// @notice Program `programId` spends only in [`start`, `end`); it is `time`.
    error ProgramNotOpen(uint256 programId, uint256 start, uint256 end, uint256 time);
    /// @notice Program `programId`'s window ends at `end`; it is `time`, so it cannot close yet.
    error ProgramNotExpired(uint256 programId, uint256 end, uint256 time);
    /// @notice A zero amount where money must move.
    error ProgramZeroAmount();
    /// @notice `amount` is above the largest a program can hold (`max`).
    error ProgramAmountTooLarge(uint256 amount, uint256 max);
    /// @notice `recipient` is not an eligible recipient of program `programId`.
    error ProgramRecipientNotEligible(uint256 programId, address recipient);
    /// @notice `mcc` is not a merchant category code (0..9999).
    error ProgramCategoryOutOfRange(uint256 mcc);
    /// @notice `account` may not direct program money: it is not registered, or it is frozen or receive-only on
    /// the ledger (a blocked account moves no money, its own or a program's).
    error ProgramPayerBlocked(uint256 programId, address account);
    /// @notice The ledger is paused: programs move no entitlement either (marked balances, milestones).
    error ProgramLedgerPaused();
    /// @notice Program `programId` has `budget` left; `requested` was asked for.
    error ProgramBudgetExceeded(uint256 programId, uint256 budget, uint256 requested);

    /// @notice `funder` created program `programId` with `budget` from budget code `kbk`.
    event ProgramCreated(
        uint256 indexed programId,
        address indexed funder,
        uint64 indexed kbk,
        uint256 budget,
        uint40 start,
        uint40 end,
        bytes32 ref
    );
    /// @notice The funder added `amount` (same budget code); the budget is now `budget`.
    event ProgramToppedUp(uint256 indexed programId, address indexed funder, uint256 amount, uint256 budget);
    /// @notice The funder paused program `programId`.
    event ProgramPaused(uint256 indexed programId, address indexed funder);
    /// @notice The funder unpaused program `programId`.
    event ProgramUnpaused(uint256 indexed programId, address indexed funder);
    /// @notice The funder listed or delisted `recipient`, old -> new.
    event RecipientSet(uint256 indexed programId, address indexed recipient, bool oldEligible, bool newEligible);
    /// @notice The funder allowed or disallowed merchant category `mcc`, old -> new.
    event RecipientCategorySet(uint256 indexed programId, uint16 indexed mcc, bool oldAllowed, bool newAllowed);
    /// @notice At close, `amount` unspent went back to `funder`, booked to budget code `kbk`.
    event BudgetReturned(uint256 indexed programId, uint64 indexed kbk, address indexed funder, uint256 amount);
    /// @notice Program `programId` closed after its window: the audit totals.
    event ProgramClosed(
        uint256 indexed programId,
        address indexed closedBy,
        uint256 funded,
        uint256 paidOut,
        uint256 returned
    );

    /**
     * @notice Add `amount` of the funder's DKZT to program `programId`'s budget (same budget code).
     * @dev Requirements: caller is the funder; the program is not closed; amount > 0; the funder can pay it
     * (every ledger rule applies: this contract moves it with `moduleTransfer` on the funder's call).
     *
     * Emits a {ProgramToppedUp} event.
     */
    function topUp(uint256 programId, uint256 amount) external;

    /**
     * @notice Stop every payment of program `programId` until {unpause}.
     * @dev Requirements: caller is the funder; the program is active. Emits a {ProgramPaused} event.
     */
    function pause(uint256 programId) external;

    /**
     * @notice Resume program `programId`'s payments.
     * @dev Requirements: caller is the funder; the program is paused. Emits a {ProgramUnpaused} event.
     */
    function unpause(uint256 programId) external;

    /**
     * @notice After program `programId`'s window has ended, return its unspent budget to the funder, booked
     * back to the program's budget code, and close it for good. Anybody may call it (a keeper, the treasury).
     * @dev Works on a paused program too. The return goes to the funder's live wallet (the replacement, if the
     * funder's wallet was recovered). Requirements: the window has ended; the program is not closed; the funder's
     * account can receive (the ledger's rules).
     *
     * Emits {BudgetReturned} and {ProgramClosed} events.
     */
    function closeExpired(uint256 programId) external;

    /**
     * @notice List or delist `recipient` as an eligible recipient of program `programId`.
     * @dev Requirements: caller is the funder; the program is not closed. Emits a {RecipientSet} event.
     */
    function setRecipient(uint256 programId, address recipient, bool eligible) external;

    /**
     * @notice Allow or disallow merchant category `mcc`: a merchant with that category in the merchant registry
     * is then an eligible recipient of program `programId`.
     * @dev Requirements: caller is the funder; the program is not closed; mcc <= 9999.
     *
     * Emits a {RecipientCategorySet} event.
     */
    function setRecipientCategory(uint256 programId, uint16 mcc, bool allowed) external;

    /// @notice Program `programId`.
    function programOf(uint256 programId) external view returns (ProgramView memory);

    /// @notice Number of programs created (ids run 1..programCount).
    function programCount() external view returns (uint256);

    /// @notice Whether `recipient` may be paid by program `programId` (listed, or of an allowed category).
    function isEligibleRecipient(uint256 programId, address recipient) external view returns (bool);

    /// @notice The ledger this contract holds its DKZT on.
    function ledger() external view returns (address);

    /// @notice The merchant category registry eligibility by category is read from.
    function merchantCategories() external view returns (address);
}
