/**
 * A due transition is applied exactly once and atomically: under 200 concurrent reads across the
 * moment it falls due, every answer is the old or the new state, and once the new state has been
 * answered the old one never is again (by the journal's order, which is the order of answers).
 */
import { Agent, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, freshToken, HOSTS, type Hosted, host } from "./helpers.js";

const READERS = 200;

describe.each(HOSTS)("200 concurrent readers (%s)", (kind) => {
  let em: Hosted;
  let agent: Agent;
  beforeAll(async () => {
    em = await host(kind, { seed: 99 });
    agent = new Agent({ keepAlive: true, maxSockets: READERS });
  });
  afterAll(async () => {
    agent.destroy();
    await em.close();
  });

  const read = (token: string, auditid: number) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        `${em.url}/wxa/get_auditstatus?access_token=${token}`,
        { method: "POST", agent },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            body += c;
          });
          res.on("end", () => resolve((JSON.parse(body) as { status: number }).status));
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify({ auditid }));
    });

  const monotone = async (tenant: string, from: number, to: number) => {
    const entries = (await em.admin.journal({ tenant, endpoint: "getAuditStatus" })).sort(
      (a, b) => a.seq - b.seq,
    );
    const seq = entries.map((e) => e.answer?.status as number);
    const firstNew = seq.indexOf(to);
    expect(firstNew).toBeGreaterThanOrEqual(0);
    expect(seq.slice(0, firstNew).every((s) => s === from)).toBe(true);
    expect(seq.slice(firstNew).every((s) => s === to)).toBe(true);
    return entries;
  };

  it("after N reads: exactly N old answers, then only new ones, one transition", async () => {
    const token = freshToken("conc");
    const tenant = em.admin.tenantOf(token);
    const { auditid } = await client(em.url, token).submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "approved", afterReads: READERS / 2 });
    const answers = await Promise.all(Array.from({ length: READERS }, () => read(token, auditid)));
    expect(answers.filter((s) => s === 2)).toHaveLength(READERS / 2);
    expect(answers.filter((s) => s === 0)).toHaveLength(READERS / 2);
    const entries = await monotone(tenant, 2, 0);
    expect(entries.flatMap((e) => e.transitions)).toHaveLength(1);
  });

  it("after a delay, with the clock advanced while the reads are in flight", async () => {
    const token = freshToken("conc");
    const tenant = em.admin.tenantOf(token);
    const { auditid } = await client(em.url, token).submitAudit({});
    await em.admin.scheduleAudit(auditid, { to: "rejected", afterSeconds: 10 });
    const reads: Array<Promise<number>> = [];
    for (let i = 0; i < READERS / 2; i++) reads.push(read(token, auditid));
    const advanced = em.admin.advanceClock(10);
    for (let i = 0; i < READERS / 2; i++) reads.push(read(token, auditid));
    const [answers, advance] = await Promise.all([Promise.all(reads), advanced]);
    expect(answers.every((s) => s === 2 || s === 1)).toBe(true);
    expect(await read(token, auditid)).toBe(1);
    const entries = await monotone(tenant, 2, 1);
    // Applied exactly once: by the advance, or by the one read that found it due.
    expect(entries.flatMap((e) => e.transitions).length + advance.fired.length).toBe(1);
  });
});
