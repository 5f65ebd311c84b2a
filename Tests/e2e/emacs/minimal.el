;;; The smallest Emacs config for Scalewise: the last three lines. The first two do what a
;;; normal start does and `emacs -Q' skips: activate Debian's elpa-eglot.
(require 'package)
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(add-to-list 'load-path (getenv "SCALEWISE_EMACS_DIR"))
(require 'scalewise)
(scalewise-setup)
