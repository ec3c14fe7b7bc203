"""Execute one notebook with the Deno Jupyter kernel and write it back out.

Usage: /usr/bin/python3 execute_notebook.py SOURCE DEST [TIMEOUT]

Why not plain `jupyter nbconvert --execute`: Deno's kernel (2.x) can publish
a cell's output -- console.log streams, sometimes the execute_result itself --
after it has already reported the cell `idle`. nbclient stops listening to a
cell at `idle` and drops those late messages, so saved notebooks randomly
lose output. This client keeps listening after `idle` until the kernel has
been quiet for QUIET seconds, and routes every iopub message to the cell whose
execute request it answers (by `parent_header.msg_id`). A trailing helper cell gives the last real cell's late
output time to arrive, and is removed before saving. Each cell's outputs are
then put in a canonical order (see `tidy`).
"""
import os
import queue
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete

QUIET = 0.15  # seconds of iopub silence that end a cell
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "update_display_data")


class LateOutputClient(NotebookClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cell_of_request = {}

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self._cell_of_request[parent_msg_id] = (cell, cell_index)
        idle = False
        while True:
            try:
                # After `idle`, keep listening until the kernel has been quiet
                # for QUIET seconds: its stdout task then has published
                # everything under this cell's request, before the next cell
                # starts (late text would otherwise carry the next request's
                # parent header and land in the wrong cell).
                msg = await self.kc.iopub_channel.get_msg(timeout=QUIET if idle else None)
            except queue.Empty:
                return
            owner = msg["parent_header"].get("msg_id")
            target = (cell, cell_index) if owner == parent_msg_id else self._cell_of_request.get(owner)
            if target is None:
                continue
            if owner != parent_msg_id and msg["msg_type"] not in OUTPUT_TYPES:
                continue
            try:
                self.process_message(msg, target[0], target[1])
            except CellExecutionComplete:
                if owner == parent_msg_id:
                    idle = True


def tidy(outputs):
    """A canonical order for a cell's outputs, so that a re-run with no
    change gives the same notebook: Deno's kernel publishes printed text from
    another task than results and displays, so the two kinds interleave
    differently from run to run. Printed text comes first, one output per
    stream (consecutive chunks merged, as nbconvert's coalesce_streams does);
    then displays, results and errors, each kind in the order it arrived."""
    streams = {}
    rich = []
    for out in outputs:
        if out.output_type == "stream":
            if out.name in streams:
                streams[out.name].text += out.text
            else:
                streams[out.name] = out
        else:
            rich.append(out)
    return list(streams.values()) + rich


def main():
    src, dst = sys.argv[1], sys.argv[2]
    timeout = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    nb = nbformat.read(src, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("await new Promise((r) => setTimeout(r, 500));"))
    started = time.time()
    client = LateOutputClient(
        nb,
        kernel_name="deno",
        timeout=timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}},
    )
    client.execute()
    nb.cells.pop()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = tidy(cell.outputs)
    nbformat.write(nb, dst)
    print(f"{time.time() - started:.1f}")


if __name__ == "__main__":
    main()
