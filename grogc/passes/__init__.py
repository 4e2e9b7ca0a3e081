"""The optimiser: a pass manager and one module per pass (docs/passes.md).

    from grogc.passes import optimize
    report = optimize(fn, level=2)          # mutates fn; report.stats per pass
"""

from grogc.passes.base import Pass
from grogc.passes.manager import LEVELS, PassManager, PipelineReport, optimize, parse_pipeline, pipeline_text
from grogc.passes.registry import PASSES

__all__ = ["LEVELS", "PASSES", "Pass", "PassManager", "PipelineReport", "optimize", "parse_pipeline", "pipeline_text"]
