;;; init.el --- A user's init file: Eglot with interview-notes-lsp  -*- lexical-binding: t; -*-
(setq interview-notes-settings '(:naWords ["N/A" "tbd"]))
(load (expand-file-name "editors/emacs/interview-notes.el" (getenv "INTERVIEW_NOTES_REPO")))
(add-hook 'markdown-mode-hook #'eglot-ensure)
