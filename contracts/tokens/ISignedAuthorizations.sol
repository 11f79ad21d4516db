// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC3009, IERC3009Cancel} from "@openzeppelin/contracts/interfaces/draft-IERC3009.sol";

/**
 * @title ISignedAuthorizations
 * @notice Gasless approvals and payments signed off-chain, for every kind of wallet: ERC-2612 permit and ERC-3009
 * transfer / receive / cancel authorisations, each in its (v, r, s) form and in a `bytes signature` form
 * (ERC-7597 for permit, ERC-7598 for ERC-3009, as Circle's USDC v2.2 has them).
 * @dev One verification rule for both forms (OpenZeppelin's `ECDSA.tryRecover`, then
 * `SignatureChecker.isValidERC1271SignatureNow`): the account's own key signed the EIP-712 digest (a 65-byte ECDSA
 * signature, low s), or the account has code (a Safe, an ERC-4337 smart account) and accepts the digest and
 * signature through ERC-1271 `isValidSignature`. The (v, r, s) forms are the `bytes` forms with `abi.encodePacked(r, s, v)`, so a smart
 * account whose ERC-1271 check accepts a 65-byte signature may use either. A contract's acceptance can change
 * over time (it may revoke a key): it is asked at the moment the authorisation is used.
 *
 * Every refusal reverts with one of the errors below (or the token's own rule for the approval or the payment)
 * and changes nothing: no nonce is used, no allowance set, nothing moves.
 *
 * ERC-3009 nonces are unordered random `bytes32` values, one use each per authoriser (transfer, receive and cancel
 * share them). Validity windows are strict: valid when `validAfter < now < validBefore` (timestamps; when both
 * carry bit 47, block numbers, as OpenZeppelin's draft ERC-3009).
 */
interface ISignedAuthorizations is IERC3009, IERC3009Cancel {
    /// @notice The signature is neither `signer`'s own ECDSA signature of the digest (an account without code) nor
    /// accepted by `signer`'s ERC-1271 `isValidSignature` (an account with code).
    error SignatureInvalid(address signer);
    /// @notice The authorisation is valid only strictly between `validAfter` and `validBefore`.
    error ERC3009InvalidAuthorizationTime(uint256 validAfter, uint256 validBefore);
    /// @notice `authorizer`'s authorisation `nonce` was already used or cancelled.
    error ERC3009UsedAuthorization(address authorizer, bytes32 nonce);

    /**
     * @notice Set `spender`'s allowance over `owner`'s tokens to `value`, on `owner`'s signature (ERC-2612 typed
     * data `Permit(owner, spender, value, nonce, deadline)` with `owner`'s current {nonces}).
     * @dev The `bytes` form of ERC-2612's `permit` (ERC-7597): `signature` is a 65-byte ECDSA signature by an EOA
     * owner, or whatever a contract owner's ERC-1271 `isValidSignature` accepts.
     *
     * Requirements: `deadline` not passed (OpenZeppelin ERC20Permit's `ERC2612ExpiredSignature(deadline)`); the signature is `owner`'s ({SignatureInvalid});
     * the token's rules for an approval.
     *
     * Emits an {IERC20-Approval} event.
     */
    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes calldata signature) external;

    /**
     * @notice Pay `value` from `from` to `to` on `from`'s signed ERC-3009 TransferWithAuthorization, whoever submits it.
     * @dev The `bytes` form (ERC-7598). Requirements: inside the validity window; `nonce` unused by `from`; the
     * signature is `from`'s; the token's rules for a transfer.
     *
     * Emits {IERC3009-AuthorizationUsed} and {IERC20-Transfer} events.
     */
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /**
     * @notice The payee `to` collects `value` from `from` on `from`'s signed ERC-3009 ReceiveWithAuthorization.
     * @dev The `bytes` form (ERC-7598). Requirements: the caller is `to` ({IERC20Errors-ERC20InvalidReceiver}:
     * nobody can front-run the payee); otherwise as {transferWithAuthorization}.
     *
     * Emits {IERC3009-AuthorizationUsed} and {IERC20-Transfer} events.
     */
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /**
     * @notice Cancel `authorizer`'s unused authorisation `nonce` on its signed ERC-3009 CancelAuthorization.
     * @dev The `bytes` form (ERC-7598). Open while the token is paused and for a frozen or blacklisted authoriser.
     * Requirements: `nonce` unused; the signature is `authorizer`'s.
     *
     * Emits an {IERC3009Cancel-AuthorizationCanceled} event.
     */
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes calldata signature) external;

    /// @notice keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)").
    function PERMIT_TYPEHASH() external pure returns (bytes32);

    /// @notice keccak256("TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256
    /// validBefore,bytes32 nonce)"), as ERC-3009 lists it.
    function TRANSFER_WITH_AUTHORIZATION_TYPEHASH() external pure returns (bytes32);

    /// @notice keccak256("ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256
    /// validBefore,bytes32 nonce)"), as ERC-3009 lists it.
    function RECEIVE_WITH_AUTHORIZATION_TYPEHASH() external pure returns (bytes32);

    /// @notice keccak256("CancelAuthorization(address authorizer,bytes32 nonce)"), as ERC-3009 lists it.
    function CANCEL_AUTHORIZATION_TYPEHASH() external pure returns (bytes32);
}
