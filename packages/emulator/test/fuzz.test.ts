/**
 * Property-based fuzzing of both surfaces over real HTTP: random methods, paths, headers, bodies
 * and field types. Never a 500, never a crash; every WeChat-surface answer is WeChat-shaped (an
 * error with a rid unless the request happened to be valid); every refused admin request is a 4xx
 * JSON error. The seed is fixed (FUZZ_SEED overrides it); fast-check prints it on failure.
 */
import { Agent, request } from "node:http";
import { ENDPOINT_LIST } from "@wxa-audit/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOSTS, type Hosted, host, RID } from "./helpers.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601);
const RUNS = 2000;

interface Exchange {
  status: number;
  contentType: string | undefined;
  body: string;
}

function send(
  agent: Agent,
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<Exchange>((resolve, reject) => {
    // Node sends a GET/DELETE/OPTIONS body without framing unless told its length.
    const framed =
      body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
    const req = request(`${url}${path}`, { method, headers: framed, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers["content-type"], body: text }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const methods = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
// No "." or ".." segments: URL parsing would resolve them to a path outside /wxa/.
const safeSegment = fc.stringMatching(/^[A-Za-z0-9_.~-]{0,12}$/).filter((s) => s !== "." && s !== "..");
const anyField = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.stringMatching(/^[0-9]{1,18}$/),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
const fieldNames = fc.constantFrom(
  "auditid",
  "audit_id",
  "nick_name",
  "item_list",
  "version_desc",
  "appid",
  "secret",
  "grant_type",
  "force_refresh",
  "component_appid",
  "component_appsecret",
  "component_verify_ticket",
  "authorizer_appid",
  "authorizer_refresh_token",
  "__proto__",
  "constructor",
);
const bodies = fc.oneof(
  fc.constant(undefined),
  fc.constant(""),
  fc.constant("null"),
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
  fc.dictionary(fieldNames, anyField, { maxKeys: 4 }).map((o) => JSON.stringify(o)),
);
const headers = fc.record(
  {
    "content-type": fc.constantFrom(
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "",
      "*/*",
    ),
    authorization: fc.constantFrom("Bearer x", "Basic abc", ""),
    accept: fc.constantFrom("*/*", "text/html"),
  },
  { requiredKeys: [] },
);
const query = fc
  .array(
    fc.tuple(
      fc.constantFrom("access_token", "component_access_token", "appid", "secret", "grant_type", "x"),
      safeSegment,
    ),
    {
      maxLength: 4,
    },
  )
  .map((pairs) => (pairs.length ? `?${new URLSearchParams(pairs)}` : ""));

const wechatPaths = fc.oneof(
  fc.constantFrom(...ENDPOINT_LIST.map((d) => d.path)),
  fc.tuple(fc.constantFrom("/wxa/", "/cgi-bin/", "/cgi-bin/component/"), safeSegment).map(([a, b]) => a + b),
);

const adminPaths = fc.oneof(
  fc.constantFrom(
    "/__admin/clock",
    "/__admin/clock/advance",
    "/__admin/name-rules",
    "/__admin/faults",
    "/__admin/journal",
    "/__admin/journal/count",
    "/__admin/tenants",
    "/__admin/platforms",
    "/__admin/snapshot",
    "/__admin/nope",
  ),
  fc
    .tuple(
      fc.constantFrom(
        "/__admin/audits/",
        "/__admin/nickname-audits/",
        "/__admin/faults/",
        "/__admin/tenants/",
      ),
      fc.oneof(safeSegment, fc.integer({ min: -5, max: 2 ** 53 }).map(String)),
      fc.constantFrom("", "/transition", "/schedule", "/x"),
    )
    .map(([a, b, c]) => a + b + c),
);
const adminBodies = fc.oneof(
  bodies,
  fc
    .record(
      {
        to: fc.oneof(
          fc.constantFrom("approved", "rejected", "deferred", "in_review", "succeeded", "failed"),
          anyField,
        ),
        seconds: fc.oneof(fc.double({ min: -10, max: 1e6, noNaN: true }), anyField),
        tenant: fc.oneof(safeSegment, anyField),
        afterReads: anyField,
        afterSeconds: anyField,
        errcode: fc.oneof(fc.constantFrom(-1, 40001, 85012, 0, 1), anyField),
        forbiddenWords: anyField,
        name: anyField,
        limit: anyField,
      },
      { requiredKeys: [] },
    )
    .map((o) => JSON.stringify(o)),
);

describe.each(HOSTS)("fuzzing (%s)", (kind) => {
  let em: Hosted;
  let agent: Agent;
  beforeAll(async () => {
    em = await host(kind, { seed: "fuzz", config: { limits: { journalEntries: 500 } } });
    agent = new Agent({ keepAlive: true, maxSockets: 8 });
  });
  afterAll(async () => {
    agent.destroy();
    await em.close();
  });

  it(`the WeChat surface answers every request WeChat-shaped (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(methods, wechatPaths, query, headers, bodies, async (method, path, q, h, body) => {
        const res = await send(agent, em.url, method, path + q, h, method === "GET" ? undefined : body);
        expect(res.status === 200 || res.status === 404).toBe(true);
        expect(res.contentType).toBe("application/json; encoding=utf-8");
        const json = JSON.parse(res.body) as { errcode: unknown; errmsg: unknown };
        expect(typeof json.errcode).toBe("number");
        expect(typeof json.errmsg).toBe("string");
        if (json.errcode !== 0) expect(json.errmsg).toMatch(RID);
        else expect(res.status).toBe(200);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`the admin API answers every request with JSON, refusals as 4xx errors (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(methods, adminPaths, headers, adminBodies, async (method, path, h, body) => {
        const res = await send(agent, em.url, method, path, h, method === "GET" ? undefined : body);
        expect(res.status).toBeLessThan(500);
        if (method === "OPTIONS" && res.status < 300) return;
        const json = JSON.parse(res.body) as { error?: { code: string; message: string } };
        if (res.status >= 400) {
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(typeof json.error?.code).toBe("string");
          expect(typeof json.error?.message).toBe("string");
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    // and it still works
    expect((await em.admin.health()).ok).toBe(true);
  });
});
