// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IMerchantPayments
 * @notice Retail and business payments in DKZT: a merchant's payment request (an invoice, shown at the POS or
 * as a QR code) is paid once, with its VAT split atomically: VAT to the budget (B2C) or marked to the supplier
 * (B2B, see {IVatCircuit}), the net to the merchant, who keeps it or has it converted to non-cash at its bank.
 * @dev An invoice is either registered on-chain by its merchant ({registerInvoice}) or signed off-chain by the
 * merchant (EIP-712 typed data `Invoice`, this contract's domain) and checked at payment, so an invoice whose
 * amount, payee or any other field was edited is rejected. Its id is its EIP-712 digest (chain and contract
 * bound). Each invoice pays once: its `nonce` is spent in the merchant's nonce bitmap (unordered, 256 nonces
 * per storage word, as Permit2), and a merchant can cancel a nonce it no longer wants paid.
 *
 * The payer is the caller ({payInvoice}, {payInvoiceAsBusiness}), the signer of an EIP-712 authorisation bound
 * to the invoice id, relayed by the POS ({payInvoiceWithAuthorization}), or a cardholder whose payment agent
 * charged the card under a mandate the card gateway checked ({payInvoiceFor}). Money moves payer -> merchant
 * and payer -> budget directly through the ledger's module payments, every ledger rule applying.
 *
 * The invoice states its VAT category and the rate the merchant applied; it must match the schedule on the
 * turnover date (the day of payment), so the receipt, the split and any later refund agree. An invoice of a
 * merchant that is not a VAT payer carries rate 0 and is not split.
 *
 * Refunds: the merchant refunds up to the invoice amount in total, from its own balance. The VAT part of each
 * refund is the proportional share of the invoice's VAT (VatMath.share on cumulative amounts, so full refunds
 * reverse exactly the VAT). For a B2B invoice that VAT part goes back from the supplier's marked balance to the
 * buyer's. For a B2C invoice the budget pays that VAT part back to the payer, in the same transaction as the
 * merchant's net part, within the merchant's VAT refund line: a standing authority the tax authority sets per
 * merchant ({setVatRefundLine}) and each budget payback draws down. Without a line that covers the VAT part,
 * the merchant advances the whole refund and offsets the VAT in its return, as a refund always did. The line
 * exists because a B2C payment keeps no on-chain record beyond its nonce bit: the contract can check that an
 * invoice is authentic and its nonce spent, not that this very invoice (rather than another one the merchant
 * signed with the same nonce) was paid, so what the budget pays out on a merchant's word is bounded by what
 * the tax authority chose to trust it with (see docs/payments.md).
 */
interface IMerchantPayments {
    /// @notice A payment request. `amount` in tiyn, VAT inclusive; `expiry` a unix time (last valid second).
    struct Invoice {
        address merchant;
        uint96 amount;
        uint8 vatCategory;
        uint16 vatRateBps;
        uint40 expiry;
        uint256 nonce;
        bytes32 orderRef;
    }

