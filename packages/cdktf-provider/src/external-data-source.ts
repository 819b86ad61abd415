/**
 * hashicorp/external's `external` data source, written by hand: `program` runs at plan time with
 * `query` as JSON on stdin and answers a flat map of strings, `result`.
 */
import { Fn, TerraformDataSource, type TerraformMetaArguments } from "cdktf";
import type { Construct } from "constructs";

export interface ExternalDataSourceConfig extends TerraformMetaArguments {
  /** argv of the program; the first element is looked up on PATH. */
  readonly program: string[];
  /** Sent as a JSON object on stdin. Values must be strings, and never secrets (they show in plan). */
  readonly query?: Record<string, string>;
  /** Directory the program runs in; Terraform's working directory when unset. */
  readonly workingDir?: string;
}

export class ExternalDataSource extends TerraformDataSource {
  static readonly tfResourceType = "external";
  readonly program: string[];
  readonly query: Record<string, string> | undefined;
  readonly workingDir: string | undefined;

  constructor(scope: Construct, id: string, config: ExternalDataSourceConfig) {
    super(scope, id, {
      terraformResourceType: "external",
      terraformGeneratorMetadata: { providerName: "external" },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.program = config.program;
    this.query = config.query;
    this.workingDir = config.workingDir;
  }

  /** The whole `result` map, as a token. */
  get result(): Record<string, unknown> {
    return this.getAnyMapAttribute("result");
  }

  /**
   * One field of `result`. Fn.lookup on the map, not `getStringAttribute("result[...]")`, which
   * mangles the brackets. (With an empty default, cdktf 0.21 renders it as `result.field`.)
   */
  resultField(field: string, fallback = ""): string {
    return Fn.lookup(this.result, field, fallback) as string;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { program: this.program, query: this.query, working_dir: this.workingDir };
  }
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      program: { value: this.program, isBlock: false, type: "list", storageClassType: "stringList" },
      query: this.query
        ? { value: this.query, isBlock: false, type: "map", storageClassType: "stringMap" }
        : undefined,
      working_dir: this.workingDir
        ? { value: this.workingDir, isBlock: false, type: "simple", storageClassType: "string" }
        : undefined,
    };
  }
}
