import { describeSuiteOnNode } from "./nodeSuite";

describeSuiteOnNode("anvil");
