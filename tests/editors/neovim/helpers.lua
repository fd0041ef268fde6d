-- What the Neovim test scripts share; each loads it with dofile from its own folder.
local M = {}

---@param what string
---@param condition fun(): boolean
---@param timeout integer milliseconds
function M.wait_for(what, condition, timeout)
  if not vim.wait(timeout, condition, 10) then
    error("timed out waiting for " .. what)
  end
end

--- The 1-based number of the first line of the buffer that starts with `prefix`.
function M.find_line(bufnr, prefix)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if vim.startswith(line, prefix) then
      return i
    end
  end
  error("no line starting with " .. prefix)
end

return M
