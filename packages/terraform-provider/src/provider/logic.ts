/**
 * The provider's logic behind the wire: schema, offline validation, configure (one Session per
 * configured provider), reads dispatched to the data sources, stop. Never throws for a user's
 * mistake or WeChat's answer: those are diagnostics.
 */
import {
  type Clock,
  type LimiterOptions,
  rangeProblem,
  SecretRegistry,
  scrubText,
  systemClock,
  type TokenStore,
} from "@wxa-audit/core";
import { DATA_SOURCES } from "../data-sources/index.js";
import type { Diagnostic, ProviderLogic, ProviderSchema, ReadResult, TfObject } from "./contract.js";
import { errorAt, scrubDiagnostic } from "./diagnostics.js";
import { PROVIDER_BLOCK, resolveProviderConfig, validateProviderConfig } from "./provider-config.js";
import { Session } from "./session.js";

export interface ProviderLogicOptions {
  /** Where credentials and `WECHAT_API_BASE_URL` are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Time of budgets, backoffs, token expiry and the read cache. Default the system clock. */
  clock?: Clock;
  /**
   * Token store of the platform flow. Default: a FileTokenStore in `$WXA_TOKEN_CACHE_DIR`, else
   * `$XDG_CACHE_HOME/wxa-audit`, else `<tmpdir>/wxa-audit-<uid>` (read from `env`); null: none.
   */
  tokenStore?: TokenStore | null;
  /** Rules of the Limiter shared by every data source. */
  limiter?: LimiterOptions;
  /** How long a successful answer answers identical reads. Default 5 minutes. */
  resultTtlMs?: number;
}

export function createProviderLogic(opts: ProviderLogicOptions = {}): ProviderLogic {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? systemClock;
  // Every secret of this provider: configured credentials, and every token core fetches or reads
  // from the store (the client registers them here). Every diagnostic and state is scrubbed with it.
  const secrets = new SecretRegistry();
  if (opts.resultTtlMs !== undefined) {
    const problem = rangeProblem("resultTtlMs", opts.resultTtlMs, { min: 0, max: 2 ** 53, integer: true });
    if (problem) throw new RangeError(problem);
  }
  let session: Session | undefined;
  /** Set when configure saw a value Terraform has not decided: reads say so. */
  let unknownAttribute: string | undefined;
  let configured = false;

  const schema: ProviderSchema = {
    provider: PROVIDER_BLOCK,
    dataSources: Object.fromEntries([...DATA_SOURCES].map(([name, ds]) => [name, ds.schema])),
  };
  const scrubAll = (diags: readonly Diagnostic[]) => diags.map((d) => scrubDiagnostic(d, secrets));

  return {
    schema: () => schema,

    validateProviderConfig: (config) => scrubAll(validateProviderConfig(config)),

    async configure(config: TfObject) {
      await session?.close();
      session = undefined;
      unknownAttribute = undefined;
      configured = true;
      const resolved = resolveProviderConfig(config, env);
      if (resolved.ok === "unknown") {
        unknownAttribute = resolved.attribute;
        return [];
      }
      if (resolved.ok === false) return scrubAll(resolved.diagnostics);
      session = new Session(resolved.config, {
        env,
        clock,
        secrets,
        ...(opts.tokenStore !== undefined && { tokenStore: opts.tokenStore }),
        ...(opts.limiter && { limiter: opts.limiter }),
        ...(opts.resultTtlMs !== undefined && { resultTtlMs: opts.resultTtlMs }),
      });
      return [];
    },

    validateDataSourceConfig(typeName, config) {
      const ds = DATA_SOURCES.get(typeName);
      if (!ds)
        return [errorAt(undefined, "Unknown data source", `This provider has no data source ${typeName}.`)];
      return scrubAll(ds.validate(config));
    },

    async readDataSource(typeName, config): Promise<ReadResult> {
      const ds = DATA_SOURCES.get(typeName);
      if (!ds)
        return {
          diagnostics: [
            errorAt(undefined, "Unknown data source", `This provider has no data source ${typeName}.`),
          ],
        };
      if (unknownAttribute !== undefined) {
        return {
          diagnostics: [
            errorAt(
              undefined,
              "Provider configuration not known yet",
              `The wechat provider's ${unknownAttribute} is not known until apply, so ${typeName} cannot be read during plan. Give the provider values known at plan time.`,
            ),
          ],
        };
      }
      if (!session) {
        return {
          diagnostics: [
            errorAt(
              undefined,
              "Provider not configured",
              configured
                ? "The wechat provider's configuration has errors (see above); nothing was read."
                : "ReadDataSource came before ConfigureProvider.",
            ),
          ],
        };
      }
      try {
        return await ds.read(session, config, secrets);
      } catch (error) {
        // An unexpected throw becomes a diagnostic at the wire layer, which knows no secrets.
        if (error instanceof Error) error.message = scrubText(error.message, secrets);
        throw error;
      }
    },

    async stop() {
      await session?.close();
      session = undefined;
    },
  };
}
