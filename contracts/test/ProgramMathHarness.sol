// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BeneficiaryWord} from "../programs/BeneficiaryWord.sol";
import {StepSchedule} from "../programs/StepSchedule.sol";
import {AlmatyTime} from "../ledger/AlmatyTime.sol";

/**
 * @title ProgramMathHarness
 * @notice Test-only: exposes the programs' pure money math (BeneficiaryWord, StepSchedule, AlmatyTime) to property tests.
 */
contract ProgramMathHarness {
    uint256[] private _table;

    function enrolled(bool isAccount) external pure returns (uint256) {
        return BeneficiaryWord.enrolled(isAccount);
    }

    function spend(
        uint256 word,
        uint256 day,
        uint256 amount,
        uint256 perDay,
        uint256 perProgram
    ) external pure returns (uint256 newWord, uint8 refusal, uint256 attempted) {
        BeneficiaryWord.Refusal r;
        (newWord, r, attempted) = BeneficiaryWord.spend(word, day, amount, perDay, perProgram);
        refusal = uint8(r);
    }

    function spentOn(uint256 word, uint256 day) external pure returns (uint256) {
        return BeneficiaryWord.spentOn(word, day);
    }

    function spentTotal(uint256 word) external pure returns (uint256) {
        return BeneficiaryWord.spentTotal(word);
    }

    function validate(uint32[] calldata thresholds, uint256[] calldata rewards) external pure returns (uint8, uint256) {
        (StepSchedule.Flaw flaw, uint256 row) = StepSchedule.validate(thresholds, rewards);
        return (uint8(flaw), row);
    }

    function setTable(uint32[] calldata thresholds, uint256[] calldata rewards) external {
        delete _table;
        for (uint256 i; i < thresholds.length; ++i) _table.push(StepSchedule.pack(thresholds[i], rewards[i]));
    }

    function rewardFor(uint256 steps, uint256 cap) external view returns (uint256) {
        return StepSchedule.capped(StepSchedule.rewardFor(_table, steps), cap);
    }

    function almatyDay(uint256 timestamp) external pure returns (uint256) {
        return AlmatyTime.day(timestamp);
    }
}
