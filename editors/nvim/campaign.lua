-- Neovim set-up for .campaign files: the `campaign` filetype and the `campaign lsp`
-- language server (docs/editors.md). Works on Neovim 0.7 (Debian 12), which has
-- `vim.lsp.start_client` and `vim.lsp.buf_attach_client`, and on 0.8 and later, which
-- have `vim.lsp.start`.
--
-- Put this file on the runtime path as lua/campaign.lua and call
--
--   require('campaign').setup({
--     cmd = { 'campaign', 'lsp' },            -- or { '/path/to/campaign', 'lsp' }
--     sample_data = {                          -- optional: the "plan on sample data" lens
--       customers = 'data/customers.csv',      -- relative to the project's root
--       events = 'data/events.csv',
--       from = '2026-04-01',
--       to = '2027-01-01',
--     },
--   })
--
-- or load it without installing: `luafile /path/to/campaign.lua` returns the module too
-- (`dofile` it to keep the table).

local M = {}

M.defaults = {
  -- The server: the binary and its arguments, as jobstart() takes them.
  cmd = { 'campaign', 'lsp' },
  -- A project is the folder of the nearest of these above the file (as `campaign check
  -- FOLDER` takes it); the file's own folder when there is none.
  root_markers = { '.campaign-lsp.json', '.git' },
  -- { customers =, events =, from =, to = } for the code lens; nil leaves it unset.
  sample_data = nil,
  -- Called with (client, bufnr) when the server attaches to a buffer.
  on_attach = nil,
  -- Called with (code, signal, client_id) when the server exits.
  on_exit = nil,
}

local config = vim.deepcopy(M.defaults)
-- Neovim 0.7: one client per root, kept here (vim.lsp.start does this itself on 0.8+).
local clients_by_root = {}

local function is_directory(path)
  local stat = vim.loop.fs_stat(path)
  return stat ~= nil and stat.type == 'directory'
end

--- The project root of a file: the nearest folder above it that holds a root marker.
function M.root_dir(path)
  local start = vim.fn.fnamemodify(path, ':p:h')
  local folder = start
  while true do
    for _, marker in ipairs(config.root_markers) do
      if vim.loop.fs_stat(folder .. '/' .. marker) then
        return folder
      end
    end
    local parent = vim.fn.fnamemodify(folder, ':h')
    if parent == folder then
      return start
    end
    folder = parent
  end
end

--- initializationOptions: the sample-data files made absolute against the root, so
--- that the server does not depend on the folder Neovim was started in.
local function init_options(root)
  if config.sample_data == nil then
    return nil
  end
  local sample = vim.deepcopy(config.sample_data)
  for _, key in ipairs({ 'customers', 'events' }) do
    local file = sample[key]
    if type(file) == 'string' and file ~= '' and file:sub(1, 1) ~= '/' then
      sample[key] = root .. '/' .. file
    end
  end
  return { sampleData = sample }
end

local function client_config(root)
  return {
    name = 'campaign',
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = init_options(root),
    on_attach = config.on_attach,
    on_exit = function(code, signal, client_id)
      if clients_by_root[root] == client_id then
        clients_by_root[root] = nil
      end
      if config.on_exit then
        config.on_exit(code, signal, client_id)
      end
    end,
  }
end

--- Starts the server for the buffer's project, or reuses the one running, and attaches
--- the buffer to it. Returns the client's id.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = path ~= '' and M.root_dir(path) or vim.loop.cwd()
  if not is_directory(root) then
    root = vim.loop.cwd()
  end
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local client_id = clients_by_root[root]
  if client_id == nil or vim.lsp.client_is_stopped(client_id) then
    client_id = vim.lsp.start_client(client_config(root))
    if client_id == nil then
      vim.notify('campaign: could not start ' .. table.concat(config.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients_by_root[root] = client_id
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  return client_id
end

--- Registers the filetype and starts the server for every `campaign` buffer.
function M.setup(options)
  config = vim.tbl_extend('force', vim.deepcopy(M.defaults), options or {})
  local group = vim.api.nvim_create_augroup('campaign', { clear = true })
  -- An autocommand rather than vim.filetype.add: Neovim 0.7 reads filetype.lua only with
  -- `g:do_filetype_lua` set.
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.campaign',
    callback = function()
      vim.bo.filetype = 'campaign'
    end,
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'campaign',
    callback = function(event)
      -- The canonical layout (`campaign fmt`): two spaces, `#` comments.
      vim.bo[event.buf].commentstring = '# %s'
      vim.bo[event.buf].expandtab = true
      vim.bo[event.buf].shiftwidth = 2
      vim.bo[event.buf].softtabstop = 2
      M.attach(event.buf)
    end,
  })
  return M
end

return M
