-- Drives `campaign lsp` from a real client, Neovim headless, through editors/nvim/campaign.lua.
-- Run by editors/nvim/test.sh, which makes the project and sets:
--   CAMPAIGN             the binary
--   CAMPAIGN_PROJECT     a folder holding the examples, broken.campaign and messy.campaign
--   CAMPAIGN_FORMATTED   what `campaign fmt messy.campaign` printed
--   CAMPAIGN_PLAN        "entered sent suppressed" of `campaign plan --campaign winback_sms`
--                        over the project's data/ from 2026-04-01 to 2027-01-01
--   CAMPAIGN_TIMEOUT_MS  how long to wait for each answer (default 20000)
-- Each step prints a line; the first failure prints what was expected and what came,
-- and Neovim exits with status 1. Success exits with status 0.

local campaign = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h') .. '/campaign.lua')

local binary = assert(os.getenv('CAMPAIGN'), 'CAMPAIGN is not set')
local project = assert(os.getenv('CAMPAIGN_PROJECT'), 'CAMPAIGN_PROJECT is not set')
local formatted_path = assert(os.getenv('CAMPAIGN_FORMATTED'), 'CAMPAIGN_FORMATTED is not set')
local plan_counts = assert(os.getenv('CAMPAIGN_PLAN'), 'CAMPAIGN_PLAN is not set')
local timeout = tonumber(os.getenv('CAMPAIGN_TIMEOUT_MS') or '') or 20000

local function say(text)
  io.stderr:write('nvim: ' .. text .. '\n')
end

local Failure = {}

local function fail(text)
  error(setmetatable({ text = text }, Failure), 0)
end

local function check(condition, text)
  if not condition then
    fail(text)
  end
end

-- The server's messages (the code lens's counts) on their own lines.
vim.lsp.handlers['window/showMessage'] = function(_, result)
  say('server says: ' .. result.message)
end

local attached = {}
local exits = {}

campaign.setup({
  cmd = { binary, 'lsp' },
  root_markers = { '.campaign-lsp.json' },
  -- Relative to the project: campaign.lua sends them as absolute paths.
  sample_data = { customers = 'data/customers.csv', events = 'data/events.csv', from = '2026-04-01', to = '2027-01-01' },
  on_attach = function(client, bufnr)
    attached[bufnr] = client.id
  end,
  on_exit = function(code, signal, client_id)
    exits[client_id] = { code = code, signal = signal }
  end,
})

local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/' .. name))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'campaign', name .. ': filetype is `' .. vim.bo[bufnr].filetype .. '`, not `campaign`')
  vim.wait(timeout, function() return attached[bufnr] ~= nil or next(exits) ~= nil end, 20)
  for _, exit in pairs(exits) do
    fail(name .. ': the server exited with status ' .. exit.code .. ' before attaching')
  end
  check(attached[bufnr] ~= nil, name .. ': the server did not attach within ' .. timeout .. ' ms')
  -- One server per project: every buffer of the project shares the first one's client.
  for other, client_id in pairs(attached) do
    check(client_id == attached[bufnr], name .. ': attached to client ' .. attached[bufnr] .. ', '
      .. vim.api.nvim_buf_get_name(other) .. ' to client ' .. client_id)
  end
  return bufnr
end

-- The 0-based line and character (UTF-16 units; these lines are ASCII) of `needle` in
-- the buffer, plus `offset` characters.
local function position_of(bufnr, needle, offset)
  for number, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true)) do
    local column = line:find(needle, 1, true)
    if column then
      return { line = number - 1, character = column - 1 + (offset or 0) }
    end
  end
  fail('no `' .. needle .. '` in buffer ' .. vim.api.nvim_buf_get_name(bufnr))
end

local function request(bufnr, method, params)
  local responses, reason = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  check(responses ~= nil, method .. ': no answer (' .. tostring(reason) .. ')')
  local response = responses[attached[bufnr]]
  check(response ~= nil, method .. ': no answer from the campaign server')
  check(response.err == nil, method .. ': error ' .. vim.inspect(response.err))
  return response.result
