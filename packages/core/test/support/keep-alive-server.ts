/**
 * A bare HTTP server that answers every request with one successful get_auditstatus and keeps
 * connections alive, recording its sockets: for tests that a client's or transport's close()
 * drops the kept-alive connection.
 */
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { expect } from "vitest";

export interface KeepAliveServer {
  url: string;
  sockets: Socket[];
  /** Resolves once the first connection is gone (closed or ended by the client). */
  firstDropped(): Promise<void>;
  stop(): Promise<void>;
}

export async function keepAliveServer(): Promise<KeepAliveServer> {
  const sockets: Socket[] = [];
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ errcode: 0, errmsg: "ok", status: 2 }));
  });
  server.on("connection", (s: Socket) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    firstDropped: async () => {
      await expect.poll(() => sockets[0]?.destroyed || sockets[0]?.readableEnded).toBe(true);
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
