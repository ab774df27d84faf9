"""`rsitr-list add`: a paper record from its DOI or arXiv id, validated before it is written."""

from .errors import AddError
from .ids import Identifier, parse_identifier
from .record import Choices, Planned, Project, plan_paper

__all__ = ["AddError", "Choices", "Identifier", "Planned", "Project", "parse_identifier", "plan_paper"]
