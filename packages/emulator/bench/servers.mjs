// One server per process, so each one's RSS is its own: `node servers.mjs <kind>` prints its URL.
//   bare-node     a bare node:http JSON route (reads the body, answers JSON)
//   bare-express  a bare Express 5 JSON route (express.json(), res.json)
//   mounted       an Express 5 server mounting createEmulatorApp()
import { createServer } from "node:http";
import express from "express";
import { createEmulatorApp } from "../dist/index.js";

const kind = process.argv[2];
const ANSWER = { errcode: 0, errmsg: "ok", status: 2 };
let server;
if (kind === "bare-node") {
  server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      const body = JSON.stringify(ANSWER);
      res.writeHead(200, {
        "content-type": "application/json; encoding=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
} else if (kind === "bare-express") {
  const app = express();
  app.post("/wxa/get_auditstatus", express.json(), (_req, res) => res.json(ANSWER));
  server = createServer(app);
} else if (kind === "mounted") {
  const app = express();
  app.use(createEmulatorApp({ seed: 1 }));
  server = createServer(app);
} else {
  throw new Error(`unknown server kind ${kind}`);
}
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`ready http://127.0.0.1:${server.address().port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
