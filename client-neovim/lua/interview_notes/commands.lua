local server = require("interview_notes.server")

local M = {}

---@param bufnr integer
---@return vim.lsp.Client?
function M.client_or_warn(bufnr)
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
  local client = M.client_or_warn(bufnr)
  if client then
    server.execute(client, "interviewNotes.insertTemplate", {
      uri = vim.uri_from_bufnr(bufnr),
      position = cursor_position(client),
      template = optional(args.args),
    }, bufnr)
  end
end

--- Asks for the template's variables (`interviewNotes/templateVariables`) one by one with
--- `vim.ui.input`; an empty answer skips one. Asks nothing when the server cannot tell.
---@param client vim.lsp.Client
---@param bufnr integer
---@param done fun(values: table<string, string>?) `nil` when the user cancelled (<Esc>).
function M.ask_variables(client, bufnr, done)
  server.request(client, "interviewNotes/templateVariables", vim.empty_dict(), function(err, result)
    local variables = not err and type(result) == "table" and result.variables or nil
    if type(variables) ~= "table" or #variables == 0 then
      return done({})
    end
    local values = {}
    local function ask(i)
      local variable = variables[i]
      if variable == nil then
        return done(values)
      end
      local prompt = type(variable.prompt) == "string" and variable.prompt or variable.name
      local default = type(variable.default) == "string" and variable.default or nil
      vim.ui.input({ prompt = prompt .. ": ", default = default }, function(answer)
        if answer == nil then
          return done(nil)
        end
        if vim.trim(answer) ~= "" then
          values[variable.name] = answer
        end
        ask(i + 1)
      end)
    end
    ask(1)
  end, bufnr)
end

---@param args vim.api.keyset.create_user_command.command_args
local function new_note(args)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client_or_warn(bufnr)
  if not client then
    return
  end
  local argument = { folderUri = vim.uri_from_fname(client.config.root_dir or vim.fn.getcwd()) }
  if args.args ~= "" then
    local path = vim.fn.fnamemodify(vim.fn.expand(args.args), ":p")
    argument = { folderUri = vim.uri_from_fname(vim.fs.dirname(path)), name = vim.fs.basename(path) }
  end
  M.ask_variables(client, bufnr, function(values)
    if values == nil then
      vim.notify("interview-notes: new note cancelled", vim.log.levels.INFO)
      return
    end
    if next(values) ~= nil then
      argument.values = values
    end
    server.execute(client, "interviewNotes.newNote", argument, bufnr)
  end)
end

local function next_empty()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client_or_warn(bufnr)
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
  vim.api.nvim_create_user_command("InterviewNotesCheckWorkspace", function(args)
    require("interview_notes.workspace").check({ cancel = args.bang })
  end, {
    bang = true,
    desc = "Check every note of the workspace; the findings go to the quickfix list (! cancels)",
  })
  vim.api.nvim_create_user_command("InterviewNotesStatus", function()
    require("interview_notes.workspace").status()
  end, {
    desc = "List the workspace's notes with their completeness",
  })
  require("interview_notes.workspace").show_progress(require("interview_notes").options.progress ~= false)
end

return M
