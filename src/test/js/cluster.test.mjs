// The official @microsoft/signalr client, in JSON and MessagePack, against three Beacon
// replicas in local mode sharing one Redis, reached over WebSockets through a layer-4 load
// balancer without affinity: the replicas must act as one SignalR service. Every API call
// is made on a replica directly, where possible not the one holding its target client.
// Env: BEACON_BALANCER_URL, BEACON_REPLICA_URLS (comma-separated, in replica order),
// BEACON_API_KEY, BEACON_ACCESS_KEY (the local service's key, for its own REST API),
// BEACON_CONTROL_URL (POST /replicas/{index}/restart drains a replica, then starts it again
// on its port and answers once it is up).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

const balancer = process.env.BEACON_BALANCER_URL;
const replicas = process.env.BEACON_REPLICA_URLS.split(",");
const apiKey = process.env.BEACON_API_KEY;
const accessKey = process.env.BEACON_ACCESS_KEY;
const control = process.env.BEACON_CONTROL_URL;
const hub = "/api/hubs/notifications";

async function call(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { "Content-Type": "application/json", "X-API-Key": apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) };
}

async function api(base, method, path, body) {
  const response = await call(base, method, path, body);
  assert.ok(response.status < 300, `${method} ${base}${path}: ${response.status} ${response.text}`);
  return response;
}

async function publish(base, message) {
  const response = await call(base, "POST", `${hub}/messages`, message);
  assert.equal(response.status, 202, `publish on ${base}: ${response.text}`);
}

// The local service's own REST API (what Beacon's publisher calls): an HS256 token whose
// audience is the request's URL, signed with the access key
function serviceToken(url) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ aud: url, exp: Math.floor(Date.now() / 1000) + 300 })}`;
  return `${unsigned}.${createHmac("sha256", accessKey).update(unsigned).digest("base64url")}`;
}

async function eventually(check, timeoutMs = 10000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Each replica's count of the connections it holds itself
async function localConnections() {
  return Promise.all(replicas.map(async (url) => {
    const text = await (await fetch(`${url}/actuator/prometheus`)).text();
    return text.split("\n").filter((line) => line.startsWith("beacon_local_connections"))
      .reduce((sum, line) => sum + Number(line.split(" ").pop()), 0);
  }));
}

async function noConnectionsLeft() {
  await eventually(async () => (await localConnections()).every((count) => count === 0), 15000,
    "every replica to hold no connection");
}

function build({ user, messagePack, reconnect }) {
  const builder = new signalR.HubConnectionBuilder()
    .withUrl(`${balancer}/api`, {
      transport: signalR.HttpTransportType.WebSockets,
      headers: user ? { "X-MS-CLIENT-PRINCIPAL-ID": user } : {},
    })
    .configureLogging(signalR.LogLevel.None);
  if (messagePack) builder.withHubProtocol(new MessagePackHubProtocol());
  if (reconnect) builder.withAutomaticReconnect(reconnect);
  return builder.build();
}

// Connects through the balancer, one client at a time, and finds the replica that took it:
// the one whose own count of connections grew
async function connect(name, options = {}) {
  const before = await localConnections();
  const connection = build(options);
  const client = { name, connection, received: [], closed: null };
  client.closedPromise = new Promise((resolve) => connection.onclose((error) => {
    client.closed = error ?? "closed";
    resolve(client.closed);
  }));
  connection.on("hello", (...args) => client.received.push(args));
  options.before?.(client);
  await connection.start();
  client.startedAt = Date.now();
  await eventually(async () => {
    const after = await localConnections();
    const grown = after.map((count, i) => count - before[i]);
    client.replica = grown.indexOf(1);
    return grown.filter((delta) => delta === 1).length === 1 && grown.filter((delta) => delta !== 0).length === 1;
  }, 5000, `${name}'s replica to count it`);
  return client;
}

// A replica other than the client's, taking turns among them
let turn = 0;
function elsewhere(client) {
  const others = replicas.map((_, i) => i).filter((i) => i !== client.replica);
  return replicas[others[turn++ % others.length]];
}
function anywhere() {
  return replicas[turn++ % replicas.length];
}

function spread(clients) {
  return new Set(clients.map((client) => client.replica)).size;
}

