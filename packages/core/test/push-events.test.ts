/** Events to and from WeChat's plaintext XML, WeChat's documented samples, and the XML hardening. */
import { describe, expect, it } from "vitest";
import { eventToXml, type PushEvent, parseEventXml, WechatPushError } from "../src/push/index.js";
import { EVENTS } from "./support/push-fixtures.js";

function failure(fn: () => unknown): WechatPushError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WechatPushError);
    return err as WechatPushError;
  }
  throw new Error("expected a WechatPushError");
}

// The decrypted samples from WeChat's pages (see the comment in src/push/events.ts for which).
// The authorization samples end in `<xml>` on WeChat's page, a typo: real pushes close `</xml>`.
const DOC_SAMPLES: Array<[string, PushEvent]> = [
  [
    `<xml>
<ToUserName><![CDATA[gh_fb9688c2a4b2]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856741</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[weapp_audit_success]]></Event>
<SuccTime>1488856741</SuccTime>
</xml>`,
    EVENTS.weapp_audit_success,
  ],
  [
    `<xml>
<ToUserName><![CDATA[gh_fb9688c2a4b2]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856591</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[weapp_audit_fail]]></Event>
<Reason><![CDATA[1:账号信息不符合规范:<br>(1):包含色情因素<br>2:服务类目"金融业-保险_"与你提交代码审核时设置的功能页面内容不一致]]></Reason>
<FailTime>1488856591</FailTime>
<ScreenShot><![CDATA[xxx|yyy|zzz]]></ScreenShot>
</xml>`,
    EVENTS.weapp_audit_fail,
  ],
  [
    `<xml>
<ToUserName><![CDATA[gh_fb9688c2a4b2]]></ToUserName>
<FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName>
<CreateTime>1488856591</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[weapp_audit_delay]]></Event>
<Reason><![CDATA[为了更好的服务小程序，您的服务商正在进行提审系统的优化，可能会导致审核时效的增长，请耐心等待]]></Reason>
<DelayTime>1488856591</DelayTime>
</xml>`,
    EVENTS.weapp_audit_delay,
  ],
  [
    `<xml>
<ToUserName><![CDATA[gh_fxxxxxxxa4b2]]></ToUserName>
<FromUserName><![CDATA[odxxxxM-xxxxxxxx-trm4a7apsU8]]></FromUserName>
<CreateTime>1488800000</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[wxa_nickname_audit]]></Event>
<ret>2</ret>
<nickname>昵称</nickname>
<reason>驳回原因</reason>
</xml>`,
    EVENTS.wxa_nickname_audit,
  ],
  [
    `<xml>
<AppId>some_appid</AppId>
<CreateTime>1413192605</CreateTime>
<InfoType>component_verify_ticket</InfoType>
<ComponentVerifyTicket>some_verify_ticket</ComponentVerifyTicket>
</xml>`,
    {
      type: "component_verify_ticket",
      appId: "some_appid",
      createTime: 1413192605,
      ticket: "some_verify_ticket",
    },
  ],
  [
    `<xml>
  <AppId>第三方平台appid</AppId>
  <CreateTime>1413192760</CreateTime>
  <InfoType>authorized</InfoType>
  <AuthorizerAppid>公众号appid</AuthorizerAppid>
  <AuthorizationCode>授权码</AuthorizationCode>
  <AuthorizationCodeExpiredTime>1413196360</AuthorizationCodeExpiredTime>
  <PreAuthCode>预授权码</PreAuthCode>
</xml>`,
    {
      type: "authorized",
      appId: "第三方平台appid",
      createTime: 1413192760,
      authorizerAppid: "公众号appid",
      authorizationCode: "授权码",
      authorizationCodeExpiredTime: 1413196360,
      preAuthCode: "预授权码",
    },
  ],
  [
    `<xml>
  <AppId>第三方平台appid</AppId>
  <CreateTime>1413192760</CreateTime>
  <InfoType>unauthorized</InfoType>
  <AuthorizerAppid>公众号appid</AuthorizerAppid>
</xml>`,
    {
      type: "unauthorized",
      appId: "第三方平台appid",
      createTime: 1413192760,
      authorizerAppid: "公众号appid",
    },
  ],
  [
    `<xml>
  <AppId>第三方平台appid</AppId>
  <CreateTime>1413192760</CreateTime>
  <InfoType>updateauthorized</InfoType>
  <AuthorizerAppid>公众号appid</AuthorizerAppid>
  <AuthorizationCode>授权码</AuthorizationCode>
  <AuthorizationCodeExpiredTime>1413196360</AuthorizationCodeExpiredTime>
  <PreAuthCode>预授权码</PreAuthCode>
</xml>`,
    {
      type: "updateauthorized",
      appId: "第三方平台appid",
      createTime: 1413192760,
      authorizerAppid: "公众号appid",
      authorizationCode: "授权码",
      authorizationCodeExpiredTime: 1413196360,
      preAuthCode: "预授权码",
    },
  ],
];

