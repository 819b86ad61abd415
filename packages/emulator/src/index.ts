export type { AdminErrorBody, Snapshot } from "./admin/schemas.js";
export { SnapshotSchema } from "./admin/schemas.js";
export {
  AdminClient,
  AdminError,
  type AdvanceResult,
  type AuditTransitionInput,
  type AuditView,
  type ClockState,
  type Fired,
  type NicknameAuditView,
  type NicknameTransitionInput,
  type TenantView,
  type Trigger,
  tenantOfToken,
} from "./admin-client.js";
export type { Answer, Drop, Outcome, Reply } from "./answers.js";
export { buildApp, createEmulatorApp, emulatorOf } from "./app.js";
export { VirtualClock } from "./clock.js";
export {
  ConfigError,
  ConfigSchema,
  type EmulatorConfig,
  loadConfigFile,
  type PlatformConfig,
  type TenantConfig,
  validateConfig,
} from "./config.js";
export { BODY_LIMIT, Emulator, type EmulatorOptions, type RawRequest, SEEDED_START } from "./emulator.js";
export { type FaultRule, type FaultRuleInput, FaultRuleInputSchema } from "./faults.js";
export { HANDLERS, type Handler, type HandlerContext } from "./handlers/index.js";
export type { JournalEntry, JournalFilter } from "./journal.js";
export { AUDIT_MOVES, IllegalTransitionError, NICKNAME_MOVES } from "./machines.js";
export {
  defaultNameRules,
  type NameRules,
  type NameRulesPatch,
  NameRulesSchema,
  SUBJECT_NAME_WORDING,
} from "./name-rules.js";
export { buildOpenApi } from "./openapi.js";
export { createListener, type RunningEmulator, type StartOptions, startEmulator } from "./start.js";
