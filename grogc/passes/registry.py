"""The pass registry: pipeline name -> pass class, for every pass module."""

from __future__ import annotations

from grogc.passes.base import Pass
from grogc.passes.canonicalize import Canonicalize
from grogc.passes.cse import CSE
from grogc.passes.dce import DCE
from grogc.passes.frontier import FrontierLoops
from grogc.passes.fuse_elementwise import FuseElementwise
from grogc.passes.fuse_neighbor import FuseNeighbor
from grogc.passes.licm import LICM

PASSES: dict[str, type[Pass]] = {cls.name: cls for cls in (Canonicalize, CSE, LICM, FrontierLoops, DCE, FuseElementwise,
                                                          FuseNeighbor)}
