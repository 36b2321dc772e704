"""Writes of the Innovation Base, one module per idea — every write asks the policy first:

- ``registry``: register and edit an innovation, change its status, submit it to the host;
- ``evidence``: its photos and PDF documents;
- ``review``: the host's rubric assessment and score, sending back, correcting the grouping by hand;
- ``criteria``: a fiscal year's innovation criteria.

``from pramoen.innovations import services`` then ``services.innovation_create(…)`` reaches each of them."""

from pramoen.innovations.services.criteria import (
    BONUS_HIGHEST,
    CAP_HIGHEST,
    CAP_LOWEST,
    WEIGHT_TOTAL,
    CriteriaSaved,
    innovation_criteria_save,
)
from pramoen.innovations.services.evidence import MAX_BYTES, evidence_add, evidence_delete
from pramoen.innovations.services.registry import (
    EDITABLE,
    FIELDS,
    InnovationInput,
    field_error,
    innovation_create,
    innovation_set_status,
    innovation_submit,
    innovation_update,
)
from pramoen.innovations.services.review import (
    group_rename,
    innovation_assess,
    innovation_move_group,
    innovation_return,
    innovation_score,
    rubric_level,
)

__all__ = [
    "BONUS_HIGHEST",
    "CAP_HIGHEST",
    "CAP_LOWEST",
    "EDITABLE",
    "FIELDS",
    "MAX_BYTES",
    "WEIGHT_TOTAL",
    "CriteriaSaved",
    "InnovationInput",
    "evidence_add",
    "evidence_delete",
    "field_error",
    "group_rename",
    "innovation_assess",
    "innovation_create",
    "innovation_criteria_save",
    "innovation_move_group",
    "innovation_return",
    "innovation_score",
    "innovation_set_status",
    "innovation_submit",
    "innovation_update",
    "rubric_level",
]
