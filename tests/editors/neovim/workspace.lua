-- Run as `nvim -l workspace.lua` after the user's init.lua: Check Workspace, the workspace status,
-- the statusline's completeness and the code lens, against the real server.
local helpers = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/helpers.lua")
local project = assert(vim.env.INTERVIEW_NOTES_PROJECT)
local results_path = assert(vim.env.INTERVIEW_NOTES_RESULTS)
local artifacts = assert(vim.env.INTERVIEW_NOTES_ARTIFACTS)
local TIMEOUT = 20000

local results = { echoed = {}, notified = {}, progress = {} }

local function wait_for(what, condition)
  helpers.wait_for(what, condition, TIMEOUT)
end

-- What the plugin shows in the command line, and the $/progress values as they arrive.
local echo = vim.api.nvim_echo
vim.api.nvim_echo = function(chunks, history, opts)
  table.insert(results.echoed, table.concat(vim.tbl_map(function(chunk)
    return chunk[1]
  end, chunks)))
  return echo(chunks, history, opts)
end
vim.notify = function(message, level)
  table.insert(results.notified, { message = message, level = level })
end
vim.api.nvim_create_autocmd("LspProgress", {
  callback = function(ev)
    local value = ev.data.params.value
    table.insert(results.progress, { kind = value.kind, message = value.message, title = value.title })
  end,
})

local function relative(item)
  local name = item.filename or vim.api.nvim_buf_get_name(item.bufnr)
  return vim.fs.normalize(vim.fn.fnamemodify(name, ":p")):sub(#vim.fs.normalize(project) + 2)
end

local function quickfix()
  local list = vim.fn.getqflist({ title = 1, items = 1 })
  return {
    title = list.title,
    items = vim.tbl_map(function(item)
      return { path = relative(item), lnum = item.lnum, col = item.col, text = item.text, type = item.type }
    end, list.items),
  }
end

--- The screen as text, row by row: headless Neovim has a grid but no pixels.
local function screen()
  vim.cmd("redraw!")
  local rows = {}
  for row = 1, vim.o.lines do
    local chars = {}
    for col = 1, vim.o.columns do
      table.insert(chars, vim.fn.screenstring(row, col))
    end
    table.insert(rows, (table.concat(chars):gsub("%s+$", "")))
  end
  return rows
end


-- One open note; tbd.md and closed.md stay closed.
vim.fn.writefile(vim.fn.readfile(project .. "/notes.md"), project .. "/closed.md")
vim.cmd.edit(vim.fn.fnameescape(project .. "/notes.md"))
local notes = vim.api.nvim_get_current_buf()
wait_for("diagnostics", function()
  return #vim.diagnostic.get(notes) > 0
end)
local client = vim.lsp.get_clients({ bufnr = notes, name = "interview_notes" })[1]

-- The statusline's completeness and the code lens.
wait_for("the completeness", function()
  return require("interview_notes").status() ~= ""
end)
results.status = require("interview_notes").status()
wait_for("the code lens", function()
  return #vim.lsp.codelens.get(notes) > 0
end)
results.codelens = vim.tbl_map(function(lens)
  return lens.command and lens.command.title or vim.NIL
end, vim.lsp.codelens.get(notes))

-- The diagnostics quickfix list of Neovim itself carries the rule codes.
vim.diagnostic.setqflist({ open = false })
results.diagnostics_quickfix = quickfix()

-- :InterviewNotesCheckWorkspace
vim.cmd("InterviewNotesCheckWorkspace")
wait_for("the Check Workspace quickfix list", function()
  return vim.fn.getqflist({ title = 1 }).title == "interview-notes: Check Workspace"
end)
results.check = quickfix()
results.check_window = vim.bo.buftype == "quickfix"
-- The screen with the quickfix window scrolled to the first finding of a closed note.
vim.wo.wrap = false
vim.fn.search("^closed\\.md|")
vim.cmd("normal! zt")
local shot = screen()
vim.fn.mkdir(artifacts, "p")
vim.fn.writefile(shot, artifacts .. "/neovim-check-workspace-quickfix.txt")
results.screen = shot
vim.cmd("cclose")

-- :InterviewNotesStatus, from the server.
vim.cmd("InterviewNotesStatus")
wait_for("the status quickfix list", function()
  return vim.startswith(vim.fn.getqflist({ title = 1 }).title, "interview-notes: Status")
end)
results.status_server = quickfix()
vim.fn.writefile(screen(), artifacts .. "/neovim-status-quickfix.txt")
vim.cmd("cclose")
results.picker = require("interview_notes.picker").available()

-- :InterviewNotesStatus without a server: `interview-notes status --format json`.
vim.fn.setqflist({}, " ", { title = "other" })
client:stop(true)
wait_for("the client to stop", function()
  return #vim.lsp.get_clients({ name = "interview_notes" }) == 0
end)
vim.cmd("InterviewNotesStatus")
wait_for("the status quickfix list from the command line", function()
  return vim.startswith(vim.fn.getqflist({ title = 1 }).title, "interview-notes: Status")
end)
results.status_cli = quickfix()

vim.fn.writefile({ vim.json.encode(results) }, results_path)
