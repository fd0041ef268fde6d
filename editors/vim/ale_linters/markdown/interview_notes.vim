" Description: interview-notes-lsp, a language server for system-design interview notes
" Put editors/vim on 'runtimepath' (or copy this file to ~/.vim/ale_linters/markdown/).

call ale#Set('markdown_interview_notes_executable', 'interview-notes-lsp')
call ale#Set('markdown_interview_notes_settings', {})

" The folder holding .interview-notes.toml, else the Git work tree, else the file's folder.
function! ale_linters#markdown#interview_notes#GetProjectRoot(buffer) abort
    let l:config = ale#path#FindNearestFile(a:buffer, '.interview-notes.toml')

    if !empty(l:config)
        return fnamemodify(l:config, ':h')
    endif

    let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')

    return !empty(l:git) ? fnamemodify(l:git, ':h:h') : expand('#' . a:buffer . ':p:h')
endfunction

call ale#linter#Define('markdown', {
\   'name': 'interview_notes',
\   'lsp': 'stdio',
\   'executable': {b -> ale#Var(b, 'markdown_interview_notes_executable')},
\   'command': '%e',
\   'project_root': function('ale_linters#markdown#interview_notes#GetProjectRoot'),
\   'initialization_options': {b -> ale#Var(b, 'markdown_interview_notes_settings')},
\   'lsp_config': {b -> {'interviewNotes': ale#Var(b, 'markdown_interview_notes_settings')}},
\})
