// Compiled (noEmit) under nodenext (tsconfig.json) and bundler (tsconfig.bundler.json) resolution.
import { AuditStatus, WechatNicknameCheck } from "@wxa-audit/cdktf-provider";
import { setupWxaMatchers, wxaMatchers } from "@wxa-audit/cdktf-provider/testing";
import { AUDIT_STATUS_NAMES, WechatApiError, WechatClient } from "@wxa-audit/core";
import { createPushHandler } from "@wxa-audit/core/push";
import { ERRCODES } from "@wxa-audit/core/tables";
import { type RunningEmulator, startEmulator } from "@wxa-audit/emulator";

export const used: unknown[] = [AuditStatus.Approved, WechatNicknameCheck, setupWxaMatchers, wxaMatchers];
export const core: unknown[] = [
  AUDIT_STATUS_NAMES,
  WechatApiError,
  WechatClient,
  createPushHandler,
  ERRCODES,
];
export const start: () => Promise<RunningEmulator> = () => startEmulator({ port: 0 });