async function stopAll(clients) {
  await Promise.all(clients.map((client) => client.connection.stop()));
}

test("every send family, group change, close, check and client result made on one replica reaches clients of the others exactly once, in order, in JSON and MessagePack", { timeout: 60000 }, async () => {
  await noConnectionsLeft();
  const alice1 = await connect("alice1", { user: "alice" });
  const alice2 = await connect("alice2", { user: "alice", messagePack: true });
  const bob = await connect("bob", { user: "bob", messagePack: true });
  const carol = await connect("carol", { user: "carol" });
  const anon1 = await connect("anon1");
  const anon2 = await connect("anon2", { messagePack: true });
  const clients = [alice1, alice2, bob, carol, anon1, anon2];
  try {
    console.log("placement:", clients.map((client) => `${client.name}@${client.replica}`).join(" "));
    assert.ok(spread(clients) >= 2, "the balancer spread the clients over more than one replica");
    alice1.connection.on("confirm", (question) => `yes: ${question} (json)`);
    anon2.connection.on("confirm", (question) => ({ answer: question, protocol: "messagepack", n: [1, 2.5] }));
    const id = (client) => client.connection.connectionId;

    await api(elsewhere(bob), "PUT", `${hub}/groups/ops/connections/${id(bob)}`);
    await api(elsewhere(anon2), "PUT", `${hub}/groups/ops/connections/${id(anon2)}`);
    await api(elsewhere(bob), "PUT", `${hub}/groups/ops/users/bob`);
    await api(elsewhere(carol), "PUT", `${hub}/groups/night/users/carol?ttl=60`);
    const payload = { n: 1, big: 9007199254740991, ratio: 2.5, ok: true, none: null, list: ["a", { deep: [1] }] };
    await publish(anywhere(), { target: "hello", arguments: ["all", payload] });
    await publish(elsewhere(alice1), { target: "hello", arguments: ["to-alice"], userId: "alice" });
    await publish(elsewhere(bob), { target: "hello", arguments: ["to-ops"], groupName: "ops" });
    await publish(elsewhere(anon1), { target: "hello", arguments: ["to-anon1"], connectionId: id(anon1) });
    await publish(anywhere(), { target: "hello", arguments: ["all-but-alice1-anon2"], excluded: [id(alice1), id(anon2)] });
    await publish(elsewhere(anon2), { target: "hello", arguments: ["ops-but-bob"], groupName: "ops", excluded: [id(bob)] });
    await publish(elsewhere(carol), { target: "hello", arguments: ["to-night"], groupName: "night" });
    await publish(anywhere(), { target: "hello", arguments: ["filtered"], filter: "userId eq 'carol' or 'ops' in groups" });
    const joined = await call(elsewhere(alice2), "POST", `${hub}/commands`,
      { filter: "userId eq 'alice'", commands: [{ type: "JoinGroup", group: "late" }] });
    assert.equal(joined.status, 202, joined.text);
    await publish(elsewhere(alice1), { target: "hello", arguments: ["to-late"], groupName: "late" });
    await api(elsewhere(anon2), "DELETE", `${hub}/groups/ops/connections/${id(anon2)}`);
    await api(elsewhere(carol), "DELETE", `${hub}/groups/night/users/carol`);
    await publish(elsewhere(bob), { target: "hello", arguments: ["ops-after-leave"], groupName: "ops" });
    await publish(elsewhere(carol), { target: "hello", arguments: ["night-after-leave"], groupName: "night" });

    const asked = await api(elsewhere(alice1), "POST", `${hub}/connections/${id(alice1)}/invoke?timeout=5s`,
      { target: "confirm", arguments: ["sure?"] });
    assert.deepEqual(asked.json(), { result: "yes: sure? (json)" });
    const askedPacked = await api(elsewhere(anon2), "POST", `${hub}/connections/${id(anon2)}/invoke?timeout=5s`,
      { target: "confirm", arguments: ["and you?"] });
    assert.deepEqual(askedPacked.json(), { result: { answer: "and you?", protocol: "messagepack", n: [1, 2.5] } });

    for (const url of replicas) {
      const exists = async (path) => (await api(url, "GET", `${hub}${path}`)).json().exists;
      assert.equal(await exists("/users/alice"), true, url);
      assert.equal(await exists("/users/nobody"), false, url);
      assert.equal(await exists(`/connections/${id(carol)}`), true, url);
      assert.equal(await exists("/connections/no-such-connection"), false, url);
      assert.equal(await exists("/groups/ops"), true, url);
      assert.equal(await exists("/groups/late"), true, url);
      assert.equal(await exists("/groups/nobody-here"), false, url);
      const ops = (await api(url, "GET", `${hub}/groups/ops/connections`)).json().value;
      assert.deepEqual(ops.map((member) => member.connectionId), [id(bob)], url);
      const late = (await api(url, "GET", `${hub}/groups/late/connections`)).json().value;
      assert.deepEqual(late.map((member) => [member.connectionId, member.userId]).sort(),
        [[id(alice1), "alice"], [id(alice2), "alice"]].sort(), url);
    }

    await publish(anywhere(), { target: "hello", arguments: ["end"] });
    const expected = {
      alice1: ["all", "to-alice", "to-late", "end"],
      alice2: ["all", "to-alice", "all-but-alice1-anon2", "to-late", "end"],
      bob: ["all", "to-ops", "all-but-alice1-anon2", "filtered", "ops-after-leave", "end"],
      carol: ["all", "all-but-alice1-anon2", "to-night", "filtered", "end"],
      anon1: ["all", "to-anon1", "all-but-alice1-anon2", "end"],
      anon2: ["all", "to-ops", "ops-but-bob", "filtered", "end"],
    };
    await eventually(() => clients.every((client) => client.received.some((args) => args[0] === "end")), 10000,
      "every client to receive the end marker");
    for (const client of clients) {
      assert.deepEqual(client.received.map((args) => args[0]), expected[client.name], client.name);
      assert.deepEqual(client.received[0][1], payload, `${client.name}'s payload`);
    }

    // Close one connection, a user's (by filter) and a group's (the service's REST API)
    await api(elsewhere(anon1), "DELETE", `${hub}/connections/${id(anon1)}?reason=bye`);
    const closedUser = await call(elsewhere(alice1), "POST", `${hub}/commands`,
      { filter: "userId eq 'alice'", commands: [{ type: "CloseConnection", reason: "bye alice" }] });
    assert.equal(closedUser.status, 202, closedUser.text);
    const closeGroup = `${elsewhere(bob)}/api/hubs/notifications/groups/ops/:closeConnections`;
    const closedGroup = await fetch(closeGroup.replace("/api/", "/local/api/"),
      { method: "POST", headers: { Authorization: `Bearer ${serviceToken(closeGroup)}` } });
    assert.equal(closedGroup.status, 204, await closedGroup.text());
    await Promise.all([anon1, alice1, alice2, bob].map((client) => client.closedPromise));
    // A client may read its Close a moment before its replica has taken it out of Redis
    const gone = [`/connections/${id(anon1)}`, `/connections/${id(alice1)}`, `/connections/${id(alice2)}`,
      `/connections/${id(bob)}`, "/users/alice", "/users/bob", "/groups/ops"];
    for (const url of replicas) {
      for (const path of gone) {
        await eventually(async () => !(await api(url, "GET", `${hub}${path}`)).json().exists, 5000, `${path} gone on ${url}`);
      }
    }
    await publish(anywhere(), { target: "hello", arguments: ["after-closes"] });
    await eventually(() => [carol, anon2].every((client) => client.received.at(-1)[0] === "after-closes"), 10000,
      "the clients left to receive the last message");
    assert.equal(carol.connection.state, signalR.HubConnectionState.Connected);
    assert.equal(anon2.connection.state, signalR.HubConnectionState.Connected);
  } finally {
    await stopAll(clients);
  }
});

