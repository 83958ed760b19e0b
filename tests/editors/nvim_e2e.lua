-- Headless Neovim end-to-end test of the real ShapeLens language server.
-- Run by tests/editors/test_nvim.sh:
--   SHAPELENS_E2E_PYTHON=.venv/bin/python SHAPELENS_E2E_FILE=/tmp/x/cnn_predict.py \
--     timeout 120 nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/nvim_e2e.lua'
-- The file is a copy of tests/editors/sample/cnn_predict.py (a CNN whose predict() call misses the
-- batch axis: SL301). Exit status 0 ok, 1 failure (reason on stdout).
-- Written for Debian bookworm's Neovim 0.7.2 (vim.lsp.start_client + buf_attach_client; no vim.lsp.start)
-- and kept to APIs that later versions still have.
local TIMEOUT_MS = tonumber(os.getenv("SHAPELENS_E2E_TIMEOUT_MS") or "30000")
local T0 = vim.loop.hrtime()

local function out(fmt, ...)
  -- print() goes to stderr in headless mode: write to stdout ourselves.
  local elapsed = (vim.loop.hrtime() - T0) / 1e9
  io.stdout:write(string.format("[%5.2fs] " .. fmt, elapsed, ...) .. "\n")
  io.stdout:flush()
end

local function get_clients()
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)()
end

