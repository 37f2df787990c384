"""What the renderer asks of anonymisation: cover faces on each frame, silence what must not
be heard. The renderer knows nothing of detectors or boxes; anonymisation gives it one of these.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]  # H x W x 3 RGB, display orientation, source size


class Redaction(Protocol):
    def cover(self, clip_id: int, frame: int, image: Frame) -> Frame:
        """The source frame `frame` of `clip_id` with every face that must not be seen covered
        (may change `image` in place and return it; only inside `regions`, and the image is
        only meaningful there). Called on source frames, before scaling, captions and
        watermark."""
        ...

    def regions(self, clip_id: int, frame: int) -> list[tuple[int, int, int, int]]:
        """Boxes (x0, y0, x1, y1, source pixels, display orientation) holding every pixel
        that `cover` changes on this frame; empty when it changes none. The renderer converts
        and redraws only these parts of the frame."""
        ...

    def muted_ranges_s(self, clip_id: int) -> list[tuple[float, float]]:
        """Source time ranges (seconds, clip's own time) whose sound must be silent."""
        ...

    @property
    def muffled(self) -> bool:
        """True when voices are low-passed (the tone kept, the words gone) where not muted."""
        ...

    def fingerprint(self) -> str:
        """A hash of everything that decides what is covered or muted (for the review step)."""
        ...
