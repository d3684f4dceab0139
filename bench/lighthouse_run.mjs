// Lighthouse over a list of pages in one Chromium: `node bench/lighthouse_run.mjs job.json`.
//
// job.json: {"chrome": "/usr/bin/chromium", "flags": [...], "javascript": true,
//            "pages": [{"name": ..., "url": ..., "mode": "navigation" | "snapshot",
//                       "submit": false}],
//            "formFactors": ["desktop", "mobile"], "out": "results.json",
//            "screenshots": "dir or null"}
// "navigation" is Lighthouse's normal run. Lighthouse refuses to audit a page answered
// with a 4xx, so those are audited in "snapshot" mode (the page as loaded, no load
// metrics), and "submit" posts the page's comment form empty first (the error page).
// The caller (bench/pages_audit.py) picks the Chromium flags: JavaScript off and the dark
// colour scheme are browser settings, so one browser runs one cell of the matrix. The
// browser is Debian's, never a downloaded one; it is killed when this script ends.
import fs from "node:fs";
import path from "node:path";

import * as chromeLauncher from "chrome-launcher";
import lighthouse, { snapshot } from "lighthouse";
import puppeteer from "puppeteer-core";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const job = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));

function failingAudits(lhr) {
  // Every scored audit below 1 in the non-performance categories, with what it found.
  const failing = [];
  for (const id of ["accessibility", "best-practices", "seo"]) {
    for (const ref of lhr.categories[id].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      const items = (audit.details && audit.details.items) || [];
      failing.push({
        category: id,
        id: ref.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue || "",
        items: items.slice(0, 5).map((item) => {
          const node = item.node || {};
          return node.selector || node.snippet || item.url || item.description ||
            JSON.stringify(item).slice(0, 200);
        }),
      });
    }
  }
  return failing;
}

function withoutJavaScript(page, url) {
  // The page under test loads with JavaScript off (DevTools'
  // Emulation.setScriptExecutionDisabled, sent on Lighthouse's own session just before it
  // navigates there), and scripts come back on once the load event has fired, for
  // Lighthouse's own probes. By then the page's scripts (deferred: they run before
  // DOMContentLoaded) have been skipped, never to run. Switching scripts off earlier makes
  // Lighthouse's Debugger.enable fail ("Script execution is prohibited"), as a browser-wide
  // switch (--blink-settings=scriptEnabled=false) does; leaving them off makes its
  // Runtime.evaluate probes hang.
  const target = page.target();  // Lighthouse opens its session from the page's target
  const create = target.createCDPSession.bind(target);
  target.createCDPSession = async () => {
    const session = await create();
    const send = session.send.bind(session);
    let state = "before";  // → "off" (navigating, scripts off) → "loaded" (back on)
    const restore = async () => {
      if (state !== "off") return;
      state = "loaded";
      await send("Emulation.setScriptExecutionDisabled", { value: false });
    };
    session.on("Page.loadEventFired", () => { restore(); });
    session.send = async (method, ...params) => {
      if (method === "Page.navigate" && params[0] && params[0].url === url) {
        await send("Emulation.setScriptExecutionDisabled", { value: true });
        state = "off";
      } else if (state === "off" && method.startsWith("Runtime.")) {
        process.stderr.write(`    (${method} before the load event)\n`);
      }
      return send(method, ...params);
    };
    return session;
  };
}

// The screens Lighthouse's presets emulate (snapshot mode audits the page as it is).
const SCREENS = {
  desktop: { width: 1350, height: 940, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  mobile: { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
};

async function loadForSnapshot(page, url, formFactor, submit) {
  await page.setViewport(SCREENS[formFactor]);
  if (submit) {
    // The article, then its comment form posted empty: the page comes back with errors.
    await page.goto(url, { waitUntil: "load" });
    await page.focus("#respond button[type=submit]");
    await page.setJavaScriptEnabled(job.javascript);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
  } else {
    await page.setJavaScriptEnabled(job.javascript);
    await page.goto(url, { waitUntil: "load" });
  }
  await page.setJavaScriptEnabled(true);  // for Lighthouse's probes; the page's scripts are past
}

const chrome = await chromeLauncher.launch({
  chromePath: job.chrome,
  chromeFlags: job.flags,
  logLevel: "silent",
});
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
const results = [];
try {
  for (const { name, url, mode, submit } of job.pages) {
    for (const formFactor of job.formFactors) {
      const config = formFactor === "desktop" ? desktopConfig : undefined;
      const flags = { port: chrome.port, output: "json", logLevel: "error",
                      onlyCategories: CATEGORIES };
      const started = Date.now();
      let entry = { name, url, formFactor, mode };
      try {
        const page = await browser.newPage();
        let runner;
        if (mode === "snapshot") {
          await loadForSnapshot(page, url, formFactor, submit);
          runner = await snapshot(page, { config, flags });
        } else {
          if (!job.javascript) withoutJavaScript(page, url);
          runner = await lighthouse(url, flags, config, page);
        }
        // What the page was like when Lighthouse finished: did the comment script run
        // (it leaves a <!--respond--> marker), and which colour scheme did CSS see?
        entry.check = await page.evaluate(() => ({
          scriptRan: document.documentElement.innerHTML.includes("<!--respond-->"),
          errorSummary: !!document.getElementById("error-summary"),
          title: document.title,
          dark: matchMedia("(prefers-color-scheme: dark)").matches,
          background: getComputedStyle(document.body).backgroundColor,
        }));
        await page.close();
        const lhr = runner.lhr;
        entry.scores = Object.fromEntries(
          // Snapshot mode has no load to time: no Performance score.
          CATEGORIES.map((id) => [id, lhr.categories[id].score === null ||
                                       (mode === "snapshot" && id === "performance") ? null
                                       : Math.round(lhr.categories[id].score * 100)]));
        entry.failing = failingAudits(lhr);
        entry.runtimeError = lhr.runtimeError ? lhr.runtimeError.message : null;
        entry.warnings = lhr.runWarnings;
        entry.metrics = Object.fromEntries(
          ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift", "speed-index"].map((id) => [id, lhr.audits[id]
                                                                  ? lhr.audits[id].numericValue : null]));
        const shot = lhr.audits["final-screenshot"];
        if (job.screenshots && shot && shot.details && shot.details.data) {
          const file = `${name.replace(/[^a-z0-9]+/gi, "-")}-${formFactor}.jpg`;
          fs.mkdirSync(job.screenshots, { recursive: true });
          fs.writeFileSync(path.join(job.screenshots, file),
                           Buffer.from(shot.details.data.split(",")[1], "base64"));
          entry.screenshot = file;
        }
      } catch (error) {
        entry.error = String(error && error.message || error);
      }
      entry.seconds = (Date.now() - started) / 1000;
      results.push(entry);
      process.stderr.write(`  ${name}, ${formFactor}: ${entry.seconds.toFixed(0)} s\n`);
      fs.writeFileSync(job.out, JSON.stringify(results, null, 1));
    }
  }
} finally {
  await browser.disconnect();
  await chrome.kill();
}
