-- A Telescope picker over quickfix items, used when Telescope is installed.
local M = {}

---@return boolean
function M.available()
  return (pcall(require, "telescope"))
end

--- Shows the items in a Telescope picker with a preview; false when Telescope is not installed.
---@param items vim.quickfix.entry[]
---@param title string
---@return boolean shown
function M.pick(items, title)
  if not M.available() then
    return false
  end
  local pickers = require("telescope.pickers")
  local finders = require("telescope.finders")
  local make_entry = require("telescope.make_entry")
  local config = require("telescope.config").values
  pickers
    .new({}, {
      prompt_title = title,
      finder = finders.new_table({ results = items, entry_maker = make_entry.gen_from_quickfix({}) }),
      previewer = config.qflist_previewer({}),
      sorter = config.generic_sorter({}),
    })
    :find()
  return true
end

return M
