/**
 * Which push a committed change makes, and the fields WeChat fills in around it. The areas say
 * which of their transitions WeChat pushes (`RecordArea.pushEvent`); this module adds the
 * addressing (the mini program's original id) and builds the platform events (verify ticket,
 * authorization).
 */
import { createHash, randomBytes } from "node:crypto";
import type {
  AuthorizedEvent,
  KnownPushEvent,
  UpdateAuthorizedEvent,
  VerifyTicketEvent,
} from "@wxa-audit/core/push";

/** A push the emulator makes: any event but the parser's catch-all. */
export type OutgoingEvent = KnownPushEvent;

type MessageEvent = Extract<OutgoingEvent, { toUserName: string }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What an area says of a message event: its type and own fields (addressing and time come from here). */
export type MessageEventBody = DistributiveOmit<MessageEvent, "toUserName" | "fromUserName" | "createTime">;

/**
 * The mini program's original id (`gh_` and 12 hex digits), derived from the appid: the emulator
 * has no registration step to draw one, and a stable derivation lets a test compute it.
 */
export function originalId(appid: string): string {
  return `gh_${createHash("sha256").update(`original:${appid}`).digest("hex").slice(0, 12)}`;
}

/** The sender of audit events, an openid-like id (WeChat's samples show `od1P50M-...`), stable per appid. */
export function systemOpenId(appid: string): string {
  return `od${createHash("sha256").update(`openid:${appid}`).digest("base64url").slice(0, 26)}`;
}

export function messageEvent(appid: string, body: MessageEventBody, at: number): MessageEvent {
  return {
    ...body,
    toUserName: originalId(appid),
    fromUserName: systemOpenId(appid),
    createTime: at,
  } as MessageEvent;
}

/** A fresh verify ticket (WeChat's look: `ticket@@@` and random characters). */
export function newVerifyTicket(): string {
  return `ticket@@@${randomBytes(48).toString("base64url")}`;
}

export function verifyTicketEvent(platform: string, ticket: string, at: number): VerifyTicketEvent {
  return { type: "component_verify_ticket", appId: platform, createTime: at, ticket };
}

/** A mini program authorized the platform (or changed what it granted): WeChat's InfoType events. */
export function authorizationEvent(
  platform: string,
  authorizer: string,
  replaced: boolean,
  at: number,
): AuthorizedEvent | UpdateAuthorizedEvent {
  return {
    type: replaced ? "updateauthorized" : "authorized",
    appId: platform,
    createTime: at,
    authorizerAppid: authorizer,
    // The emulator has no api_query_auth: the code is WeChat-shaped, not redeemable.
    authorizationCode: `queryauthcode@@@${randomBytes(24).toString("base64url")}`,
    authorizationCodeExpiredTime: at + 3600,
    preAuthCode: `preauthcode@@@${randomBytes(24).toString("base64url")}`,
  };
}
