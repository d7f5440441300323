"""futureind: directions, targets, actors and strategies from texts about future industries.

>>> import futureind
>>> report = futureind.extract("Jiangnan wants its robot makers to earn over 80 billion yuan by 2028.")
>>> sorted(report.model_dump(mode="json"))
['actors', 'directions', 'incomplete', 'language', 'published', 'published_inferred', 'strategies', 'targets']
"""

from .batch import BatchError, BatchFailure, extract_many
from .errors import FutureindError, InputError, PublishedDateError, VocabularyError
from .models import (
    Actor,
    Direction,
    Period,
    Quantity,
    QuantityMatch,
    Report,
    Role,
    Span,
    Strategy,
    Target,
)
from .periods import find_periods, parse_period
from .pipeline import extract
from .quantities import find_quantities, parse_quantity
from .render import render_html
from .tables import to_frame
from .taxonomy import Taxonomy
from .text import Segment, segment

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "BatchError",
    "BatchFailure",
    "Direction",
    "FutureindError",
    "InputError",
    "Period",
    "PublishedDateError",
    "Quantity",
    "QuantityMatch",
    "Report",
    "Role",
    "Segment",
    "Span",
    "Strategy",
    "Target",
    "Taxonomy",
    "VocabularyError",
    "__version__",
    "extract",
    "extract_many",
    "find_periods",
    "find_quantities",
    "parse_period",
    "parse_quantity",
    "render_html",
    "segment",
    "to_frame",
]
