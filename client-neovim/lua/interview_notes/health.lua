local M = {}

local health = vim.health

---@param cmd string[]
---@return string? output
local function run(cmd)
  local output = vim.fn.system(cmd)
  if vim.v.shell_error ~= 0 then
    return nil
  end
  return vim.trim(output)
end

---@param executable string
---@return string?
local function version_of(executable)
  local version = run({ executable, "--version" })
  if version then
    return version
  end
  local cli = vim.fn.exepath("interview-notes")
  return cli ~= "" and run({ cli, "--version" }) or nil
end

--- The interpreter named on the first line of a console script, when it is a Python one.
---@param executable string
---@return string?
local function python_of(executable)
  local first = vim.fn.readfile(executable, "", 1)[1] or ""
  return first:match("^#!%s*(%S*python[%d.]*)")
end

local function check_server()
  local options = require("interview_notes").options
  local name = options.cmd[1]
  local executable = vim.fn.exepath(name)
  if executable == "" then
    health.error(("`%s` not found on PATH"):format(name), {
      "Install the server from a clone of the repository: `pipx install ./interview-notes-lsp`",
      "Or set `cmd` in `require('interview_notes').setup({ cmd = { '/path/to/interview-notes-lsp' } })`",
    })
    return
  end
  health.ok(("server: %s"):format(executable))

  local version = version_of(executable)
  if version then
    health.ok(("version: %s"):format(version))
  else
    health.warn(("`%s --version` failed"):format(executable))
  end

  local python = python_of(executable)
  local python_version = python and run({ python, "--version" })
  if python_version then
    health.ok(("Python: %s (%s)"):format(python_version, python))
  else
    health.info("Python: the server is not a Python console script, or its interpreter did not answer")
  end
end

local function check_client()
  local client = require("interview_notes.server").client()
  if client then
    health.ok(("client %d running, root %s"):format(client.id, client.config.root_dir or "(single file)"))
  else
    health.info("no client running; open a Markdown file to start one")
  end
end

local function check_snippets()
  local snippets = require("interview_notes.snippets")
  local setting = require("interview_notes").options.snippets
  if not setting then
    health.info("snippets: disabled in setup()")
    return
  end
  local folder = snippets.folder(setting)
  if snippets.has_manifest(folder) then
    health.ok(("snippets: %s"):format(folder))
  else
    health.warn(("snippets: no package.json in %s"):format(folder))
  end
  if snippets.loaded_from then
    health.ok(("LuaSnip: snippets loaded from %s"):format(snippets.loaded_from))
  elseif pcall(require, "luasnip") then
    health.warn("LuaSnip: installed after setup() ran; load it first to get the snippets")
  else
    health.info("LuaSnip: not installed, snippets not loaded (the server still completes fields)")
  end
end

function M.check()
  health.start("interview_notes")
  if vim.fn.has("nvim-0.9") == 0 then
    health.error("Neovim 0.9 or newer is required")
  end
  check_server()
  check_client()
  check_snippets()
end

return M
