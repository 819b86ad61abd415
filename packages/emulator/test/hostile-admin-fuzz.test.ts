/**
 * Properties of the admin API under hostile input, on both hosts, each checked against a model:
 *   - the browser guard: for any Host, Origin, Sec-Fetch-Site and Content-Type a page (or DNS
 *     rebinding) could send, a state-changing request passes only when the Host is loopback, the
 *     request is not cross-origin and the body is JSON; the clock moves exactly for those;
 *   - snapshot import: any mutation of a valid snapshot (a value replaced, a key dropped, an
 *     element repeated) is either imported as it is (the export equals it, and imports again),
 *     or refused with a 400 that leaves the state exactly as it was. Never a 500.
 * The seed is fixed (FUZZ_SEED overrides it) and fast-check prints it on failure.
 */
import { request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTS, type Hosted, host } from "./helpers.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);

/** One request with exactly these headers (Host included), answered with its status and text. */
function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  const h = { ...headers, ...(body !== undefined && { "content-length": String(Buffer.byteLength(body)) }) };
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: h, setHost: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe.each(HOSTS)("the browser guard, as a property (%s)", (kind) => {
  let em: Hosted;
  let port: string;
  beforeAll(async () => {
    em = await host(kind, { seed: "guard-fuzz" });
    port = new URL(em.url).port;
  });
  afterAll(() => em.close());

  const LOOPBACK = ["localhost", "127.0.0.1", "127.9.8.7", "[::1]", "app.localhost"];
  const FOREIGN = ["evil.example", "10.0.0.5", "localhost.evil.example", "127.0.0.1.nip.io", "[fd00::1]"];
  const request_ = fc.record({
    hostName: fc.constantFrom(...LOOPBACK, ...FOREIGN),
    origin: fc.constantFrom("none", "same", "other-host", "other-port", "null"),
    fetchSite: fc.constantFrom("none", "absent", "same-origin", "same-site", "cross-site"),
    type: fc.constantFrom(
      "absent",
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/x-www-form-urlencoded",
    ),
  });

  it(`a state change passes exactly when Host, Origin and body type are safe (120 runs, seed ${SEED})`, async () => {
    const before = (await em.admin.clock()).now;
    let passed = 0;
    await fc.assert(
      fc.asyncProperty(request_, async (r) => {
        const hostHeader = `${r.hostName}:${port}`;
        const headers: Record<string, string> = { host: hostHeader };
        const origins = {
          same: `http://${hostHeader}`,
          "other-host": `http://evil.example:${port}`,
          "other-port": `http://${r.hostName}:1`,
          null: "null",
        } as const;
        if (r.origin !== "none") headers.origin = origins[r.origin];
        if (r.fetchSite !== "absent") headers["sec-fetch-site"] = r.fetchSite;
        if (r.type !== "absent") headers["content-type"] = r.type;
        const res = await send(em.url, "POST", "/__admin/clock/advance", headers, '{"seconds":1}');

        const hostOk = LOOPBACK.includes(r.hostName);
        const sameOrigin = r.origin === "none" || r.origin === "same";
        const siteOk = r.fetchSite !== "same-site" && r.fetchSite !== "cross-site";
        const json = r.type.startsWith("application/json");
        const expected = !hostOk || !sameOrigin || !siteOk ? 403 : !json ? 415 : 200;
        expect(res.status, JSON.stringify({ r, text: res.text })).toBe(expected);
        if (res.status === 200) passed++;
      }),
      { numRuns: 120, seed: SEED },
    );
    // Exactly the requests that passed moved the clock: a refused one changed nothing.
    expect((await em.admin.clock()).now).toBe(before + passed);
  });
});

/** Every path to a value of `v` (objects and arrays walked), as key lists. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (v !== null && typeof v === "object")
    for (const [k, x] of Object.entries(v)) paths(x, [...prefix, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

type Mutation = { at: number; op: "set" | "drop" | "repeat"; value: unknown };

/** A copy of `snap` with one mutation applied at the `at`-th path (modulo the number of paths). */
function mutate(snap: unknown, m: Mutation): unknown {
  const copy = structuredClone(snap) as Record<string, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.at % all.length]!;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], copy) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  if (m.op === "set") parent[key] = m.value;
  else if (m.op === "drop") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
  else parent[key] = [parent[key], parent[key]];
  return copy;
}

describe.each(HOSTS)("snapshot import, as a property (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, {
      seed: "snapshot-fuzz",
      config: {
        tenants: [
          {
            name: "wxfuzzone",
            secret: "fuzz-secret-one",
            audits: [{ status: "in_review" }, { status: "rejected" }],
          },
          { name: "wxfuzztwo", nicknameAudits: [{ nickname: "Fuzz Two", stat: "in_review" }] },
        ],
      },
    });
  });
  afterAll(() => em.close());

  const value = fc.oneof(
    fc.constantFrom(-1, 0, 1.5, 2 ** 53, 1e308, "", "x", null, true, [], {}),
    fc.integer(),
    fc.string({ maxLength: 8 }),
  );
  const mutation = fc.record({
    at: fc.nat(),
    // Repeating an element (a tenant, a record, a token) is what breaks integrity most often.
    op: fc.oneof({ arbitrary: fc.constant("repeat"), weight: 2 }, fc.constantFrom("set", "drop")),
    value,
  }) as fc.Arbitrary<Mutation>;

  it(`a mutated snapshot is imported whole (and re-imports) or refused with nothing changed (150 runs, seed ${SEED})`, async () => {
    const original = await em.admin.exportSnapshot();
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        await em.admin.importSnapshot(original);
        const before = JSON.stringify(await em.admin.exportSnapshot());
        const body = JSON.stringify(mutate(original, m));
        const res = await send(
          em.url,
          "PUT",
          "/__admin/snapshot",
          { host: new URL(em.url).host, "content-type": "application/json" },
          body,
        );
        expect([200, 400], res.text).toContain(res.status);
        const after = await em.admin.exportSnapshot();
        if (res.status === 400) {
          expect(JSON.stringify(after)).toBe(before);
        } else {
          // What was accepted is what the state now is (nothing merged, dropped or invented),
          // and it exports to a snapshot the emulator takes back.
          // (`seed` says which emulator exported it; an import keeps the emulator's own.)
          expect({ ...after, seed: null }).toEqual({ ...(JSON.parse(body) as object), seed: null });
          await em.admin.importSnapshot(after);
          expect(JSON.stringify(await em.admin.exportSnapshot())).toBe(JSON.stringify(after));
        }
      }),
      { numRuns: 150, seed: SEED },
    );
  }, 60_000);
});
