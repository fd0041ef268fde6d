;;; interview-notes.el --- Eglot setup for interview-notes-lsp  -*- lexical-binding: t; -*-

;;; Commentary:

;; Starts interview-notes-lsp for Markdown buffers through Eglot and adds
;; commands that run the server's own commands.  Load it from your init file:
;;
;;   (load "/path/to/interview-notes-lsp/editors/emacs/interview-notes.el")
;;   (add-hook 'markdown-mode-hook #'eglot-ensure)
;;
;; Tested with Emacs 28 and Eglot 1.9; see docs/editors/emacs.md.

;;; Code:

(require 'eglot)

(defgroup interview-notes nil
  "Language server for system-design interview notes."
  :group 'tools
  :prefix "interview-notes-")

(defcustom interview-notes-server-command '("interview-notes-lsp")
  "Command that starts the server over stdio."
  :type '(repeat string))

(defun interview-notes--set-settings (symbol value)
  "Set SYMBOL to VALUE and answer it to the server as section interviewNotes."
  (set-default symbol value)
  (setq-default eglot-workspace-configuration
                (plist-put (copy-sequence (default-value 'eglot-workspace-configuration))
                           :interviewNotes value)))

(defcustom interview-notes-settings nil
  "The interviewNotes settings as a plist.
For example (:naWords [\"N/A\" \"tbd\"]); the keys are those of docs/server.md.
Sent as initializationOptions and answered to workspace/configuration."
  :type 'plist
  :set #'interview-notes--set-settings)

(defun interview-notes--contact (_interactive)
  "The server command with the current `interview-notes-settings'."
  (append interview-notes-server-command
          (and interview-notes-settings
               (list :initializationOptions interview-notes-settings))))

(add-to-list 'eglot-server-programs
             '(((markdown-mode :language-id "markdown")
                (gfm-mode :language-id "markdown"))
               . interview-notes--contact))

;; The server only changes text through edits the user asked for.
(setq eglot-confirm-server-initiated-edits nil)

(defun interview-notes--server ()
  "The Eglot server of this buffer, or a user error."
  (or (eglot-current-server)
      (user-error "No language server here: run M-x eglot in a Markdown buffer")))

(defun interview-notes--execute (command argument)
  "Run the server's COMMAND with the single object ARGUMENT."
  (eglot-execute-command (interview-notes--server) command (vector argument)))

(defun interview-notes--here ()
  "This buffer's URI and the point's position, as the server's commands take them."
  (let ((params (eglot--TextDocumentPositionParams)))
    (list :uri (plist-get (plist-get params :textDocument) :uri)
          :position (plist-get params :position))))

(defun interview-notes-insert-template (&optional template)
  "Insert the note template at point.
With a prefix argument, ask for the TEMPLATE to use instead of the default."
  (interactive (list (and current-prefix-arg (read-string "Template: "))))
  (interview-notes--execute 'interviewNotes.insertTemplate
                            (append (interview-notes--here)
                                    (and template (list :template template)))))

(defun interview-notes--show (result)
  "Visit the file of a command's RESULT and go to the start of its range."
  (let ((uri (plist-get result :uri))
        (range (plist-get result :range)))
    (when uri
      (find-file (eglot--uri-to-path uri))
      (when range
        (goto-char (eglot--lsp-position-to-point (plist-get range :start)))))))

(defun interview-notes-next-empty ()
  "Move to the next empty slot of the note, wrapping around."
  (interactive)
  (interview-notes--show
   (interview-notes--execute 'interviewNotes.nextEmptySlot (interview-notes--here))))

(defun interview-notes-new-note (file)
  "Create the note FILE from the template, with today's date, and visit its first empty slot.
The server never overwrites an existing file."
  (interactive "FNew note: ")
  (let ((path (expand-file-name file)))
    (interview-notes--show
     (interview-notes--execute 'interviewNotes.newNote
                               (list :folderUri (eglot--path-to-uri (file-name-directory path))
                                     :name (file-name-nondirectory path))))))

(defun interview-notes-check-workspace ()
  "Check every note of the workspace and say how many findings there are.
The server publishes the diagnostics of closed notes; Eglot versions that keep
diagnostics of unvisited files list them in `flymake-show-project-diagnostics'."
  (interactive)
  (let ((result (interview-notes--execute 'interviewNotes.checkWorkspace eglot--{})))
    (message "Interview notes: %s notes checked, %s findings%s"
             (plist-get result :notes) (plist-get result :findings)
             (if (eq (plist-get result :cancelled) t) " (cancelled)" ""))
    result))

(provide 'interview-notes)
;;; interview-notes.el ends here
