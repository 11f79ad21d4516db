// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ISupportedLedgers} from "./ISupportedLedgers.sol";

/**
 * @title IPvPSettlement
 * @notice Payment-versus-payment between two CBDCs on this chain (mBridge style): two banks agree a deal, each
 * escrows its leg in its own currency, and settlement delivers both legs in one transaction or neither.
 * A deal that expires returns each funded leg to its funder.
 *
 * Lifecycle of a deal:
 * - party A (a bank with the PvP dealer role) proposes the terms: who pays what on which ledger, the rate,
 *   the FX quote id and the expiry;
 * - each party funds its own leg (party A pays amountA on ledgerA, party B pays amountB on ledgerB); funding is
 *   party B's agreement to the terms, which never change after the proposal;
 * - with both legs funded and before expiry, either party settles: amountA goes to party B and amountB to
 *   party A in the same transaction. If either delivery fails (a frozen receiver, a foreign central bank's
 *   holding limit...), the whole settlement reverts and both legs stay escrowed;
 * - from expiry on, a deal cannot settle; anyone may return each funded leg to its funder.
 * There is no state in which one leg is paid out and the other is not (tested as an invariant).
 * @dev The contract is a SystemContract account on every supported ledger, onboarded by each ledger's own
 * operator; escrow is its own balance there (no shadow balances).
 */
interface IPvPSettlement is ISupportedLedgers {
    /// @notice A deal's two sides.
    enum Leg {
        A, // party A pays amountA on ledgerA
        B // party B pays amountB on ledgerB
    }

    /// @notice Where a deal stands.
    enum DealStatus {
        None, // no such deal
        Open, // before expiry, not settled (see fundedA / fundedB)
        Settled, // both legs delivered
        Expired // expiry passed unsettled: funded legs are (or can be) refunded
    }

    /// @notice What the two banks agreed. Amounts in each ledger's minor units; `rate` as in {FxMath}.
    struct DealTerms {
        address partyA;
        address ledgerA;
        uint256 amountA;
        address partyB;
        address ledgerB;
        uint256 amountB;
        uint256 rate;
        bytes32 quoteId;
        uint256 expiry;
    }

    /// @notice A deal as a reader sees it.
    struct DealView {
        DealTerms terms;
        DealStatus status;
        bool fundedA; // leg A is escrowed (false again once refunded or settled)
        bool fundedB;
    }

    // ---------------------------------------------------------------- errors

    /// @notice Both legs name ledger `ledger`: a PvP deal exchanges two currencies.
    error DealLedgersIdentical(address ledger);
    /// @notice Party A must be the proposer `caller`, and party B another, non-zero account (`partyB`).
    error DealPartiesInvalid(address caller, address partyB);
    /// @notice `amount` is zero or above `max`.
    error DealAmountInvalid(uint256 amount, uint256 max);
    /// @notice `rate` is zero or above `max`.
    error DealRateInvalid(uint256 rate, uint256 max);
    /// @notice `amountB` is not `amountA` at `rate` (rounded down or up).
    error DealRateMismatch(uint256 amountA, uint256 amountB, uint256 rate);
    /// @notice `expiry` is outside (`earliest`, `latest`].
    error DealExpiryOutOfRange(uint256 expiry, uint256 earliest, uint256 latest);
    /// @notice No deal has id `dealId`.
    error DealNotFound(uint256 dealId);
    /// @notice `caller` is not a party to deal `dealId`.
    error NotDealParty(uint256 dealId, address caller);
    /// @notice Leg `leg` of deal `dealId` is already escrowed.
    error DealLegAlreadyFunded(uint256 dealId, Leg leg);
    /// @notice Leg `leg` of deal `dealId` is not escrowed.
    error DealLegNotFunded(uint256 dealId, Leg leg);
    /// @notice Deal `dealId` expired at `expiry`.
    error DealExpired(uint256 dealId, uint256 expiry);
    /// @notice Deal `dealId` does not expire before `expiry`.
    error DealNotExpired(uint256 dealId, uint256 expiry);
    /// @notice Deal `dealId` is already settled.
    error DealAlreadySettled(uint256 dealId);

