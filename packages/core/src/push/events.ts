/**
 * The pushes this package understands, as typed events, to and from WeChat's plaintext XML.
 *
 * Field names, order and samples, per event (checked against WeChat's pages and SDKs):
 * - weapp_audit_success / _fail / _delay: WeChat's "代码审核结果推送" page
 *   (doc/oplatform/Third-party_Platforms/2.0/api/code/audit_event.html: SuccTime, Reason,
 *   FailTime, ScreenShot, DelayTime), cross-checked with silenceper/wechat
 *   officialaccount/message/message.go (`SuccTime`, `FailTime`, `DelayTime`, `Reason`,
 *   `ScreenShot`) and Senparc's RequestMessageEvent_WeAppAuditSuccess (`SuccTime`).
 * - wxa_nickname_audit: WeChat's "名称审核结果事件推送" page
 *   (.../2.0/api/Mini_Program_Basic_Info/wxa_nickname_audit.html: lower-case `ret`, `nickname`,
 *   `reason`; ret 2 failed, 3 succeeded); silenceper/wechat lists the event name. It is sent to
 *   the message-and-event URL (WeChat corrected the page in 2020, community thread
 *   000060dac00b6840b2da9fdfa51400).
 * - component_verify_ticket: WeChat's "验证票据" page
 *   (.../2.0/api/Before_Develop/component_verify_ticket.html: AppId, CreateTime, InfoType,
 *   ComponentVerifyTicket) and WxJava's WxOpenXmlMessage (`ComponentVerifyTicket`).
 * - authorized / unauthorized / updateauthorized: WeChat's "授权变更通知推送" page
 *   (.../2.0/api/Before_Develop/authorize_event.html: AuthorizerAppid, AuthorizationCode,
 *   AuthorizationCodeExpiredTime, PreAuthCode), WxJava's WxOpenXmlMessage and silenceper/wechat's
 *   MixMessage (same names; AuthorizationCodeExpiredTime a number).
 */
import { WechatPushError } from "./errors.js";
import { buildFlatXml, DEFAULT_MAX_BODY_BYTES, parseFlatXml } from "./xml.js";

/** Fields of every message event (`MsgType` = `event`, sent to the message-and-event URL). */
export interface MessageEventBase {
  /** The mini program's original id (`gh_…`). */
  toUserName: string;
  /** The sender; for these events a WeChat system account, the same for every mini program. */
  fromUserName: string;
  /** Unix seconds. */
  createTime: number;
}

/** Fields of every authorization event (`InfoType`, sent to the authorization-event URL). */
export interface InfoEventBase {
  /** The third-party platform's component appid. */
  appId: string;
  /** Unix seconds. */
  createTime: number;
}

export interface AuditSuccessEvent extends MessageEventBase {
  type: "weapp_audit_success";
  succTime: number;
}
export interface AuditFailEvent extends MessageEventBase {
  type: "weapp_audit_fail";
  reason: string;
  failTime: number;
  /** Media ids of the example screenshots (`ScreenShot` split on `|`; `[]` when empty). */
  screenshots: string[];
}
export interface AuditDelayEvent extends MessageEventBase {
  type: "weapp_audit_delay";
  reason: string;
  delayTime: number;
}
export interface NicknameAuditEvent extends MessageEventBase {
  type: "wxa_nickname_audit";
  /** 2 failed, 3 succeeded. */
  ret: number;
  nickname: string;
  /** Why it failed; `""` when WeChat sends none. */
  reason: string;
}
export interface VerifyTicketEvent extends InfoEventBase {
  type: "component_verify_ticket";
  ticket: string;
}
export interface AuthorizedEvent extends InfoEventBase {
  type: "authorized";
  authorizerAppid: string;
  authorizationCode: string;
  /** Unix seconds. */
  authorizationCodeExpiredTime: number;
  preAuthCode: string;
}
export interface UpdateAuthorizedEvent extends Omit<AuthorizedEvent, "type"> {
  type: "updateauthorized";
}
export interface UnauthorizedEvent extends InfoEventBase {
  type: "unauthorized";
  authorizerAppid: string;
}
/** Any other push (WeChat sends many): its `Event` (or `InfoType`, or `MsgType`) and raw fields. */
export interface UnknownPushEvent {
  type: "unknown";
  name: string;
  fields: Record<string, string>;
}

export type PushEvent =
  | AuditSuccessEvent
  | AuditFailEvent
  | AuditDelayEvent
  | NicknameAuditEvent
  | VerifyTicketEvent
  | AuthorizedEvent
  | UnauthorizedEvent
  | UpdateAuthorizedEvent
  | UnknownPushEvent;

export type KnownPushEvent = Exclude<PushEvent, UnknownPushEvent>;
export type PushEventType = PushEvent["type"];

/** The `type`s that arrive at the authorization-event URL (`InfoType` messages). */
export const INFO_EVENT_TYPES = [
  "component_verify_ticket",
  "authorized",
  "unauthorized",
  "updateauthorized",
] as const;
/** The `type`s that arrive at the message-and-event URL (`MsgType` = `event`). */
export const MESSAGE_EVENT_TYPES = [
  "weapp_audit_success",
  "weapp_audit_fail",
  "weapp_audit_delay",
  "wxa_nickname_audit",
] as const;

