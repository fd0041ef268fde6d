-- Run as `nvim -u NONE -l enable.lua`: no setup(), only the plugin's lsp/interview_notes.lua found on
-- the runtimepath by `vim.lsp.enable("interview_notes")`.
local repo = assert(vim.env.INTERVIEW_NOTES_REPO)
local project = assert(vim.env.INTERVIEW_NOTES_PROJECT)
vim.opt.rtp:prepend(repo .. "/client-neovim")
vim.cmd("filetype on")
vim.lsp.enable("interview_notes")

vim.cmd.edit(vim.fn.fnameescape(project .. "/notes.md"))
local bufnr = vim.api.nvim_get_current_buf()
local function client()
  return vim.lsp.get_clients({ bufnr = bufnr, name = "interview_notes" })[1]
end
assert(vim.wait(20000, function()
  return client() ~= nil and #vim.diagnostic.get(bufnr) > 0
end, 20), "no client or no diagnostics")

local severity_names = { "error", "warning", "information", "hint" }
local config = vim.lsp.config.interview_notes
vim.fn.writefile({
  vim.json.encode({
    cmd = config.cmd,
    filetypes = config.filetypes,
    root_markers = config.root_markers,
    root_dir = client().config.root_dir,
    commands = vim.fn.exists(":InterviewNotesStatus") == 2,
    diagnostics = vim.tbl_map(function(d)
      return { line = d.lnum, severity = severity_names[d.severity] }
    end, vim.diagnostic.get(bufnr)),
  }),
}, assert(vim.env.INTERVIEW_NOTES_RESULTS))