    /// @notice Invoice `invoiceId` expired at `expiry`; it is `time`.
    error InvoiceExpired(bytes32 invoiceId, uint256 expiry, uint256 time);
    /// @notice Invoice `invoiceId` asks for nothing.
    error InvoiceAmountZero(bytes32 invoiceId);
    /// @notice The signature on invoice `invoiceId` is not `merchant`'s: forged, or a field was edited.
    error InvoiceSignatureInvalid(bytes32 invoiceId, address merchant);
    /// @notice Invoice `invoiceId` carries no signature and was not registered on-chain (or was edited).
    error InvoiceNotRegistered(bytes32 invoiceId);
    /// @notice Invoice `invoiceId` is already registered.
    error InvoiceAlreadyRegistered(bytes32 invoiceId);
    /// @notice `merchant`'s invoice nonce `nonce` is spent: the invoice was paid (or cancelled).
    error InvoiceNonceUsed(address merchant, uint256 nonce);
    /// @notice Invoice `invoiceId` has not been paid.
    error InvoiceNotPaid(bytes32 invoiceId);
    /// @notice `caller` is not `merchant`, whose invoice it is.
    error NotInvoiceMerchant(address caller, address merchant);
    /// @notice `account` would pay itself.
    error PayerIsMerchant(address account);
    /// @notice The invoice applies `invoicedBps` to `category`; the schedule says `scheduledBps` today.
    error VatRateMismatch(uint8 category, uint256 scheduledBps, uint256 invoicedBps);
    /// @notice `payer`'s authorisation is not valid before `validAfter`.
    error AuthorizationNotYetValid(address payer, uint256 validAfter);
    /// @notice `payer`'s authorisation expired at `validBefore`.
    error AuthorizationExpired(address payer, uint256 validBefore);
    /// @notice The authorisation is not signed by `payer`.
    error AuthorizationSignatureInvalid(address payer);
    /// @notice Invoice `invoiceId` was paid `paid` and refunded `refunded`; `requested` more is too much.
    error RefundExceedsPaid(bytes32 invoiceId, uint256 paid, uint256 refunded, uint256 requested);
    /// @notice A refund of zero.
    error RefundAmountZero(bytes32 invoiceId);
    /// @notice B2B invoice `invoiceId` was paid by `buyer`, not `payer`.
    error RefundPayerMismatch(bytes32 invoiceId, address buyer, address payer);
    /// @notice A VAT refund line above what the ledger can hold (2^96 - 1 tiyn).
    error VatRefundLineTooLarge(uint256 line);
    /// @notice `account` was never recovered by its bank: it has nothing to hand to a replacement.
    error AccountNotRecovered(address account);

    /// @notice `merchant` registered invoice `invoiceId` on-chain.
    event InvoiceRegistered(
        bytes32 indexed invoiceId,
        address indexed merchant,
        uint256 amount,
        uint256 nonce,
        bytes32 orderRef
    );
    /// @notice `merchant` cancelled its invoice nonce `nonce`: no invoice with it can be paid.
    event InvoiceNonceCancelled(address indexed merchant, uint256 indexed nonce);
    /// @notice `payer` paid invoice `invoiceId` of `merchant`: `amount` in all, of which `vat` VAT at
    /// `vatRateBps` in `vatCategory` (to the budget, or marked when `marked`).
    event InvoicePaid(
        bytes32 indexed invoiceId,
        address indexed merchant,
        address indexed payer,
        uint256 amount,
        uint256 vat,
        uint8 vatCategory,
        uint16 vatRateBps,
        bool marked
    );
    /// @notice `merchant` refunded `amount` of invoice `invoiceId` to `payer`, of which `vatReversed` VAT;
    /// `refundedTotal` of the invoice is refunded so far.
    event InvoiceRefunded(
        bytes32 indexed invoiceId,
        address indexed merchant,
        address indexed payer,
        uint256 amount,
        uint256 vatReversed,
        uint256 refundedTotal,
        bytes32 reasonRef
    );

    /// @notice The tax authority set `merchant`'s VAT refund line: the VAT the budget still pays back on its
    /// B2C refunds, old -> new.
    event VatRefundLineSet(address indexed merchant, uint256 oldLine, uint256 newLine);
    /// @notice What this module held for wallet `lost` now belongs to `replacement`, the wallet its bank recovered it
    /// to: the merchant record (`merchantMoved`), `marked` marked VAT, `inputVat` claimable input VAT and a VAT
    /// refund line of `refundLine`.
    event RecoveryFollowed(
        address indexed lost,
        address indexed replacement,
        bool merchantMoved,
        uint256 marked,
        uint256 inputVat,
        uint256 refundLine
    );
    /// @notice The budget `budget` paid back `vat`, the VAT part of a refund of B2C invoice `invoiceId`, to
    /// `payer`; `lineLeft` of `merchant`'s VAT refund line remains.
    event RefundVatPaidByBudget(
        bytes32 indexed invoiceId,
        address indexed merchant,
        address indexed budget,
        address payer,
        uint256 vat,
        uint256 lineLeft
    );

    /**
     * @notice The merchant registers `invoice` on-chain (instead of signing it): it can then be paid with an
     * empty signature.
     * @dev Requirements: caller is `invoice.merchant`, an onboarded merchant; not registered before; nonce unspent.
     *
     * Emits an {InvoiceRegistered} event.
     */
    function registerInvoice(Invoice calldata invoice) external returns (bytes32 invoiceId);

