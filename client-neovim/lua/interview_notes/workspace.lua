-- The whole workspace: Check Workspace (findings of closed notes too) and the notes' status.
local server = require("interview_notes.server")

local M = {}

local CHECK = "interviewNotes.checkWorkspace"
local STATUS = "interviewNotes/workspaceStatus"

---@type { client: vim.lsp.Client, id: integer }? The Check Workspace request under way.
local running = nil

---@param client vim.lsp.Client
---@return integer[]
local function namespaces_of(client)
  local found, seen = {}, {}
  for _, is_pull in ipairs({ false, true }) do
    local ok, namespace = pcall(vim.lsp.diagnostic.get_namespace, client.id, is_pull)
    if ok and not seen[namespace] then
      seen[namespace] = true
      table.insert(found, namespace)
    end
  end
  return found
end

--- Every diagnostic this server gave, of open and closed notes alike, as quickfix items whose text
--- starts with the rule code: `IN004 Empty field ...`.
---@return vim.quickfix.entry[]
function M.diagnostic_items()
  local diagnostics = {}
  for _, client in ipairs(server.clients()) do
    for _, namespace in ipairs(namespaces_of(client)) do
      for _, diagnostic in ipairs(vim.diagnostic.get(nil, { namespace = namespace })) do
        local coded = vim.tbl_extend("force", diagnostic, { message = server.coded_message(diagnostic) })
        table.insert(diagnostics, coded)
      end
    end
  end
  return vim.diagnostic.toqflist(diagnostics)
end

--- `Check Workspace: 12/80 notes`, from a `$/progress` value.
---@param value table
---@return string
function M.progress_text(value)
  local parts = { "interview-notes:", value.title or "working" }
  if value.message and value.message ~= "" then
    parts[2] = parts[2] .. ":"
    table.insert(parts, value.message)
  end
  if value.kind == "end" then
    table.insert(parts, "(done)")
  end
  return table.concat(parts, " ")
end

--- Echoes the server's work-done progress in the command line (Neovim 0.10+), without adding it
--- to the message history; `progress = false` in setup() leaves it to a progress plugin.
---@param enabled boolean
function M.show_progress(enabled)
  local group = vim.api.nvim_create_augroup("interview_notes_progress", { clear = true })
  if not enabled then
    return
  end
  pcall(vim.api.nvim_create_autocmd, "LspProgress", {
    group = group,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      local value = ev.data.params and ev.data.params.value
      if not client or client.name ~= server.name or type(value) ~= "table" then
        return
      end
      vim.api.nvim_echo({ { M.progress_text(value) } }, false, {})
    end,
  })
end

---@param result table?
---@return string
local function summary(result, findings)
  if type(result) ~= "table" then
    return ("interview-notes: %d findings"):format(findings)
  end
  local text = ("interview-notes: %s notes checked, %d findings"):format(result.notes or "?", findings)
  if result.cancelled then
    text = text .. " (cancelled)"
  end
  return text
end

