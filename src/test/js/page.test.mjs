// Opens Beacon's status page in headless Chromium and checks live updates, including
// updates sent while the page's connection was down.
// Env: BEACON_URL (a running Beacon in local mode), BEACON_API_KEY, CHROMIUM (executable),
// SCREENSHOT (where to save a picture of the page).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.BEACON_URL;
const apiKey = process.env.BEACON_API_KEY;
let browser;
let page;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  page.on("console", (message) => console.log(`[page ${message.type()}] ${message.text()}`));
});

after(async () => {
  await browser?.close();
});

async function postStatus(status, message) {
  const response = await fetch(`${base}/api/status`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-API-Key": apiKey },
    body: JSON.stringify({ status, message }),
  });
  const text = await response.text();
  assert.equal(response.status, 202, text);
  return JSON.parse(text);
}

test("page connects and shows a posted status within 2 s", async () => {
  await page.goto(base + "/");
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 15000 });

  const event = await postStatus("degraded", "Checkout is slow");

  await page.locator(`#events li[data-id="${event.id}"]`).waitFor({ timeout: 2000 });
  assert.equal(await page.locator("#current-status").textContent(), "degraded");
  assert.equal(await page.locator("#current").getAttribute("data-status"), "degraded");
});

test("page shows how many are connected, itself included", async () => {
  await page.locator("#presence:not([hidden])").waitFor({ timeout: 15000 });
  await page.waitForFunction(() => Number(document.getElementById("presence-count").textContent) >= 1,
    null, { timeout: 15000 });
});

test("status posted while the connection is down appears after reconnecting", async () => {
  await page.evaluate(() => window.beacon.stop());
  await page.locator('#connection[data-state="disconnected"]').waitFor({ timeout: 5000 });

  const missed = await postStatus("maintenance", "Planned database upgrade");
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await page.locator(`#events li[data-id="${missed.id}"]`).count(), 0, "not delivered while down");

  await page.evaluate(() => window.beacon.start());
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 15000 });
  await page.locator(`#events li[data-id="${missed.id}"]`).waitFor({ timeout: 5000 });
  assert.equal(await page.locator(`#events li[data-id="${missed.id}"]`).count(), 1, "shown exactly once");
  assert.equal(await page.locator("#current-status").textContent(), "maintenance");

  const live = await postStatus("operational", "All services running normally");
  await page.locator(`#events li[data-id="${live.id}"]`).waitFor({ timeout: 2000 });
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
});
