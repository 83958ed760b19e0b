// Drives code-server (the real VS Code workbench) in headless Debian Chromium with playwright-core and checks
// what a person would see from the ShapeLens extension on tests/editors/sample/cnn_predict.py:
//   1. the SL301 error squiggle (or fails at once on a ShapeLens error notification) -> code-server-squiggle.png
//   2. the inlay hints "→ (None, 26, 26, 8)" ...     -> code-server-inlay-hints.png
//      (and docs-vscode-*.png: editor-only crops of the main states, for the README)
//   3. a hover on layers.Dense(10) shows (None, 10)  -> code-server-hover.png
//      and a hover on `model` shows the summary table -> code-server-hover-summary.png
//      and a hover on the squiggle shows the diagnostic with "shapelens(SL301)" -> code-server-diagnostic-hover.png
//   4. the Problems panel lists the diagnostic        -> code-server-problems.png
//   5. Ctrl+. offers the quick fix; applying it edits the line and the problem goes away
//                                                     -> code-server-after-fix.png
// Usage (run.sh does this): PW_DIR=<dir with node_modules/playwright-core> node cs_e2e.mjs <url> <outdir>
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { chromium } = createRequire(join(process.env.PW_DIR ?? process.cwd(), "noop.js"))("playwright-core");

const URL = process.argv[2];
const OUT = process.argv[3];
if (!URL || !OUT) {
  console.error("usage: node cs_e2e.mjs <code-server url with ?folder=> <outdir>");
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
const FILE = process.env.E2E_FILE ?? "cnn_predict.py";
const T = Number(process.env.E2E_TIMEOUT_MS ?? 60000);
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const shot = async (name) => {
  await page.screenshot({ path: join(OUT, name) });
  log("screenshot", join(OUT, name));
};
// A smaller picture for the README: the editor area (and the first rows of the panel when it is open).
const docsShot = async (name, { panel = false } = {}) => {
  const ed = await page.locator(".part.editor").boundingBox();
  const lastLine = await editor().locator(".view-line").evaluateAll((els) =>
    Math.max(...els.map((e) => e.getBoundingClientRect().bottom)));
  let bottom = Math.min(ed.y + ed.height, lastLine + 30);
  const hover = page.locator(".monaco-hover:not(.hidden)").first();
  if (await hover.isVisible().catch(() => false)) {
    const hb = await hover.boundingBox();
    if (hb) bottom = Math.max(bottom, hb.y + hb.height + 10);
  }
  if (panel) {
    const rows = await page.locator(".markers-panel .monaco-list-row").evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().bottom));
    const pb = await page.locator(".part.panel").boundingBox();
    bottom = rows.length ? Math.max(...rows) + 12 : pb.y + pb.height;
  }
  const clip = { x: ed.x, y: ed.y, width: ed.width, height: Math.min(bottom, 800) - ed.y };
  await page.screenshot({ path: join(OUT, name), clip });
  log("screenshot", join(OUT, name), `(${Math.round(clip.width)}x${Math.round(clip.height)})`);
};

const ctx = await chromium.launchPersistentContext(process.env.CHROMIUM_PROFILE ?? mkdtempSync(join(tmpdir(), "chromium-")), {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
page.on("pageerror", (e) => log("pageerror:", e.message));

const editor = () => page.locator(".editor-instance .monaco-editor").first();
const viewLine = (text) => editor().locator(".view-line").filter({ hasText: text }).first();
const visibleHover = () => page.locator(".monaco-hover:not(.hidden)").first();

// Moves the mouse onto the token `word` of the editor line containing `lineText`.
async function moveToWord(lineText, word) {
  const line = viewLine(lineText);
  await line.waitFor({ timeout: T });
  const box = await line.evaluate((el, w) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent.indexOf(w);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + w.length);
        const b = r.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      }
    }
    return null;
  }, word);
  if (!box) throw new Error(`no "${word}" on the line "${lineText}"`);
  await page.mouse.move(box.x + box.width / 2 - 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

// Hovers `word` until a hover containing `expected` shows; returns its text. Retries because the lines
// can still move (a code lens or a hint arriving late) between measuring the word and the hover delay.
async function hoverUntil(lineText, word, expected) {
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(5, 790); // leave any previous hover so that the next one is requested anew
    await page.keyboard.press("Escape");
    await page.waitForTimeout(200);
    await settle();
    await moveToWord(lineText, word);
    const hover = visibleHover().filter({ hasText: expected });
    try {
      await hover.waitFor({ timeout: attempt < 3 ? 8000 : T });
      return await hover.innerText();
    } catch (e) {
      const shown = await visibleHover().innerText({ timeout: 1000 }).catch(() => "(no hover)");
      if (attempt >= 3) throw new Error(`no hover with "${expected}" on "${word}"; shown: ${JSON.stringify(shown)}`);
      log(`no hover with "${expected}" on "${word}" yet (attempt ${attempt}; shown: ${JSON.stringify(shown)}): retrying`);
      await page.screenshot({ path: join(OUT, `code-server-hover-retry-${attempt}.png`) }).catch(() => {});
    }
  }
}

