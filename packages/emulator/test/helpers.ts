/**
 * The two ways to host the emulator, for contract tests that must pass through both: the CLI's
 * node:http listener (startEmulator) and an Express server that mounts createEmulatorApp().
 */
import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WechatApiError, WechatClient } from "@wxa-audit/core";
import express from "express";
import { expect } from "vitest";
import { AdminClient, createEmulatorApp, type StartOptions, startEmulator } from "../src/index.js";

export interface Hosted {
  url: string;
  admin: AdminClient;
  close(): Promise<void>;
}

export type HostKind = "listener" | "express";
export const HOSTS: HostKind[] = ["listener", "express"];

export async function host(kind: HostKind, opts: Omit<StartOptions, "port" | "host"> = {}): Promise<Hosted> {
  if (kind === "listener") return startEmulator({ ...opts, host: "127.0.0.1", port: 0 });
  return expressHost(opts);
}

/**
 * The emulator's Express app in a host application; with `bodyLimit`, behind the host's own JSON
 * body parser (which reads every body before the emulator sees it).
 */
export async function expressHost(
  opts: Omit<StartOptions, "port" | "host"> = {},
  bodyLimit?: string,
): Promise<Hosted> {
  const outer = express();
  if (bodyLimit !== undefined) outer.use(express.json({ limit: bodyLimit }));
  outer.use(createEmulatorApp(opts));
  const server: Server = outer.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    admin: new AdminClient(url, opts.adminToken),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

let tokenCounter = 0;
/** A fresh made-up token (a fresh lenient-mode tenant). */
export const freshToken = (label = "t") => `${label}-${process.pid}-${++tokenCounter}-token`;

export function client(url: string, token?: string): WechatClient {
  return new WechatClient({
    baseUrl: url,
    ...(token !== undefined && { token }),
    retry: { maxAttempts: 1, baseDelayMs: 1, deadlineMs: 10_000 },
  });
}

export const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

/** Awaits a call that must fail with `errcode`; checks the rid too. */
export async function expectErrcode(p: Promise<unknown>, errcode: number): Promise<WechatApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected errcode ${errcode}`).toBeInstanceOf(WechatApiError);
  const e = err as WechatApiError;
  expect(e.errcode).toBe(errcode);
  expect(e.errmsg).toMatch(RID);
  return e;
}

/** A raw HTTP exchange (for what the typed client will not send). */
export async function raw(
  url: string,
  path: string,
  init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {},
): Promise<{
  status: number;
  contentType: string | null;
  /** The emulator's x-wxa-emulator-detail header: what was wrong with a request answered 47001. */
  detail: string | null;
  text: string;
  json: Record<string, unknown> | undefined;
}> {
  const res = await fetch(url + path, {
    method: init.method ?? "POST",
    ...(init.body !== undefined && { body: init.body }),
    ...(init.headers && { headers: init.headers }),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    detail: res.headers.get("x-wxa-emulator-detail"),
    text,
    json,
  };
}

/** Submits the committed code and has the audit approved through the admin API; its auditid. */
export async function approvedAudit(em: Hosted, c: WechatClient): Promise<number> {
  const { auditid } = await c.submitAudit({});
  await em.admin.transitionAudit(auditid, { to: "approved" });
  return auditid;
}
