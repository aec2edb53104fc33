// Opens Beacon's status page in headless Chromium as a signed-in user (the Easy Auth
// header the platform would add) and checks the inbox: a status sent to the user while no
// page was open is shown once when the page opens, acknowledged by the page, and not shown
// again on the next visit.
// Env: BEACON_URL (a running Beacon in local mode with beacon.inbox.enabled=true and
// beacon.negotiate.user-id-source=easy-auth), BEACON_API_KEY, CHROMIUM (executable).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.BEACON_URL;
const apiKey = process.env.BEACON_API_KEY;
const user = "pat";
let browser;
let page;
// Status ids in the frames the page's WebSocket received: what the server delivered,
// whether or not the page drew it.
const delivered = [];
let shown;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await page.setExtraHTTPHeaders({ "X-MS-CLIENT-PRINCIPAL-ID": user });
  page.on("console", (message) => console.log(`[page ${message.type()}] ${message.text()}`));
  page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => {
    for (const message of String(payload).split("\u001e")) {
      if (message.includes('"target":"statusUpdate"')) delivered.push(JSON.parse(message).arguments[0].id);
    }
  }));
});

after(async () => {
  await browser?.close();
});

async function sendStatusToUser(status, message) {
  const response = await fetch(`${base}/api/status/users/${user}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-Key": apiKey },
    body: JSON.stringify({ status, message }),
  });
  const text = await response.text();
  assert.equal(response.status, 202, text);
  return JSON.parse(text);
}

async function pendingIds() {
  const response = await fetch(`${base}/api/inbox`, { headers: { "X-MS-CLIENT-PRINCIPAL-ID": user } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text).messages.map((message) => message.id);
}

async function eventually(check, what, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) assert.fail(`not within ${timeout} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function openPage() {
  await page.goto(base + "/");
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 15000 });
}

test("a status sent while no page was open is kept for the user", async () => {
  shown = await sendStatusToUser("outage", "Your region is down");

  assert.deepEqual(await pendingIds(), [shown.id]);
});

test("the page's identity reaches negotiate: its connection belongs to the user", async () => {
  await openPage();

  const token = await page.evaluate(async () => {
    const response = await fetch("/api/negotiate?negotiateVersion=1", { method: "POST" });
    return (await response.json()).accessToken;
  });
  const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  assert.equal(claims.nameid, user);
  await eventually(async () => {
    const response = await fetch(`${base}/api/hubs/notifications/presence/users/${user}`,
      { headers: { "X-API-Key": apiKey } });
    return (await response.json()).connections.length === 1;
  }, "presence lists one connection of the user");
});

test("the kept status appears once after the page opens, and the page acknowledges it", async () => {
  await page.locator(`#events li[data-id="${shown.id}"]`).waitFor({ timeout: 10000 });

  assert.equal(await page.locator(`#events li[data-id="${shown.id}"]`).count(), 1);
  assert.equal(await page.locator("#current-status").textContent(), "outage");
  await eventually(async () => (await pendingIds()).length === 0, "the inbox is empty once the page acked");
  assert.deepEqual(delivered.filter((id) => id === shown.id), [shown.id], "delivered once");
});

test("after a reload the acknowledged status is not delivered again, a newer one is", async () => {
  await page.goto("about:blank");
  const newer = await sendStatusToUser("degraded", "Still slow for you");

  await openPage();

  // One replay sends every pending message oldest first: once the newer one is shown,
  // the acknowledged one would have come before it.
  await page.locator(`#events li[data-id="${newer.id}"]`).waitFor({ timeout: 10000 });
  assert.equal(await page.locator(`#events li[data-id="${shown.id}"]`).count(), 0, "not shown again");
  assert.deepEqual(delivered.filter((id) => id === shown.id), [shown.id], "not delivered again");
  await eventually(async () => (await pendingIds()).length === 0, "the newer one is acknowledged too");
});
