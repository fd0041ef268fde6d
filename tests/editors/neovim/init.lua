-- A user's init.lua: the plugin on the runtimepath, and setup().
local repo = assert(vim.env.INTERVIEW_NOTES_REPO)
vim.opt.rtp:prepend(repo .. "/client-neovim")

-- Stands in for LuaSnip's VS Code loader, recording the folders it is given.
_G.luasnip_paths = {}
package.preload["luasnip.loaders.from_vscode"] = function()
  return {
    lazy_load = function(opts)
      vim.list_extend(_G.luasnip_paths, opts.paths)
    end,
  }
end

if vim.env.INTERVIEW_NOTES_WITHOUT_ENABLE then
  -- Neovim 0.9 and 0.10 have no vim.lsp.enable: the plugin falls back to a FileType autocmd.
  vim.lsp.enable = nil
end

local settings = { naWords = { "N/A", "tbd" } }
if vim.env.INTERVIEW_NOTES_FOCUS_MODE == "off" then
  settings.focusMode = false
end

require("interview_notes").setup({ settings = settings })
