;;; check.el --- Drive Eglot with editors/emacs/interview-notes.el  -*- lexical-binding: t; -*-

;; Run as `emacs --batch -l check.el`; any error ends Emacs with a non-zero code.

(require 'json)
(require 'cl-lib)

;; What an interactive Emacs does at startup, which --batch skips: activate the
;; installed packages (Debian's elpa-eglot and elpa-markdown-mode), then read the
;; user's init file.
(package-activate-all)
(load (locate-user-emacs-file "init.el"))

(defvar check-project (file-name-as-directory (getenv "INTERVIEW_NOTES_PROJECT")))
(defvar check-timeout 20)

(defun check-wait-for (what condition)
  "Process events until CONDITION holds, or fail naming WHAT."
  (let ((deadline (+ (float-time) check-timeout)))
    (while (not (funcall condition))
      (when (> (float-time) deadline)
        (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.02))))

(defun check-visit (file)
  "Visit FILE as a user would, letting `eglot-ensure' start or reuse the server.
After the command, run the hooks that the command loop and redisplay would run:
`eglot-ensure' connects from `post-command-hook', Flymake starts once the buffer shows."
  (find-file (expand-file-name file check-project))
  (run-hooks 'post-command-hook)
  (run-window-configuration-change-hook)
  (check-wait-for (format "Eglot in %s" file) (lambda () (eglot-managed-p))))

(defun check-severity (diagnostic)
  (pcase (flymake-diagnostic-type diagnostic)
    ('eglot-error "error")
    ('eglot-warning "warning")
    (_ "note")))

(defun check-line-starting (prefix)
  (goto-char (point-min))
  (re-search-forward (concat "^" (regexp-quote prefix)))
  (beginning-of-line))

(let ((results nil))
  (check-visit "notes.md")
  (check-wait-for "diagnostics" (lambda () (flymake-diagnostics)))
  (push (cons 'mode major-mode) results)
  (push (cons 'diagnostics
              (vconcat
               (mapcar (lambda (d)
                         `((line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
                           (severity . ,(check-severity d))
                           (text . ,(flymake-diagnostic-text d))))
                       (flymake-diagnostics))))
        results)

  ;; Completion at the end of a field, through Eglot's completion-at-point function.
  (check-line-starting "- Type (SQL/NoSQL):")
  (end-of-line)
  (insert " ")
  (let* ((capf (eglot-completion-at-point))
         (collection (nth 2 capf)))
    (push (cons 'completion (vconcat (all-completions "" collection))) results))

  ;; The settings of the init file reach the server: "tbd" counts as filled.
  (save-current-buffer
    (check-visit "tbd.md")
    (check-wait-for "diagnostics of tbd.md" (lambda () (flymake-diagnostics)))
    (push (cons 'tbd_lines
                (vconcat (mapcar (lambda (d) (1- (line-number-at-pos (flymake-diagnostic-beg d))))
                                 (flymake-diagnostics))))
          results))

  ;; The server's next-empty-slot command moves point.
  (goto-char (point-min))
  (interview-notes-next-empty)
  (check-wait-for "point to move" (lambda () (> (line-number-at-pos) 1)))
  (push (cons 'next_empty (1- (line-number-at-pos))) results)

  ;; Check Workspace answers with the notes it checked, closed ones included.
  (let ((result (interview-notes-check-workspace)))
    (push (cons 'check_workspace `((notes . ,(plist-get result :notes))
                                   (findings . ,(plist-get result :findings))))
          results))

  ;; Insert the template into an empty Markdown buffer.
  (check-visit "empty.md")
  (interview-notes-insert-template)
  (check-wait-for "the template" (lambda () (> (buffer-size) 0)))
  (push (cons 'inserted (vconcat (split-string (buffer-string) "\n"))) results)

  ;; Create a new note and visit it.
  (let ((new-note (expand-file-name "notes/new-note.md" check-project)))
    (make-directory (file-name-directory new-note))
    (interview-notes-new-note new-note)
    (push (cons 'new_note `((visiting . ,(equal buffer-file-name new-note))
                            (exists . ,(file-exists-p new-note))
                            (first_line . ,(save-excursion
                                             (goto-char (point-min))
                                             (buffer-substring (point-min) (line-end-position))))
                            (point_line . ,(line-number-at-pos))))
          results))

  (with-temp-file (getenv "INTERVIEW_NOTES_RESULTS")
    (insert (json-encode results))))

(kill-emacs 0)
