// Entry of the test bundle: the real wire (runPlugin) over the fake logic, loaded lazily as
// the real provider is (a separate chunk of the bundle), without precomputed answers.
import { runPlugin } from "../../src/protocol/plugin.js";

void runPlugin({ loadProvider: async (log) => (await import("./fake-provider.js")).loadFakeProvider(log) });
