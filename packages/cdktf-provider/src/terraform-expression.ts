/**
 * A tiny evaluator for the Terraform expressions these constructs emit, so tests and the plan
 * preview can judge a result as Terraform would without running Terraform. It knows templates
 * (`"text ${expr} text"`), string/number/bool literals, references (`self.result`,
 * `data.external.x.result.field`, `x["field"]`), `lookup(map, key, default)`, `tostring`, `==`,
 * `!=`, `!`, `&&`, `||` and parentheses: enough for our conditions, not a general HCL engine.
 */

export type TfValue = string | number | boolean | null | TfValue[] | { [key: string]: TfValue };

export class TerraformExpressionError extends Error {
  override readonly name = "TerraformExpressionError";
}

/** Evaluates a JSON-syntax string: a lone `${...}` keeps its type, anything else is a string. */
export function evaluateTemplate(template: string, scope: Record<string, TfValue>): TfValue {
  const parts: TfValue[] = [];
  let literal = "";
  let i = 0;
  while (i < template.length) {
    if (template.startsWith("$${", i)) {
      literal += "${";
      i += 3;
    } else if (template.startsWith("${", i)) {
      if (literal) parts.push(literal);
      literal = "";
      const p = new Parser(template, i + 2, scope);
      const value = p.expression();
      p.skipSpace();
      p.expect("}");
      parts.push(value);
      i = p.pos;
    } else {
      literal += template[i];
      i++;
    }
  }
  if (literal) parts.push(literal);
  if (parts.length === 1 && template.startsWith("${") && template.endsWith("}")) return parts[0]!;
  return parts.map((v) => toStringValue(v)).join("");
}

function toStringValue(v: TfValue): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new TerraformExpressionError(`cannot interpolate a ${v === null ? "null" : typeof v} into a string`);
}

function equal(a: TfValue, b: TfValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

class Parser {
  constructor(
    readonly src: string,
    public pos: number,
    readonly scope: Record<string, TfValue>,
  ) {}

  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }
  peek(s: string): boolean {
    this.skipSpace();
    return this.src.startsWith(s, this.pos);
  }
  expect(s: string): void {
    if (!this.peek(s)) throw new TerraformExpressionError(`expected "${s}" at ${this.pos} in ${this.src}`);
    this.pos += s.length;
  }

  expression(): TfValue {
    let left = this.and();
    while (this.peek("||")) {
      this.pos += 2;
      const right = this.and();
      left = this.bool(left) || this.bool(right);
    }
    return left;
  }
  and(): TfValue {
    let left = this.comparison();
    while (this.peek("&&")) {
      this.pos += 2;
      const right = this.comparison();
      left = this.bool(left) && this.bool(right);
    }
    return left;
  }
  comparison(): TfValue {
    const left = this.unary();
    if (this.peek("==")) {
      this.pos += 2;
      return equal(left, this.unary());
    }
    if (this.peek("!=")) {
      this.pos += 2;
      return !equal(left, this.unary());
    }
    return left;
  }
  unary(): TfValue {
    if (this.peek("!") && !this.peek("!=")) {
      this.pos++;
      return !this.bool(this.unary());
    }
    return this.postfix(this.primary());
  }
  bool(v: TfValue): boolean {
    if (typeof v !== "boolean")
      throw new TerraformExpressionError(`expected a bool, got ${JSON.stringify(v)}`);
    return v;
  }

  primary(): TfValue {
    this.skipSpace();
    const c = this.src[this.pos];
    if (c === "(") {
      this.pos++;
      const v = this.expression();
      this.expect(")");
      return v;
    }
    if (c === '"') return this.string();
    const num = /^-?\d+(\.\d+)?/.exec(this.src.slice(this.pos));
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!ident) throw new TerraformExpressionError(`unexpected "${c}" at ${this.pos} in ${this.src}`);
    this.pos += ident[0].length;
    const name = ident[0];
    if (name === "true") return true;
    if (name === "false") return false;
    if (name === "null") return null;
    if (this.peek("(")) return this.call(name);
    if (!(name in this.scope)) throw new TerraformExpressionError(`unknown reference ${name}`);
    return this.scope[name]!;
  }

  postfix(value: TfValue): TfValue {
    let v = value;
    for (;;) {
      if (this.peek(".") && /[A-Za-z_]/.test(this.src[this.pos + 1] ?? "")) {
        this.pos++;
        const ident = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos))![0];
        this.pos += ident.length;
        v = this.index(v, ident);
      } else if (this.peek("[")) {
        this.pos++;
        const key = this.expression();
        this.expect("]");
        v = this.index(v, key);
      } else {
        return v;
      }
    }
  }
  index(v: TfValue, key: TfValue): TfValue {
    if (v === null || typeof v !== "object")
      throw new TerraformExpressionError(`cannot index ${JSON.stringify(v)}`);
    const k = String(key);
    const found = (v as Record<string, TfValue>)[k];
    if (found === undefined) throw new TerraformExpressionError(`Invalid index: no element "${k}"`);
    return found;
  }

  call(name: string): TfValue {
    this.expect("(");
    const args: TfValue[] = [];
    if (!this.peek(")")) {
      args.push(this.expression());
      while (this.peek(",")) {
        this.pos++;
        args.push(this.expression());
      }
    }
    this.expect(")");
    if (name === "lookup") {
      const [map, key, fallback] = args;
      if (map === null || typeof map !== "object" || Array.isArray(map)) {
        throw new TerraformExpressionError("lookup() needs a map");
      }
      const found = (map as Record<string, TfValue>)[String(key)];
      if (found !== undefined) return found;
      if (args.length < 3)
        throw new TerraformExpressionError(`lookup(): no key "${String(key)}" and no default`);
      return fallback!;
    }
    if (name === "tostring") return toStringValue(args[0]!);
    throw new TerraformExpressionError(`unsupported function ${name}()`);
  }

  string(): string {
    this.pos++; // opening quote
    let out = "";
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === "\\") {
        const n = this.src[this.pos + 1];
        out += n === "n" ? "\n" : n === "t" ? "\t" : (n ?? "");
        this.pos += 2;
      } else {
        out += c;
        this.pos++;
      }
    }
    throw new TerraformExpressionError("unterminated string");
  }
}
