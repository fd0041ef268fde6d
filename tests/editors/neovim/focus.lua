-- Run as `nvim -l focus.lua` after the user's init.lua: focus mode as a user meets it. A field is
-- typed into (and left empty), the edit moves to another field, the note is saved; the
-- diagnostics are recorded once they settle after each step. With INTERVIEW_NOTES_FOCUS_MODE=off
-- the user's settings turn focus mode off.
local helpers = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/helpers.lua")
local project = assert(vim.env.INTERVIEW_NOTES_PROJECT)
local results_path = assert(vim.env.INTERVIEW_NOTES_RESULTS)
local TIMEOUT = 5000
-- Diagnostics count as settled when none arrived for this long after the last notification.
local QUIET = 300

local results = { changes = {}, saves = 0 }

local function now()
  return vim.uv.hrtime() / 1e6
end

local function wait_for(what, condition)
  helpers.wait_for(what, condition, TIMEOUT)
end

local find_line = helpers.find_line

vim.cmd.edit(vim.fn.fnameescape(project .. "/notes.md"))
local notes = vim.api.nvim_get_current_buf()

-- When the note last changed or the client last told the server about it, and when diagnostics
-- last came.
local notified, updated = now(), 0
vim.api.nvim_create_autocmd("LspNotify", {
  callback = function(ev)
    local method, params = ev.data.method, ev.data.params
    if method == "textDocument/didChange" then
      for _, change in ipairs(params.contentChanges) do
        table.insert(results.changes, {
          line = change.range and change.range.start.line or vim.NIL,
          text = change.text,
          version = params.textDocument.version,
        })
      end
    elseif method == "textDocument/didSave" then
      results.saves = results.saves + 1
    end
    notified = now()
  end,
})
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  buffer = notes,
  callback = function()
    updated = now()
  end,
})

--- Waits for diagnostics newer than the last edit and notification (didChange goes out after a
--- debounce), then for them to stop changing, and returns them as `{ line, code }` (0-based).
local function settled(what)
  notified = math.max(notified, now())
  wait_for(what, function()
    return updated > notified and now() - updated >= QUIET
  end)
  return vim.tbl_map(function(d)
    return { line = d.lnum, code = d.code }
  end, vim.diagnostic.get(notes))
end

wait_for("the client", function()
  return #vim.lsp.get_clients({ bufnr = notes, name = "interview_notes" }) > 0
end)
local client = vim.lsp.get_clients({ bufnr = notes, name = "interview_notes" })[1]
results.settings = client.config.settings
results.before = settled("the diagnostics of the note")

-- Typing into `- Technology choice:` in insert mode, then deleting what was typed: the field is
-- as empty as before, and the edit is in it.
local typed = find_line(notes, "- Technology choice:")
results.typed_line = typed - 1
vim.api.nvim_win_set_cursor(0, { typed, 0 })
vim.api.nvim_feedkeys(vim.keycode("A Redis" .. string.rep("<BS>", 6) .. "<Esc>"), "xt", false)
results.typed_text = vim.api.nvim_buf_get_lines(notes, typed - 1, typed, false)[1]
results.typed = settled("the diagnostics after typing")

-- The next edit is in `- Type (SQL/NoSQL):`, a space after its label (still empty).
local moved = find_line(notes, "- Type (SQL/NoSQL):")
results.moved_line = moved - 1
local length = #vim.api.nvim_buf_get_lines(notes, moved - 1, moved, false)[1]
vim.api.nvim_buf_set_text(notes, moved - 1, length, moved - 1, length, { " " })
results.moved = settled("the diagnostics after editing another field")

if vim.env.INTERVIEW_NOTES_FOCUS_MODE ~= "off" then
  -- Saving ends focus.
  vim.cmd.write()
  results.saved = settled("the diagnostics after saving")
end

vim.fn.writefile({ vim.json.encode(results) }, results_path)
