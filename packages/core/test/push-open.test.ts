/** sealPush and openPush: what WeChat sends, everything openPush checks, every failure reason. */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  eventToXml,
  type OpenOptions,
  openPush,
  PUSH_FAILURES,
  type PushFailure,
  pushSignature,
  ReplayGuard,
  sealPush,
  WechatPushError,
} from "../src/push/index.js";
import { EVENTS, KEYS, NOW, SAMPLE } from "./support/push-fixtures.js";

const OPEN: OpenOptions = { ...KEYS, now: () => NOW };
const SEAL = { ...KEYS, timestamp: NOW, nonce: "1234567890" };

function reasonOf(fn: () => unknown): PushFailure {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WechatPushError);
    const e = err as WechatPushError;
    const text = `${e.message} ${JSON.stringify(e)}`;
    for (const secret of [KEYS.token, KEYS.encodingAESKey, "TicketValueThatIsSecret"])
      expect(text).not.toContain(secret);
    return e.reason;
  }
  throw new Error("expected a WechatPushError");
}

describe("sealPush", () => {
  it("aes mode reproduces WeChat's sample: Encrypt and msg_signature", () => {
    const sealed = sealPush(
      { xml: SAMPLE.message, outer: { ToUserName: "gh_sample" } },
      { ...SAMPLE, random: Buffer.from(SAMPLE.random) },
    );
    expect(sealed.query).toEqual({
      signature: pushSignature(SAMPLE.token, String(SAMPLE.timestamp), SAMPLE.nonce),
      timestamp: String(SAMPLE.timestamp),
      nonce: SAMPLE.nonce,
      encrypt_type: "aes",
      msg_signature: SAMPLE.msgSignature,
    });
    expect(sealed.body).toBe(
      `<xml><ToUserName><![CDATA[gh_sample]]></ToUserName><Encrypt><![CDATA[${SAMPLE.ciphertext}]]></Encrypt></xml>`,
    );
  });

  it("wraps InfoType events in AppId, message events in ToUserName", () => {
    expect(sealPush(EVENTS.component_verify_ticket, SEAL).body).toMatch(
      /^<xml><AppId><!\[CDATA\[wxcomponent0000001\]\]><\/AppId><Encrypt>/,
    );
    expect(sealPush(EVENTS.weapp_audit_success, SEAL).body).toMatch(
      /^<xml><ToUserName><!\[CDATA\[gh_fb9688c2a4b2\]\]><\/ToUserName><Encrypt>/,
    );
  });

  it("plain mode: the plaintext XML, and only signature, timestamp, nonce", () => {
    const sealed = sealPush(EVENTS.authorized, { ...SEAL, mode: "plain" });
    expect(sealed.body).toBe(eventToXml(EVENTS.authorized));
    expect(Object.keys(sealed.query).sort()).toEqual(["nonce", "signature", "timestamp"]);
  });
});

describe("openPush", () => {
  it.each(Object.values(EVENTS).map((e) => [e.type, e] as const))(
    "opens a sealed %s (aes and plain)",
    (_t, e) => {
      expect(openPush(sealPush(e, SEAL), OPEN)).toEqual(e);
      expect(
        openPush(sealPush(e, { ...SEAL, mode: "plain" }), { token: KEYS.token, now: () => NOW }),
      ).toEqual(e);
    },
  );

  it("takes URLSearchParams or a record, a string or bytes", () => {
    const { query, body } = sealPush(EVENTS.weapp_audit_fail, SEAL);
    expect(openPush({ query: new URLSearchParams(query), body: Buffer.from(body) }, OPEN)).toEqual(
      EVENTS.weapp_audit_fail,
    );
  });

  it("freshness: 0 or Infinity turns it off; the default is 300 s either way", () => {
    const old = sealPush(EVENTS.weapp_audit_success, { ...SEAL, timestamp: NOW - 301 });
    expect(reasonOf(() => openPush(old, OPEN))).toBe("stale_timestamp");
    expect(openPush(old, { ...OPEN, maxSkewSeconds: 0 })).toEqual(EVENTS.weapp_audit_success);
    expect(openPush(old, { ...OPEN, maxSkewSeconds: Number.POSITIVE_INFINITY })).toEqual(
      EVENTS.weapp_audit_success,
    );
    const future = sealPush(EVENTS.weapp_audit_success, { ...SEAL, timestamp: NOW + 301 });
    expect(reasonOf(() => openPush(future, OPEN))).toBe("stale_timestamp");
    expect(
      openPush(sealPush(EVENTS.weapp_audit_success, { ...SEAL, timestamp: NOW - 300 }), OPEN),
    ).toBeTruthy();
  });
});

