// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ISwiftGateway
 * @notice The bridge between DKZT and SWIFT: cross-border credit transfers described by the fields of an
 * ISO 20022 pacs.008 (FIToFICustomerCreditTransfer) message, keyed by their UETR.
 *
 * Outbound: a customer (or its bank, with the customer's signed authorisation) escrows DKZT in this contract
 * for one pacs.008. The gateway bank then marks it settled (the DKZT go to the gateway's nostro account: the
 * ledger account that funds the correspondent relationship) or rejected (the DKZT go back to the customer).
 * If neither happens before the payment's deadline, the escrow goes back to the customer.
 *
 * Inbound: the gateway bank credits a registered DKZT account for an incoming pacs.008, from its own DKZT.
 *
 * A UETR is used once per direction, whatever is retried. Inbound and outbound UETRs are separate namespaces:
 * nothing a customer opens outbound can block the inbound payment a foreign bank sends under the same UETR. Its
 * status is queryable and every change is evented. No personal data is kept: the creditor's account is a salted hash, names never come on-chain.
 * @dev The contract is a SystemContract account on the ledger: the escrow is its own DKZT balance (no shadow
 * balances). Its balance always equals the sum of the amounts of Pending payments (tested as an invariant).
 */
interface ISwiftGateway {
    /// @notice Who bears the charges (ISO 20022 ChargeBearerType1Code).
    enum ChargeBearer {
        DEBT, // borne by the debtor
        CRED, // borne by the creditor
        SHAR, // shared
        SLEV // following the service level
    }

    /// @notice Where a UETR stands.
    enum Status {
        None, // never seen
        Pending, // outbound, escrowed, waiting for the gateway bank
        Settled, // outbound, sent: the escrow went to the nostro account
        Rejected, // outbound, refused by the gateway bank: refunded to the customer
        Refunded, // outbound, deadline passed without a decision: refunded to the customer
        Credited // inbound, paid to the creditor
    }

    /// @notice The pacs.008 fields kept on-chain (see docs/crossborder.md for the XML paths).
    struct Payment {
        bytes16 uetr; // CdtTrfTxInf/PmtId/UETR, a UUIDv4
        bytes11 debtorAgent; // CdtTrfTxInf/DbtrAgt/FinInstnId/BICFI
        bytes11 creditorAgent; // CdtTrfTxInf/CdtrAgt/FinInstnId/BICFI
        bytes32 creditorAccountHash; // salted hash of CdtTrfTxInf/CdtrAcct/Id (IBAN or other id), never the id
        bytes3 currency; // CdtTrfTxInf/IntrBkSttlmAmt/@Ccy: the gateway's settlement currency
        uint256 amount; // CdtTrfTxInf/IntrBkSttlmAmt in minor units (tiyn)
        ChargeBearer charges; // CdtTrfTxInf/ChrgBr
        bytes3 purpose; // KNP, CdtTrfTxInf/RgltryRptg/Dtls/Cd (Tp "KNP")
    }

    /// @notice A UETR's full record.
    struct PaymentRecord {
        Payment payment;
        Status status;
        address account; // the customer (outbound) or the creditor (inbound)
        uint256 deadline; // outbound: when the customer may take the escrow back; inbound: 0
    }

    /// @notice A customer's EIP-3009 ReceiveWithAuthorization signature, for a payment its bank initiates.
    struct Authorization {
        uint256 validAfter;
        uint256 validBefore;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    // ---------------------------------------------------------------- errors

    /// @notice `uetr` is not a UUID version 4 (RFC 4122 variant).
    error UetrInvalid(bytes16 uetr);
    /// @notice `uetr` was already used in this direction (it is at `status`): a UETR pays once per direction.
    error UetrAlreadyUsed(bytes16 uetr, Status status);
    /// @notice `bic` does not match the BICFI pattern.
    error BicInvalid(bytes11 bic);
    /// @notice The message settles in `currency`; this gateway settles only in `settlementCurrency`.
    error CurrencyNotSettled(bytes3 currency, bytes3 settlementCurrency);
    /// @notice `knp` is not a three-digit payment-purpose code.
    error PurposeCodeInvalid(bytes3 knp);
    /// @notice `code` is not an ISO 20022 status reason code (four capitals or digits).
    error ReasonCodeInvalid(bytes4 code);
    /// @notice `amount` is zero or above `max`.
    error PaymentAmountInvalid(uint256 amount, uint256 max);
    /// @notice `deadline` is outside [`earliest`, `latest`].
    error PaymentDeadlineOutOfRange(uint256 deadline, uint256 earliest, uint256 latest);
    /// @notice No payment has UETR `uetr`.
    error PaymentNotFound(bytes16 uetr);
    /// @notice Payment `uetr` is at `status`, not Pending.
    error PaymentNotPending(bytes16 uetr, Status status);
    /// @notice Payment `uetr`'s deadline `deadline` has passed: only the refund remains.
    error PaymentDeadlinePassed(bytes16 uetr, uint256 deadline);
    /// @notice Payment `uetr`'s deadline `deadline` has not passed yet.
    error PaymentNotExpired(bytes16 uetr, uint256 deadline);
    /// @notice The message names debtor agent `debtorAgent`, but the customer's bank is `expected`.
    error DebtorAgentMismatch(bytes11 debtorAgent, bytes11 expected);
    /// @notice The message names creditor agent `creditorAgent`, but the creditor's bank is `expected`.
    error CreditorAgentMismatch(bytes11 creditorAgent, bytes11 expected);
    /// @notice `bank` is not `customer`'s bank of record.
    error NotCustomersBank(address bank, address customer);
    /// @notice `bank` is not a registered bank on the ledger.
    error BicHolderNotBank(address bank);
    /// @notice `bic` already belongs to `holder`.
    error BicTaken(bytes11 bic, address holder);
    /// @notice No nostro account is set: outbound payments cannot settle.
    error NostroNotSet();
    /// @notice The zero address where an account is needed.
    error GatewayZeroAddress();

    // ---------------------------------------------------------------- events

    /// @notice UETR `uetr` went from `oldStatus` to `newStatus`.
    event PaymentStatusChanged(bytes16 indexed uetr, Status oldStatus, Status newStatus);
    /// @notice `customer`'s DKZT were escrowed for outbound `payment`, by `initiator` (the customer or its bank).
    event OutboundInitiated(
        bytes16 indexed uetr,
        address indexed customer,
        address indexed initiator,
        Payment payment,
        uint256 deadline
    );
    /// @notice The gateway bank confirmed outbound `uetr` as sent; `amount` went to `nostro`.
    event OutboundSettled(bytes16 indexed uetr, address indexed nostro, uint256 amount, bytes32 confirmationRef);
    /// @notice The gateway bank rejected outbound `uetr` with ISO reason `reasonCode`; `amount` went back to
    /// `customer` (the customer's live address: the wallet its bank recovered it to, if it was).
    event OutboundRejected(bytes16 indexed uetr, address indexed customer, uint256 amount, bytes4 reasonCode);
    /// @notice Outbound `uetr` passed its deadline undecided; `amount` went back to `customer` (the customer's live
    /// address, as for {OutboundRejected}).
    event OutboundRefunded(bytes16 indexed uetr, address indexed customer, uint256 amount);
    /// @notice `gatewayBank` credited `creditor` for inbound `payment`.
    event InboundCredited(bytes16 indexed uetr, address indexed creditor, address indexed gatewayBank, Payment payment);
    /// @notice The nostro account changed, old -> new.
    event NostroAccountSet(address oldNostro, address newNostro);
    /// @notice `bank`'s BIC changed, old -> new (zero: none).
    event BankBicSet(address indexed bank, bytes11 oldBic, bytes11 newBic);

    // ---------------------------------------------------------------- outbound

    /**
     * @notice Escrow `payment.amount` of the caller's DKZT for an outbound pacs.008.
     * @dev The caller is the customer: its call is its authority (the ledger's module payment), under the module
     * mandate the customer (or its bank, at onboarding) gave the gateway on the ledger.
     *
     * Requirements: formats valid (UETR v4, BICs, currency = settlementCurrency, KNP); UETR never used;
     * 0 < amount <= MAX_AMOUNT; now + MIN_DEADLINE_DELAY <= deadline <= now + MAX_DEADLINE_DELAY;
     * `debtorAgent` is the BIC of the customer's bank of record; the customer mandated the gateway on the ledger
     * ({IDigitalTenge-ModuleNotMandated}); the ledger's payment rules (registered, not frozen, daily limit...).
     *
     * Emits {OutboundInitiated}, {PaymentStatusChanged} and the ledger's {IERC20-Transfer} events.
     */
    function initiateOutbound(Payment calldata payment, uint256 deadline) external;

    /**
     * @notice The customer's bank escrows `payment.amount` of `customer`'s DKZT for an outbound pacs.008, with the
     * customer's EIP-3009 ReceiveWithAuthorization (to this contract, value = amount, nonce =
     * {outboundAuthorizationNonce}): the customer signs this exact payment and no other.
     * @dev An allowance would let the bank spend for any payment; the authorisation binds one. Using
     * receiveWith- (not transferWith-) means nobody can front-run the signature into a bare transfer.
     *
     * Requirements: caller has the bank role, is a registered, unsuspended bank and is `customer`'s bank of
     * record; a valid, unused authorisation; everything {initiateOutbound} requires.
     *
     * Emits {OutboundInitiated}, {PaymentStatusChanged} and the ledger's {AuthorizationUsed} and
     * {IERC20-Transfer} events.
     */
    function initiateOutboundFor(
        address customer,
        Payment calldata payment,
        uint256 deadline,
        Authorization calldata authorization
    ) external;

    /**
     * @notice The gateway bank confirms outbound `uetr` as sent over SWIFT: the escrow goes to the nostro account.
     * @dev Requirements: caller has the gateway bank's role and is a registered, unsuspended bank; the payment
     * is Pending and before its deadline; a nostro account is set.
     *
     * Emits {OutboundSettled}, {PaymentStatusChanged} and the ledger's {IERC20-Transfer} events.
     */
    function settleOutbound(bytes16 uetr, bytes32 confirmationRef) external;

    /**
     * @notice The gateway bank rejects outbound `uetr` (ISO reason `reasonCode`): the escrow goes back to the
     * customer's live address (the wallet its bank recovered it to, if it was: see {LedgerAccounts-current}).
     * @dev Requirements: caller has the gateway bank's role and is a registered, unsuspended bank; the payment
     * is Pending (a rejection is allowed after the deadline too: it refunds the same customer); `reasonCode`
     * well formed.
     *
     * Emits {OutboundRejected}, {PaymentStatusChanged} and the ledger's {IERC20-Transfer} events.
     */
    function rejectOutbound(bytes16 uetr, bytes4 reasonCode) external;

    /**
     * @notice After its deadline, an undecided outbound payment goes back to its customer's live address (the
     * wallet its bank recovered it to, if it was).
     * @dev Anyone may call it (the customer, its bank, a keeper): the money only ever goes to the customer.
     *
     * Requirements: the payment is Pending and its deadline has passed.
     *
     * Emits {OutboundRefunded}, {PaymentStatusChanged} and the ledger's {IERC20-Transfer} events.
     */
    function refundExpired(bytes16 uetr) external;

    // ---------------------------------------------------------------- inbound

    /**
     * @notice The gateway bank credits `creditor` for an incoming pacs.008, paying from its own DKZT.
     * @dev Requirements: caller has the gateway bank's role and is a registered, unsuspended bank; formats valid;
     * UETR never credited inbound (a retried message reverts with {UetrAlreadyUsed} and credits nothing; an
     * outbound payment under the same UETR does not matter); `creditorAgent` is the BIC of `creditor`'s bank of
     * record; the gateway bank mandated the gateway on the ledger; the ledger's payment rules.
     *
     * Emits {InboundCredited}, {PaymentStatusChanged} and the ledger's {IERC20-Transfer} events.
     */
    function creditInbound(Payment calldata payment, address creditor) external;

    // ---------------------------------------------------------------- configuration

    /**
     * @notice Set the nostro account that settled outbound payments are paid to.
     * @dev It redirects every settlement from then on, so it is a delayed power (the roles table's GATEWAY_ADMIN,
     * the operator's, with the execution delay): scheduled, then executed after the delay, cancellable by the
     * guardian meanwhile.
     *
     * Requirements: caller has the gateway administrator's role; non-zero. Emits a {NostroAccountSet} event.
     */
    function setNostroAccount(address nostro) external;

    /**
     * @notice Record `bank`'s BIC (zero: remove it), so messages can be matched with ledger banks.
     * @dev Requirements: caller has the operator's role; `bank` a registered bank on the ledger; `bic` valid
     * (or zero) and not held by another bank.
     *
     * Emits a {BankBicSet} event.
     */
    function setBankBic(address bank, bytes11 bic) external;

    // ---------------------------------------------------------------- views

    /// @notice UETR `uetr`'s status: Credited if it was credited inbound, else its outbound status (None: never
    /// seen). A UETR is one SWIFT payment: when both directions name it, the inbound one is the bank's message.
    function statusOf(bytes16 uetr) external view returns (Status);

    /// @notice UETR `uetr`'s full record, the inbound one if it was credited inbound, else the outbound one
    /// (status None: never seen).
    function paymentOf(bytes16 uetr) external view returns (PaymentRecord memory);

    /// @notice The outbound payment under UETR `uetr` (status None: none).
    function outboundOf(bytes16 uetr) external view returns (PaymentRecord memory);

    /// @notice The inbound payment credited under UETR `uetr` (status None: none).
    function inboundOf(bytes16 uetr) external view returns (PaymentRecord memory);

    /// @notice The EIP-3009 nonce a customer signs to authorise `payment` with `deadline` through this gateway.
    function outboundAuthorizationNonce(Payment calldata payment, uint256 deadline) external view returns (bytes32);

    /// @notice The ledger (DKZT) this gateway escrows.
    function ledger() external view returns (address);

    /// @notice The ISO 4217 code of the currency this gateway settles (the ledger's currency, e.g. "KZT").
    function settlementCurrency() external view returns (bytes3);

    /// @notice The account settled outbound payments go to.
    function nostroAccount() external view returns (address);

    /// @notice `bank`'s BIC (zero: none).
    function bicOf(address bank) external view returns (bytes11);

    /// @notice The bank holding `bic` (zero: none).
    function bankOfBic(bytes11 bic) external view returns (address);
}
