/**
 * How the commit point applies a change that is not a transition, and what it records of it. The
 * record is built field by field from the change's public part, so nothing secret it carries
 * (a token's hash, a stable token's value, a tenant's config) can reach the journal or subscribers.
 */
import type { FaultRules } from "../faults.js";
import type { Limits } from "../limits.js";
import { PushSettingsSchema } from "../push/settings.js";
import { secretHash } from "../tenants/secrets.js";
import { seedTenant } from "../tenants/seed.js";
import type { ChangeBody, Recorded, Write } from "./changes.js";
import type { Store } from "./store.js";
import { newQuota, WRITES } from "./writes.js";

/** Applies `w`; `store` is read again after, since a reset or an import replaces it. */
export function applyWrite(
  w: Write,
  store: () => Store | undefined,
  faults: () => FaultRules,
  limits: Limits,
): Recorded {
  const body = applyBody(w, store() as Store, faults(), limits);
  const at = store()!
    .clockOf("tenant" in body ? body.tenant : undefined)
    .now();
  return { ...body, trigger: w.cause.trigger, by: w.cause.by, at };
}

function applyBody(w: Write, store: Store, faults: FaultRules, limits: Limits): ChangeBody {
  switch (w.kind) {
    case "counter": {
      const t = tenant(store, w.tenant);
      if (w.counter === "quota" && w.platform !== undefined) WRITES.setPoolQuota(store, w.platform, w.to);
      else WRITES.setCounter(t, w);
      // A copy: the tenant's counters change again later, the journal's must not.
      const platform = w.counter === "quota" && w.platform !== undefined ? { platform: w.platform } : {};
      return {
        kind: "counter",
        tenant: w.tenant,
        counter: w.counter,
        to: { ...w.to },
        ...platform,
      } as ChangeBody;
    }
    case "flag": {
      const rec = store.recordsOf(w.record.kind).get(w.record.id);
      if (!rec) throw new Error(`no ${w.record.kind} ${w.record.id}`);
      WRITES.setFlag(rec, w.flag, w.to);
      return { kind: "flag", tenant: w.tenant, record: { ...w.record }, flag: w.flag, to: w.to };
    }
    case "rename":
      WRITES.rename(tenant(store, w.tenant), w.to, store.clockOf(w.tenant).now());
      return { kind: "rename", tenant: w.tenant, to: w.to };
    case "release": {
      WRITES.setRelease(tenant(store, w.tenant), w);
      // A copy: the journal keeps this step's state, whatever the tenant's becomes.
      return {
        kind: "release",
        tenant: w.tenant,
        step: w.step,
        to: structuredClone(w.to),
        ...(w.flags && { flags: { ...w.flags } }),
        ...(w.userVersion !== undefined && { userVersion: w.userVersion }),
      };
    }
    case "token":
      WRITES.putToken(store, w.tenant, w.tokenKind, w.hash, w.expiresAtMs, limits, w.stable, w.supersede);
      return {
        kind: "token",
        tenant: w.tenant,
        tokenKind: w.tokenKind,
        expiresAtMs: w.expiresAtMs,
        ...(w.supersede && { supersede: true as const }),
      };
    case "setup":
      return applySetup(w, store, faults);
  }
}

function applySetup(w: Write & { kind: "setup" }, store: Store, faults: FaultRules): ChangeBody {
  switch (w.what) {
    case "tenant": {
      const replaced = store.tenant(w.config.name) !== undefined;
      const t = seedTenant(WRITES, store, w.config, w.lenient === true);
      return { kind: "setup", what: "tenant", tenant: t.name, ...(replaced && { replaced }) };
    }
    case "evict":
      WRITES.dropTenant(store, w.tenant);
      return { kind: "setup", what: "evict", tenant: w.tenant };
    case "own-clock":
      WRITES.ownClock(store, tenant(store, w.tenant!));
      return { kind: "setup", what: "own-clock", tenant: w.tenant! };
    case "platform":
      WRITES.putPlatform(store, {
        appid: w.config.appid,
        secretHash: secretHash(w.config.secret),
        ticketHash: secretHash(w.config.verifyTicket),
        ...(w.config.ipWhitelist && { ipWhitelist: [...w.config.ipWhitelist] }),
        ...(w.config.push && { push: PushSettingsSchema.parse(w.config.push) }),
      });
      // A platform (re)added starts its shared audit quota afresh, as a tenant does its own.
      WRITES.setPoolQuota(store, w.config.appid, newQuota(store.clock.now(), w.config.quota));
      return { kind: "setup", what: "platform", id: w.config.appid };
    case "name-rules":
      WRITES.setRules(store, w.rules);
      return { kind: "setup", what: "name-rules" };
    case "fault-add":
      w.added = faults.add(w.input, store.clock.nowMs());
      return { kind: "setup", what: "fault-add", id: w.added.id };
    case "fault-remove":
      w.removed = faults.remove(w.id);
      return { kind: "setup", what: "fault-remove", id: w.id };
    case "token-access":
      WRITES.setTokenAccess(tenant(store, w.tenant), w.access);
      return { kind: "setup", what: "token-access", tenant: w.tenant };
    case "verify-ticket":
      WRITES.addPushedTicket(store, w.platform, w.hash, w.expiresAtMs, store.clock.nowMs());
      return { kind: "setup", what: "verify-ticket", id: w.platform };
    case "faults-clear":
      faults.clear();
      return { kind: "setup", what: "faults-clear" };
    case "reset":
      if (w.target !== undefined) WRITES.dropTenant(store, w.target);
      else w.install(WRITES);
      return { kind: "setup", what: "reset", ...(w.target !== undefined && { target: w.target }) };
    case "snapshot":
      w.install(WRITES);
      return { kind: "setup", what: "snapshot" };
  }
}

function tenant(store: Store, name: string) {
  const t = store.tenant(name);
  if (!t) throw new Error(`no tenant ${name}`);
  return t;
}