describe("every failure reason, each from its own cause", () => {
  const sealed = () => sealPush(EVENTS.component_verify_ticket, SEAL);
  const CAUSES: Record<PushFailure, () => unknown> = {
    body_too_large: () => {
      const s = sealed();
      return openPush({ ...s, body: s.body + " ".repeat(300 * 1024) }, OPEN);
    },
    bad_xml: () => openPush({ ...sealed(), body: "<xml><Encrypt>abc</Encrypt>" }, OPEN),
    xml_doctype: () =>
      openPush({ ...sealed(), body: `<!DOCTYPE x [<!ENTITY a "b">]>${sealed().body}` }, OPEN),
    xml_too_deep: () => openPush({ ...sealed(), body: `${"<x>".repeat(50)}${"</x>".repeat(50)}` }, OPEN),
    missing_field: () => {
      const { msg_signature: _, ...query } = sealed().query;
      return openPush({ query, body: sealed().body }, OPEN);
    },
    bad_field: () => {
      const s = sealed();
      return openPush({ ...s, query: { ...s.query, timestamp: "yesterday" } }, OPEN);
    },
    bad_encrypt_type: () => {
      const s = sealed();
      return openPush({ ...s, query: { ...s.query, encrypt_type: "des" } }, OPEN);
    },
    bad_signature: () => {
      // The ciphertext is random: its first character may already be "A" (1 in 64), so change it
      // to whichever of A and B it is not.
      const s = sealed();
      const body = s.body.replace(
        /(<Encrypt><!\[CDATA\[)(.)/,
        (_, open: string, first: string) => `${open}${first === "A" ? "B" : "A"}`,
      );
      expect(body).not.toBe(s.body);
      return openPush({ ...s, body }, OPEN);
    },
    stale_timestamp: () =>
      openPush(sealPush(EVENTS.component_verify_ticket, { ...SEAL, timestamp: NOW - 3600 }), OPEN),
    replayed_nonce: () => {
      const replay = new ReplayGuard();
      openPush(sealed(), { ...OPEN, replay });
      return openPush(sealed(), { ...OPEN, replay });
    },
    bad_key: () => openPush(sealed(), { ...OPEN, encodingAESKey: "not-a-key" }),
    bad_ciphertext: () => {
      // Tampered and re-signed (as by someone holding the token but not the key): truncated ciphertext.
      const s = sealed();
      const encrypt = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(s.body)![1]!.slice(0, -8);
      const body = `<xml><AppId><![CDATA[x]]></AppId><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
      const query = {
        ...s.query,
        msg_signature: pushSignature(KEYS.token, s.query.timestamp!, s.query.nonce!, encrypt),
      };
      return openPush({ query, body }, OPEN);
    },
    bad_padding: () =>
      openPush(sealed(), { ...OPEN, encodingAESKey: "OtherAesKey0123456789abcdefghijklmnopqrstuv" }),
    appid_mismatch: () => openPush(sealed(), { ...OPEN, appid: "wxsomeoneelse00001" }),
  };

  it("the reasons are pinned", () => {
    expect([...PUSH_FAILURES]).toEqual([
      "body_too_large",
      "bad_xml",
      "xml_doctype",
      "xml_too_deep",
      "missing_field",
      "bad_field",
      "bad_encrypt_type",
      "bad_signature",
      "stale_timestamp",
      "replayed_nonce",
      "bad_key",
      "bad_ciphertext",
      "bad_padding",
      "appid_mismatch",
    ]);
    expect(Object.keys(CAUSES).sort()).toEqual([...PUSH_FAILURES].sort());
  });

  it.each([...PUSH_FAILURES])("%s", (reason) => {
    expect(reasonOf(CAUSES[reason])).toBe(reason);
  });

  it("tampering in plain mode: a wrong signature, or a missing one", () => {
    const s = sealPush(EVENTS.weapp_audit_success, { ...SEAL, mode: "plain" });
    const bad = { ...s, query: { ...s.query, signature: "0".repeat(40) } };
    expect(reasonOf(() => openPush(bad, OPEN))).toBe("bad_signature");
    const { signature: _, ...noSig } = s.query;
    expect(reasonOf(() => openPush({ ...s, query: noSig }, OPEN))).toBe("missing_field");
  });

  it("aes mode: a wrong companion signature is refused too; messages name the failure", () => {
    const s = sealed();
    const e = (() => {
      try {
        openPush({ ...s, query: { ...s.query, signature: "f".repeat(40) } }, OPEN);
      } catch (err) {
        return err as WechatPushError;
      }
    })();
    expect(e?.message).toBe("signature does not match");
    try {
      CAUSES.bad_signature();
    } catch (err) {
      expect((err as Error).message).toBe("msg_signature does not match");
    }
  });

  it("a safe-mode push without keys configured is bad_key, not a crash", () => {
    expect(reasonOf(() => openPush(sealed(), { token: KEYS.token, now: () => NOW }))).toBe("bad_key");
  });
});

describe("ReplayGuard", () => {
  it("remembers within the window, forgets after it", () => {
    const g = new ReplayGuard({ windowSeconds: 60 });
    expect(g.check("n", 1000)).toBe(true);
    expect(g.check("n", 1059)).toBe(false);
    expect(g.check("n", 1060)).toBe(true);
  });

  it("memory is bounded: past maxEntries the oldest go first", () => {
    const g = new ReplayGuard({ windowSeconds: 1e9, maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) g.add(`n${i}`, i);
    expect(g.size).toBe(100);
    expect(g.has("n0", 10_000)).toBe(false);
    expect(g.has("n9999", 10_000)).toBe(true);
    expect(g.has("n9900", 10_000)).toBe(true);
    expect(g.has("n9899", 10_000)).toBe(false);
  });

  it("expired entries are dropped as time goes on", () => {
    const g = new ReplayGuard({ windowSeconds: 10 });
    for (let i = 0; i < 50; i++) g.add(`n${i}`, 0);
    g.add("late", 100);
    expect(g.size).toBe(1);
  });
});

describe("@wxa-audit/core/push loads no HTTP client", () => {
  it("its import graph reaches neither undici nor the client", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, "utf8").matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gms)) {
        const spec = m[1]!;
        if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
        else bare.add(spec);
      }
    };
    visit(resolve(src, "push/index.ts"));
    expect([...bare].filter((s) => !s.startsWith("node:")).sort()).toEqual(["fast-xml-parser"]);
    const files = [...seen].map((f) => f.slice(src.length + 1)).sort();
    expect(files).not.toContain("client.js");
    expect(files.filter((f) => !f.startsWith("push/"))).toEqual(["errcodes.ts", "errors.ts"]);
  });
});
