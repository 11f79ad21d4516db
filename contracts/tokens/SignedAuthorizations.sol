// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC4337Utils} from "@openzeppelin/contracts/account/utils/ERC4337Utils.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {ISignedAuthorizations} from "./ISignedAuthorizations.sol";

/// @notice The permit's deadline `deadline` has passed. The error OpenZeppelin's ERC20Permit declares (same name
/// and selector): declared here at file level because a token inheriting ERC20Permit may not declare it twice.
error ERC2612ExpiredSignature(uint256 deadline);

/**
 * @title SignedAuthorizations
 * @notice ERC-2612 permit (its `bytes` form; the token forwards its (v, r, s) form here) and ERC-3009 transfer /
 * receive / cancel authorisations in both forms, for EOAs (ECDSA) and smart accounts (ERC-1271). See
 * {ISignedAuthorizations}.
 * @dev One verification path for every form: {_requireSigned}, OpenZeppelin's `ECDSA` and `SignatureChecker`. The token
 * supplies the EIP-712 digest, its permit nonces, and its own approval and transfer (with all their rules) through
 * four hooks, so the same code serves the upgradeable ledger and the plain stablecoins.
 *
 * Replaces OpenZeppelin's draft `ERC3009`, whose type hashes are internal constants of the same names as the public
 * getters ERC-3009 lists. The used nonces stay where that contract kept them in the upgradeable ledger (ERC-7201
 * namespace `openzeppelin.storage.ERC3009`), so an upgrade keeps every used and cancelled authorisation.
 */
