// Shared by the bench scripts: a server started in its own process (so its CPU and memory are
// its own), ready once it prints its URL, and killed when the bench exits, however it exits.
import { spawn } from "node:child_process";

const children = new Set();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
});

/** `node ...args`; resolves with the child and the first `http://host:port` it prints. */
export function startListening(args) {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c) => {
      out += c;
      const m = /http:\/\/[\d.]+:\d+/.exec(out);
      if (m) resolve({ child, url: m[0] });
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before it was ready`)));
  });
}

/** SIGTERM, resolved when the process has exited. */
export const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
  });
