// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IVatCircuit
 * @notice Digital VAT: VAT paid between VAT-registered businesses is "marked". It lands in the supplier's
 * marked VAT balance instead of its free balance, and marked VAT can only (1) pay VAT to the budget, or (2) pay
 * the VAT part of the business's own purchases from other VAT payers. Unmarked money stays free. An exporter
 * (zero-rated sales, so input VAT and little output VAT) claims its input VAT back; the claim is bounded by the
 * marked VAT it provably paid through this circuit and, once the tax authority approves it, paid from the
 * budget in the same transaction.
 * @dev This module holds the marked DKZT in its own ledger account: the sum of all marked balances equals that
 * account's balance at all times (no shadow balance). The rules of the circuit live in this interface's
 * implementation, {VatCircuit}, and nowhere else.
 */
interface IVatCircuit {
    /// @notice Status of an exporter's VAT refund claim.
    enum ClaimStatus {
        None,
        Pending,
        Paid,
        Rejected
    }

    /// @notice A VAT refund claim.
    struct RefundClaim {
        address claimant;
        uint96 amount;
        uint16 filedDay;
        ClaimStatus status;
    }

    /// @notice `account` is not an onboarded VAT-registered business.
    error NotVatPayer(address account);
    /// @notice `business` holds `available` marked VAT; `needed` was asked for.
    error MarkedVatInsufficient(address business, uint256 available, uint256 needed);
    /// @notice `business` can claim at most `available` (marked input VAT paid, less claims); `requested` asked.
    error VatRefundExceedsInputVat(address business, uint256 available, uint256 requested);
    /// @notice No claim has id `claimId`.
    error VatRefundClaimUnknown(uint256 claimId);
    /// @notice Claim `claimId` is `status`, not pending.
    error VatRefundClaimNotPending(uint256 claimId, ClaimStatus status);
    /// @notice A VAT amount of zero.
    error VatAmountZero();

    /// @notice Invoice `invoiceId`'s VAT `vat` was marked to `supplier`; `fromBuyerMarked` of it came from the
    /// buyer's own marked balance, the rest from its free balance.
    event VatMarked(
        bytes32 indexed invoiceId,
        address indexed supplier,
        address indexed buyer,
        uint256 vat,
        uint256 fromBuyerMarked
    );
    /// @notice Marked VAT of invoice `invoiceId` (`vat`) went back from `supplier` to `buyer` with a refund.
    event MarkedVatReversed(bytes32 indexed invoiceId, address indexed supplier, address indexed buyer, uint256 vat);
    /// @notice `business` paid `amount` of VAT to `budget` from its marked balance, for tax period `periodRef`.
    event MarkedVatPaidToBudget(
        address indexed business,
        address indexed budget,
        uint256 amount,
        bytes32 indexed periodRef
    );
    /// @notice `claimant` filed VAT refund claim `claimId` for `amount` on day `filedDay`.
    event VatRefundClaimed(
        uint256 indexed claimId,
        address indexed claimant,
        uint256 amount,
        bytes32 claimRef,
        uint256 filedDay
    );
    /// @notice Claim `claimId` was paid from `budget` to `claimant` (the claimant's live address: the replacement
    /// wallet when its bank recovered the one that filed), `daysToPay` days after filing.
    event VatRefundPaid(
        uint256 indexed claimId,
        address indexed claimant,
        address indexed budget,
        uint256 amount,
        uint256 daysToPay
    );
    /// @notice The tax authority rejected claim `claimId`; the amount is claimable again.
    event VatRefundRejected(uint256 indexed claimId, address indexed claimant, uint256 amount, bytes32 reasonRef);

    /**
     * @notice Pay `amount` of the caller's VAT liability to the budget from its marked balance.
     * @dev Requirements: amount > 0 and <= the caller's marked balance; a budget set; ledger rules.
     *
     * Emits {MarkedVatPaidToBudget} and {IERC20-Transfer} events.
     */
    function payVatFromMarked(uint256 amount, bytes32 periodRef) external;

    /**
     * @notice An exporter claims `amount` of input VAT back: the marked VAT it paid suppliers through this
     * circuit, less what it claimed before (rejected claims give it back).
     * @dev Requirements: caller is an onboarded VAT payer; 0 < amount <= claimable.
     *
     * Emits a {VatRefundClaimed} event.
     */
    function claimVatRefund(uint256 amount, bytes32 claimRef) external returns (uint256 claimId);

    /**
     * @notice The tax authority approves claim `claimId`: the budget pays it to the claimant at once.
     * @dev The claimant is paid at its live address ({IDigitalTenge-recoveredTo}, followed transitively).
     * Requirements: caller has the tax authority's role; the claim is pending; a budget set (which has mandated
     * this module); ledger rules.
     *
     * Emits {VatRefundPaid} and {IERC20-Transfer} events.
     */
    function payVatRefund(uint256 claimId) external;

    /**
     * @notice The tax authority rejects claim `claimId` (reason `reasonRef`); its amount is claimable again.
     * @dev Requirements: caller has the tax authority's role; the claim is pending.
     *
     * Emits a {VatRefundRejected} event.
     */
    function rejectVatRefund(uint256 claimId, bytes32 reasonRef) external;

    /// @notice `business`'s marked VAT balance (held in this module's ledger account).
    function markedVatOf(address business) external view returns (uint256);

    /// @notice Sum of all marked balances: equals this module's ledger balance.
    function totalMarkedVat() external view returns (uint256);

    /// @notice Marked input VAT `business` paid through the circuit, and how much of it it has claimed.
    function inputVatOf(address business) external view returns (uint256 paid, uint256 claimed);

    /// @notice Claim `claimId`.
    function vatRefundClaim(uint256 claimId) external view returns (RefundClaim memory);
}
