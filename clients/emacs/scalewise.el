;;; scalewise.el --- Scalewise language server through eglot -*- lexical-binding: t -*-

;; Version: 0.2.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: tools, languages
;; License: MIT

;;; Commentary:

;; Connects eglot to `scalewise serve' for training configs (JSON, YAML, TOML): the
;; parameter count, compute-optimal tokens, LoRA and QLoRA figures appear at the end of
;; the lines they are about, as flymake notes, and on hover.  The smallest setup:
;;
;;   (add-to-list 'load-path "/path/to/scalewise/clients/emacs")
;;   (require 'scalewise)
;;   (scalewise-setup)
;;
;; Config buffers connect when their file is visited.  With the modes Emacs 28 ships,
;; `.json' opens in `js-mode' (Emacs 29: `js-json-mode') and `.yaml' in
;; `fundamental-mode' unless `yaml-mode' is installed: `scalewise-setup' opens them in
;; `scalewise-json-mode' (derived from `js-mode') and `scalewise-yaml-mode' instead, so
;; JavaScript buffers keep their own server.  Python is opt-in
;; (`scalewise-enable-python'): eglot runs one server per buffer, and Scalewise must not
;; displace pylsp or pyright.
;;
;; `scalewise-optimal' asks the daemon for the compute-optimal allocation of a
;; FLOP budget; `scalewise-request' sends any method.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(defgroup scalewise nil
  "LLM scaling-law and cost hints from the Scalewise daemon."
  :group 'tools
  :prefix "scalewise-")

(defcustom scalewise-program (or (getenv "SCALEWISE_BIN") "scalewise")
  "Path of the scalewise binary."
  :type 'string)

(defcustom scalewise-server-args nil
  "Extra arguments for `scalewise serve' (for example (\"--no-state\"))."
  :type '(repeat string))

(defcustom scalewise-modes
  '(scalewise-json-mode js-json-mode json-mode json-ts-mode
    scalewise-yaml-mode yaml-mode yaml-ts-mode
    toml-mode conf-toml-mode toml-ts-mode)
  "Major modes whose buffers eglot connects to Scalewise.
Python modes are added by `scalewise-enable-python'."
  :type '(repeat symbol))

(defcustom scalewise-enable-python nil
  "Non-nil: Python buffers connect to Scalewise too.
eglot runs one server per buffer, so this replaces pylsp, pyright or any other
Python server in those buffers.  Off by default."
  :type 'boolean)

(defcustom scalewise-auto-start t
  "Non-nil: `scalewise-setup' connects config buffers when their file is visited."
  :type 'boolean)

(defcustom scalewise-settings nil
  "Settings sent with workspace/didChangeConfiguration, as a plist.
Keys as the server reads them: :law, :hardware, :gpus, :mfu, :peakFlops,
:pricePerHour, :maxDocuments, :maxDocumentBytes; for example
\(:law \"chinchilla-epoch\" :hardware \"h100-sxm\" :mfu 0.4 :pricePerHour 2.5)."
  :type 'plist)

(defface scalewise-hint-face '((t :inherit shadow :slant italic))
  "Face of the hints drawn at the end of lines.")

;; Emacs 28 ships no JSON or YAML mode: .json opens in js-mode, .yaml in fundamental-mode.
;;;###autoload
(define-derived-mode scalewise-json-mode js-mode "JSON"
  "`js-mode' for JSON files (Emacs 29 has `js-json-mode'), so Scalewise can serve
them without taking JavaScript buffers from their server."
  (setq-local js-indent-level (if (boundp 'js-indent-level) js-indent-level 2)))

;;;###autoload
(define-derived-mode scalewise-yaml-mode prog-mode "YAML"
  "Minimal YAML mode (comments only) where no `yaml-mode' is installed."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+\\s-*"))

(defun scalewise--all-modes ()
  (append scalewise-modes
          (when scalewise-enable-python '(python-mode python-ts-mode))))

(defun scalewise-contact (&optional _interactive)
  "The eglot contact: the command line of the daemon."
  (append (list scalewise-program "serve") scalewise-server-args))

(defun scalewise--config-file-p ()
  (and buffer-file-name
       (string-match-p (if scalewise-enable-python
                           "\\.\\(json\\|jsonc\\|ya?ml\\|toml\\|py\\)\\'"
                         "\\.\\(json\\|jsonc\\|ya?ml\\|toml\\)\\'")
                       buffer-file-name)))

(defun scalewise--maybe-start ()
  "Connect a visited config file whose major mode Scalewise serves."
  (when (and scalewise-auto-start (scalewise--config-file-p)
             (apply #'derived-mode-p (scalewise--all-modes))
             (not (eglot-current-server)))
    (eglot-ensure)))

;;;###autoload
(defun scalewise-setup ()
  "Register Scalewise with eglot, open JSON and YAML in modes it serves, and
connect config buffers when visited (`scalewise-auto-start')."
  (setq eglot-server-programs
        (cons (cons (scalewise--all-modes) #'scalewise-contact)
              (cl-remove-if (lambda (entry) (eq (cdr entry) #'scalewise-contact))
                            eglot-server-programs)))
  (unless (fboundp 'js-json-mode)
    (add-to-list 'auto-mode-alist '("\\.jsonc?\\'" . scalewise-json-mode)))
  (unless (or (fboundp 'yaml-mode) (fboundp 'yaml-ts-mode))
    (add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . scalewise-yaml-mode)))
  (when scalewise-settings
    (setq-default eglot-workspace-configuration
                  (cons (cons :scalewise scalewise-settings)
                        (assq-delete-all :scalewise (default-value 'eglot-workspace-configuration)))))
  (add-hook 'find-file-hook #'scalewise--maybe-start)
  (add-hook 'eglot-managed-mode-hook #'scalewise--managed))

;;; Hints at the end of lines (eglot before 1.14 has no inlay hints)

(defvar-local scalewise--overlays nil)
(defvar-local scalewise--timer nil)

(defun scalewise--our-server-p (server)
  (and server (equal (car (process-command (jsonrpc--process server))) scalewise-program)))

(defun scalewise--managed ()
  (if (and (eglot-managed-p) (scalewise--our-server-p (eglot-current-server))
           (not (fboundp 'eglot-inlay-hints-mode)))
      (scalewise-hints-mode 1)
    (scalewise-hints-mode -1)))

(define-minor-mode scalewise-hints-mode
  "Show Scalewise's inlay hints as text at the end of their lines."
  :lighter nil
  (if scalewise-hints-mode
      (progn
        (add-hook 'after-change-functions #'scalewise--schedule nil t)
        (scalewise--schedule))
    (remove-hook 'after-change-functions #'scalewise--schedule t)
    (scalewise--clear)))

(defun scalewise--clear ()
  (mapc #'delete-overlay scalewise--overlays)
  (setq scalewise--overlays nil))

(defun scalewise--schedule (&rest _)
  (when (timerp scalewise--timer) (cancel-timer scalewise--timer))
  (let ((buffer (current-buffer)))
    (setq scalewise--timer
          (run-with-timer 0.3 nil (lambda ()
                                    (when (buffer-live-p buffer)
                                      (with-current-buffer buffer (scalewise-refresh-hints))))))))

(defun scalewise-refresh-hints ()
  "Ask the server for the buffer's hints and draw them."
  (interactive)
  (let ((server (eglot-current-server)) (buffer (current-buffer)))
    (when server
      ;; Pending edits first, so the hints describe the text on screen.
      (when (fboundp 'eglot--signal-textDocument/didChange) (eglot--signal-textDocument/didChange))
      (jsonrpc-async-request
       server :textDocument/inlayHint
       (list :textDocument (eglot--TextDocumentIdentifier)
             :range (list :start (list :line 0 :character 0)
                          :end (list :line (count-lines (point-min) (point-max)) :character 0)))
       :success-fn (lambda (hints)
                     (when (buffer-live-p buffer)
                       (with-current-buffer buffer (scalewise--draw hints))))
       :deferred :textDocument/inlayHint))))

(defun scalewise--draw (hints)
  (scalewise--clear)
  (save-excursion
    (save-restriction
      (widen)
      (seq-doseq (hint hints)
        (let* ((pos (plist-get hint :position))
               (label (plist-get hint :label))
               (text (if (stringp label) label
                       (mapconcat (lambda (part) (plist-get part :value)) label ""))))
          (goto-char (point-min))
          (forward-line (plist-get pos :line))
          (let ((ov (make-overlay (line-end-position) (line-end-position))))
            (overlay-put ov 'after-string (propertize (concat "  " text) 'face 'scalewise-hint-face))
            (push ov scalewise--overlays)))))))

;;; Requests

(defun scalewise--server ()
  (or (eglot-current-server)
      (user-error "No Scalewise server for this buffer (M-x eglot)")))

(defun scalewise-request (method &optional params)
  "Send METHOD (a string such as \"scaling/predict\") with PARAMS (a plist)
to the buffer's server and return the result."
  (jsonrpc-request (scalewise--server) (intern (concat ":" method)) (or params (make-hash-table))))

(defun scalewise-optimal (flops)
  "Show the compute-optimal parameters and tokens for FLOPS."
  (interactive "nTraining compute (FLOPs): ")
  (let ((r (scalewise-request "scaling/optimal" (list :flops (float flops)))))
    (message "%.3g params on %.3g tokens (%.1f tokens/param), loss %.3f"
             (plist-get r :params) (plist-get r :tokens)
             (plist-get r :tokensPerParam) (plist-get r :loss))))

(provide 'scalewise)
;;; scalewise.el ends here
