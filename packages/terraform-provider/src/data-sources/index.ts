/** Every data source of the provider, by type name. */
import { auditQuota } from "./audit-quota.js";
import { codeAudit } from "./code-audit.js";
import type { DataSource } from "./data-source.js";
import { latestCodeAudit } from "./latest-code-audit.js";
import { nicknameAudit } from "./nickname-audit.js";
import { nicknameCheck } from "./nickname-check.js";

export const DATA_SOURCES: ReadonlyMap<string, DataSource> = new Map(
  [nicknameCheck, nicknameAudit, codeAudit, latestCodeAudit, auditQuota].map((d) => [d.typeName, d]),
);

export type { DataSource } from "./data-source.js";
