/**
 * Runs the checks of a synthesized stack as `plan` would, without Terraform: the provider's own
 * logic (`createProviderLogic()` of @wxa-audit/terraform-provider), in this process, configured
 * from each `provider.wechat` block (and the environment), then for every `data.wechat_*` block
 * the same validation and read the provider runs for Terraform. Its diagnostics are the verdict:
 * an error fails the plan, a warning lets it go on. For demos and CI smoke tests; the real engine
 * stays the judge (no expressions are evaluated here: a block that holds one is reported).
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import {
  type BlockSchema,
  createProviderLogic,
  type Diagnostic,
  type ProviderLogic,
  type ProviderLogicOptions,
  type TfObject,
  type TfValue,
} from "@wxa-audit/terraform-provider";

export type CheckVerdict = "pass" | "error" | "warning";

export interface CheckPreview {
  /** `data.<type>.<name>`. */
  readonly address: string;
  readonly type: string;
  /** Construct path, from cdktf's metadata. */
  readonly path: string;
  /** The provider configuration: `wechat` or `wechat.<alias>`. */
  readonly provider: string;
  readonly verdict: CheckVerdict;
  /** The provider's diagnostics about this block (configuring its provider included). */
  readonly diagnostics: readonly Diagnostic[];
  /** The data source's attributes, when the read succeeded. */
  readonly state?: Readonly<Record<string, unknown>>;
}

export interface PlanPreview {
  readonly stackDir: string;
  readonly checks: readonly CheckPreview[];
  readonly errors: number;
  readonly warnings: number;
  /** No error: `plan` would go on (perhaps with warnings). */
  readonly ok: boolean;
}

export interface PlanPreviewOptions {
  /** Environment the provider reads (credentials, WECHAT_API_BASE_URL); default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Concurrent reads; Terraform's default parallelism is 10. */
  readonly parallelism?: number;
  /** Further options of every `createProviderLogic` (e.g. a token store); `env` wins. */
  readonly providerOptions?: Omit<ProviderLogicOptions, "env">;
}

type Block = Record<string, unknown> & { "//"?: { metadata?: { path?: string } }; provider?: string };

interface StackJson {
  provider?: Record<string, Block | Block[]>;
  data?: Record<string, Record<string, Block>>;
}

const PROVIDER = "wechat";
const META_ARGUMENTS = new Set(["//", "provider", "depends_on", "count", "for_each", "lifecycle"]);

/** Reads `<stackDir>/cdk.tf.json`, configures the provider from it and reads every check. */
export async function runChecksLikeTerraform(
  stackDir: string,
  opts: PlanPreviewOptions = {},
): Promise<PlanPreview> {
  const dir = resolve(stackDir);
  const tf = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as StackJson;
  const env = opts.env ?? process.env;

  // One logic per provider configuration, as Terraform starts one provider instance per block.
  const providerBlocks = [tf.provider?.[PROVIDER] ?? []].flat();
  const configs = new Map<string, { logic: ProviderLogic; ready: Promise<readonly Diagnostic[]> }>();
  const configFor = (key: string) => {
    let c = configs.get(key);
    if (!c) {
      const logic = createProviderLogic({ ...opts.providerOptions, env });
      const block = providerBlocks.find((b) => keyOf(b.alias) === key) ?? {};
      c = { logic, ready: configureProvider(logic, block) };
      configs.set(key, c);
    }
    return c;
  };

  const blocks = Object.entries(tf.data ?? {})
    .filter(([type]) => type.startsWith(`${PROVIDER}_`))
    .flatMap(([type, byName]) => Object.entries(byName).map(([name, block]) => ({ type, name, block })));
  try {
    const checks = await pool(blocks, opts.parallelism ?? 10, async ({ type, name, block }) => {
      const provider = providerKeyOf(block.provider);
      const { logic, ready } = configFor(provider);
      const base = {
        address: `data.${type}.${name}`,
        type,
        path: block["//"]?.metadata?.path ?? name,
        provider,
      };
      const configured = await ready;
      if (hasError(configured)) return { ...base, verdict: "error" as const, diagnostics: configured };
      const read = await readCheck(logic, type, block);
      const diagnostics = [...configured, ...read.diagnostics];
      return {
        ...base,
        verdict: verdictOf(diagnostics),
        diagnostics,
        ...(read.state && { state: read.state }),
      };
    });
    const errors = checks.filter((c) => c.verdict === "error").length;
    const warnings = checks.filter((c) => c.verdict === "warning").length;
    return { stackDir: dir, checks, errors, warnings, ok: errors === 0 };
  } finally {
    await Promise.all([...configs.values()].map((c) => c.logic.stop()));
  }
}

