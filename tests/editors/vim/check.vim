" Run as `vim -S check.vim`: drives ALE against the real server, writes what it saw, and exits
" non-zero on any error.
let s:results = {}
let s:timeout = 20

function! s:WaitFor(what, Condition) abort
    let l:start = reltime()

    while !a:Condition()
        if reltimefloat(reltime(l:start)) > s:timeout
            throw 'timed out waiting for ' . a:what
        endif

        sleep 20m
    endwhile
endfunction

function! s:Loclist() abort
    return get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
endfunction

function! s:Check() abort
    execute 'edit ' . fnameescape($INTERVIEW_NOTES_PROJECT . '/notes.md')
    call s:WaitFor('diagnostics', {-> !empty(s:Loclist())})
    let s:results.filetype = &filetype
    let s:results.diagnostics = map(copy(s:Loclist()), {_, item -> {
    \   'line': item.lnum - 1,
    \   'severity': {'E': 'error', 'W': 'warning', 'I': 'information'}[item.type],
    \   'code': get(item, 'code', ''),
    \   'linter': item.linter_name,
    \}})

    " Omni completion (CTRL-X CTRL-O) after a field's colon.
    call search('^- Type (SQL/NoSQL):')
    call setline('.', substitute(getline('.'), '\s*$', ' ', ''))
    call feedkeys("A\<C-x>\<C-o>", 'xt')
    let s:results.completion = map(copy(get(b:, 'ale_completion_result', [])), 'v:val.word')
    let s:results.completed_line = getline('.')

    " The settings of the vimrc reach the server: "tbd" counts as filled.
    execute 'edit! ' . fnameescape($INTERVIEW_NOTES_PROJECT . '/tbd.md')
    call s:WaitFor('diagnostics of tbd.md', {-> !empty(s:Loclist())})
    let s:results.tbd_lines = map(copy(s:Loclist()), 'v:val.lnum - 1')

    " Check Workspace runs on the server through ALE's connection.
    InterviewNotesCheckWorkspace
    call s:WaitFor('Check Workspace', {-> !empty(g:interview_notes_last_check)})
    let s:results.check_workspace = g:interview_notes_last_check
endfunction

try
    call s:Check()
    call writefile([json_encode(s:results)], $INTERVIEW_NOTES_RESULTS)
    qall!
catch
    call writefile([v:exception, v:throwpoint], '/dev/stderr')
    cquit 1
endtry