    // ---------------------------------------------------------------- events

    /// @notice Party A proposed deal `dealId` with party B.
    event DealProposed(uint256 indexed dealId, address indexed partyA, address indexed partyB, DealTerms terms);
    /// @notice `funder` escrowed leg `leg` of deal `dealId`: `amount` on `ledger`.
    event DealLegFunded(
        uint256 indexed dealId,
        Leg leg,
        address indexed funder,
        address indexed ledger,
        uint256 amount
    );
    /// @notice Deal `dealId` settled: amountA to party B and amountB to party A, in one transaction.
    event DealSettled(uint256 indexed dealId, address indexed settledBy, uint256 amountA, uint256 amountB);
    /// @notice Leg `leg` of expired deal `dealId` went back to `funder` (the funding party's live address).
    event DealLegRefunded(
        uint256 indexed dealId,
        Leg leg,
        address indexed funder,
        address indexed ledger,
        uint256 amount
    );

    // ---------------------------------------------------------------- functions

    /**
     * @notice Propose a deal; the caller is party A.
     * @dev Requirements: caller has the PvP dealer role; `terms.partyA` is the caller; party B non-zero and
     * different; both ledgers supported and different; 0 < amounts <= 2^96 - 1; 0 < rate <= MAX_RATE; amountB
     * is amountA at `rate` (rounded either way, see {FxMath-isConsistent}); now < expiry <= now + MAX_DEAL_DURATION.
     *
     * Emits a {DealProposed} event.
     */
    function proposeDeal(DealTerms calldata terms) external returns (uint256 dealId);

    /**
     * @notice Escrow the caller's leg of deal `dealId`: party A pays amountA on ledgerA, party B amountB on
     * ledgerB. The caller's call is its authority for the ledger's module payment.
     * @dev A party whose wallet its bank recovered acts from the replacement ({LedgerAccounts-current} of the
     * party on the ledger it pays on).
     *
     * Requirements: caller is a party (or its live address) and mandated this contract on the leg's ledger
     * ({IDigitalTenge-setModuleMandate}); the deal is Open (not settled, before expiry); the leg not funded;
     * the ledger's payment rules.
     *
     * Emits {DealLegFunded} and the ledger's {IERC20-Transfer} events.
     */
    function fundLeg(uint256 dealId) external;

    /**
     * @notice Deliver both legs of deal `dealId` at once: amountA to party B on ledgerA, amountB to party A on
     * ledgerB. Either transfer failing reverts both. Each leg goes to the receiving party's live address on the
     * ledger it is paid on (the wallet its bank recovered it to, if it was).
     * @dev Requirements: caller is a party (or its live address, as for {fundLeg}); not settled; before expiry; both legs funded; each ledger's rules for
     * the receiver (registered, not frozen, holding limit).
     *
     * Emits {DealSettled} and two {IERC20-Transfer} events (one per ledger).
     */
    function settle(uint256 dealId) external;

    /**
     * @notice From expiry on, return leg `leg` of unsettled deal `dealId` to its funder, at the funder's live
     * address on the leg's ledger (the wallet its bank recovered it to, if it was). Anyone may call it: the money
     * only goes back to the party that escrowed it.
     * @dev Requirements: not settled; expiry passed; the leg funded.
     *
     * Emits {DealLegRefunded} and the ledger's {IERC20-Transfer} events.
     */
    function refundLeg(uint256 dealId, Leg leg) external;

    /// @notice Deal `dealId` (status None: no such deal).
    function dealOf(uint256 dealId) external view returns (DealView memory);

    /// @notice Number of deals proposed (ids run 1..dealCount).
    function dealCount() external view returns (uint256);
}
