import { describeSuiteOnNode } from "./nodeSuite";

describeSuiteOnNode("hardhat");
