local M = {}

---@type string? The folder given to LuaSnip, once loaded.
M.loaded_from = nil

--- The repository's `snippets/` folder, beside `client-neovim/`.
---@return string
function M.default_folder()
  local this_file = debug.getinfo(1, "S").source:sub(2)
  local plugin_root = vim.fn.fnamemodify(this_file, ":p:h:h:h")
  return vim.fs.dirname(plugin_root) .. "/snippets"
end

---@param setting true|string
---@return string
function M.folder(setting)
  return type(setting) == "string" and vim.fn.expand(setting) or M.default_folder()
end

---@param folder string
---@return boolean
function M.has_manifest(folder)
  return vim.fn.filereadable(folder .. "/package.json") == 1
end

--- Loads the VS Code-format snippets into LuaSnip when LuaSnip is installed.
---@param setting true|string
---@return boolean loaded
function M.load(setting)
  local folder = M.folder(setting)
  local ok, loader = pcall(require, "luasnip.loaders.from_vscode")
  if not ok or not M.has_manifest(folder) then
    return false
  end
  loader.lazy_load({ paths = { folder } })
  M.loaded_from = folder
  return true
end

return M
