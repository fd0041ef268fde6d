"""One server per client kind per test module: VS Code, Neovim and Emacs capabilities."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import ClientServerConfig

from .support import CLIENTS, SERVER, NotesClient, make_client, start


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workspace")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=make_client),
    scope="module",
    params=list(CLIENTS),
)
async def client(
    lsp_client: NotesClient, request: pytest.FixtureRequest, root: Path
) -> AsyncIterator[None]:
    await start(lsp_client, request.param, root)
    yield
    await lsp_client.shutdown_session()