// Fails at the first place a sequence differs from 0, 1, 2, ... count - 1, saying what it got
function assertCounted(actual, count, what) {
  for (let i = 0; i < Math.max(actual.length, count); i++) {
    if (actual[i] !== i) {
      assert.fail(`${what}: expected ${i < count ? i : "nothing more"} at position ${i} of ${actual.length}, `
        + `got ${actual[i]} (around it: ${actual.slice(Math.max(0, i - 3), i + 4).join(", ")})`);
    }
  }
}

test("four publishers at once, each on a different replica every time, reach clients on every replica exactly once and each in its order", { timeout: 90000 }, async () => {
  await noConnectionsLeft();
  const clients = [];
  for (let i = 0; i < 6; i++) {
    // Clients connected one after another land on different replicas, round robin
    clients.push(await connect(`load${i}`, { user: i < 2 ? "loader" : `load-${i}`, messagePack: i % 2 === 1 }));
  }
  try {
    console.log("placement:", clients.map((client) => `${client.name}@${client.replica}`).join(" "));
    assert.ok(spread(clients) >= 2, "the balancer spread the clients over more than one replica");
    for (const client of clients) {
      client.load = [];
      client.connection.on("load", (publisher, seq) => client.load.push([publisher, seq]));
    }
    const members = [clients[2], clients[3], clients[4]];
    for (const member of members) {
      await api(elsewhere(member), "PUT", `${hub}/groups/load/connections/${member.connection.connectionId}`);
    }
    const count = 250;
    const publishers = [
      { name: "all-a", first: 0, to: {}, reaches: () => true },
      { name: "all-b", first: 1, to: {}, reaches: () => true },
      { name: "group", first: 2, to: { groupName: "load" }, reaches: (client) => members.includes(client) },
      { name: "user", first: 0, to: { userId: "loader" }, reaches: (client) => clients.indexOf(client) < 2 },
    ];
    const started = Date.now();
    await Promise.all(publishers.map(async (publisher) => {
      for (let seq = 0; seq < count; seq++) {
        await publish(replicas[(publisher.first + seq) % replicas.length],
          { target: "load", arguments: [publisher.name, seq], ...publisher.to });
      }
    }));
    const elapsed = Date.now() - started;
    const batch = await api(anywhere(), "POST", `${hub}/messages:batch`,
      { messages: Array.from({ length: 100 }, (_, i) => ({ target: "load", arguments: ["batch", i] })) });
    assert.equal(batch.json().accepted, 100, batch.text);
    await publish(anywhere(), { target: "load", arguments: ["end", 0] });
    await eventually(() => clients.every((client) => client.load.some(([publisher]) => publisher === "end")), 30000,
      "every client to receive the end marker");
    const deliveries = clients.reduce((sum, client) => sum + client.load.length, 0);
    console.log(`${publishers.length * count} sends in ${elapsed} ms (${Math.round(publishers.length * count * 1000 / elapsed)}/s), `
      + `${deliveries} deliveries`);

    for (const client of clients) {
      const from = (name) => client.load.filter(([publisher]) => publisher === name).map(([, seq]) => seq);
      for (const publisher of publishers) {
        assertCounted(from(publisher.name), publisher.reaches(client) ? count : 0, `${client.name} from ${publisher.name}`);
      }
      // A batch's messages go out concurrently, in no particular order
      assertCounted(from("batch").sort((a, b) => a - b), 100, `${client.name} from the batch`);
      assert.deepEqual(client.load.at(-1), ["end", 0], `${client.name} got the end marker last`);
      assert.equal(from("end").length, 1, `${client.name} got the end marker once`);
    }
  } finally {
    await stopAll(clients);
  }
});

