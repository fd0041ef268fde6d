-- The server's configuration for `vim.lsp.enable("interview_notes")` (Neovim 0.11+), found on the
-- runtimepath as nvim-lspconfig's configs are. `require("interview_notes").setup()` builds on it.
---@type vim.lsp.Config
return {
  cmd = { "interview-notes-lsp" },
  filetypes = { "markdown" },
  root_markers = { ".interview-notes.toml", ".interview-notes", "pyproject.toml", ".git" },
  settings = { interviewNotes = {} },
}
