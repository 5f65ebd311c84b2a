-- The smallest Neovim 0.11+ config for Scalewise: its runtime directory, then enable.
vim.opt.runtimepath:prepend(os.getenv("SCALEWISE_NVIM_DIR"))
vim.lsp.enable("scalewise")
