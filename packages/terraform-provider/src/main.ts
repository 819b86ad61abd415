/**
 * The provider executable (bundled to dist/bundle/terraform-provider-wechat.cjs): what the
 * engines start, through go-plugin, about three times per plan.
 */
import { runPlugin } from "./protocol/plugin.js";
import { createProviderLogic } from "./provider/index.js";

runPlugin({ createLogic: () => createProviderLogic() }).catch((error: unknown) => {
  // Never stdout: that is the handshake channel. No message text: it may carry a value.
  process.stderr.write(`terraform-provider-wechat: failed to start (${(error as Error)?.name})\n`);
  process.exit(1);
});
