"""Run an upload script under the real ``aquariumlearning`` 1.0.7 client, with two small shims.

Usage (with the client's own virtualenv): ``python client_shim.py SCRIPT [ARGS...]``.

1. ``import aquariumlearning`` asks the package index for the latest release
   and raises when it is unreachable (these tests run without internet). The
   query is answered here, in-process, with the installed version, which is
   also the last release there is (1.0.7): the client then prints nothing.
   No other request is touched.
2. With pyarrow >= 20, ``pyarrow.ipc.new_file`` no longer takes
   ``use_legacy_format``; the client always passes ``False``, the default
   format, so the keyword is dropped.

This file runs in the client's interpreter, not reefscope's; it imports nothing of reefscope.
"""

from __future__ import annotations

import json
import runpy
import sys
from importlib.metadata import version

import pyarrow.ipc
import requests
import requests.adapters

INDEX_URL = "https://pypi.org/pypi/aquariumlearning/json"


class _IndexAnswer(requests.adapters.BaseAdapter):
    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        response = requests.Response()
        response.status_code = 200
        response.url = request.url
        response.request = request
        response._content = json.dumps({"info": {"version": version("aquariumlearning")}}).encode()
        response.headers["Content-Type"] = "application/json"
        return response

    def close(self) -> None:
        pass


_session_init = requests.Session.__init__


def _init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    _session_init(self, *args, **kwargs)
    self.mount(INDEX_URL, _IndexAnswer())


requests.Session.__init__ = _init  # type: ignore[method-assign]

_new_file = pyarrow.ipc.new_file


def _new_file_without_legacy(sink, schema, *, use_legacy_format=None, **kwargs):  # type: ignore[no-untyped-def]
    if use_legacy_format:
        raise ValueError("this pyarrow cannot write the legacy IPC format")
    return _new_file(sink, schema, **kwargs)


pyarrow.ipc.new_file = _new_file_without_legacy

if __name__ == "__main__":
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    runpy.run_path(script, run_name="__main__")
