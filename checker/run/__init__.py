"""Running the engine over a corpus of any size, beside the engine rather than inside it.

Owns units of work (``work``), where they run (``engines``: this process or a pool of processes;
``cluster``: Dask), the whole in-process run (``pipeline``), a lint run with ``--against``,
suppressions and baselines (``lint``, ``findings``, ``baseline``), and what keeps memory flat
(``store``: spill files, ``idindex``: article ids). May import the engine and every layer below it,
and the report layer's encoders (findings travel between processes already encoded); never the CLI.
"""