// Reconnects at once, then after 200 ms, 500 ms, 1 s, then every 2 s, for up to a minute
const retries = {
  nextRetryDelayInMilliseconds: ({ previousRetryCount, elapsedMilliseconds }) =>
    (elapsedMilliseconds > 60000 ? null : [0, 200, 500, 1000][previousRetryCount] ?? 2000),
};

// Broadcasts 0, 1, 2, ... one after another, each once the one before was accepted (202),
// through a replica that is not being restarted. A send that fails is sent again with the
// same number through the next replica; it may have gone out the first time too, so that
// number may reach a client twice.
function startTicker() {
  const ticker = { avoided: -1, sentAt: [], acceptedAt: [], uncertain: new Set(), failures: [], running: true };
  ticker.inFlight = Promise.resolve();
  let replica = 0;
  ticker.loop = (async () => {
    for (let n = 0; ticker.running;) {
      if (replica === ticker.avoided) replica = (replica + 1) % replicas.length;
      ticker.sentAt[n] ??= Date.now();
      const attempt = call(replicas[replica], "POST", `${hub}/messages`, { target: "tick", arguments: [n] })
        .then((response) => (response.status === 202 ? 202 : `${response.status} ${response.text}`),
          (error) => String(error.cause ?? error));
      ticker.inFlight = attempt;
      const outcome = await attempt;
      if (outcome === 202) {
        ticker.acceptedAt[n++] = Date.now();
      } else {
        ticker.uncertain.add(n);
        ticker.failures.push(`${n} on replica ${replica}: ${outcome}`);
        replica = (replica + 1) % replicas.length;
      }
      // Room for the replicas starting on this machine's two cores
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  // From now on sends go elsewhere; resolves once the one under way (if any) is answered
  ticker.avoid = async (index) => {
    ticker.avoided = index;
    await ticker.inFlight;
  };
  ticker.stop = async () => {
    ticker.running = false;
    await ticker.loop;
  };
  return ticker;
}

// How long a replica that is draining may take to deliver a broadcast it was sent before
// it closed the client
const DRAIN_SLACK_MS = 1000;

// Checks one client's sessions (one per connection id: the first, then one per reconnect):
// within each, the ticks are strictly consecutive (a number that was sent twice may repeat);
// each holds every tick sent after it was connected and accepted well before it ended; the
// last one holds every tick sent after it was connected.
function assertSessions(client, ticker) {
  const ticks = new Map(client.sessions.map((session) => [session.id, []]));
  let previous;
  for (const [id, n] of client.ticks) {
    assert.ok(ticks.has(id), `${client.name} received tick ${n} on ${id}, which it never connected as`);
    assert.ok(id === previous || ticks.get(id).length === 0, `${client.name}'s connection ${id} received again after another`);
    previous = id;
    const received = ticks.get(id);
    if (!(ticker.uncertain.has(n) && received.includes(n))) received.push(n);
  }
  for (const session of client.sessions) {
    const received = ticks.get(session.id);
    const what = `${client.name}'s session ${session.id} (${session.cause})`;
    for (let k = 1; k < received.length; k++) {
      if (received[k] !== received[k - 1] + 1) {
        assert.fail(`${what}: ${received[k]} came after ${received[k - 1]} (around: ${received.slice(Math.max(0, k - 3), k + 3).join(", ")})`);
      }
    }
    const due = [];
    ticker.acceptedAt.forEach((acceptedAt, n) => {
      if (ticker.sentAt[n] > session.connectedAt
        && (session.endedAt === undefined || acceptedAt < session.endedAt - DRAIN_SLACK_MS)) due.push(n);
    });
    if (due.length > 0) {
      assert.ok(received.length > 0 && received[0] <= due[0] && received.at(-1) >= due.at(-1),
        `${what}: received ${received[0]}..${received.at(-1)}, but ${due[0]}..${due.at(-1)} were due`);
    }
  }
}

async function clientToken(url) {
  const response = await fetch(`${url}/api/negotiate?negotiateVersion=1`, { method: "POST" });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).accessToken;
}

async function clientNegotiate(url, token) {
  return fetch(`${url}/local/client/negotiate?hub=notifications&negotiateVersion=1`,
    { method: "POST", headers: { Authorization: `Bearer ${token}` } });
}

// Once replica `draining` refuses negotiations, a connection negotiated on replica `up`
// (its token is good on any replica) is opened on the draining one, as a balancer without
// affinity may send it there: it must not become a connection the drain has passed over
async function probeDraining(draining, up) {
  const token = await clientToken(replicas[up]);
  await eventually(async () => (await clientNegotiate(replicas[draining], token).catch(() => null))?.status === 503,
    10000, `replica ${draining} to refuse negotiations`);
  const negotiated = await (await clientNegotiate(replicas[up], token)).json();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${replicas[draining]}/local/client/?hub=notifications&id=${encodeURIComponent(negotiated.connectionToken)}`,
      { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true, accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.None)
    .build();
  const outcome = await connection.start().then(() => "accepted", (error) => error.message);
  await connection.stop();
  assert.notEqual(outcome, "accepted", `replica ${draining}, draining, took a new connection`);
  return outcome;
}

test("through a rolling restart, clients reconnect to the replicas still up and lose nothing while connected", { timeout: 180000 }, async () => {
  await noConnectionsLeft();
  const clients = [];
  for (let i = 0; i < 9; i++) {
    clients.push(await connect(`rolling${i}`, {
      user: `rolling-${i}`,
      messagePack: i % 2 === 1,
      reconnect: retries,
      before: (client) => {
        client.ticks = [];
        client.connection.on("tick", (n) => client.ticks.push([client.connection.connectionId, n]));
        client.connection.on("final", () => { client.final = true; });
        // A Close from the server says why (Beacon's drain: "Server is shutting down.")
        client.connection.onreconnecting((error) => {
          const closed = !error || error.message.startsWith("Server returned an error on close");
          Object.assign(client.sessions.at(-1), { endedAt: Date.now(), end: closed ? "Close" : error.message });
        });
        client.connection.onreconnected((id) => client.sessions.push({ id, connectedAt: Date.now(), cause: "reconnected" }));
      },
    }));
    clients.at(-1).sessions = [{ id: clients.at(-1).connection.connectionId, connectedAt: clients.at(-1).startedAt, cause: "started" }];
  }
  const ticker = startTicker();
  const restarts = [];
  let restarting;
  try {
    console.log("placement:", clients.map((client) => `${client.name}@${client.replica}`).join(" "));
    const allConnected = () => eventually(
      () => clients.every((client) => client.connection.state === signalR.HubConnectionState.Connected),
      30000, "every client to be connected");
    // Ticks flowing before the first replica drains too
    await eventually(() => ticker.acceptedAt.length >= 50, 10000, "the first ticks");
    for (let i = 0; i < replicas.length; i++) {
      await allConnected();
      await ticker.avoid(i);
      const started = Date.now();
      restarting = fetch(`${control}/replicas/${i}/restart`, { method: "POST" });
      const probe = await probeDraining(i, (i + 1) % replicas.length);
      const response = await restarting;
      restarting = undefined;
      const text = await response.text();
      assert.equal(response.status, 200, `restarting replica ${i}: ${text}`);
      restarts.push({ replica: i, ...JSON.parse(text), totalMillis: Date.now() - started, startedAt: started, probe });
    }
    await allConnected();
    await ticker.stop();
    await publish(replicas[0], { target: "final", arguments: [] });
    await eventually(() => clients.every((client) => client.final), 10000, "every client to receive the final message");

    const reconnects = clients.flatMap((client) => client.sessions.slice(1).map((session, k) =>
      ({ millis: session.connectedAt - client.sessions[k].endedAt, end: client.sessions[k].end })));
    const millis = reconnects.map((reconnect) => reconnect.millis).sort((a, b) => a - b);
    console.log("restarts:", JSON.stringify(restarts));
    console.log(`${ticker.acceptedAt.length} ticks sent; failed sends: ${JSON.stringify(ticker.failures)}`);
    console.log(`${reconnects.length} reconnects, taking ${millis[0]}..${millis.at(-1)} ms (median ${millis[millis.length >> 1]});`
      + ` ended by: ${JSON.stringify(reconnects.reduce((ends, { end }) => ({ ...ends, [end]: (ends[end] ?? 0) + 1 }), {}))}`);
    const t0 = restarts[0].startedAt;
    console.log("sessions, ms from the first restart [connected, ended, how]:", clients.map((client) =>
      `${client.name} ${JSON.stringify(client.sessions.map((session) => [session.connectedAt - t0, session.endedAt - t0, session.end]))}`).join("; "));
    for (const client of clients) {
      assert.equal(client.connection.state, signalR.HubConnectionState.Connected, client.name);
      assert.ok(client.sessions.length >= 2, `${client.name} was told to reconnect at least once (${client.sessions.length - 1} times)`);
      for (const session of client.sessions.slice(0, -1)) {
        assert.equal(session.end, "Close", `${client.name}'s session ${session.id} ended by a Close, not cut off`);
      }
      assertSessions(client, ticker);
    }
  } finally {
    await ticker.stop();
    await restarting?.catch(() => {});
    await stopAll(clients);
  }
});
