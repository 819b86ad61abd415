/** Every endpoint of the core table has its handler here; the type makes a missing one an error. */
import * as codeAudit from "./code-audit.js";
import type { HandlerTable } from "./context.js";
import * as nickname from "./nickname.js";
import * as tokens from "./tokens.js";

export const HANDLERS: HandlerTable = {
  getNickNameStatus: nickname.getNickNameStatus,
  getAuditStatus: codeAudit.getAuditStatus,
  checkNickName: nickname.checkNickName,
  setNickName: nickname.setNickName,
  submitAudit: codeAudit.submitAudit,
  undoCodeAudit: codeAudit.undoCodeAudit,
  speedupCodeAudit: codeAudit.speedupCodeAudit,
  getLatestAuditStatus: codeAudit.getLatestAuditStatus,
  queryQuota: codeAudit.queryQuota,
  getAccessToken: tokens.getAccessToken,
  getStableAccessToken: tokens.getStableAccessToken,
  getComponentAccessToken: tokens.getComponentAccessToken,
  getAuthorizerAccessToken: tokens.getAuthorizerAccessToken,
};

export type { Handler, HandlerContext, HandlerTable } from "./context.js";
