/**
 * The public surface of @wxa-audit/emulator, named one by one (the README lists it):
 * starting it (startEmulator, the CLI's listener; createEmulatorApp, an Express app to mount; the
 * in-process Emulator), the admin client and its types, the config file, the limits, the state
 * machine tables and the wordings tests compare against. Areas, handlers, the store and the admin route table are
 * internal.
 */
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
  type PushDelivery,
  type PushSettingsView,
  type ReleaseView,
  type TenantView,
  type Trigger,
  tenantOfToken,
} from "./admin-client.js";
export type { Answer, Drop, Reply } from "./answers.js";
export { createEmulatorApp } from "./app.js";
export { AUDIT_MOVES } from "./areas/code-audit/machine.js";
export { NICKNAME_MOVES } from "./areas/nickname/machine.js";
export {
  ConfigError,
  ConfigSchema,
  type EmulatorConfig,
  loadConfigFile,
  type PlatformConfig,
  type TenantConfig,
  validateConfig,
} from "./config.js";
export { Emulator, type EmulatorOptions, type RawRequest, SEEDED_START } from "./emulator.js";
export { DuplicateIdError, IllegalTransitionError, NotFoundError } from "./errors.js";
export type { FaultRule, FaultRuleInput } from "./faults.js";
export type { JournalEntry, JournalFilter } from "./journal.js";
export { DEFAULT_LIMITS, LimitExceededError } from "./limit-options.js";
export { LIMITS, type LimitName, type LimitSpec, type Limits } from "./limits.js";
export type { Cause, Committed, TriggerKind } from "./model/lifecycle.js";
export {
  defaultNameRules,
  type NameRules,
  type NameRulesPatch,
  SUBJECT_NAME_KEYWORD,
  SUBJECT_NAME_WORDING,
} from "./name-rules.js";
export { buildOpenApi } from "./openapi.js";
export { RETRY_AFTER_MS } from "./push/delivery.js";
export { originalId } from "./push/events.js";
export { TICKET_EVERY_MS } from "./push/outbox.js";
export { MAX_DELIVERIES, PUSH_TRIES } from "./push/queue.js";
export { type PushSettings, PushSettingsSchema } from "./push/settings.js";
export { type RunningEmulator, type StartOptions, startEmulator } from "./start.js";
