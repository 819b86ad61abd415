/**
 * The shape of a data source and the one read path they all share: check the config (unknown
 * values, our validators), call WeChat through the session, judge the answer, and hand back the
 * full state with the verdict's diagnostics, scrubbed of every secret. Each data source file
 * defines only what is its own: inputs, request, verdict.
 */
import {
  type EndpointName,
  type RequestOf,
  type ResponseOf,
  WechatConfigError,
  WechatInputError,
} from "@wxa-audit/core";
import { callSettingsOf } from "../provider/call-settings.js";
import type { AttributeSchema, BlockSchema, Diagnostic, ReadResult, TfObject } from "../provider/contract.js";
import { diagnostic, errorAt, hasErrors, scrubDiagnostic, scrubObject } from "../provider/diagnostics.js";
import type { Session } from "../provider/session.js";
import { containsUnknown } from "../provider/values.js";
import { COMMON_INPUTS, COMMON_OUTPUTS, type Severity, stringOr, validateCommon } from "./common.js";
import { type FailureContext, failureVerdict, isOk, type Verdict, verdictDiagnostics } from "./verdict.js";

export interface Judgement {
  readonly verdict: Verdict;
  /** Values of the data source's own outputs. */
  readonly values: TfObject;
}

export interface DataSourceDef<In, E extends EndpointName> {
  readonly typeName: string;
  /** The WeChat interface read. */
  readonly endpoint: E;
  /** Markdown, for the schema and the docs. */
  readonly description: string;
  /** Inputs of our own (the common ones are added). */
  readonly inputs: readonly AttributeSchema[];
  /** Outputs of our own (the common ones are added). */
  readonly outputs: readonly AttributeSchema[];
  /** Offline checks of our own inputs; must skip unknown values. */
  validate(config: TfObject): Diagnostic[];
  /** The inputs, defaults applied; called only on a valid, wholly known config. */
  parse(config: TfObject): In;
  /** State values of optional inputs with defaults (optional+computed), as applied. */
  applied(input: In): TfObject;
  request(input: In): RequestOf<E>;
  failure(input: In): Omit<FailureContext, "endpoint">;
  judge(input: In, answer: ResponseOf<E>): Judgement;
}

/** A data source as the provider sees it, its input type erased. */
export interface DataSource {
  readonly typeName: string;
  readonly endpoint: EndpointName;
  readonly schema: BlockSchema;
  validate(config: TfObject): Diagnostic[];
  read(session: Session, config: TfObject, secrets: Iterable<string>): Promise<ReadResult>;
}

export function defineDataSource<In, E extends EndpointName>(def: DataSourceDef<In, E>): DataSource {
  const attributes = [...def.inputs, ...COMMON_INPUTS, ...def.outputs, ...COMMON_OUTPUTS];
  const names = new Set<string>();
  for (const a of attributes) {
    if (names.has(a.name)) throw new Error(`${def.typeName}: attribute ${a.name} defined twice`);
    names.add(a.name);
  }
  const outputNames = [...def.outputs, ...COMMON_OUTPUTS].map((a) => a.name);
  const validate = (config: TfObject) => [...def.validate(config), ...validateCommon(config)];

  return {
    typeName: def.typeName,
    endpoint: def.endpoint,
    schema: { version: 0, description: def.description, attributes },
    validate,
    async read(session, config, secrets) {
      const unknown = [...def.inputs, ...COMMON_INPUTS].find((a) => containsUnknown(config[a.name]));
      if (unknown) {
        return {
          diagnostics: [
            errorAt(
              unknown.name,
              "Value not known yet",
              `${unknown.name} is not known until apply; a WeChat check needs every input during plan. Give it a value known at plan time.`,
            ),
          ],
        };
      }
      const problems = validate(config);
      if (hasErrors(problems)) return { diagnostics: problems };

      const input = def.parse(config);
      const severity = stringOr<Severity>(config, "severity", "error");
      const settings = callSettingsOf(config, session.settings);
      const failure = { ...def.failure(input), endpoint: def.endpoint };
      let verdict: Verdict;
      let values: TfObject = {};
      // A problem of the token cache, met while this read fetched a token: said, never fatal.
      const cacheWarnings = () =>
        session
          .takeWarnings()
          .map((m) =>
            scrubDiagnostic(diagnostic("warning", undefined, "Token cache file ignored", m), secrets),
          );
      try {
        const result = await session.call(def.endpoint, def.request(input), settings);
        if (result.ok) ({ verdict, values } = def.judge(input, result.answer as ResponseOf<E>));
        else verdict = failureVerdict(failure, result);
      } catch (err) {
        if (err instanceof WechatConfigError || err instanceof WechatInputError) {
          const d = errorAt(failure.errcodeAttribute, `${failure.subject}: cannot be checked`, err.message);
          return { diagnostics: [scrubDiagnostic(d, secrets), ...cacheWarnings()] };
        }
        throw err;
      }

      const state: TfObject = {
        ...config,
        ...def.applied(input),
        severity,
        ...Object.fromEntries(outputNames.map((n) => [n, null])),
        ...values,
        ...verdict.wechat,
        ok: isOk(verdict.outcome),
        outcome: verdict.outcome,
        message: verdict.message,
      };
      return {
        state: scrubObject(state, secrets),
        diagnostics: [
          ...verdictDiagnostics(verdict, severity).map((d) => scrubDiagnostic(d, secrets)),
          ...cacheWarnings(),
        ],
      };
    },
  };
}
