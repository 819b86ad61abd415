/**
 * The hashicorp/external provider, written by hand (no prebuilt bindings): the checks need only
 * its `external` data source. `ensureExternalProvider` declares it once per stack, and not at all
 * when the stack already has one.
 */
import { TerraformProvider, TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";

export const EXTERNAL_PROVIDER_SOURCE = "hashicorp/external";
export const EXTERNAL_PROVIDER_CONSTRAINT = "~> 2.3";

export interface ExternalProviderConfig {
  /** Provider alias, for a second configuration of hashicorp/external. */
  readonly alias?: string;
}

export class ExternalProvider extends TerraformProvider {
  static readonly tfResourceType = "external";
  #alias: string | undefined;

  constructor(scope: Construct, id: string, config: ExternalProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "external",
      terraformGeneratorMetadata: {
        providerName: "external",
        providerVersionConstraint: EXTERNAL_PROVIDER_CONSTRAINT,
      },
      terraformProviderSource: EXTERNAL_PROVIDER_SOURCE,
    });
    this.#alias = config.alias;
  }

  override get alias(): string | undefined {
    return this.#alias;
  }
  override set alias(value: string | undefined) {
    this.#alias = value;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { alias: this.#alias };
  }
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return this.#alias
      ? { alias: { value: this.#alias, isBlock: false, type: "simple", storageClassType: "string" } }
      : {};
  }
}

/** Added by the checks; emits nothing when the user also declared an external provider. */
class AutoExternalProvider extends ExternalProvider {
  override toTerraform(): unknown {
    return userExternalProvider(this) ? {} : super.toTerraform();
  }
  override toHclTerraform(): unknown {
    return userExternalProvider(this) ? {} : super.toHclTerraform();
  }
}

const AUTO_PROVIDER_ID = "WxaAuditExternalProvider";

function externalProvidersOf(stack: TerraformStack): TerraformProvider[] {
  return stack.node
    .findAll()
    .filter(
      (c: IConstruct): c is TerraformProvider =>
        TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === "external",
    );
}

function userExternalProvider(auto: AutoExternalProvider): TerraformProvider | undefined {
  return externalProvidersOf(TerraformStack.of(auto)).find((p) => p !== auto);
}

/** The stack's external provider: the user's if declared, else one added once for all checks. */
export function ensureExternalProvider(scope: Construct): TerraformProvider {
  const stack = TerraformStack.of(scope);
  const existing = externalProvidersOf(stack);
  return (
    existing.find((p) => !(p instanceof AutoExternalProvider)) ??
    existing[0] ??
    new AutoExternalProvider(stack, AUTO_PROVIDER_ID)
  );
}
