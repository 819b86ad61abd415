// Entry of the test bundle: the real wire (runPlugin) over the fake logic.
import { runPlugin } from "../../src/protocol/plugin.js";
import { createFakeLogic } from "./fake-logic.js";

void runPlugin({ createLogic: createFakeLogic });
