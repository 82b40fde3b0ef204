"""Bulk writes for a store being built: N-Quads gathered into large chunks and loaded by a thread.

``Store.bulk_load`` writes new table files without a transaction and releases the GIL, so a thread
can load one chunk while the ingest goes on parsing and validating the next cables. Few large loads
cost less than many small ones (measured on the dev corpus: one load of its 400 MiB of N-Quads took
10 s, 68 loads of its batches 14 s). An error of the loading thread (a full disk) is raised by the next
:meth:`BulkWriter.put` or by :meth:`BulkWriter.finish`.
"""

from __future__ import annotations

import queue
import threading

from cablerdf.store.embedded import Embedded

CHUNK = 64 << 20  # bytes of N-Quads per load


class BulkWriter:
    def __init__(self, store: Embedded, chunk: int = CHUNK) -> None:
        self.store, self.chunk = store, chunk
        self.parts: list[bytes] = []
        self.size = 0
        self.chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=1)  # one loading, one waiting: memory bounded
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self.load, name="cablerdf-bulk-load", daemon=True)
        self.thread.start()

    def put(self, nquads: bytes) -> None:
        self.raise_error()
        self.parts.append(nquads)
        self.size += len(nquads)
        if self.size >= self.chunk:
            self.hand_over()

    def finish(self) -> None:
        """Load what is gathered, wait for the thread, and raise its error if it had one."""
        if self.thread.is_alive():
            self.hand_over()
            self.chunks.put(None)
            self.thread.join()
        self.raise_error()

    def hand_over(self) -> None:
        if self.parts:
            self.chunks.put(b"".join(self.parts))
            self.parts, self.size = [], 0

    def load(self) -> None:
        while (data := self.chunks.get()) is not None:
            if self.error is None:
                try:
                    self.store.bulk_load(data)
                except BaseException as error:  # handed to the ingest's thread, which stops the run
                    self.error = error

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error
