-- Scalewise for Neovim 0.7-0.10 (on 0.11+ `vim.lsp.enable('scalewise')` with lsp/scalewise.lua
-- is enough): starts `scalewise serve` as a language server for training configs (json, yaml,
-- toml) and python buffers, and shows its hints inline. Works on Neovim 0.7 (start_client +
-- buf_attach_client) and 0.8+ (vim.lsp.start, which reuses a running client).
local M = {}

M.defaults = {
  cmd = nil, -- default: { $SCALEWISE_BIN or "scalewise", "serve" }
  filetypes = { "json", "yaml", "toml", "python" },
  settings = {}, -- sent with workspace/didChangeConfiguration
  root_markers = { ".git", "pyproject.toml", "Package.swift" },
  on_init = nil, -- function(client, initialize_result)
  on_attach = nil, -- function(client, bufnr)
}

M.config = vim.deepcopy(M.defaults)
M.client_id = nil

local function default_cmd()
  local bin = vim.env.SCALEWISE_BIN
  if bin == nil or bin == "" then
    bin = "scalewise"
  end
  return { bin, "serve" }
end

local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(M.config.root_markers) do
    local found = vim.fn.finddir(marker, start .. ";")
    if found == "" then
      found = vim.fn.findfile(marker, start .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h:h")
    end
  end
  return start
end

-- Hints on the line they describe: inlay hints where Neovim has them (0.10+), otherwise the
-- diagnostics' virtual text (0.7-0.9 show it by default; this keeps it on for our namespace).
local function show_inline(client, bufnr)
  local caps = client.server_capabilities or {}
  if vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable and caps.inlayHintProvider then
    if vim.fn.has("nvim-0.10") == 1 then
      pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
    end
    return
  end
  if vim.lsp.diagnostic.get_namespace then
    vim.diagnostic.config({ virtual_text = true }, vim.lsp.diagnostic.get_namespace(client.id))
  end
end

local function client_config(bufnr)
  local config = M.config
  return {
    name = "scalewise",
    cmd = config.cmd or default_cmd(),
    root_dir = root_dir(bufnr),
    settings = config.settings,
    on_init = function(client, result)
      if next(config.settings or {}) ~= nil then
        client.notify("workspace/didChangeConfiguration", { settings = config.settings })
      end
      if config.on_init then
        config.on_init(client, result)
      end
    end,
    on_attach = function(client, bufnr)
      show_inline(client, bufnr)
      if config.on_attach then
        config.on_attach(client, bufnr)
      end
    end,
    on_exit = function(_, _, client_id)
      if M.client_id == client_id then
        M.client_id = nil
      end
    end,
  }
end

--- The running Scalewise client, or nil.
function M.client()
  if M.client_id then
    local client = vim.lsp.get_client_by_id(M.client_id)
    if client and not client.is_stopped() then
      return client
    end
  end
  return nil
end

--- Attaches the buffer to the Scalewise server, starting it if needed.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.lsp.start then -- Neovim 0.8+
    M.client_id = vim.lsp.start(client_config(bufnr), { bufnr = bufnr })
  else -- Neovim 0.7
    if not M.client() then
      M.client_id = vim.lsp.start_client(client_config(bufnr))
    end
    if M.client_id then
      vim.lsp.buf_attach_client(bufnr, M.client_id)
    end
  end
  return M.client_id
end

local function matching_buffers()
  local wanted = {}
  for _, ft in ipairs(M.config.filetypes) do
    wanted[ft] = true
  end
  local out = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and wanted[vim.bo[b].filetype] then
      table.insert(out, b)
    end
  end
  return out
end

--- Stops the server and attaches every matching buffer to a fresh one.
function M.restart()
  local client = M.client()
  if client then
    client.stop(true)
  end
  M.client_id = nil
  vim.defer_fn(function()
    for _, b in ipairs(matching_buffers()) do
      M.attach(b)
    end
  end, 100)
end

--- Sends a Scalewise method (for example "scaling/optimal") and calls
--- handler(err, result) with the answer.
function M.request(method, params, handler)
  local client = M.client()
  if not client then
    error("scalewise: no running server (open a json, yaml, toml or python buffer)")
  end
  if params == nil or (type(params) == "table" and vim.tbl_isempty(params)) then
    params = vim.empty_dict() -- {} would be sent as []
  end
  return client.request(method, params, handler or function(err, result)
    if err then
      vim.notify("scalewise: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    else
      print(vim.inspect(result))
    end
  end)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup("scalewise", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  vim.api.nvim_create_user_command("ScalewiseRestart", M.restart, { desc = "Restart the Scalewise server" })
  vim.api.nvim_create_user_command("ScalewiseOptimal", function(cmd)
    M.request("scaling/optimal", { flops = tonumber(cmd.args) })
  end, { nargs = 1, desc = "Compute-optimal allocation for a FLOP budget" })
  for _, b in ipairs(matching_buffers()) do
    M.attach(b)
  end
end

return M
