/**
 * docs/reference/wechat-fidelity.md is the input, parsed (test/fidelity-page.ts), not copied: every
 * errcode it lists for one of our interfaces is in core's catalogue and in that endpoint's row
 * (or among the generic codes), carries WeChat's wire errmsg where the page gives one, and the
 * emulator can answer it, on both hosts. A code the page says is not documented for an interface
 * must not be listed for it. Organic causes (state, admin calls) are the contract tests' job.
 */
import { ENDPOINT_LIST, type EndpointDef, ERRCODES, GENERIC_ERRCODES } from "@wxa-audit/core/tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFidelityPage } from "./fidelity-page.js";
import { HOSTS, type Hosted, host, raw } from "./helpers.js";

const page = readFidelityPage();
const generic: ReadonlySet<number> = new Set(GENERIC_ERRCODES);

function endpointOf(method: string, path: string): EndpointDef | undefined {
  return ENDPOINT_LIST.find((d) => d.method === method && d.path === path);
}

/** Every (endpoint, errcode) pair the page lists as answered by that endpoint, once. */
const pairs = page.flatMap((s) => {
  const def = endpointOf(s.method, s.path);
  if (!def) return [];
  const seen = new Set<number>();
  return s.errcodes.flatMap((e) => {
    if (e.notForThisInterface || seen.has(e.errcode)) return [];
    seen.add(e.errcode);
    return [{ def, errcode: e.errcode, line: e.line }];
  });
});

/**
 * The page's text came through an HTML rendering that turned D7's full-width commas (，) into ASCII
 * ones; the catalogue keeps WeChat's own (D7's source and WxJava agree), so compare as rendered.
 */
const asRendered = (errmsg: string) => errmsg.replaceAll("，", ",");

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("wechat-fidelity.md against core's catalogue", () => {
  it("the page covers our 13 interfaces, each found in core's endpoint table by method and path", () => {
    expect(page.length).toBe(13);
    for (const s of page) expect(endpointOf(s.method, s.path), s.heading).toBeDefined();
    // The parser still reads the page: a reworded table would otherwise pass with nothing checked.
    expect(pairs.length).toBeGreaterThan(90);
  });

  it("catalogues every errcode the page lists, in the row of the interface it lists it for", () => {
    const missing: string[] = [];
    for (const s of page) {
      const def = endpointOf(s.method, s.path)!;
      for (const e of s.errcodes) {
        const listed = (def.errcodes as readonly number[]).includes(e.errcode);
        if (!ERRCODES.has(e.errcode)) missing.push(`${e.errcode} not in the catalogue (${def.name})`);
        else if (e.notForThisInterface && listed)
          missing.push(`${e.errcode} listed for ${def.name}, not documented there`);
        else if (!e.notForThisInterface && !listed && !generic.has(e.errcode))
          missing.push(`${e.errcode} missing from ${def.name}'s row`);
      }
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it("carries WeChat's wire errmsg wherever the page gives one", () => {
    const wrong: string[] = [];
    for (const s of page) {
      for (const e of s.errcodes) {
        const entry = ERRCODES.get(e.errcode);
        if (e.errmsg !== undefined && entry && asRendered(entry.errmsg) !== e.errmsg)
          wrong.push(
            `${e.errcode}: catalogue ${JSON.stringify(entry.errmsg)}, page ${JSON.stringify(e.errmsg)}`,
          );
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe.each(HOSTS)("every errcode the page lists is producible (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 11 });
  });
  afterAll(() => em.close());

  it("a fault rule makes each endpoint answer each of its errcodes, with the catalogue's errmsg and a rid", async () => {
    const wrong: string[] = [];
    for (const { def, errcode } of pairs) {
      await em.admin.addFault({ endpoint: def.name as never, errcode, times: 1 });
      const res = await raw(em.url, `${def.path}?access_token=fidelity-token`, {
        method: def.method,
        ...(def.method === "POST" && { body: "{}" }),
      });
      const entry = ERRCODES.get(errcode);
      const errmsg = entry?.errmsg || entry?.en || "";
      const expected = new RegExp(`^${escapeRegExp(errmsg)},? rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$`);
      if (res.status !== 200 || res.json?.errcode !== errcode || !expected.test(String(res.json?.errmsg)))
        wrong.push(`${def.name} ${errcode}: HTTP ${res.status} ${res.text}`);
    }
    expect(wrong).toEqual([]);
    // Each rule answered its one request: none was shadowed by another.
    expect((await em.admin.listFaults()).map((r) => r.applied)).toEqual(pairs.map(() => 1));
  });
});
