---@class interview_notes.Options
---@field cmd? string[] Command that starts the server over stdio.
---@field filetypes? string[] Filetypes the server attaches to.
---@field root_markers? string[] Files or folders that mark the workspace root.
---@field settings? table The `interviewNotes` settings object (see docs/server.md).
---@field on_attach? fun(client: vim.lsp.Client, bufnr: integer)
---@field capabilities? table Client capabilities merged into Neovim's defaults.
---@field snippets? boolean|string Load the snippets into LuaSnip: true, false or a folder.

local M = {}

---@type interview_notes.Options
M.defaults = {
  cmd = { "interview-notes-lsp" },
  filetypes = { "markdown" },
  root_markers = { ".interview-notes.toml", ".git" },
  settings = {},
  snippets = true,
}

---@type interview_notes.Options
M.options = vim.deepcopy(M.defaults)

---@param opts? interview_notes.Options
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  require("interview_notes.server").register(M.options)
  require("interview_notes.commands").create()
  if M.options.snippets then
    require("interview_notes.snippets").load(M.options.snippets)
  end
end

return M
