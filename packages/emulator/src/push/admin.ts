/**
 * The push outbox's admin routes: list deliveries with their tries, re-deliver one, push a verify
 * ticket now, and wait until the pushes under way are done (so a test needs no sleep).
 */
import { z } from "zod";
import { adminRoute, component } from "../admin/route.js";
import { TenantName } from "../admin/schema-parts.js";

const DeliveryStateSchema = z.enum(["pending", "delivering", "waiting", "delivered", "failed"]);

export const DeliverySchema = z.object({
  id: z.number().int(),
  platform: z.string(),
  tenant: z.string().optional(),
  /** "message": the message-and-event URL; "auth": the authorization-event URL. */
  target: z.enum(["message", "auth"]),
  /** The event's type and fields, without its secrets (verify ticket, authorization codes). */
  event: z.record(z.string(), z.unknown()),
  state: DeliveryStateSchema,
  /** Unix seconds on the emulator clock. */
  createdAt: z.number().int(),
  attempts: z.array(
    z.object({
      n: z.number().int(),
      at: z.number().int(),
      outcome: z.enum(["success", "wrong_answer", "http_status", "timeout", "connect"]),
      status: z.number().int().optional(),
      answer: z.string().optional(),
      ms: z.number(),
    }),
  ),
  /** When waiting: the unix second of the next try. */
  nextAttemptAt: z.number().int().optional(),
});

export const PushesQuery = z.strictObject({
  platform: z.string().optional(),
  tenant: TenantName.optional(),
  state: DeliveryStateSchema.optional(),
});
export const FlushBody = z.strictObject({
  /** How long to wait at most (real milliseconds, default 30,000). */
  timeoutMs: z.number().int().min(0).max(600_000).optional(),
});
export const VerifyTicketBody = z.strictObject({ platform: z.string().min(1) });

const Delivery = component("PushDelivery", DeliverySchema, "output");

// Fixed paths before `/pushes/{delivery}`, which would otherwise take them.
export const PUSH_ROUTES = [
  adminRoute({
    name: "flushPushes",
    method: "POST",
    path: "/pushes/flush",
    summary: "Wait until no push is pending or under way",
    body: component("PushFlushBody", FlushBody, "input"),
    run: async (em, { body }) => ({ idle: await em.pushes.deliveries.flush(body.timeoutMs ?? 30_000) }),
  }),
  adminRoute({
    name: "pushVerifyTicket",
    method: "POST",
    path: "/pushes/verify-ticket",
    summary: "Push a fresh component_verify_ticket to a platform now",
    body: component("VerifyTicketBody", VerifyTicketBody, "input"),
    status: 201,
    run: (em, { body }) => ({ delivery: em.pushes.pushVerifyTicket(body.platform) }),
  }),
  adminRoute({
    name: "pushes",
    method: "GET",
    path: "/pushes",
    summary: "Push deliveries and their tries",
    query: PushesQuery,
    response: Delivery,
    list: true,
    run: (em, { query }) => em.pushes.deliveries.list(query),
  }),
  adminRoute({
    name: "push",
    method: "GET",
    path: "/pushes/{delivery}",
    summary: "A push delivery",
    response: Delivery,
    run: (em, { params }) => em.pushes.deliveries.get(params.delivery as number),
  }),
  adminRoute({
    name: "redeliverPush",
    method: "POST",
    path: "/pushes/{delivery}/redeliver",
    summary: "Try a push delivery once more, now",
    response: Delivery,
    run: (em, { params }) => em.pushes.deliveries.redeliver(params.delivery as number),
  }),
];
