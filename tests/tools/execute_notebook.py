"""Execute one notebook with the Deno Jupyter kernel and write it back out.

Usage: /usr/bin/python3 execute_notebook.py SOURCE DEST [TIMEOUT]

Why not plain `jupyter nbconvert --execute`: Deno's kernel (2.x) can publish
a cell's output -- console.log streams, sometimes the execute_result itself --
after it has already reported the cell `idle`. nbclient stops listening to a
cell at `idle` and drops those late messages, so saved notebooks randomly
lose output. This client keeps listening: every iopub message is routed to the
cell whose execute request it answers (by `parent_header.msg_id`), even after
that cell completed. A trailing helper cell gives the last real cell's late
output time to arrive, and is removed before saving. Each cell's outputs are
then put back in the order the kernel stamped them, and consecutive stream
outputs are merged.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete

OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error", "update_display_data")


class LateOutputClient(NotebookClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cell_of_request = {}
        self._stamp = {}  # id(output) -> the kernel's timestamp of its message

    def _process(self, msg, cell, cell_index):
        before = len(cell.outputs)
        try:
            self.process_message(msg, cell, cell_index)
        finally:
            for out in cell.outputs[before:]:
                self._stamp[id(out)] = str(msg["header"].get("date", ""))

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        self._cell_of_request[parent_msg_id] = (cell, cell_index)
        while True:
            msg = await self.kc.iopub_channel.get_msg(timeout=None)
            owner = msg["parent_header"].get("msg_id")
            if owner != parent_msg_id:
                late = self._cell_of_request.get(owner)
                if late is not None and msg["msg_type"] in OUTPUT_TYPES:
                    try:
                        self._process(msg, late[0], late[1])
                    except CellExecutionComplete:
                        pass
                continue
            try:
                self._process(msg, cell, cell_index)
            except CellExecutionComplete:
                return


def tidy(outputs, stamp):
    """Put a cell's outputs in the order the kernel created them (late ones
    arrive out of order; the sort is stable for equal stamps), then merge
    consecutive stream outputs of one stream, as nbconvert's coalesce_streams
    does, so that a re-run with no change gives the same notebook."""
    ordered = sorted(outputs, key=lambda o: stamp.get(id(o), ""))
    merged = []
    for out in ordered:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and out.output_type == "stream"
            and prev.output_type == "stream"
            and prev.name == out.name
        ):
            prev.text += out.text
        else:
            merged.append(out)
    return merged


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
            cell.outputs = tidy(cell.outputs, client._stamp)
    nbformat.write(nb, dst)
    print(f"{time.time() - started:.1f}")


if __name__ == "__main__":
    main()
