local server = require("interview_notes.server")

local M = {}

---@param bufnr integer
---@return vim.lsp.Client?
local function client_or_warn(bufnr)
  local client = server.client(bufnr) or server.client()
  if not client then
    vim.notify("interview-notes: the server is not running; open a Markdown file first", vim.log.levels.WARN)
  end
  return client
end

---@param client vim.lsp.Client
---@return lsp.Position
local function cursor_position(client)
  return vim.lsp.util.make_position_params(0, client.offset_encoding).position
end

---@param value string
---@return string?
local function optional(value)
  return value ~= "" and value or nil
end

---@param args vim.api.keyset.create_user_command.command_args
local function insert_template(args)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_or_warn(bufnr)
  if client then
    server.execute(client, "interviewNotes.insertTemplate", {
      uri = vim.uri_from_bufnr(bufnr),
      position = cursor_position(client),
      template = optional(args.args),
    }, bufnr)
  end
end

---@param args vim.api.keyset.create_user_command.command_args
local function new_note(args)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_or_warn(bufnr)
  if not client then
    return
  end
  local argument = { folderUri = vim.uri_from_fname(client.config.root_dir or vim.fn.getcwd()) }
  if args.args ~= "" then
    local path = vim.fn.fnamemodify(vim.fn.expand(args.args), ":p")
    argument = { folderUri = vim.uri_from_fname(vim.fs.dirname(path)), name = vim.fs.basename(path) }
  end
  server.execute(client, "interviewNotes.newNote", argument, bufnr)
end

local function next_empty()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_or_warn(bufnr)
  if client then
    server.execute(client, "interviewNotes.nextEmptySlot", {
      uri = vim.uri_from_bufnr(bufnr),
      position = cursor_position(client),
    }, bufnr)
  end
end

function M.create()
  vim.api.nvim_create_user_command("InterviewNotesInsertTemplate", insert_template, {
    nargs = "?",
    desc = "Insert an interview-notes template at the cursor",
  })
  vim.api.nvim_create_user_command("InterviewNotesNew", new_note, {
    nargs = "?",
    complete = "file",
    desc = "Create a new interview note (in the workspace root, or at [path])",
  })
  vim.api.nvim_create_user_command("InterviewNotesNextEmpty", next_empty, {
    desc = "Jump to the next empty slot of the note",
  })
end

return M
