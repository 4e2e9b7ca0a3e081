"""LDBC Graphalytics conformance: read a graph folder's `.properties`, run the
benchmark's six algorithms with the library, write LDBC's output files and
validate them against the reference outputs with LDBC's rules.

    from grogc.ldbc import validate_folder
    report = validate_folder("ldbc/example-directed", out_dir=None)
    report.passed  # every listed algorithm matched
"""

from grogc.ldbc.runner import AlgorithmResult, FolderReport, validate_folder

__all__ = ["AlgorithmResult", "FolderReport", "validate_folder"]
