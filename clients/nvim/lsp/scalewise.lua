-- Scalewise for Neovim 0.11+: with clients/nvim on the runtimepath,
--
--   vim.lsp.enable('scalewise')
--
-- starts `scalewise serve` for json, yaml and toml buffers and shows its hints inline (inlay
-- hints, which 0.11 leaves off until a client turns them on). Settings, as the server reads them:
--
--   vim.lsp.config('scalewise', { settings = { scalewise = {
--     law = 'chinchilla', hardware = 'h100-sxm', gpus = 64, mfu = 0.4,
--     peakFlops = 989e12, pricePerHour = 2.5 } } })
--
-- Python buffers too: vim.lsp.config('scalewise', { filetypes = { 'json', 'jsonc', 'yaml', 'toml', 'python' } })
-- (Neovim runs several servers per buffer, so this adds Scalewise beside your Python server).
local bin = vim.env.SCALEWISE_BIN
if bin == nil or bin == '' then
  bin = 'scalewise'
end

return {
  cmd = { bin, 'serve' },
  filetypes = { 'json', 'jsonc', 'yaml', 'toml' },
  root_markers = { '.git', 'pyproject.toml' },
  settings = { scalewise = {} },
  on_attach = function(client, bufnr)
    if client:supports_method('textDocument/inlayHint') then
      vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
    end
  end,
}