    /**
     * @notice The caller cancels its invoice nonce `nonce`: an invoice with it, signed or registered, can no
     * longer be paid.
     * @dev Requirements: the nonce unspent. Emits an {InvoiceNonceCancelled} event.
     */
    function cancelInvoiceNonce(uint256 nonce) external;

    /**
     * @notice The caller pays `invoice`: VAT to the budget, the net to the merchant (converted to non-cash at
     * its bank when it chose so).
     * @dev `signature` is the merchant's EIP-712 signature of the invoice (65 bytes, or its 64-byte EIP-2098
     * compact form, or ERC-1271 for a contract merchant), or empty for an invoice registered on-chain.
     *
     * Requirements: the invoice authentic, unexpired, amount > 0, nonce unspent; merchant onboarded; VAT rate as
     * scheduled today; the caller is not the merchant; a budget set when VAT is due; every ledger rule (the
     * payer's balance, status and daily limit; the merchant's status and holding limit).
     *
     * Emits {InvoicePaid} and ledger {IERC20-Transfer} (and {RedeemedToNonCash} on conversion) events.
     */
    function payInvoice(Invoice calldata invoice, bytes calldata signature) external returns (bytes32 invoiceId);

    /**
     * @notice The caller pays the invoice whose members are the first seven arguments: {payInvoice} with flat
     * arguments, for a standard EIP-681 payment link, which cannot express a tuple: `ethereum:` this contract,
     * chain id, `/payInvoiceFields?address=…&uint96=…&uint8=…&uint16=…&uint40=…&uint256=…&bytes32=…&bytes=…`.
     * @dev The call data is {payInvoice}'s byte for byte but for the selector (a struct of static members is
     * encoded in place), and the payment takes the same path.
     *
     * Requirements: as {payInvoice}.
     *
     * Emits {InvoicePaid} and ledger {IERC20-Transfer} (and {RedeemedToNonCash} on conversion) events.
     * @param merchant {Invoice-merchant}.
     * @param amount {Invoice-amount}, in tiyn, VAT inclusive.
     * @param vatCategory {Invoice-vatCategory}.
     * @param vatRateBps {Invoice-vatRateBps}.
     * @param expiry {Invoice-expiry}.
     * @param nonce {Invoice-nonce}.
     * @param orderRef {Invoice-orderRef}.
     * @param signature The merchant's signature, as for {payInvoice}; empty for an invoice registered on-chain.
     * @return invoiceId The invoice's EIP-712 digest.
     */
    function payInvoiceFields(
        address merchant,
        uint96 amount,
        uint8 vatCategory,
        uint16 vatRateBps,
        uint40 expiry,
        uint256 nonce,
        bytes32 orderRef,
        bytes calldata signature
    ) external returns (bytes32 invoiceId);

    /**
     * @notice A VAT-registered business pays `invoice` of a VAT-registered supplier: the VAT part is marked
     * to the supplier (see {IVatCircuit}), paid first from the buyer's own marked balance, then from its free
     * balance; the net goes to the supplier as free money.
     * @dev Requirements: as {payInvoice}; caller is an onboarded VAT payer.
     *
     * Emits {InvoicePaid}, {VatMarked} and ledger events.
     */
    function payInvoiceAsBusiness(
        Invoice calldata invoice,
        bytes calldata signature
    ) external returns (bytes32 invoiceId);

    /**
     * @notice Pay `invoice` on `payer`'s EIP-712 authorisation `PayInvoiceAuthorization(address payer,bytes32
     * invoiceId,uint256 validAfter,uint256 validBefore)`, relayed by anyone (typically the merchant's POS).
     * @dev Like EIP-3009's transferWithAuthorization, but bound to one invoice id, so it is spent with the
     * invoice's nonce and cannot be replayed; the recipient is fixed by the invoice, so front-running it only
     * pays the invoice. The ledger's own authorisation pays one recipient, not a split, hence this one.
     *
     * Requirements: as {payInvoice}; validAfter < now < validBefore; `payerSignature` by `payer`.
     *
     * Emits {InvoicePaid} and ledger events.
     */
    function payInvoiceWithAuthorization(
        Invoice calldata invoice,
        bytes calldata signature,
        address payer,
        uint256 validAfter,
        uint256 validBefore,
        bytes calldata payerSignature
    ) external returns (bytes32 invoiceId);

