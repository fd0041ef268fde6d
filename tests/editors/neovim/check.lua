-- Run as `nvim -l check.lua`: drives the plugin against the real server and writes what it saw.
local helpers = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/helpers.lua")
local project = assert(vim.env.INTERVIEW_NOTES_PROJECT)
local results_path = assert(vim.env.INTERVIEW_NOTES_RESULTS)
local full = vim.env.INTERVIEW_NOTES_WITHOUT_ENABLE == nil
local TIMEOUT = 20000

local results = {}

-- New Note asks through vim.ui.input: answer the first question, skip the others (empty answers).
results.prompts = {}
vim.ui.input = function(opts, on_confirm)
  table.insert(results.prompts, opts.prompt)
  on_confirm(#results.prompts == 1 and "Acme" or "")
end

local function wait_for(what, condition)
  helpers.wait_for(what, condition, TIMEOUT)
end

local function client_of(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = "interview_notes" })[1]
end

local severity_names = { "error", "warning", "information", "hint" }

local function diagnostics_of(bufnr)
  return vim.tbl_map(function(d)
    return { line = d.lnum, severity = severity_names[d.severity], code = d.code, source = d.source }
  end, vim.diagnostic.get(bufnr))
end

local find_line = helpers.find_line

-- Diagnostics of the seed note.
vim.cmd.edit(vim.fn.fnameescape(project .. "/notes.md"))
local notes = vim.api.nvim_get_current_buf()
wait_for("the client", function()
  return client_of(notes) ~= nil
end)
wait_for("diagnostics", function()
  return #vim.diagnostic.get(notes) > 0
end)
local client = client_of(notes)
results.diagnostics = diagnostics_of(notes)
results.root_dir = client.config.root_dir
results.init_options = client.config.init_options
results.settings = client.config.settings

-- Completion of a field value, as the omnifunc asks for it.
local row = find_line(notes, "- Type (SQL/NoSQL):")
local text = vim.api.nvim_buf_get_lines(notes, row - 1, row, false)[1]:gsub("%s*$", " ")
vim.api.nvim_buf_set_lines(notes, row - 1, row, false, { text })
vim.api.nvim_win_set_cursor(0, { row, #text })
local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
local response = assert(client:request_sync("textDocument/completion", params, TIMEOUT, notes))
assert(response.err == nil, vim.inspect(response.err))
local items = response.result and (response.result.items or response.result) or {}
results.completion = vim.tbl_map(function(item)
  return item.label
end, items)

-- The settings given to setup() reach the server: "tbd" counts as filled.
vim.cmd.edit(vim.fn.fnameescape(project .. "/tbd.md"))
local tbd = vim.api.nvim_get_current_buf()
wait_for("diagnostics of tbd.md", function()
  return #vim.diagnostic.get(tbd) > 0
end)
results.tbd_lines = vim.tbl_map(function(d)
  return d.lnum
end, vim.diagnostic.get(tbd))
vim.api.nvim_set_current_buf(notes)

if full then
  -- :InterviewNotesNextEmpty moves the cursor to the next empty slot, twice.
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  results.next_empty = {}
  for _ = 1, 2 do
    local before = vim.api.nvim_win_get_cursor(0)[1]
    vim.cmd("InterviewNotesNextEmpty")
    wait_for("the cursor to move", function()
      return vim.api.nvim_win_get_cursor(0)[1] ~= before
    end)
    table.insert(results.next_empty, vim.api.nvim_win_get_cursor(0)[1] - 1)
  end
  -- The cursor stands where the value goes (after the label) in normal mode, selecting nothing.
  results.next_empty_column = vim.api.nvim_win_get_cursor(0)[2]
  results.next_empty_mode = vim.api.nvim_get_mode().mode

  -- :InterviewNotesInsertTemplate fills an empty Markdown buffer.
  vim.cmd.edit(vim.fn.fnameescape(project .. "/empty.md"))
  local empty = vim.api.nvim_get_current_buf()
  wait_for("the client on the empty buffer", function()
    return client_of(empty) ~= nil
  end)
  vim.cmd("InterviewNotesInsertTemplate")
  wait_for("the template", function()
    return vim.api.nvim_buf_line_count(empty) > 1
  end)
  results.inserted = vim.api.nvim_buf_get_lines(empty, 0, -1, false)

  -- :InterviewNotesNew creates the note on disk and shows it.
  local new_path = project .. "/notes/new-note.md"
  vim.fn.mkdir(project .. "/notes", "p")
  vim.cmd("InterviewNotesNew " .. vim.fn.fnameescape(new_path))
  wait_for("the new note", function()
    return vim.api.nvim_buf_get_name(0) == new_path and vim.api.nvim_buf_line_count(0) > 1
  end)
  results.new_note = {
    exists = vim.fn.filereadable(new_path) == 1,
    lines = vim.api.nvim_buf_get_lines(0, 0, -1, false),
    on_disk = vim.fn.readfile(new_path),
    cursor = vim.api.nvim_win_get_cursor(0),
  }

  results.luasnip_paths = _G.luasnip_paths
  vim.cmd("checkhealth interview_notes")
  results.health = vim.api.nvim_buf_get_lines(0, 0, -1, false)
end

vim.fn.writefile({ vim.json.encode(results) }, results_path)
