"""The driver: the compile/run API (api.py) over the compiler pipeline
(pipeline.py) and the plan cache (cache.py)."""
