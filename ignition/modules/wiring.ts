import type {
  IgnitionModuleBuilder,
  NamedArtifactContractAtFuture,
  NamedArtifactContractDeploymentFuture,
} from "@nomicfoundation/ignition-core";
import { Role, permissionRows, type ManagedContract } from "../../src/roles";

type Manager = NamedArtifactContractDeploymentFuture<"AccessManager"> | NamedArtifactContractAtFuture<"AccessManager">;
type Target = NamedArtifactContractAtFuture<string> | NamedArtifactContractDeploymentFuture<string>;

/** Wire `contract`'s rows of the roles table into the AccessManager: one setTargetFunctionRole per role. */
export function wirePermissions(
  m: IgnitionModuleBuilder,
  manager: Manager,
  contract: ManagedContract,
  target: Target,
  idPrefix: string = contract,
): void {
  for (const row of permissionRows(contract)) {
    m.call(manager, "setTargetFunctionRole", [target, row.selectors, Role[row.role]], {
      id: `permit_${idPrefix}_${row.role}`,
    });
  }
}