describe("WeChat's documented samples", () => {
  it.each(DOC_SAMPLES.map(([xml, event]) => [event.type, xml, event] as const))(
    "%s parses",
    (_t, xml, event) => {
      expect(parseEventXml(xml)).toEqual(event);
    },
  );
});

describe("eventToXml", () => {
  it.each(Object.values(EVENTS).map((e) => [e.type, e] as const))("%s round-trips", (_t, event) => {
    expect(parseEventXml(eventToXml(event))).toEqual(event);
  });

  it("writes WeChat's shape: CDATA strings, bare numbers, WeChat's field order", () => {
    expect(eventToXml(EVENTS.weapp_audit_success)).toBe(
      "<xml><ToUserName><![CDATA[gh_fb9688c2a4b2]]></ToUserName><FromUserName><![CDATA[od1P50M-fNQI5Gcq-trm4a7apsU8]]></FromUserName><CreateTime>1488856741</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[weapp_audit_success]]></Event><SuccTime>1488856741</SuccTime></xml>",
    );
    expect(eventToXml(EVENTS.component_verify_ticket)).toBe(
      "<xml><AppId><![CDATA[wxcomponent0000001]]></AppId><CreateTime>1413192605</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@TicketValueThatIsSecret]]></ComponentVerifyTicket></xml>",
    );
    expect(eventToXml(EVENTS.wxa_nickname_audit)).toContain(
      "<ret>2</ret><nickname><![CDATA[昵称]]></nickname><reason><![CDATA[驳回原因]]></reason>",
    );
    expect(eventToXml(EVENTS.weapp_audit_fail)).toMatch(
      /<Reason><!\[CDATA\[.*\]\]><\/Reason><FailTime>1488856591<\/FailTime><ScreenShot><!\[CDATA\[xxx\|yyy\|zzz\]\]><\/ScreenShot><\/xml>$/,
    );
  });

  it("no screenshots: ScreenShot empty, parsed back as []", () => {
    const e = { ...EVENTS.weapp_audit_fail, screenshots: [] } as PushEvent & { type: "weapp_audit_fail" };
    expect(eventToXml(e)).toContain("<ScreenShot><![CDATA[]]></ScreenShot>");
    expect(parseEventXml(eventToXml(e))).toEqual(e);
    const noField = eventToXml(e).replace("<ScreenShot><![CDATA[]]></ScreenShot>", "");
    expect(parseEventXml(noField)).toMatchObject({ screenshots: [] });
  });

  it("text that cannot be one CDATA section, and markup characters, survive", () => {
    const e = { ...EVENTS.weapp_audit_delay, reason: "a ]]> b <c> & 'd'" };
    expect(parseEventXml(eventToXml(e))).toEqual(e);
  });
});

describe("other pushes are not errors", () => {
  it("an unknown Event, an unknown InfoType, a non-event message", () => {
    expect(
      parseEventXml(
        "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[wxa_privacy_apply]]></Event><result_info><![CDATA[x]]></result_info></xml>",
      ),
    ).toEqual({
      type: "unknown",
      name: "wxa_privacy_apply",
      fields: {
        ToUserName: "gh_1",
        FromUserName: "o1",
        CreateTime: "1",
        MsgType: "event",
        Event: "wxa_privacy_apply",
        result_info: "x",
      },
    });
    expect(
      parseEventXml(
        "<xml><AppId>a</AppId><CreateTime>1</CreateTime><InfoType>notify_third_fasteregister</InfoType></xml>",
      ),
    ).toMatchObject({ type: "unknown", name: "notify_third_fasteregister" });
    expect(
      parseEventXml("<xml><MsgType>text</MsgType><MsgId>42</MsgId><Content>hi</Content></xml>"),
    ).toMatchObject({
      type: "unknown",
      name: "text",
      fields: { MsgId: "42" },
    });
  });
});

