// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IClosureCheck} from "./IClosureCheck.sol";

/**
 * @title HoldingsCheck
 * @notice The suite's {IClosureCheck}: an account may be closed only once it holds none of the suite's tokens that
 * live outside the ledger (the gold token, the DKZT-backed stablecoin). The holder (or its bank, through
 * recovery) moves or redeems them first.
 * @dev The token list is fixed at deployment and short (at most {MAX_TOKENS}): a closure costs one balance read
 * per token. Governance points the ledger at a new check to change it.
 */
contract HoldingsCheck is IClosureCheck {
    /// @notice `account` still holds `balance` of `token`: it cannot be closed before moving it.
    error AccountHoldsTokens(address account, address token, uint256 balance);
    /// @notice More than {MAX_TOKENS} tokens, or none.
    error TokenCountOutOfRange(uint256 count, uint256 max);

    /// @dev Bound on the tokens checked at each closure.
    uint256 public constant MAX_TOKENS = 8;

    IERC20[] private _tokens;

    /// @param tokens_ The suite's tokens held outside the ledger (1..MAX_TOKENS).
    constructor(IERC20[] memory tokens_) {
        if (tokens_.length == 0 || tokens_.length > MAX_TOKENS) {
            revert TokenCountOutOfRange(tokens_.length, MAX_TOKENS);
        }
        _tokens = tokens_;
    }

    /// @inheritdoc IClosureCheck
    function requireClosable(address account) external view {
        uint256 count = _tokens.length;
        for (uint256 i; i < count; ++i) {
            IERC20 token = _tokens[i];
            uint256 balance = token.balanceOf(account);
            if (balance != 0) revert AccountHoldsTokens(account, address(token), balance);
        }
    }

    /// @notice The tokens checked, in order.
    function tokens() external view returns (IERC20[] memory) {
        return _tokens;
    }
}
