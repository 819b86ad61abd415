/** Keys and events shared by the push tests. The sample keys are WeChat's own WXBizMsgCrypt sample. */
import type { KnownPushEvent } from "../../src/push/index.js";

export const SAMPLE = {
  encodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  token: "pamtest",
  timestamp: 1409304348,
  nonce: "xxxxxx",
  appid: "wxb11529c136998cb6",
  random: "aaaabbbbccccdddd",
  message: "我是中文abcd123",
  ciphertext: "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==",
  msgSignature: "82c962d39941aa48552f90ef55aa323dc620cc10",
} as const;

/** Test keys of our own: distinctive strings, so an output can be searched for them. */
export const KEYS = {
  token: "PushTokenSecret77",
  encodingAESKey: "SecretAesKeyZZ0123456789abcdefghijklmnopqrs",
  appid: "wxcomponent0000001",
} as const;

export const NOW = 1_700_000_000;

export const EVENTS = {
  weapp_audit_success: {
    type: "weapp_audit_success",
    toUserName: "gh_fb9688c2a4b2",
    fromUserName: "od1P50M-fNQI5Gcq-trm4a7apsU8",
    createTime: 1488856741,
    succTime: 1488856741,
  },
  weapp_audit_fail: {
    type: "weapp_audit_fail",
    toUserName: "gh_fb9688c2a4b2",
    fromUserName: "od1P50M-fNQI5Gcq-trm4a7apsU8",
    createTime: 1488856591,
    reason:
      '1:账号信息不符合规范:<br>(1):包含色情因素<br>2:服务类目"金融业-保险_"与你提交代码审核时设置的功能页面内容不一致',
    failTime: 1488856591,
    screenshots: ["xxx", "yyy", "zzz"],
  },
  weapp_audit_delay: {
    type: "weapp_audit_delay",
    toUserName: "gh_fb9688c2a4b2",
    fromUserName: "od1P50M-fNQI5Gcq-trm4a7apsU8",
    createTime: 1488856591,
    reason: "为了更好的服务小程序，您的服务商正在进行提审系统的优化，可能会导致审核时效的增长，请耐心等待",
    delayTime: 1488856591,
  },
  wxa_nickname_audit: {
    type: "wxa_nickname_audit",
    toUserName: "gh_fxxxxxxxa4b2",
    fromUserName: "odxxxxM-xxxxxxxx-trm4a7apsU8",
    createTime: 1488800000,
    ret: 2,
    nickname: "昵称",
    reason: "驳回原因",
  },
  component_verify_ticket: {
    type: "component_verify_ticket",
    appId: "wxcomponent0000001",
    createTime: 1413192605,
    ticket: "ticket@@@TicketValueThatIsSecret",
  },
  authorized: {
    type: "authorized",
    appId: "wxcomponent0000001",
    createTime: 1413192760,
    authorizerAppid: "wxauthorizer000001",
    authorizationCode: "queryauthcode@@@abc",
    authorizationCodeExpiredTime: 1413196360,
    preAuthCode: "preauthcode@@@xyz",
  },
  updateauthorized: {
    type: "updateauthorized",
    appId: "wxcomponent0000001",
    createTime: 1413192761,
    authorizerAppid: "wxauthorizer000001",
    authorizationCode: "queryauthcode@@@def",
    authorizationCodeExpiredTime: 1413196361,
    preAuthCode: "preauthcode@@@uvw",
  },
  unauthorized: {
    type: "unauthorized",
    appId: "wxcomponent0000001",
    createTime: 1413192762,
    authorizerAppid: "wxauthorizer000001",
  },
} satisfies { [K in KnownPushEvent["type"]]: Extract<KnownPushEvent, { type: K }> };
