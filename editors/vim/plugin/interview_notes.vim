" Commands of the interview-notes language server, through ALE's LSP connection.
if exists('g:loaded_interview_notes')
    finish
endif
let g:loaded_interview_notes = 1

" The answer of the last Check Workspace: {'notes': N, 'findings': M, 'cancelled': v:false}.
let g:interview_notes_last_check = {}

function! s:CheckWorkspaceDone(response) abort
    let l:result = get(a:response, 'result', {})

    if type(l:result) isnot v:t_dict
        echomsg 'Interview notes: Check Workspace failed: ' . string(get(a:response, 'error', ''))
        return
    endif

    let g:interview_notes_last_check = l:result
    echomsg printf('Interview notes: %d notes checked, %d findings%s',
    \   get(l:result, 'notes', 0), get(l:result, 'findings', 0),
    \   get(l:result, 'cancelled', v:false) is v:true ? ' (cancelled)' : '')
endfunction

" Check every note of the workspace on the server (it answers with the counts; ALE keeps
" diagnostics only for open buffers, so the findings of closed notes are not listed).
function! s:CheckWorkspace() abort
    let l:message = [0, 'workspace/executeCommand', {
    \   'command': 'interviewNotes.checkWorkspace',
    \   'arguments': [{}],
    \}]
    call ale#lsp_linter#SendRequest(bufnr(''), 'interview_notes', l:message,
    \   function('s:CheckWorkspaceDone'))
endfunction

command! InterviewNotesCheckWorkspace call s:CheckWorkspace()
