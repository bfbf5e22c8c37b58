-- campaign.lua's branch for Neovim 0.8 and later, which Debian's 0.7 cannot run for real:
-- with a recording `vim.lsp.start` in place, opening a .campaign file must call it once
-- per buffer with the configuration 0.8's API takes (name, cmd, root_dir, init_options
-- with absolute paths) and the buffer. Run by editors/nvim/test.sh, with
-- CAMPAIGN_PROJECT set to a folder holding .campaign-lsp.json and winback_sms.campaign.

local project = assert(os.getenv('CAMPAIGN_PROJECT'), 'CAMPAIGN_PROJECT is not set')

local calls = {}
vim.lsp.start = function(config, options)
  table.insert(calls, { config = config, options = options })
  return 42
end

local campaign = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/campaign.lua')
campaign.setup({
  cmd = { '/opt/campaign', 'lsp' },
  sample_data = { customers = 'data/customers.csv', events = '/abs/events.csv', from = '2026-04-01', to = '2027-01-01' },
})

local function expect(condition, text)
  if not condition then
    error(text, 0)
  end
end

local ok, problem = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/winback_sms.campaign'))
  local bufnr = vim.api.nvim_get_current_buf()
  expect(#calls == 1, 'vim.lsp.start was called ' .. #calls .. ' times for one buffer')
  local config, options = calls[1].config, calls[1].options
  expect(options ~= nil and options.bufnr == bufnr, 'the second argument is ' .. vim.inspect(options)
    .. ', not { bufnr = ' .. bufnr .. ' }')
  expect(config.name == 'campaign', 'name is ' .. tostring(config.name))
  expect(vim.deep_equal(config.cmd, { '/opt/campaign', 'lsp' }), 'cmd is ' .. vim.inspect(config.cmd))
  local root = vim.loop.fs_realpath(project)
  expect(vim.loop.fs_realpath(config.root_dir) == root, 'root_dir is ' .. tostring(config.root_dir) .. ', not ' .. root)
  expect(vim.deep_equal(config.init_options, { sampleData = {
    customers = config.root_dir .. '/data/customers.csv', events = '/abs/events.csv', from = '2026-04-01', to = '2027-01-01',
  } }), 'init_options are ' .. vim.inspect(config.init_options))
  expect(vim.bo[bufnr].commentstring == '# %s', 'commentstring is ' .. vim.bo[bufnr].commentstring)
end)
if not ok then
  io.stderr:write('nvim (vim.lsp.start): FAIL ' .. tostring(problem) .. '\n')
  vim.cmd('cquit 1')
end
io.stderr:write('nvim (vim.lsp.start): ok, campaign.lua calls it with the configuration 0.8 takes\n')
vim.cmd('qall!')
