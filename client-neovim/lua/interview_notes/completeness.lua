-- The current note's completeness for the statusline, and the code lens kept fresh.
local server = require("interview_notes.server")

local M = {}

---@class interview_notes.Completeness
---@field isNote boolean
---@field filled integer
---@field total integer

---@type table<integer, interview_notes.Completeness>
M.cache = {}

--- Asks the server for the buffer's completeness and caches it; redraws the statusline.
---@param bufnr integer
function M.refresh(bufnr)
  local client = vim.api.nvim_buf_is_loaded(bufnr) and server.client(bufnr)
  if not client then
    return
  end
  server.request(client, "interviewNotes/completeness", { uri = vim.uri_from_bufnr(bufnr) }, function(err, result)
    if err or type(result) ~= "table" then
      return
    end
    M.cache[bufnr] = { isNote = result.isNote == true, filled = result.filled or 0, total = result.total or 0 }
    pcall(vim.cmd.redrawstatus)
  end, bufnr)
end

---@param bufnr? integer
---@return string
function M.status(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local found = M.cache[bufnr]
  if not found or not found.isNote then
    return ""
  end
  return ("%d/%d"):format(found.filled, found.total)
end

---@param bufnr integer
local function refresh_codelens(bufnr)
  if server.client(bufnr) and vim.api.nvim_buf_is_loaded(bufnr) then
    -- Neovim 0.9 refreshes the current buffer only and takes no options.
    if not pcall(vim.lsp.codelens.refresh, { bufnr = bufnr }) then
      pcall(vim.lsp.codelens.refresh)
    end
  end
end

--- Creates the autocommands: completeness on attach and on diagnostics (which the server sends
--- again after edits and on save); the code lens on attach and after changes. A save changes no
--- text, so it asks for neither.
---@param opts interview_notes.Options
function M.attach(opts)
  local group = vim.api.nvim_create_augroup("interview_notes_completeness", { clear = true })
  vim.api.nvim_create_autocmd("LspAttach", {
    group = group,
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      if not client or client.name ~= server.name then
        return
      end
      M.refresh(ev.buf)
      if opts.codelens ~= false then
        refresh_codelens(ev.buf)
      end
    end,
  })
  vim.api.nvim_create_autocmd("DiagnosticChanged", {
    group = group,
    callback = function(ev)
      M.refresh(ev.buf)
    end,
  })
  if opts.codelens ~= false then
    vim.api.nvim_create_autocmd({ "InsertLeave", "TextChanged" }, {
      group = group,
      callback = function(ev)
        refresh_codelens(ev.buf)
      end,
    })
  end
  vim.api.nvim_create_autocmd({ "BufDelete", "BufWipeout" }, {
    group = group,
    callback = function(ev)
      M.cache[ev.buf] = nil
    end,
  })
end

return M
