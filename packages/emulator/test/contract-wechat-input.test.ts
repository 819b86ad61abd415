/**
 * Reading requests as WeChat does, on both hosts (wechat-fidelity.md, "Doc samples" and issue 11):
 * - a top-level field sent as JSON `null` is absent: optional ones are simply not there, a
 *   required one is missing (47001);
 * - every 47001's errmsg is WeChat's own, `data format error rid: ...`; what was wrong (a field
 *   path or a limit) is in the emulator's `x-wxa-emulator-detail` header and the journal entry.
 */
import { ENDPOINT_LIST, type EndpointDef, WechatApiError } from "@wxa-audit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, expectErrcode, freshToken, HOSTS, type Hosted, host, RID, raw } from "./helpers.js";

/** WeChat's errmsg for 47001, whole: nothing between the text and the rid. */
const DATA_FORMAT_ERROR = /^data format error rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

/** The query that authorizes a call of `def` (a fresh lenient tenant for mini-program calls). */
function authQuery(def: EndpointDef, token = freshToken()): string {
  return def.auth === "none" ? "" : `?${def.auth}=${token}`;
}

/** The request's top-level fields, split by whether the schema lets them be absent. */
function fieldsOf(def: EndpointDef): { required: string[]; optional: string[] } {
  const shape = (
    def.request as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }
  ).shape;
  const required: string[] = [];
  const optional: string[] = [];
  for (const [name, schema] of Object.entries(shape))
    (schema.safeParse(undefined).success ? optional : required).push(name);
  return { required, optional };
}

const BODY_ENDPOINTS = ENDPOINT_LIST.filter((d) => d.input === "body");