/** `provider = "wechat.alias"` (cdktf's reference, possibly `${...}`-free) to our key. */
function providerKeyOf(ref: string | undefined): string {
  if (!ref) return PROVIDER;
  const m = /^(?:\$\{)?wechat(?:\.([A-Za-z0-9_-]+))?\}?$/.exec(ref);
  return keyOf(m?.[1]);
}

function keyOf(alias: unknown): string {
  return typeof alias === "string" && alias ? `${PROVIDER}.${alias}` : PROVIDER;
}

async function configureProvider(logic: ProviderLogic, block: Block): Promise<readonly Diagnostic[]> {
  const config = decode(block, logic.schema().provider);
  if (!("config" in config)) return [config.problem];
  const invalid = logic.validateProviderConfig(config.config);
  if (hasError(invalid)) return invalid;
  return [...invalid, ...(await logic.configure(config.config))];
}

async function readCheck(
  logic: ProviderLogic,
  type: string,
  block: Block,
): Promise<{ state?: TfObject; diagnostics: readonly Diagnostic[] }> {
  const schema = logic.schema().dataSources[type];
  if (!schema) return { diagnostics: [problem(`The provider has no data source "${type}"`)] };
  const config = decode(block, schema);
  if (!("config" in config)) return { diagnostics: [config.problem] };
  const invalid = logic.validateDataSourceConfig(type, config.config);
  if (hasError(invalid)) return { diagnostics: invalid };
  const read = await logic.readDataSource(type, config.config);
  return { ...read, diagnostics: [...invalid, ...read.diagnostics] };
}

/**
 * A block as the wire hands it to the logic: every schema attribute present, null when unset.
 * Terraform would evaluate `${...}` expressions first; the preview cannot, so it says so.
 */
function decode(block: Block, schema: BlockSchema): { config: TfObject } | { problem: Diagnostic } {
  const config: TfObject = {};
  for (const { name } of schema.attributes) config[name] = (block[name] ?? null) as TfValue;
  for (const [name, value] of Object.entries(block)) {
    if (META_ARGUMENTS.has(name) || name === "alias") continue;
    if (JSON.stringify(value).includes("${")) {
      return { problem: problem(`Cannot preview ${name}: it is a Terraform expression, run plan instead`) };
    }
  }
  return { config };
}

function problem(summary: string): Diagnostic {
  return { severity: "error", summary };
}

function hasError(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

function verdictOf(diags: readonly Diagnostic[]): CheckVerdict {
  if (hasError(diags)) return "error";
  return diags.length > 0 ? "warning" : "pass";
}

async function pool<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

/** The text of a diagnostic as plan prints it: summary, then detail (blank lines dropped). */
export function diagnosticText(d: Diagnostic): string {
  const text = d.detail ? `${d.summary}: ${d.detail}` : d.summary;
  return text.replace(/\n\s*\n/g, "\n");
}

/** Continuation lines under the check's line, past its mark. */
const indent = (text: string) => text.replaceAll("\n", `\n${" ".repeat(9)}`);

/** A readable summary, one line per check (and one per extra diagnostic), like plan's output. */
export function formatPlanPreview(p: PlanPreview): string {
  const lines = [`Checks of ${p.stackDir} (as terraform plan would read them):`];
  for (const c of p.checks) {
    const mark = { pass: "PASS", error: "ERROR", warning: "WARN" }[c.verdict].padEnd(5);
    const where = `${c.path} [${c.type}${c.provider === PROVIDER ? "" : `, provider ${c.provider}`}]`;
    const [first, ...rest] = c.diagnostics;
    const text = first ? diagnosticText(first) : String(c.state?.message ?? "");
    lines.push(indent(`  ${mark}  ${where}: ${text}`));
    for (const d of rest) lines.push(indent(`         ${d.severity}: ${diagnosticText(d)}`));
  }
  lines.push(`Plan would ${p.ok ? "go on" : "fail"}: ${p.errors} error(s), ${p.warnings} warning(s).`);
  return lines.join("\n");
}