export function isInfoEvent(event: KnownPushEvent): event is Extract<KnownPushEvent, InfoEventBase> {
  return (INFO_EVENT_TYPES as readonly string[]).includes(event.type);
}

type Field = readonly [string, string | number];

/** The plaintext XML of an event, exactly as WeChat sends it (CDATA strings, bare numbers). */
export function eventToXml(event: KnownPushEvent): string {
  return buildFlatXml(eventFields(event));
}

function eventFields(e: KnownPushEvent): Field[] {
  if (isInfoEvent(e)) {
    const head: Field[] = [
      ["AppId", e.appId],
      ["CreateTime", e.createTime],
      ["InfoType", e.type],
    ];
    switch (e.type) {
      case "component_verify_ticket":
        return [...head, ["ComponentVerifyTicket", e.ticket]];
      case "unauthorized":
        return [...head, ["AuthorizerAppid", e.authorizerAppid]];
      default:
        return [
          ...head,
          ["AuthorizerAppid", e.authorizerAppid],
          ["AuthorizationCode", e.authorizationCode],
          ["AuthorizationCodeExpiredTime", e.authorizationCodeExpiredTime],
          ["PreAuthCode", e.preAuthCode],
        ];
    }
  }
  const head: Field[] = [
    ["ToUserName", e.toUserName],
    ["FromUserName", e.fromUserName],
    ["CreateTime", e.createTime],
    ["MsgType", "event"],
    ["Event", e.type],
  ];
  switch (e.type) {
    case "weapp_audit_success":
      return [...head, ["SuccTime", e.succTime]];
    case "weapp_audit_fail":
      return [
        ...head,
        ["Reason", e.reason],
        ["FailTime", e.failTime],
        ["ScreenShot", e.screenshots.join("|")],
      ];
    case "weapp_audit_delay":
      return [...head, ["Reason", e.reason], ["DelayTime", e.delayTime]];
    case "wxa_nickname_audit":
      return [...head, ["ret", e.ret], ["nickname", e.nickname], ["reason", e.reason]];
  }
}

/** Parses WeChat's plaintext XML (hardened, see xml.ts) into an event; unknown pushes too. */
export function parseEventXml(xml: string, maxBytes = DEFAULT_MAX_BODY_BYTES): PushEvent {
  return fieldsToEvent(parseFlatXml(xml, maxBytes));
}

/** The event of already-parsed flat fields. */
export function fieldsToEvent(f: Record<string, string>): PushEvent {
  const text = (name: string): string => {
    const v = f[name];
    if (v === undefined) throw new WechatPushError("missing_field", `<${name}> is missing`);
    return v;
  };
  const optional = (name: string): string => f[name] ?? "";
  const int = (name: string): number => {
    const v = text(name);
    if (!/^-?\d{1,15}$/.test(v)) throw new WechatPushError("bad_field", `<${name}> is not an integer`);
    return Number(v);
  };

  const infoType = f.InfoType;
  if (infoType !== undefined) {
    const base = { appId: text("AppId"), createTime: int("CreateTime") };
    switch (infoType) {
      case "component_verify_ticket":
        return { type: infoType, ...base, ticket: text("ComponentVerifyTicket") };
      case "unauthorized":
        return { type: infoType, ...base, authorizerAppid: text("AuthorizerAppid") };
      case "authorized":
      case "updateauthorized":
        return {
          type: infoType,
          ...base,
          authorizerAppid: text("AuthorizerAppid"),
          authorizationCode: text("AuthorizationCode"),
          authorizationCodeExpiredTime: int("AuthorizationCodeExpiredTime"),
          preAuthCode: optional("PreAuthCode"),
        };
      default:
        return unknown(infoType, f);
    }
  }
  const msgType = f.MsgType;
  if (msgType === undefined)
    throw new WechatPushError("missing_field", "neither <InfoType> nor <MsgType> is present");
  if (msgType !== "event") return unknown(msgType, f);
  const event = text("Event");
  const known = (MESSAGE_EVENT_TYPES as readonly string[]).includes(event);
  if (!known) return unknown(event, f);
  const base = {
    toUserName: text("ToUserName"),
    fromUserName: text("FromUserName"),
    createTime: int("CreateTime"),
  };
  switch (event as (typeof MESSAGE_EVENT_TYPES)[number]) {
    case "weapp_audit_success":
      return { type: "weapp_audit_success", ...base, succTime: int("SuccTime") };
    case "weapp_audit_fail": {
      const shots = optional("ScreenShot");
      return {
        type: "weapp_audit_fail",
        ...base,
        reason: optional("Reason"),
        failTime: int("FailTime"),
        screenshots: shots ? shots.split("|").filter((s) => s !== "") : [],
      };
    }
    case "weapp_audit_delay":
      return { type: "weapp_audit_delay", ...base, reason: optional("Reason"), delayTime: int("DelayTime") };
    case "wxa_nickname_audit":
      return {
        type: "wxa_nickname_audit",
        ...base,
        ret: int("ret"),
        nickname: text("nickname"),
        reason: optional("reason"),
      };
  }
}

function unknown(name: string, f: Record<string, string>): UnknownPushEvent {
  return { type: "unknown", name, fields: { ...f } };
}