describe.each(HOSTS)("request reading (%s)", (kind) => {
  let em: Hosted;
  beforeAll(async () => {
    em = await host(kind, { seed: 11 });
  });
  afterAll(() => em.close());

  const post = (path: string, body: unknown) => raw(em.url, path, { body: JSON.stringify(body) });

  it('setnickname with "license": null (and the other material fields null) gets the business answer', async () => {
    const token = freshToken();
    const res = await post(`/wxa/setnickname?access_token=${token}`, {
      nick_name: "Sunny Notes",
      id_card: null,
      license: null,
      naming_other_stuff_1: null,
      naming_other_stuff_2: null,
      naming_other_stuff_3: null,
      naming_other_stuff_4: null,
      naming_other_stuff_5: null,
    });
    expect(res.detail).toBeNull();
    expect(res.json).toEqual({ errcode: 0, errmsg: "ok", wording: "" });
    // The journal keeps the request as it was sent, nulls included.
    const [entry] = await em.admin.journal({ tenant: em.admin.tenantOf(token), limit: 1 });
    expect(entry).toMatchObject({ endpoint: "setNickName", errcode: 0, request: { license: null } });
    expect(entry?.detail).toBeUndefined();
  });

  it("submit_audit with every optional field null opens a sheet, as an empty body does", async () => {
    const token = freshToken();
    const res = await post(`/wxa/submit_audit?access_token=${token}`, {
      item_list: null,
      version_desc: null,
      feedback_info: null,
      feedback_stuff: null,
      privacy_api_not_use: null,
      order_path: null,
    });
    expect(res.json).toEqual({ errcode: 0, errmsg: "ok", auditid: expect.any(Number) });
    const status = await client(em.url, token).getAuditStatus({ auditid: res.json?.auditid as number });
    expect(status.status).toBe(2);
  });

  it("a null in an item_list entry is absent too: the entries' fields are typed", async () => {
    const res = await post(`/wxa/submit_audit?access_token=${freshToken()}`, {
      item_list: [{ first_class: "教育", first_id: 1, address: "pages/index/index", tag: null, title: null }],
    });
    expect(res.json).toEqual({ errcode: 0, errmsg: "ok", auditid: expect.any(Number) });
  });

  it.each([
    ["/wxa/get_auditstatus", { auditid: null }, "auditid"],
    ["/wxa/speedupaudit", { auditid: null }, "auditid"],
    ["/wxa/api_wxa_querynickname", { audit_id: null }, "audit_id"],
    ["/wxa/setnickname", { nick_name: null, license: null }, "nick_name"],
    ["/cgi-bin/wxverify/checkwxverifynickname", { nick_name: null }, "nick_name"],
  ])(
    "%s: a required field sent as null is still 47001, WeChat's errmsg, the field in header and journal",
    async (path, body, field) => {
      const token = freshToken();
      const res = await post(`${path}?access_token=${token}`, body);
      expect(res.status).toBe(200);
      expect(res.json?.errcode).toBe(47001);
      expect(String(res.json?.errmsg)).toMatch(DATA_FORMAT_ERROR);
      expect(Object.keys(res.json ?? {})).toEqual(["errcode", "errmsg"]);
      expect(res.detail).toBe(`${field}: required, sent as null`);
      const [entry] = await em.admin.journal({ tenant: em.admin.tenantOf(token), limit: 1 });
      expect(entry).toMatchObject({ errcode: 47001, detail: res.detail, answer: res.json });
    },
  );

  it("every body endpoint: all fields null is 47001 only for a required one, never naming an optional one", async () => {
    for (const def of BODY_ENDPOINTS) {
      const { required, optional } = fieldsOf(def);
      const body = Object.fromEntries([...required, ...optional].map((f) => [f, null]));
      const res = await post(`${def.path}${authQuery(def)}`, body);
      if (required.length === 0) {
        expect(res.json?.errcode, def.name).not.toBe(47001);
        expect(res.detail, def.name).toBeNull();
      } else {
        expect(res.json?.errcode, def.name).toBe(47001);
        expect(String(res.json?.errmsg), def.name).toMatch(DATA_FORMAT_ERROR);
        const named = String(res.detail).split(":")[0];
        expect(required, `${def.name}: ${res.detail}`).toContain(named);
      }
    }
  });

  it("every body endpoint: its optional fields sent as null read the same as absent", async () => {
    for (const def of BODY_ENDPOINTS) {
      const { required, optional } = fieldsOf(def);
      if (optional.length === 0) continue;
      // Required fields missing on purpose: both bodies then answer for the same missing field,
      // and an optional null must not be what the answer is about.
      const absent = await post(`${def.path}${authQuery(def)}`, {});
      const nulls = await post(
        `${def.path}${authQuery(def)}`,
        Object.fromEntries(optional.map((f) => [f, null])),
      );
      expect(nulls.json?.errcode, def.name).toBe(absent.json?.errcode);
      expect(nulls.detail, def.name).toBe(absent.detail);
      if (required.length === 0) expect(nulls.json?.errcode, def.name).not.toBe(47001);
    }
  });

  it("the body-level 47001s: WeChat's errmsg, the reason in header and journal", async () => {
    const token = freshToken();
    const tenant = em.admin.tenantOf(token);
    const cases: Array<[string, string]> = [
      ["{auditid:1", "body is not JSON"],
      ["[1]", "body is not a JSON object"],
      ['{"auditid":true}', "auditid: "],
      [`{"auditid":1,"x":${"[".repeat(70)}${"]".repeat(70)}}`, "nested deeper than 64"],
    ];
    for (const [body, reason] of cases) {
      const res = await raw(em.url, `/wxa/get_auditstatus?access_token=${token}`, { body });
      expect(res.json?.errcode, body).toBe(47001);
      expect(String(res.json?.errmsg), body).toMatch(DATA_FORMAT_ERROR);
      expect(res.detail, body).toContain(reason);
      const [entry] = await em.admin.journal({ tenant, limit: 1 });
      expect(entry?.detail, body).toBe(res.detail);
    }
  });

  it("an answer that is not a 47001 carries no detail header, and its journal entry no detail", async () => {
    const token = freshToken();
    const res = await post(`/wxa/get_auditstatus?access_token=${token}`, { auditid: 1 });
    expect(res.json?.errcode).toBe(85012);
    expect(res.detail).toBeNull();
    const [entry] = await em.admin.journal({ tenant: em.admin.tenantOf(token), limit: 1 });
    expect(entry).not.toHaveProperty("detail");
  });

  describe("through core's client", () => {
    it("an error answer's other fields are on the error: 85012's zero values, exactly", async () => {
      const token = freshToken();
      const err = await expectErrcode(client(em.url, token).getAuditStatus({ auditid: 424242 }), 85012);
      expect(err.fields).toEqual({ status: 0, reason: "", screenshot: "" });
      const wire = await post(`/wxa/get_auditstatus?access_token=${token}`, { auditid: 424242 });
      const { errcode: _c, errmsg: _m, ...rest } = wire.json ?? {};
      expect(err.fields).toEqual(rest);
      expect(err.rid).toBe(RID.exec(err.errmsg)?.[0].slice(" rid: ".length));
    });

    it("an answer with nothing but errcode and errmsg gives fields {}; ids are numbers", async () => {
      const token = freshToken();
      const c = client(em.url, token);
      const { auditid } = await c.submitAudit({});
      expect(typeof auditid).toBe("number");
      expect((await c.getLatestAuditStatus()).auditid).toBe(auditid);
      const err = await c.submitAudit({}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WechatApiError);
      expect(err).toMatchObject({ errcode: 85009, fields: {} });
    });
  });
});
