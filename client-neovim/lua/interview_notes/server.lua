local M = {}

M.name = "interview_notes"

--- Shows the document in the current window, then selects the range. Neovim's own handler stops
--- with E348 when the cursor is on a line without a word, which is common in notes.
---@type lsp.Handler
local function show_document(err, params, ctx)
  if params.external then
    return vim.lsp.handlers["window/showDocument"](err, params, ctx)
  end
  local client = assert(vim.lsp.get_client_by_id(ctx.client_id))
  local bufnr = vim.uri_to_bufnr(params.uri)
  vim.cmd("normal! m'")
  vim.bo[bufnr].buflisted = true
  vim.api.nvim_win_set_buf(0, bufnr)
  local location = { uri = params.uri, range = params.selection }
  local options = { reuse_win = true, focus = false }
  return { success = vim.lsp.util.show_document(location, client.offset_encoding, options) }
end

local levels = { vim.log.levels.ERROR, vim.log.levels.WARN, vim.log.levels.INFO, vim.log.levels.DEBUG }

--- The server's messages as short notifications with a level. Neovim's own handler ends each one
--- with a newline, which turns every message into a hit-enter prompt.
---@type lsp.Handler
local function show_message(_, params)
  local level = levels[params.type] or vim.log.levels.INFO
  if params.type ~= 4 then
    vim.notify("interview-notes: " .. vim.trim(params.message), level)
  end
  return params
end

--- The diagnostic's message, led by its rule code (`IN004 Empty field ...`), as the quickfix and
--- location lists show it.
---@param diagnostic table An LSP or a vim.Diagnostic: both have `code` and `message`.
---@return string
function M.coded_message(diagnostic)
  local code, message = diagnostic.code, diagnostic.message or ""
  if code == nil or code == vim.NIL or vim.startswith(message, tostring(code) .. " ") then
    return message
  end
  return ("%s %s"):format(code, message)
end

---@param diagnostics lsp.Diagnostic[]?
---@return lsp.Diagnostic[]
local function with_codes(diagnostics)
  return vim.tbl_map(function(diagnostic)
    return vim.tbl_extend("force", diagnostic, { message = M.coded_message(diagnostic) })
  end, diagnostics or {})
end

--- Handlers that put the rule code in front of each diagnostic's message, so that
--- `vim.diagnostic.setqflist()`, `setloclist()` and the float show it.
---@return table<string, lsp.Handler>
local function coded_diagnostic_handlers()
  local diagnostic = vim.lsp.diagnostic
  local handlers = {
    ["textDocument/publishDiagnostics"] = function(err, params, ctx, ...)
      if params then
        params = vim.tbl_extend("force", params, { diagnostics = with_codes(params.diagnostics) })
      end
      return diagnostic.on_publish_diagnostics(err, params, ctx, ...)
    end,
  }
  if diagnostic.on_diagnostic then
    handlers["textDocument/diagnostic"] = function(err, result, ctx, ...)
      if result and result.items then
        result = vim.tbl_extend("force", result, { items = with_codes(result.items) })
      end
      return diagnostic.on_diagnostic(err, result, ctx, ...)
    end
  end
  return handlers
end

