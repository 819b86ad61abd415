/**
 * The provider executable (bundled to dist/bundle/terraform-provider-wechat.cjs): what the
 * engines start, through go-plugin, about three times per plan.
 *
 * Only the wire's start path is loaded here. The provider itself (protobuf-es, the logic,
 * @wxa-audit/core, zod) is the dynamic import below: scripts/bundle.mjs makes it a separate,
 * lazily compiled chunk of the one file, loaded by the first call that needs it. The schema
 * answers are computed from that same chunk at build time (precomputed-answers.ts).
 */
import { PRECOMPUTED_ANSWERS } from "./precomputed-answers.js";
import { runPlugin } from "./protocol/plugin.js";

runPlugin({
  loadProvider: async (log) => (await import("./provider-chunk.js")).loadProvider(log),
  ...(PRECOMPUTED_ANSWERS && {
    precomputed: Object.fromEntries(
      Object.entries(PRECOMPUTED_ANSWERS).map(([method, base64]) => [method, Buffer.from(base64, "base64")]),
    ),
  }),
}).catch((error: unknown) => {
  // Never stdout: that is the handshake channel. No message text: it may carry a value.
  process.stderr.write(`terraform-provider-wechat: failed to start (${(error as Error)?.name})\n`);
  process.exit(1);
});
