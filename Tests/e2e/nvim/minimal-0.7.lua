-- The smallest Neovim 0.7-0.10 config for Scalewise: its runtime directory, then setup{}.
vim.opt.runtimepath:prepend(os.getenv("SCALEWISE_NVIM_DIR"))
require("scalewise").setup({})
