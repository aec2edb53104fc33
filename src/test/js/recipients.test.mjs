// Every spelling of a recipient in recipients/spellings.json, posted to the single message
// endpoint, as an item of a batch and to the status endpoints, with the official
// @microsoft/signalr client as the population: A (user alice, in group ops), B (user bob),
// C (anonymous). A message reaches exactly the clients its table row names, or is refused
// with 400 and reaches nobody: a recipient can never be lost and the message broadcast.
// Env: BEACON_URL (local mode, beacon.negotiate.user-id-source=easy-auth), BEACON_API_KEY.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as signalR from "@microsoft/signalr";

const base = process.env.BEACON_URL;
const apiKey = process.env.BEACON_API_KEY;
const table = JSON.parse(readFileSync(new URL("../resources/recipients/spellings.json", import.meta.url), "utf8"));
const clients = {};

async function connect(user) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${base}/api`, {
      transport: signalR.HttpTransportType.WebSockets,
      headers: user ? { "X-MS-CLIENT-PRINCIPAL-ID": user } : {},
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  const received = [];
  connection.on("note", (id) => received.push(id));
  connection.on("statusUpdate", (event) => received.push(event.status));
  await connection.start();
  return { connection, received };
}

async function post(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-Key": apiKey },
    body,
  });
  return { status: response.status, body: await response.text() };
}

function fill(text, id) {
  return text.replaceAll("$ID", id).replaceAll("{A}", clients.A.connection.connectionId)
    .replaceAll("{B}", clients.B.connection.connectionId);
}

const receivers = { ops: ["A"], alice: ["A"], B: ["B"], "all but B": ["A", "C"], nobody: [], refused: [] };

// Every client's messages arrive in the order they were sent, so once a broadcast sent
// after a case has arrived everywhere, whatever that case delivered has arrived too.
async function settled(id) {
  const marker = `${id}-after`;
  const answer = await post("/api/hubs/notifications/messages", JSON.stringify({ target: "note", arguments: [marker] }));
  assert.equal(answer.status, 202, answer.body);
  const deadline = Date.now() + 5000;
  while (!Object.values(clients).every((client) => client.received.includes(marker))) {
    if (Date.now() > deadline) throw new Error(`the marker broadcast after ${id} did not reach every client`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function assertReceivedBy(row, id) {
  const expected = receivers[row.to];
  assert.ok(expected, `unknown 'to' in the table: ${row.to}`);
  for (const [name, client] of Object.entries(clients)) {
    const count = client.received.filter((message) => message === id).length;
    assert.equal(count, expected.includes(name) ? 1 : 0,
      `${row.name}: client ${name} received ${count} copies, expected ${expected.includes(name) ? 1 : 0}`);
  }
}

function assertRefused(row, answer, prefix = "") {
  assert.equal(answer.status, 400, `${row.name}: ${answer.body}`);
  const problem = JSON.parse(answer.body);
  assert.ok(problem.detail.startsWith(prefix) && problem.detail.includes(row.detail),
    `${row.name}: detail was ${problem.detail}`);
}

before(async () => {
  clients.A = await connect("alice");
  clients.B = await connect("bob");
  clients.C = await connect(undefined);
  const join = await fetch(`${base}/api/hubs/notifications/groups/ops/connections/${clients.A.connection.connectionId}`,
    { method: "PUT", headers: { "X-API-Key": apiKey } });
  assert.ok(join.status < 300, `joining ops: ${join.status}`);
});

after(async () => {
  await Promise.all(Object.values(clients).map((client) => client.connection.stop()));
});

table.messages.forEach((row, index) => {
  test(`messages: ${row.name}`, async () => {
    const id = `m${index}`;
    const answer = await post("/api/hubs/notifications/messages", fill(row.body, id));
    if (row.to === "refused") assertRefused(row, answer);
    else assert.equal(answer.status, 202, `${row.name}: ${answer.body}`);
    await settled(id);
    assertReceivedBy(row, id);
  });

  test(`messages:batch: ${row.name}`, async () => {
    const id = `b${index}`;
    const answer = await post("/api/hubs/notifications/messages:batch", `{"messages":[${fill(row.body, id)}]}`);
    if (row.to === "refused") {
      assertRefused(row, answer, "messages[0]");
    } else {
      assert.equal(answer.status, 200, `${row.name}: ${answer.body}`);
      assert.equal(JSON.parse(answer.body).results[0].status, 202, answer.body);
    }
    await settled(id);
    assertReceivedBy(row, id);
  });
});

table.batches.forEach((row, index) => {
  test(`messages:batch envelope: ${row.name}`, async () => {
    const id = `e${index}`;
    assertRefused(row, await post("/api/hubs/notifications/messages:batch", fill(row.body, id)));
    await settled(id);
    assertReceivedBy(row, id);
  });
});

table.statuses.forEach((row, index) => {
  test(`status: ${row.name}`, async () => {
    const id = `s${index}`;
    const answer = await post(fill(row.path, id), fill(row.body, id));
    if (row.to === "refused") assertRefused(row, answer);
    else assert.equal(answer.status, 202, `${row.name}: ${answer.body}`);
    await settled(id);
    assertReceivedBy(row, id);
  });
});