describe("fields", () => {
  it("missing_field: a required field absent, or no InfoType/MsgType at all", () => {
    const noSucc = eventToXml(EVENTS.weapp_audit_success).replace("<SuccTime>1488856741</SuccTime>", "");
    const e = failure(() => parseEventXml(noSucc));
    expect(e.reason).toBe("missing_field");
    expect(e.message).toBe("<SuccTime> is missing");
    expect(failure(() => parseEventXml("<xml><A>1</A></xml>")).reason).toBe("missing_field");
    expect(failure(() => parseEventXml("<xml></xml>")).reason).toBe("missing_field");
  });

  it("bad_field: a time that is not an integer", () => {
    const xml = eventToXml(EVENTS.authorized).replace(
      "<CreateTime>1413192760</CreateTime>",
      "<CreateTime>soon</CreateTime>",
    );
    expect(failure(() => parseEventXml(xml)).reason).toBe("bad_field");
  });
});

describe("XML hardening", () => {
  it("xml_doctype: any DOCTYPE, including the billion laughs, is refused before parsing", () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><AppId>&lol9;</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>t</ComponentVerifyTicket></xml>`;
    const e = failure(() => parseEventXml(laughs));
    expect(e.reason).toBe("xml_doctype");
    expect(e.message).toBe("DOCTYPE and entity declarations are refused");
    expect(failure(() => parseEventXml('<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml/>')).reason).toBe(
      "xml_doctype",
    );
    expect(failure(() => parseEventXml('<xml><!ENTITY x "y"><A>1</A></xml>')).reason).toBe("xml_doctype");
    // The same words inside CDATA are text, not declarations.
    expect(
      parseEventXml("<xml><MsgType>text</MsgType><Content><![CDATA[<!DOCTYPE x>]]></Content></xml>"),
    ).toMatchObject({
      fields: { Content: "<!DOCTYPE x>" },
    });
  });

  it("xml_too_deep: deep nesting is refused by a flat scan, without a stack overflow", () => {
    const deep = `${"<a>".repeat(30_000)}${"</a>".repeat(30_000)}`;
    expect(failure(() => parseEventXml(deep)).reason).toBe("xml_too_deep");
    const deeper = `${"<a>".repeat(1_000_000)}${"</a>".repeat(1_000_000)}`;
    expect(failure(() => parseEventXml(deeper, 8 * 1024 * 1024)).reason).toBe("xml_too_deep");
    expect(failure(() => parseEventXml(`<xml>${"<a>".repeat(9)}x${"</a>".repeat(9)}</xml>`)).reason).toBe(
      "xml_too_deep",
    );
  });

  it("bad_xml: not well-formed, another root, nested or repeated children, bare text", () => {
    for (const xml of [
      "",
      "not xml",
      "<xml><A>1</A>",
      "<xml><A>1</B></xml>",
      "<root><A>1</A></root>",
      "<xml><A>1</A></xml><xml><A>2</A></xml>",
      "<xml><A><B>1</B></A></xml>",
      "<xml><A>1</A><A>2</A></xml>",
      "<xml>text<A>1</A></xml>",
      "<xml><A><![CDATA[x</A></xml>",
    ]) {
      expect(failure(() => parseEventXml(xml)).reason, xml).toBe("bad_xml");
    }
  });

  it("body_too_large: the XML bound is checked before parsing", () => {
    const big = `<xml><MsgType>text</MsgType><Content>${"x".repeat(300 * 1024)}</Content></xml>`;
    expect(failure(() => parseEventXml(big)).reason).toBe("body_too_large");
    expect(parseEventXml(big, 1024 * 1024)).toMatchObject({ type: "unknown" });
  });
});