--- Pulls the diagnostics of the client's buffers again, as `workspace/diagnostic/refresh` asks.
--- Neovim 0.11 pulls diagnostics but neither answers that request nor announces it: without this,
--- what focus mode hides in a note stays hidden after a save, until the next edit.
---@type lsp.Handler
local function refresh_diagnostics(_, _, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  for bufnr in pairs(client and client.attached_buffers or {}) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
      -- No handler: the client's own for textDocument/diagnostic (with the rule codes) is used.
      M.request(client, "textDocument/diagnostic", params, nil, bufnr)
    end
  end
  return vim.NIL
end

--- Whether this Neovim pulls diagnostics without handling `workspace/diagnostic/refresh`.
---@return boolean
local function lacks_diagnostic_refresh()
  return vim.lsp.diagnostic.on_diagnostic ~= nil and vim.lsp.handlers["workspace/diagnostic/refresh"] == nil
end

--- The folder holding `lsp/` and `lua/`: this plugin, wherever it is installed.
---@return string
local function plugin_root()
  local this_file = debug.getinfo(1, "S").source:sub(2)
  return vim.fn.fnamemodify(this_file, ":p:h:h:h")
end

--- The plugin's `lsp/interview_notes.lua`: `cmd`, `filetypes`, `root_markers` and `settings`, the
--- table `vim.lsp.enable("interview_notes")` uses without setup().
---@return vim.lsp.Config
function M.base()
  return dofile(plugin_root() .. "/lsp/" .. M.name .. ".lua")
end

--- Whether Neovim finds this plugin's `lsp/interview_notes.lua` on the runtimepath, so that
--- `vim.lsp.config` merges it in by itself.
---@return boolean
local function base_on_runtimepath()
  local expected = vim.fs.normalize(plugin_root() .. "/lsp/" .. M.name .. ".lua")
  for _, found in ipairs(vim.api.nvim_get_runtime_file("lsp/" .. M.name .. ".lua", true)) do
    if vim.fs.normalize(vim.fn.fnamemodify(found, ":p")) == expected then
      return true
    end
  end
  return false
end

---@param opts interview_notes.Options
---@return vim.lsp.ClientConfig
function M.client_config(opts)
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  local handlers = {
    ["window/showDocument"] = show_document,
    ["window/showMessage"] = show_message,
  }
  if opts.codes ~= false then
    handlers = vim.tbl_extend("force", handlers, coded_diagnostic_handlers())
  end
  if lacks_diagnostic_refresh() then
    handlers["workspace/diagnostic/refresh"] = refresh_diagnostics
    capabilities = vim.tbl_deep_extend("force", capabilities, { workspace = { diagnostics = { refreshSupport = true } } })
  end
  return {
    name = M.name,
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    settings = { interviewNotes = opts.settings },
    init_options = opts.settings,
    capabilities = vim.tbl_deep_extend("force", capabilities, opts.capabilities or {}),
    handlers = handlers,
    on_attach = opts.on_attach,
  }
end

--- The nearest folder, from `start` upward, that holds one of the root markers.
---@param start string A folder.
---@param markers string[]
---@return string?
function M.find_root(start, markers)
  local found = vim.fs.find(markers, { upward = true, path = start })[1]
  return found and vim.fs.dirname(found)
end

---@param config vim.lsp.ClientConfig
local function register_with_autocmd(config)
  local group = vim.api.nvim_create_augroup("interview_notes", { clear = true })
  local function start(bufnr)
    if vim.bo[bufnr].buftype ~= "" then
      return
    end
    local buf_config = vim.deepcopy(config)
    local path = vim.api.nvim_buf_get_name(bufnr)
    buf_config.root_dir = M.find_root(vim.fs.dirname(path), config.root_markers)
    buf_config.root_markers, buf_config.filetypes = nil, nil
    vim.lsp.start(buf_config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = config.filetypes,
    callback = function(ev)
      start(ev.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
end

--- Registers the server: `vim.lsp.config` and `vim.lsp.enable` where Neovim has them (0.11+),
--- otherwise a FileType autocmd that calls `vim.lsp.start`.
---@param opts interview_notes.Options
---@param given? interview_notes.Options What the user passed to setup().
function M.register(opts, given)
  local config = M.client_config(opts)
  if vim.lsp.config and vim.lsp.enable then
    -- Neovim merges lsp/interview_notes.lua in first: only what setup() adds or changes goes here.
    if base_on_runtimepath() then
      for _, key in ipairs({ "cmd", "filetypes", "root_markers" }) do
        if (given or {})[key] == nil then
          config[key] = nil
        end
      end
    end
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
  else
    register_with_autocmd(config)
  end
end

--- The running clients of this server (attached to `bufnr`, when given).
---@param bufnr? integer
---@return vim.lsp.Client[]
function M.clients(bufnr)
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get_clients({ name = M.name, bufnr = bufnr })
end

---@param bufnr? integer
---@return vim.lsp.Client?
function M.client(bufnr)
  return M.clients(bufnr)[1]
end

--- Sends a request, with the method-call syntax of Neovim 0.11 or the older field call.
---@param client vim.lsp.Client
---@param method string
---@param params table?
---@param handler fun(err: lsp.ResponseError?, result: any)
---@param bufnr integer?
function M.request(client, method, params, handler, bufnr)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- Cancels a request under way, with the method-call syntax of Neovim 0.11 or the older field call.
---@param client vim.lsp.Client
---@param id integer The id `M.request` or `M.execute` returned.
function M.cancel(client, id)
  if vim.fn.has("nvim-0.11") == 1 then
    return client:cancel_request(id)
  end
  return client.cancel_request(id)
end

--- Runs one of the server's commands with a single object argument.
---@param client vim.lsp.Client
---@param command string
---@param argument table
---@param bufnr integer
---@param on_done? fun(result: any, err: lsp.ResponseError?) Called with the command's result, or
--- with its error, which it then reports itself; without it, an error is reported here.
---@return integer? id The request's id, for `M.cancel`.
function M.execute(client, command, argument, bufnr, on_done)
  local params = { command = command, arguments = { argument } }
  local function on_result(err, result)
    if on_done then
      on_done(result, err)
    elseif err then
      vim.notify(("interview-notes: %s failed: %s"):format(command, err.message), vim.log.levels.ERROR)
    end
  end
  local _, id = M.request(client, "workspace/executeCommand", params, on_result, bufnr)
  return id
end

return M