local function finish(code)
  for _, c in ipairs(get_clients()) do c.stop() end
  vim.wait(3000, function() return #get_clients() == 0 end, 20)
  vim.cmd((code == 0) and "qall!" or ("cquit " .. code))
end

local function check(cond, msg)
  if not cond then error("CHECK FAILED: " .. msg, 2) end
end

-- 0-based line index of the first buffer line containing `needle` (plain text), and the byte column.
local function find(bufnr, needle)
  for i, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = text:find(needle, 1, true)
    if col then return i - 1, col - 1 end
  end
  error("CHECK FAILED: the sample has no line containing " .. needle, 2)
end

local function hover_text(result)
  local c = result and result.contents
  if type(c) == "string" then return c end
  if type(c) == "table" and c.value then return c.value end
  if type(c) == "table" then
    return table.concat(vim.tbl_map(function(x) return type(x) == "string" and x or x.value end, c), "\n")
  end
  return ""
end

local function main()
  local python = assert(os.getenv("SHAPELENS_E2E_PYTHON"), "SHAPELENS_E2E_PYTHON unset")
  local file = assert(os.getenv("SHAPELENS_E2E_FILE"), "SHAPELENS_E2E_FILE unset")
  local publish_count = 0
  local last_published = nil -- the server's own (LSP-form) diagnostics of the last publish
  local exited = false

  local client_id = vim.lsp.start_client({
    name = "shapelens",
    cmd = { python, "-m", "shapelens", "serve" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        publish_count = publish_count + 1
        last_published = result.diagnostics
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
    on_exit = function() exited = true end,
  })
  check(client_id, "vim.lsp.start_client returned nil")

  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "python"
  check(vim.lsp.buf_attach_client(bufnr, client_id), "buf_attach_client failed")
  local uri = vim.uri_from_bufnr(bufnr)

  local function request(method, params)
    local client = vim.lsp.get_client_by_id(client_id)
    check(client and not exited, "the server exited before " .. method)
    local resp, err = client.request_sync(method, params, TIMEOUT_MS, bufnr)
    check(resp, method .. ": no response within " .. TIMEOUT_MS .. " ms (" .. tostring(err) .. ")")
    check(not resp.err, method .. " returned an error: " .. vim.inspect(resp.err))
    return resp.result
  end

  -- 1. diagnostics: exactly one, SL301 on the predict() line, source "shapelens".
  local predict_line = find(bufnr, "model.predict(")
  local ok = vim.wait(TIMEOUT_MS, function() return publish_count > 0 or exited end, 50)
  check(ok and not exited, "no diagnostics published within " .. TIMEOUT_MS .. " ms (server exited: " .. tostring(exited) .. ")")
  local diags = vim.diagnostic.get(bufnr)
  for _, d in ipairs(diags) do
    out("DIAGNOSTIC line=%d col=%d severity=%d source=%s code=%s message=%q",
      d.lnum + 1, d.col + 1, d.severity, tostring(d.source), tostring(d.code), d.message)
  end
  check(#diags == 1, "expected exactly 1 diagnostic, got " .. #diags)
  local d = diags[1]
  check(d.code == "SL301", "expected code SL301, got " .. tostring(d.code))
  check(d.source == "shapelens", "expected source shapelens, got " .. tostring(d.source))
  check(d.lnum == predict_line, string.format("expected the diagnostic on line %d, got %d", predict_line + 1, d.lnum + 1))
  check(d.severity == vim.diagnostic.severity.ERROR, "expected an error, got severity " .. tostring(d.severity))
  check(d.message:find("batch axis is missing", 1, true), "unexpected message: " .. d.message)

  -- 2. hover on a layer call shows its output shape.
  local dense_line, dense_col = find(bufnr, "layers.Dense(10")
  local hover = request("textDocument/hover", {
    textDocument = { uri = uri }, position = { line = dense_line, character = dense_col + #"layers." },
  })
  local text = hover_text(hover)
  out("HOVER layer: %q", text)
  check(text:find("(None, 10)", 1, true) and text:find("Dense", 1, true), "layer hover lacks Dense / (None, 10)")

  -- 3. hover on the model variable shows the summary table.
  local model_line = find(bufnr, "model = keras.Sequential")
  hover = request("textDocument/hover", { textDocument = { uri = uri }, position = { line = model_line, character = 1 } })
  text = hover_text(hover)
  out("HOVER model: %q", text)
  check(text:find("(None, 26, 26, 8)", 1, true) and text:find("13,610", 1, true), "model hover lacks the summary table")

  -- 4. inlay hints (Neovim 0.7 cannot show them, but the request goes to the real server).
  local last = vim.api.nvim_buf_line_count(bufnr)
  local hints = request("textDocument/inlayHint", {
    textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ["end"] = { line = last, character = 0 } },
  }) or {}
  local labels = {}
  for _, h in ipairs(hints) do
    local label = type(h.label) == "string" and h.label
      or table.concat(vim.tbl_map(function(p) return p.value end, h.label), "")
    table.insert(labels, string.format("%d:%s", h.position.line + 1, label))
  end
  out("INLAY HINTS %s", table.concat(labels, "  "))
  local conv_line = find(bufnr, "layers.Conv2D(")
  check(vim.tbl_contains(labels, string.format("%d:→ (None, 26, 26, 8)", conv_line + 1)), "no Conv2D inlay hint")
  check(vim.tbl_contains(labels, string.format("%d:→ (None, 10)", dense_line + 1)), "no Dense inlay hint")

  -- 5. quick fix for SL301: request with the diagnostics as the server sent them (what editors do).
  local sent = vim.tbl_filter(function(x) return x.code == "SL301" end, last_published or {})
  check(#sent == 1, "the last publish did not carry the SL301 diagnostic")
  local actions = request("textDocument/codeAction", {
    textDocument = { uri = uri },
    range = sent[1].range,
    context = { diagnostics = sent, triggerKind = 1 },
  }) or {}
  local fix = nil
  for _, a in ipairs(actions) do
    out("CODEACTION kind=%s preferred=%s title=%q", tostring(a.kind), tostring(a.isPreferred), a.title)
    local codes = vim.tbl_map(function(x) return x.code end, a.diagnostics or {})
    if a.kind == "quickfix" and vim.tbl_contains(codes, "SL301") and a.edit and not fix then fix = a end
  end
  check(fix, "no quickfix code action with an edit for SL301")

  -- 6. apply it: the buffer changes, Neovim sends didChange, the server re-publishes (without SL301).
  local before = publish_count
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or "utf-16")
  local fixed = vim.api.nvim_buf_get_lines(bufnr, predict_line, predict_line + 1, false)[1]
  out("LINE %d after the quick fix: %q", predict_line + 1, fixed)
  check(fixed == "probs = model.predict(np.expand_dims(x_test[0], 0))", "the quick fix did not edit the buffer as expected")
  ok = vim.wait(TIMEOUT_MS, function() return publish_count > before end, 50)
  check(ok, "no diagnostics re-published within " .. TIMEOUT_MS .. " ms after the edit")
  ok = vim.wait(TIMEOUT_MS, function() return #vim.diagnostic.get(bufnr) == 0 end, 50)
  check(ok, "diagnostics remain after the fix: " .. vim.inspect(vim.diagnostic.get(bufnr)))
  out("REPUBLISHED %d time(s) after the edit; diagnostics now: %d", publish_count - before, #vim.diagnostic.get(bufnr))
  out("RESULT: OK")
end

local ok, e = xpcall(main, debug.traceback)
if not ok then
  out("RESULT: FAIL %s", tostring(e))
  finish(1)
else
  finish(0)
end
