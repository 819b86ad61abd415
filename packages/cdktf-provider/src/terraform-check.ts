/**
 * A Terraform `check` block (Terraform >= 1.5, OpenTofu >= 1.6), which cdktf has no construct for.
 * A failed assert is a warning: the plan goes on. Emits
 * `{ check: { <name>: { data?: {...}, assert: [{ condition, error_message }] } } }`.
 */
import { type IResolvable, TerraformElement } from "cdktf";
import type { Construct } from "constructs";

export interface TerraformCheckAssert {
  /** A boolean Terraform expression, e.g. `${data.external.x.result.ok == "true"}`. */
  readonly condition: string | IResolvable;
  /** Shown in the warning; may interpolate, e.g. `${data.external.x.result.message}`. */
  readonly errorMessage: string;
}

export interface TerraformCheckConfig {
  /** At least one assert before synthesis. */
  readonly asserts?: TerraformCheckAssert[];
  /**
   * Scoped data sources, by type then name (`{ http: { probe: { url: "..." } } }`): their errors
   * become warnings too, but nothing outside the check can read them.
   */
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

export class TerraformCheck extends TerraformElement {
  readonly #asserts: TerraformCheckAssert[];
  readonly #data: TerraformCheckConfig["data"];

  constructor(scope: Construct, id: string, config: TerraformCheckConfig = {}) {
    super(scope, id, "check");
    this.#asserts = [...(config.asserts ?? [])];
    this.#data = config.data;
    this.node.addValidation({
      validate: () => (this.#asserts.length === 0 ? [`check ${this.name} has no assert`] : []),
    });
  }

  /** The block's label: the element's logical id. */
  get name(): string {
    return this.friendlyUniqueId;
  }

  get asserts(): readonly TerraformCheckAssert[] {
    return this.#asserts;
  }

  addAssert(assert: TerraformCheckAssert): void {
    this.#asserts.push(assert);
  }

  override toTerraform(): unknown {
    return {
      check: {
        [this.name]: {
          ...(this.#data && { data: this.#data }),
          assert: this.#asserts.map((a) => ({ condition: a.condition, error_message: a.errorMessage })),
        },
      },
    };
  }

  override toHclTerraform(): unknown {
    return this.toTerraform();
  }
}
