// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDigitalTenge} from "../ledger/IDigitalTenge.sol";
import {StablecoinBase} from "./StablecoinBase.sol";
import {IReserveStablecoin} from "./IReserveStablecoin.sol";
import {IStablecoin} from "./IStablecoin.sol";
import {ReserveMath} from "./ReserveMath.sol";

/**
 * @title ReserveStablecoin
 * @notice The DKZT-backed stablecoin on its home chain, holding its reserve in its own DKZT ledger account.
 * See {IReserveStablecoin} for the invariant and the shortfall rule, {IStablecoin} for the controls.
 * @dev The contract must be onboarded on the ledger by the operator as a SystemContract account with the
 * unlimited tier (a finite tier would cap the reserve and the redemptions it pays). The reserve check is code,
 * not configuration: no role can switch it off, and the contract is not upgradeable.
 */
contract ReserveStablecoin is StablecoinBase, IReserveStablecoin {
    using SafeERC20 for IERC20;

    address private immutable _ledger;

    /**
     * @param name_ Token name (and EIP-712 domain name), e.g. "Kazakhstan Tenge Stablecoin".
     * @param symbol_ Token symbol, e.g. "KZTE".
     * @param ledger_ The DKZT ledger.
     * @param authority_ The suite's AccessManager.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        address ledger_,
        address authority_
    ) StablecoinBase(name_, symbol_, authority_) {
        if (ledger_ == address(0)) revert ZeroAddress();
        _ledger = ledger_;
    }

    // ================================================================ issuer

    /// @inheritdoc IReserveStablecoin
    function mint(address to, uint256 amount) external restricted {
        if (amount == 0) revert ZeroAmount();
        (uint256 available, uint256 obligations) = _position();
        if (available < obligations) revert MintingHalted(available, obligations);
        _mint(to, amount);
        emit Minted(msg.sender, to, amount);
        // The issuer is the caller and mandated this contract (the ledger checks it); it moves exactly `amount`.
        IDigitalTenge(_ledger).moduleTransfer(msg.sender, address(this), amount);
    }

    // ================================================================ holders

    /// @inheritdoc IReserveStablecoin
    function redeem(uint256 amount, address dkztAccount) external returns (uint256 paid) {
        if (amount == 0) revert ZeroAmount();
        (uint256 available, uint256 obligations) = _position();
        paid = ReserveMath.redemptionPayout(amount, available, obligations);
        if (paid == 0) revert RedemptionPaysNothing(amount);
        _burn(msg.sender, amount);
        emit Redeemed(msg.sender, dkztAccount, amount, paid);
        IERC20(_ledger).safeTransfer(dkztAccount, paid);
    }

    /// @inheritdoc IReserveStablecoin
    function replenishReserve(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        emit ReserveReplenished(msg.sender, amount);
        IDigitalTenge(_ledger).moduleTransfer(msg.sender, address(this), amount);
    }

    // ================================================================ views

    /// @inheritdoc IReserveStablecoin
    function proofOfReserves() external view returns (ReserveProof memory proof) {
        proof.supply = totalSupply();
        proof.bridgedOut = bridgedTotal();
        proof.obligations = proof.supply + proof.bridgedOut;
        proof.reserve = IERC20(_ledger).balanceOf(address(this));
        proof.attached = IDigitalTenge(_ledger).attachedOf(address(this));
        proof.available = ReserveMath.freeReserve(proof.reserve, proof.attached);
        proof.ratioBps = ReserveMath.ratioBps(proof.available, proof.obligations);
        proof.fullyBacked = proof.available >= proof.obligations;
        proof.status = redemptionStatus();
        proof.redeemable = proof.status == RedemptionStatus.Open;
    }

    /// @inheritdoc IReserveStablecoin
    function quoteRedemption(uint256 amount) external view returns (uint256) {
        if (redemptionStatus() != RedemptionStatus.Open) return 0;
        (uint256 available, uint256 obligations) = _position();
        return ReserveMath.redemptionPayout(amount, available, obligations);
    }

    /// @inheritdoc IReserveStablecoin
    function redemptionStatus() public view returns (RedemptionStatus) {
        if (paused()) return RedemptionStatus.TokenPaused;
        IDigitalTenge dkzt = IDigitalTenge(_ledger);
        if (dkzt.paused()) return RedemptionStatus.LedgerPaused;
        (bool registered, IDigitalTenge.FreezeState freeze, , , ) = dkzt.statusOf(address(this));
        if (!registered) return RedemptionStatus.ReserveNotRegistered;
        if (freeze == IDigitalTenge.FreezeState.Full) return RedemptionStatus.ReserveFrozen;
        if (freeze == IDigitalTenge.FreezeState.OutboundOnly) return RedemptionStatus.ReserveReceiveOnly;
        return RedemptionStatus.Open;
    }

    /// @inheritdoc IReserveStablecoin
    function ledger() external view returns (address) {
        return _ledger;
    }

    /// @inheritdoc StablecoinBase
    function isHomeChain() public pure override(StablecoinBase, IStablecoin) returns (bool) {
        return true;
    }

    // ================================================================ internals

    /// @dev DKZT is rescuable only above what the reserve owes; any other token in full.
    function _rescuable(IERC20 token) internal view override returns (uint256) {
        if (address(token) != _ledger) return super._rescuable(token);
        (uint256 available, uint256 obligations) = _position();
        return ReserveMath.surplus(available, obligations);
    }

    /// @dev The reserve's available DKZT (balance less attachment) and the tokens it backs.
    function _position() private view returns (uint256 available, uint256 obligations) {
        uint256 reserve = IERC20(_ledger).balanceOf(address(this));
        available = ReserveMath.freeReserve(reserve, IDigitalTenge(_ledger).attachedOf(address(this)));
        obligations = totalSupply() + bridgedTotal();
    }
}
