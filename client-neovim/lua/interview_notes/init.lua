---@class interview_notes.Options
---@field cmd? string[] Command that starts the server over stdio.
---@field filetypes? string[] Filetypes the server attaches to.
---@field root_markers? string[] Files or folders that mark the workspace root.
---@field settings? table The `interviewNotes` settings object (see docs/server.md).
---@field on_attach? fun(client: vim.lsp.Client, bufnr: integer)
---@field capabilities? table Client capabilities merged into Neovim's defaults.
---@field snippets? boolean|string Load the snippets into LuaSnip: true, false or a folder.
---@field codes? boolean Lead each diagnostic's message with its rule code (`IN004 ...`).
---@field codelens? boolean Refresh the code lens on attach and after changes.
---@field progress? boolean Echo the server's progress (Check Workspace) in the command line.

local M = {}

local server = require("interview_notes.server")
local base = server.base()

--- The defaults: `cmd`, `filetypes` and `root_markers` are those of lsp/interview_notes.lua.
---@type interview_notes.Options
M.defaults = {
  cmd = base.cmd,
  filetypes = base.filetypes,
  root_markers = base.root_markers,
  settings = {},
  snippets = true,
  codes = true,
  codelens = true,
  progress = true,
}

---@type interview_notes.Options
M.options = vim.deepcopy(M.defaults)

---@param opts? interview_notes.Options
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  server.register(M.options, opts)
  require("interview_notes.commands").create()
  require("interview_notes.completeness").attach(M.options)
  if M.options.snippets then
    require("interview_notes.snippets").load(M.options.snippets)
  end
end

--- For the statusline: the current note's completeness, `27/35`, or "" outside a note.
---@param bufnr? integer
---@return string
function M.status(bufnr)
  return require("interview_notes.completeness").status(bufnr)
end

return M