end

local function document(bufnr)
  return { uri = vim.uri_from_bufnr(bufnr) }
end

local function campaign_diagnostics(bufnr)
  return vim.diagnostic.get(bufnr)
end

local function describe(diagnostics)
  local lines = {}
  for _, d in ipairs(diagnostics) do
    table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, tostring(d.code), d.message))
  end
  return #lines == 0 and 'none' or table.concat(lines, '; ')
end

local steps = {}

local broken

steps[#steps + 1] = { 'a diagnostic as the file opens: E0102 on line 5', function()
  broken = open('broken.campaign')
  local ok = vim.wait(timeout, function() return #campaign_diagnostics(broken) > 0 end, 20)
  check(ok, 'no diagnostic for broken.campaign within ' .. timeout .. ' ms')
  local diagnostics = campaign_diagnostics(broken)
  check(#diagnostics == 1, 'expected one diagnostic, got ' .. describe(diagnostics))
  local d = diagnostics[1]
  check(d.code == 'E0102' and d.lnum == 4 and d.col == 11 and d.severity == vim.diagnostic.severity.ERROR,
    'expected E0102 error at 5:12, got ' .. describe(diagnostics))
  check(d.message:find('sms_optin', 1, true) ~= nil, 'the message does not name `sms_optin`: ' .. d.message)
end }

steps[#steps + 1] = { 'completion after `sms_` offers the field `sms_opt_in`', function()
  local result = request(broken, 'textDocument/completion', {
    textDocument = document(broken),
    position = position_of(broken, 'sms_optin', 4),
  })
  check(result ~= nil, 'completion returned null')
  local items = result.items or result
  local labels = {}
  for _, item in ipairs(items) do
    if item.label == 'sms_opt_in' then
      check(item.kind == vim.lsp.protocol.CompletionItemKind.Field,
        '`sms_opt_in` is not a field item (kind ' .. tostring(item.kind) .. ')')
      return
    end
    table.insert(labels, item.label)
  end
  fail('no `sms_opt_in` among ' .. #labels .. ' items: ' .. table.concat(labels, ', '))
end }

steps[#steps + 1] = { 'hover on the segment `loyal` shows its definition', function()
  local result = request(broken, 'textDocument/hover', {
    textDocument = document(broken),
    position = position_of(broken, 'loyal', 1),
  })
  check(result ~= nil and result.contents ~= nil, 'hover returned nothing')
  local text = result.contents.value or vim.inspect(result.contents)
  check(text:find('count(purchase in last 90d) >= 3', 1, true) ~= nil,
    'hover does not show `count(purchase in last 90d) >= 3`: ' .. text)
end }

steps[#steps + 1] = { 'the quick fix writes `sms_opt_in` and the diagnostic goes away', function()
  local d = campaign_diagnostics(broken)[1]
  local range = {
    start = { line = d.lnum, character = d.col },
    ['end'] = { line = d.end_lnum, character = d.end_col },
  }
  local result = request(broken, 'textDocument/codeAction', {
    textDocument = document(broken),
    range = range,
    -- The diagnostic as the server sent it (rebuilt: where Neovim keeps the original
    -- differs between versions).
    context = { diagnostics = { { range = range, severity = 1, code = d.code, source = d.source, message = d.message } } },
  })
  local titles = {}
  for _, action in ipairs(result or {}) do
    if action.edit and action.title:find('sms_opt_in', 1, true) then
      vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      local line = vim.api.nvim_buf_get_lines(broken, 4, 5, true)[1]
      check(line == '  audience sms_opt_in and not loyal', 'after the fix, line 5 reads: ' .. line)
      local ok = vim.wait(timeout, function() return #campaign_diagnostics(broken) == 0 end, 20)
      check(ok, 'the diagnostic stayed after the fix: ' .. describe(campaign_diagnostics(broken)))
      return
    end
    table.insert(titles, action.title)
  end
  fail('no code action with an edit writing `sms_opt_in`; got: ' .. table.concat(titles, ' | '))
end }

steps[#steps + 1] = { 'formatting messy.campaign gives what `campaign fmt` prints', function()
  local messy = open('messy.campaign')
  local edits = request(messy, 'textDocument/formatting', {
    textDocument = document(messy),
    options = { tabSize = 2, insertSpaces = true },
  })
  check(edits ~= nil and #edits > 0, 'formatting returned no edits for a badly formatted file')
  vim.lsp.util.apply_text_edits(edits, messy, 'utf-16')
  local wanted = vim.fn.readfile(formatted_path)
  local got = vim.api.nvim_buf_get_lines(messy, 0, -1, true)
  if not vim.deep_equal(got, wanted) then
    for index = 1, math.max(#got, #wanted) do
      if got[index] ~= wanted[index] then
        fail(string.format('line %d is %q, `campaign fmt` has %q (%d lines against %d)',
          index, tostring(got[index]), tostring(wanted[index]), #got, #wanted))
      end
    end
  end
end }

steps[#steps + 1] = { 'the code lens plans winback_sms on the sample data as `campaign plan` does', function()
  local winback = open('winback_sms.campaign')
  local function lens()
    local lenses = request(winback, 'textDocument/codeLens', { textDocument = document(winback) })
    check(lenses ~= nil and #lenses == 1, 'expected one code lens in winback_sms.campaign, got ' .. vim.inspect(lenses))
    check(lenses[1].command ~= nil, 'the lens has no command: ' .. vim.inspect(lenses[1]))
    return lenses[1]
  end
  local first = lens()
  check(first.range.start.line == position_of(winback, 'campaign winback_sms').line,
    'the lens is not on the campaign line: ' .. vim.inspect(first.range))
  local result = request(winback, 'workspace/executeCommand', {
    command = first.command.command,
    arguments = first.command.arguments,
  })
  check(result ~= nil, 'the lens command returned nothing')
  local got = string.format('%s %s %s', tostring(result.entered), tostring(result.sent), tostring(result.suppressed))
  check(got == plan_counts, 'the lens counted (entered sent suppressed) ' .. got .. ', `campaign plan` ' .. plan_counts)
  local entered = plan_counts:match('^(%d+)')
  local title = lens().command.title
  check(title:find('entered ' .. entered, 1, true) ~= nil, 'after the run, the lens title does not say `entered '
    .. entered .. '`: ' .. title)
end }

steps[#steps + 1] = { 'shutdown and exit: the server ends with status 0', function()
  local client_id = attached[broken]
  vim.lsp.stop_client(client_id)
  check(vim.wait(timeout, function() return exits[client_id] ~= nil end, 20),
    'the server did not exit within ' .. timeout .. ' ms of shutdown')
  check(exits[client_id].code == 0 and exits[client_id].signal == 0,
    'the server exited with status ' .. exits[client_id].code .. ', signal ' .. exits[client_id].signal)
end }

local function run()
  say('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.'
    .. tostring(vim.version().patch) .. (vim.lsp.start and ' (vim.lsp.start)' or ' (vim.lsp.start_client)'))
  for index, step in ipairs(steps) do
    local ok, problem = pcall(step[2])
    if not ok then
      local text = getmetatable(problem) == Failure and problem.text or tostring(problem)
      say(string.format('FAIL %d/%d %s: %s', index, #steps, step[1], text))
      return false
    end
    say(string.format('ok   %d/%d %s', index, #steps, step[1]))
  end
  return true
end

local ok, passed = pcall(run)
if not ok then
  say('FAIL: ' .. tostring(passed))
end
if ok and passed then
  vim.cmd('qall!')
else
  vim.cmd('cquit 1')
end
