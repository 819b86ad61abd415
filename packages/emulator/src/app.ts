/**
 * The Express 5 host. Pipeline, in order:
 *   1. /__admin: the admin router (its own auth, body parsing and errors; see admin/router.ts);
 *   2. the WeChat endpoints of the core table: the same handlers as the node:http listener, with
 *      the body read by wire.ts (no body parser in front: the 1 MiB limit and 44002/47001 are
 *      WeChat's, not Express's; a host's parser mounted in front anyway has its result checked
 *      against the same limits, depth first);
 *   3. any other /wxa/ or /cgi-bin/ path: a WeChat-shaped 404; everything else falls through to
 *      the host application.
 */
import express from "express";
import { adminRouter } from "./admin/router.js";
import { Emulator, type EmulatorOptions, routeOf } from "./emulator.js";
import { bodyOfParsed, serveWechat, writeAnswer } from "./wire.js";

const EMULATOR = Symbol.for("wxa-emulator");

export function buildApp(em: Emulator): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  (app as unknown as Record<symbol, Emulator>)[EMULATOR] = em;
  app.use("/__admin", adminRouter(em));
  app.use((req, res, next) => {
    const url = req.url;
    if (routeOf(url)) {
      // A body parser mounted in front of us already consumed the stream: use what it parsed.
      const parsed = (req as { body?: unknown }).body;
      const pre =
        req.readableEnded && parsed !== undefined
          ? bodyOfParsed(parsed, em.limits, req.headers["content-length"])
          : undefined;
      return serveWechat(em, req, res, pre);
    }
    if (url.startsWith("/wxa/") || url.startsWith("/cgi-bin/")) {
      return writeAnswer(req, res, em.notFound(req.method, url.split("?")[0]!));
    }
    next();
  });
  return app;
}

/** The Express app (WeChat surface and /__admin) for mounting in your own server. */
export function createEmulatorApp(opts: Omit<EmulatorOptions, "wall"> = {}): express.Express {
  return buildApp(new Emulator(opts));
}

/** The Emulator behind an app made by createEmulatorApp (for in-process access). */
export function emulatorOf(app: express.Express): Emulator | undefined {
  return (app as unknown as Record<symbol, Emulator | undefined>)[EMULATOR];
}