// Waits until the editor lines stop moving (same positions over two checks 250 ms apart).
async function settle() {
  const positions = () => editor().locator(".view-line").evaluateAll((els) =>
    els.map((e) => `${Math.round(e.getBoundingClientRect().top)}:${e.textContent.length}`).join(","));
  let last = await positions();
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(250);
    const now = await positions();
    if (now === last) return;
    last = now;
  }
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: T });
  await page.keyboard.type(title);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: T });
  await page.keyboard.press("Enter");
}

let status = 0;
try {
  await page.goto(URL, { waitUntil: "domcontentloaded", timeout: T });
  await page.waitForSelector(".monaco-workbench", { timeout: T });
  log("workbench loaded");

  // Open the file through Quick Open once the explorer lists it (Enter before the row appears is ignored).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: FILE }).first().waitFor({ timeout: T });
  await page.locator(".monaco-workbench").click({ position: { x: 640, y: 400 } }).catch(() => {});
  await page.keyboard.press("Control+P");
  await page.waitForSelector(".quick-input-widget input", { state: "visible", timeout: T });
  await page.keyboard.type(FILE);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: FILE }).first().waitFor({ timeout: T });
  await page.keyboard.press("Enter");
  await page.waitForSelector(`.tab[aria-label*="${FILE}"]`, { timeout: T });
  await viewLine("model.predict(").waitFor({ timeout: T });
  log("file opened");

  // 1. The SL301 squiggle from the language server (an error: .squiggly-error).
  // Fail fast (with the message) when the extension or the language client reports an error instead.
  const errorToast = page.locator(".notifications-toasts .notification-toast", { hasText: "ShapeLens" }).first();
  const first = await Promise.race([
    editor().locator(".squiggly-error").first().waitFor({ timeout: T }).then(() => "squiggle"),
    errorToast.waitFor({ timeout: T }).then(() => "toast"),
  ]);
  if (first === "toast") {
    await page.waitForTimeout(500);
    const toasts = await page.locator(".notifications-toasts .notification-toast").allInnerTexts();
    throw new Error(`ShapeLens reported an error instead of diagnostics: ${JSON.stringify(toasts)}`);
  }
  log("error squiggle visible");
  // Park the cursor on the blank line 14 so the screenshot shows the squiggle alone.
  await viewLine("x_test = np.random").click();
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowUp");
  await page.waitForTimeout(300);
  await shot("code-server-squiggle.png");

  // 2. Inlay hints: VS Code renders them as injected text inside the view lines.
  const hints = [
    ["layers.Conv2D(", "→ (None, 26, 26, 8)"],
    ["layers.MaxPooling2D(", "→ (None, 13, 13, 8)"],
    ["layers.Flatten(", "→ (None, 1352)"],
    ["layers.Dense(10", "→ (None, 10)"],
  ];
  for (const [line, hint] of hints) {
    await editor().locator(".view-line").filter({ hasText: line }).filter({ hasText: hint }).first().waitFor({ timeout: T });
  }
  const hintTexts = await editor().locator(".view-line").evaluateAll((els) =>
    els.map((e) => e.innerText.replace(/\u00a0/g, " ")).filter((t) => t.includes("→")));
  log("inlay hints:", JSON.stringify(hintTexts));
  await settle();
  await shot("code-server-inlay-hints.png");
  await docsShot("docs-vscode-diagnostics-inlay-hints.png");

  // 3a. Hover on the Dense(10) call: its output shape.
  const layerHover = await hoverUntil("layers.Dense(10", "Dense", "(None, 10)");
  log("layer hover:", JSON.stringify(layerHover));
  if (!layerHover.includes("Dense") || !layerHover.includes("13,530")) throw new Error(`unexpected layer hover: ${layerHover}`);
  await page.waitForTimeout(300);
  await shot("code-server-hover.png");

  // 3b. Hover on the model variable: the summary table.
  const modelHover = await hoverUntil("model = keras.Sequential", "model", "Total params");
  log("model hover:", JSON.stringify(modelHover));
  for (const s of ["(None, 26, 26, 8)", "MaxPooling2D", "13,610"]) {
    if (!modelHover.includes(s)) throw new Error(`model hover lacks ${s}: ${modelHover}`);
  }
  await page.waitForTimeout(300);
  await shot("code-server-hover-summary.png");
  await docsShot("docs-vscode-hover-summary.png");

  // 3c. Hover on the squiggle: VS Code shows the diagnostic with its source and code.
  const diagHover = await hoverUntil("model.predict(", "x_test", "batch axis is missing");
  log("diagnostic hover:", JSON.stringify(diagHover));
  if (!/shapelens\(?SL301\)?/.test(diagHover.replace(/\s/g, ""))) throw new Error(`diagnostic hover lacks shapelens(SL301): ${diagHover}`);
  await page.waitForTimeout(300);
  await shot("code-server-diagnostic-hover.png");
  await page.mouse.move(5, 790);
  await page.keyboard.press("Escape");

  // 4. Problems panel (Ctrl+Shift+M = View: Toggle Problems; the command palette if the key is swallowed).
  await editor().click({ position: { x: 300, y: 5 } });
  await page.keyboard.press("Control+Shift+M");
  const problems = page.locator(".markers-panel");
  try {
    await problems.locator(".monaco-list-row").first().waitFor({ timeout: 5000 });
  } catch {
    log("Ctrl+Shift+M did not open Problems: using the command palette");
    await runCommand("View: Focus Problems");
  }
  const problemRow = problems.locator(".monaco-list-row", { hasText: "batch axis is missing" }).first();
  await problemRow.waitFor({ timeout: T });
  const rowText = (await problemRow.innerText()).replace(/\s+/g, " ");
  const rowLabel = (await problemRow.getAttribute("aria-label")) ?? "";
  log("problems row:", JSON.stringify(rowText), "aria-label:", JSON.stringify(rowLabel));
  if (!rowText.includes("SL301") || !rowText.includes("shapelens")) throw new Error(`problem row lacks shapelens/SL301: ${rowText}`);
  if (!/\[Ln 16, Col 23\]/.test(rowText) && !/line 16/i.test(rowLabel)) throw new Error(`problem is not on line 16: ${rowText}`);
  const problemCount = await problems.locator(".monaco-list-row", { hasText: "SL301" }).count();
  if (problemCount !== 1) throw new Error(`expected 1 SL301 problem, got ${problemCount}`);
  await page.waitForTimeout(300);
  await shot("code-server-problems.png");
  await docsShot("docs-vscode-problems.png", { panel: true });

  // 5. Quick fix: put the cursor in the diagnostic, Ctrl+., pick the fix.
  await settle();
  await moveToWord("model.predict(", "x_test");
  await page.mouse.down();
  await page.mouse.up();
  await page.mouse.move(5, 790);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+.");
  const fixTitle = "Add the batch axis: np.expand_dims(x_test[0], 0)";
  const fixItem = page.locator(".action-widget .monaco-list-row", { hasText: fixTitle }).first();
  await fixItem.waitFor({ timeout: T });
  log("quick fix offered:", fixTitle);
  await page.waitForTimeout(300);
  await shot("code-server-quickfix.png");
  await docsShot("docs-vscode-quickfix.png", { panel: true });
  // The menu's pointer block swallows mouse clicks: choose the fix with the keyboard, like a person would.
  await page.locator(".action-widget .monaco-list-row.focused", { hasText: fixTitle }).first().waitFor({ timeout: T });
  await page.keyboard.press("Enter");
  await viewLine("probs = model.predict(np.expand_dims(x_test[0], 0))").waitFor({ timeout: T });
  log("quick fix applied");
  // didChange -> the server re-publishes: the squiggle and the problem go away.
  await editor().locator(".squiggly-error").first().waitFor({ state: "detached", timeout: T });
  await problems.locator(".monaco-list-row", { hasText: "SL301" }).first().waitFor({ state: "detached", timeout: T });
  log("squiggle and problem gone after the fix");
  await page.waitForTimeout(300);
  await shot("code-server-after-fix.png");
  log("RESULT: OK");
} catch (e) {
  status = 1;
  log("RESULT: FAIL", e.message);
  await page.screenshot({ path: join(OUT, "code-server-failure.png") }).catch(() => {});
  const html = await page.content().catch(() => "");
  writeFileSync(join(OUT, "code-server-failure.html"), html);
  log("failure screenshot and DOM saved in", OUT);
} finally {
  await ctx.close().catch(() => {});
}
process.exit(status);