abstract contract SignedAuthorizations is ISignedAuthorizations {
    bytes32 private constant _PERMIT = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );
    bytes32 private constant _TRANSFER = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 private constant _RECEIVE = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    bytes32 private constant _CANCEL = keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    /// @custom:storage-location erc7201:openzeppelin.storage.ERC3009
    struct ERC3009Storage {
        mapping(address account => mapping(bytes32 nonce => bool used)) _usedNonces;
    }

    // keccak256(abi.encode(uint256(keccak256("openzeppelin.storage.ERC3009")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _ERC3009_STORAGE = 0x68a4e84d7293f1c72e58465b18bfb7c710b7fc94a92007a0f82a6a563831ff00;

    // ================================================================ permit

    /// @inheritdoc ISignedAuthorizations
    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes memory signature) public {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        _requireSigned(
            owner,
            keccak256(abi.encode(_PERMIT, owner, spender, value, _useSignatureNonce(owner), deadline)),
            signature
        );
        _approveSigned(owner, spender, value);
    }

    // ================================================================ ERC-3009

    /// @inheritdoc ISignedAuthorizations
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) public {
        _requireSigned(
            from,
            keccak256(abi.encode(_TRANSFER, from, to, value, validAfter, validBefore, nonce)),
            signature
        );
        _useAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /**
     * @notice Pay `value` from `from` to `to` on `from`'s signed ERC-3009 TransferWithAuthorization (v, r, s).
     * @dev The (v, r, s) form of {transferWithAuthorization}: the same path with `abi.encodePacked(r, s, v)`.
     */
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v));
    }

    /// @inheritdoc ISignedAuthorizations
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) public {
        _requireSigned(
            from,
            keccak256(abi.encode(_RECEIVE, from, to, value, validAfter, validBefore, nonce)),
            signature
        );
        if (to != msg.sender) revert IERC20Errors.ERC20InvalidReceiver(to);
        _useAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /**
     * @notice The payee `to` collects `value` from `from` on `from`'s signed ReceiveWithAuthorization (v, r, s).
     * @dev The (v, r, s) form of {receiveWithAuthorization}: the same path with `abi.encodePacked(r, s, v)`.
     */
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        receiveWithAuthorization(from, to, value, validAfter, validBefore, nonce, abi.encodePacked(r, s, v));
    }

    /// @inheritdoc ISignedAuthorizations
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes memory signature) public {
        _requireSigned(authorizer, keccak256(abi.encode(_CANCEL, authorizer, nonce)), signature);
        _consumeNonce(authorizer, nonce);
        emit AuthorizationCanceled(authorizer, nonce);
    }

    /**
     * @notice Cancel `authorizer`'s unused authorisation `nonce` on its signed CancelAuthorization (v, r, s).
     * @dev The (v, r, s) form of {cancelAuthorization}: the same path with `abi.encodePacked(r, s, v)`.
     */
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        cancelAuthorization(authorizer, nonce, abi.encodePacked(r, s, v));
    }

    // ================================================================ views

    /// @inheritdoc ISignedAuthorizations
    function PERMIT_TYPEHASH() external pure returns (bytes32) {
        return _PERMIT;
    }

    /// @inheritdoc ISignedAuthorizations
    function TRANSFER_WITH_AUTHORIZATION_TYPEHASH() external pure returns (bytes32) {
        return _TRANSFER;
    }

    /// @inheritdoc ISignedAuthorizations
    function RECEIVE_WITH_AUTHORIZATION_TYPEHASH() external pure returns (bytes32) {
        return _RECEIVE;
    }

    /// @inheritdoc ISignedAuthorizations
    function CANCEL_AUTHORIZATION_TYPEHASH() external pure returns (bytes32) {
        return _CANCEL;
    }

    /**
     * @notice Whether `authorizer`'s authorisation `nonce` was used or cancelled.
     * @dev Transfer, receive and cancel share the nonces.
     */
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _erc3009()._usedNonces[authorizer][nonce];
    }

    // ================================================================ hooks (the token)

    /// @dev The token's EIP-712 digest of `structHash` (its domain: name, version "1", chain, contract).
    function _signedDigest(bytes32 structHash) internal view virtual returns (bytes32);

    /// @dev Returns `owner`'s current permit nonce and increments it.
    function _useSignatureNonce(address owner) internal virtual returns (uint256);

    /// @dev The token's approval, with its rules for a new approval (emits {IERC20-Approval}).
    function _approveSigned(address owner, address spender, uint256 value) internal virtual;

    /// @dev The token's transfer, with its rules for a payment (emits {IERC20-Transfer}).
    function _transferSigned(address from, address to, uint256 value) internal virtual;

    // ================================================================ the one verification path

    /// @dev Reverts with {SignatureInvalid} unless `signature` is `signer`'s over the digest of `structHash`.
    function _requireSigned(address signer, bytes32 structHash, bytes memory signature) private view {
        bytes32 digest = _signedDigest(structHash);
        // The key first, then the account's code, in the order of OpenZeppelin's earlier isValidSignatureNow (4.x,
        // 5.0). 5.7's asks the code first, which costs every EOA a cold EXTCODESIZE (2 600 gas) and takes the
        // ledger's permit above its target; the answers differ only for an account with code whose own key
        // signed (an EIP-7702 EOA), which this accepts.
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecover(digest, signature);
        if (error == ECDSA.RecoverError.NoError && recovered == signer) return;
        if (signer.code.length == 0 || !SignatureChecker.isValidERC1271SignatureNow(signer, digest, signature)) {
            revert SignatureInvalid(signer);
        }
    }

    /// @dev The signature checked: the validity window, then the nonce, then the token's own transfer.
    function _useAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce
    ) private {
        // Block numbers when both bounds carry the flag, timestamps otherwise (OpenZeppelin's draft ERC-3009).
        uint256 flag = validAfter & validBefore & ERC4337Utils.BLOCK_RANGE_FLAG;
        uint256 current = flag == 0 ? Time.timestamp() : Time.blockNumber();
        if (current <= (validAfter & ~flag) || current >= (validBefore & ~flag)) {
            revert ERC3009InvalidAuthorizationTime(validAfter, validBefore);
        }
        _consumeNonce(from, nonce);
        emit AuthorizationUsed(from, nonce);
        _transferSigned(from, to, value);
    }

    /// @dev Marks `authorizer`'s `nonce` used; reverts with {ERC3009UsedAuthorization} if it already was.
    function _consumeNonce(address authorizer, bytes32 nonce) private {
        mapping(bytes32 nonce => bool used) storage used = _erc3009()._usedNonces[authorizer];
        if (used[nonce]) revert ERC3009UsedAuthorization(authorizer, nonce);
        used[nonce] = true;
    }

    function _erc3009() private pure returns (ERC3009Storage storage $) {
        assembly {
            $.slot := _ERC3009_STORAGE
        }
    }
}