    /**
     * @notice The card gateway pays `invoice` for cardholder `payer`, after checking the card, its mandate and
     * limits.
     * @dev Requirements: caller has the card gateway's role; otherwise as {payInvoice}.
     *
     * Emits {InvoicePaid} and ledger events.
     */
    function payInvoiceFor(
        address payer,
        Invoice calldata invoice,
        bytes calldata signature
    ) external returns (bytes32 invoiceId);

    /**
     * @notice The merchant refunds `amount` of paid invoice `invoice` to `payer`, VAT reversed proportionally.
     * @dev The VAT part is share(vat, refundedAfter, gross) - share(vat, refundedBefore, gross) with VatMath's
     * half-up rounding, so the VAT parts of any sequence of refunds never exceed the invoice's VAT and a full
     * refund reverses it exactly. Who pays it: for a B2B invoice the supplier's marked balance; for a B2C
     * invoice the budget account in force when the merchant's VAT refund line covers the whole VAT part (the
     * line falls by it), else the merchant. The payer always receives exactly `amount`.
     *
     * Requirements: caller is the invoice's merchant and `payer` is not; the invoice authentic and paid; 0 < amount and the
     * total refunded <= the invoice amount; for a B2B invoice, `payer` is its buyer and the supplier holds the
     * marked VAT part; the merchant's balance (and the budget's, when it pays) and every ledger rule.
     *
     * Emits {InvoiceRefunded} (and {MarkedVatReversed} for a B2B invoice, {RefundVatPaidByBudget} when the
     * budget pays the VAT part) and ledger events.
     */
    function refund(
        Invoice calldata invoice,
        bytes calldata signature,
        address payer,
        uint256 amount,
        bytes32 reasonRef
    ) external;

    /**
     * @notice The tax authority sets how much VAT the budget will still pay back on `merchant`'s B2C refunds
     * (its standing authority for those paybacks; zero: the merchant advances refunds' VAT itself).
     * @dev Sets the line, not adds to it (as ERC-20 approve; read {vatRefundLineOf} first to top it up).
     *
     * Requirements: caller has the tax authority's role; `merchant` non-zero; line < 2^96.
     *
     * Emits a {VatRefundLineSet} event.
     */
    function setVatRefundLine(address merchant, uint256 line) external;

    /// @notice The VAT the budget will still pay back on `merchant`'s B2C refunds.
    function vatRefundLineOf(address merchant) external view returns (uint256);

    /**
     * @notice Hands what this module holds for wallet `lost` (which its bank recovered with
     * {IDigitalTenge-recoverAccount}) to its live address: the merchant record, marked VAT, input VAT and the VAT
     * refund line. Anyone may call it: it moves nothing to anyone but the account's own replacement.
     * @dev The live address is {IDigitalTenge-recoveredTo} followed transitively. Input VAT held by the lost
     * wallet's pending refund claims stays with it (a paid claim goes to the live address; a rejected one gives its
     * input VAT back to the lost wallet, and calling this again moves it). B2B refunds of the lost wallet's
     * purchases go to the live address. Invoices keep naming the lost merchant (their ids are signed); a
     * replacement merchant issues new ones.
     *
     * Requirements: `lost` was recovered ({AccountNotRecovered}); when `lost` is an onboarded merchant, the
     * replacement is not one yet ({MerchantAlreadyRegistered}).
     *
     * Emits a {RecoveryFollowed} event.
     */
    function followRecovery(address lost) external;

    /// @notice The id of `invoice`: its EIP-712 digest in this contract's domain.
    function invoiceId(Invoice calldata invoice) external view returns (bytes32);

    /// @notice Whether `merchant`'s invoice nonce `nonce` is spent.
    function isNonceUsed(address merchant, uint256 nonce) external view returns (bool);

    /// @notice Whether invoice `invoiceId` was registered on-chain.
    function isInvoiceRegistered(bytes32 invoiceId) external view returns (bool);

    /// @notice How much of invoice `invoiceId` has been refunded.
    function refundedOf(bytes32 invoiceId) external view returns (uint256);
}
