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

---@param opts interview_notes.Options
---@return vim.lsp.ClientConfig
function M.client_config(opts)
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  return {
    name = M.name,
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    settings = { interviewNotes = opts.settings },
    init_options = opts.settings,
    capabilities = vim.tbl_deep_extend("force", capabilities, opts.capabilities or {}),
    handlers = { ["window/showDocument"] = show_document },
    on_attach = opts.on_attach,
  }
end

---@param bufnr integer
---@param markers string[]
---@return string?
local function find_root(bufnr, markers)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local found = vim.fs.find(markers, { upward = true, path = vim.fs.dirname(path) })[1]
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
    buf_config.root_dir = find_root(bufnr, config.root_markers)
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
function M.register(opts)
  local config = M.client_config(opts)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
  else
    register_with_autocmd(config)
  end
end

---@param bufnr? integer
---@return vim.lsp.Client?
function M.client(bufnr)
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get_clients({ name = M.name, bufnr = bufnr })[1]
end

--- Runs one of the server's commands with a single object argument.
---@param client vim.lsp.Client
---@param command string
---@param argument table
---@param bufnr integer
function M.execute(client, command, argument, bufnr)
  local params = { command = command, arguments = { argument } }
  local function on_result(err)
    if err then
      vim.notify(("interview-notes: %s failed: %s"):format(command, err.message), vim.log.levels.ERROR)
    end
  end
  if vim.fn.has("nvim-0.11") == 1 then
    client:request("workspace/executeCommand", params, on_result, bufnr)
  else
    client.request("workspace/executeCommand", params, on_result, bufnr)
  end
end

return M