--- Runs the server's Check Workspace, then fills the quickfix list with every finding.
---@param opts? { cancel?: boolean }
function M.check(opts)
  if opts and opts.cancel then
    if running then
      server.cancel(running.client, running.id)
      running = nil
      vim.notify("interview-notes: Check Workspace cancelled", vim.log.levels.INFO)
    end
    return
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = require("interview_notes.commands").client_or_warn(bufnr)
  if not client then
    return
  end
  local id = server.execute(client, CHECK, vim.empty_dict(), bufnr, function(result, err)
    running = nil
    if err then
      vim.notify(("interview-notes: Check Workspace failed: %s"):format(err.message), vim.log.levels.ERROR)
      return
    end
    local items = M.diagnostic_items()
    vim.fn.setqflist({}, " ", { title = "interview-notes: Check Workspace", items = items })
    if #items > 0 then
      vim.cmd("botright copen")
    end
    vim.notify(summary(result, #items), vim.log.levels.INFO)
  end)
  running = id and { client = client, id = id } or nil
end

--- The byte column of a character index on a line of a file (read from its buffer or from disk).
---@param path string
---@param line integer 0-based
---@param index integer 0-based, in `encoding` units
---@param encoding string "utf-8", "utf-16" or "utf-32"
---@return integer 1-based byte column
local function byte_column(path, line, index, encoding)
  if index == 0 then
    return 1
  end
  local bufnr = vim.fn.bufnr(path)
  local text
  if bufnr ~= -1 and vim.api.nvim_buf_is_loaded(bufnr) then
    text = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1]
  else
    local ok, lines = pcall(vim.fn.readfile, path, "", line + 1)
    text = ok and lines[line + 1] or nil
  end
  if not text or text:find("^[%z\1-\127]*$") then
    return index + 1
  end
  local ok, byte = pcall(vim.str_byteindex, text, encoding, index, false)
  return (ok and byte or index) + 1
end

---@param row table
---@param where? { path: string, line: integer, character: integer, encoding: string }
---@param label? string
---@return vim.quickfix.entry
local function status_item(row, where, label)
  local text = ("%d/%d (%d%%)"):format(row.filled or 0, row.total or 0, row.percent or 0)
  text = text .. (label and (" first empty: " .. label) or " complete")
  local item = { filename = where and where.path or row.path, lnum = 1, col = 1, text = text, type = "I" }
  if where then
    item.lnum = where.line + 1
    item.col = byte_column(where.path, where.line, where.character, where.encoding)
  end
  return item
end

--- Quickfix items from `interviewNotes/workspaceStatus`: one per note, at its first empty slot.
---@param result table
---@param encoding string The client's offset encoding.
---@return vim.quickfix.entry[]
function M.items_from_server(result, encoding)
  local items = {}
  for _, row in ipairs(result.notes or {}) do
    local path = vim.uri_to_fname(row.uri)
    local next_slot = type(row.next) == "table" and row.next or nil
    local where = { path = path, line = 0, character = 0, encoding = "utf-8" }
    if next_slot and next_slot.range then
      local start = next_slot.range.start
      where = { path = path, line = start.line, character = start.character, encoding = encoding }
    end
    table.insert(items, status_item(row, where, next_slot and next_slot.label))
  end
  return items
end

--- Quickfix items from `interview-notes status --format json` run in `root` (1-based lines and
--- columns in characters).
---@param result table
---@param root string
---@return vim.quickfix.entry[]
function M.items_from_cli(result, root)
  local items = {}
  for _, row in ipairs(result.notes or {}) do
    local path = vim.fs.joinpath and vim.fs.joinpath(root, row.path) or (root .. "/" .. row.path)
    if row.path:sub(1, 1) == "/" then
      path = row.path
    end
    local empty = type(row.firstEmpty) == "table" and row.firstEmpty or nil
    local where = { path = path, line = 0, character = 0, encoding = "utf-32" }
    if empty then
      where = { path = path, line = empty.line - 1, character = empty.column - 1, encoding = "utf-32" }
    end
    table.insert(items, status_item(row, where, empty and empty.label))
  end
  return items
end

---@param items vim.quickfix.entry[]
---@param totals table?
local function show_status(items, totals)
  local title = "interview-notes: Status"
  if type(totals) == "table" and totals.total then
    title = ("%s %d/%d (%d%%)"):format(title, totals.filled or 0, totals.total, totals.percent or 0)
  end
  vim.fn.setqflist({}, " ", { title = title, items = items })
  if #items == 0 then
    vim.notify("interview-notes: no notes in the workspace", vim.log.levels.INFO)
  elseif not require("interview_notes.picker").pick(items, title) then
    vim.cmd("botright copen")
  end
end

--- The workspace root without a server: the nearest folder with a root marker, else the cwd.
---@return string
local function cli_root()
  local markers = require("interview_notes").options.root_markers
  local start = vim.api.nvim_buf_get_name(0)
  start = start ~= "" and vim.fs.dirname(start) or vim.fn.getcwd()
  return server.find_root(start, markers) or vim.fn.getcwd()
end

--- The command-line program beside the server's executable, else the one on PATH.
---@return string
local function cli_program()
  local cmd = require("interview_notes").options.cmd or {}
  local server_path = cmd[1] and vim.fn.exepath(cmd[1]) or ""
  if server_path ~= "" then
    local beside = vim.fs.dirname(server_path) .. "/interview-notes"
    if vim.fn.executable(beside) == 1 then
      return beside
    end
  end
  return "interview-notes"
end

--- `:InterviewNotesStatus`: the workspace's notes in the quickfix list (or a Telescope picker).
function M.status()
  local client = server.client(0) or server.client()
  if client then
    server.request(client, STATUS, vim.empty_dict(), function(err, result)
      if err or type(result) ~= "table" then
        vim.notify(("interview-notes: status failed: %s"):format(err and err.message or "no answer"), vim.log.levels.ERROR)
        return
      end
      show_status(M.items_from_server(result, client.offset_encoding or "utf-16"), result.totals)
    end)
    return
  end
  local root = cli_root()
  local argv = { cli_program(), "status", "--format", "json", "." }
  local output
  if vim.system then
    output = vim.system(argv, { cwd = root, text = true }):wait().stdout or ""
  else
    output = vim.fn.system("cd " .. vim.fn.shellescape(root) .. " && " .. table.concat(vim.tbl_map(vim.fn.shellescape, argv), " ") .. " 2>/dev/null")
  end
  -- Exit 1 is only --min-completeness; 2 is an error, but the rows read are still printed.
  local ok, result = pcall(vim.json.decode, output)
  if not ok or type(result) ~= "table" then
    vim.notify("interview-notes: `interview-notes status` failed: " .. vim.trim(output):sub(1, 200), vim.log.levels.ERROR)
    return
  end
  show_status(M.items_from_cli(result, root), result.totals)
end

return M
